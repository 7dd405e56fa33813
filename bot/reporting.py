"""`coach report`: what users asked that we could not answer well, so maintainers know what to write next."""

from __future__ import annotations

import asyncio

from .config import Settings
from .storage.sql import SqlRepository


async def build_report(repo: SqlRepository, limit: int) -> str:
    stats = await repo.question_stats()
    lines = [
        f"Questions: {stats.questions} from {stats.users} users, answered {stats.answered} ({stats.answer_rate:.0%}); "
        f"feedback 👍 {stats.upvotes} / 👎 {stats.downvotes}",
        "",
        "Most frequent unanswered questions:",
    ]
    unanswered = await repo.frequent_unanswered(limit)
    lines += [f"  {count:>4} × {text}" for text, count in unanswered] or ["  (none)"]
    lines += ["", "Most down-voted answers:"]
    downvoted = await repo.frequent_downvoted(limit)
    lines += [f"  {count:>4} × {text}  ->  {key or '-'}" for text, key, count in downvoted] or ["  (none)"]
    return "\n".join(lines)


def print_report(settings: Settings, limit: int = 20) -> int:
    async def main() -> str:
        repo = await SqlRepository.connect(settings.database_url)
        try:
            return await build_report(repo, limit)
        finally:
            await repo.close()

    print(asyncio.run(main()))
    return 0
