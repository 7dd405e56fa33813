"""`coach report`: what users asked that we could not answer well, so maintainers know what to write next."""

from __future__ import annotations

import asyncio

from .config import Settings
from .storage.repository import QuestionStore
from .storage.sql import SqlStorage


async def build_report(questions: QuestionStore, limit: int) -> str:
    stats = await questions.question_stats()
    lines = [
        f"Questions: {stats.questions} from {stats.users} users, answered {stats.answered} ({stats.answer_rate:.0%}); "
        f"feedback 👍 {stats.upvotes} / 👎 {stats.downvotes}",
        "",
        "Most frequent unanswered questions:",
    ]
    unanswered = await questions.frequent_unanswered(limit)
    lines += [f"  {count:>4} × {text}" for text, count in unanswered] or ["  (none)"]
    lines += ["", "Most down-voted answers:"]
    downvoted = await questions.frequent_downvoted(limit)
    lines += [f"  {count:>4} × {text}  ->  {key or '-'}" for text, key, count in downvoted] or ["  (none)"]
    return "\n".join(lines)


def print_report(settings: Settings, limit: int = 20) -> int:
    async def main() -> str:
        storage = await SqlStorage.connect(settings.database_url)
        try:
            return await build_report(storage.questions, limit)
        finally:
            await storage.close()

    print(asyncio.run(main()))
    return 0
