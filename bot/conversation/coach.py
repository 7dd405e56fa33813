"""The coach's conversation: commands, questions, button taps. No Telegram imports here."""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

from ..retrieval.answer import AnswerEngine
from ..storage.repository import Repository
from .batcher import AnswerBatcher
from .model import Button, CallbackOutcome, Reply, User
from .render import passage_token, render_answer

log = logging.getLogger(__name__)

# (command, menu description, usage example) — also sent to Telegram with setMyCommands.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "Welcome and what I can do", "/start"),
    ("help", "Commands with examples", "/help"),
    ("ask", "Ask a training question", "/ask how far apart should my feet be for hip thrusts?"),
    ("workout", "Start or resume a guided workout", "/workout  or  /workout hip thrust 4x6 100kg"),
    ("plates", "Which plates to load for a weight", "/plates 142.5"),
)

GREETING = (
    "Hi{name}! I'm <b>LiftCoach</b>, your strength-training coach.\n"
    "• Ask me any training question, e.g. <i>dumbbell or barbell for hip thrusts?</i>\n"
    "• I guide workouts set by set: /workout\n"
    "• I work out plates for a weight: /plates 100"
)
ASK_PROMPT = "What would you like to know? Type your question, e.g. <i>hip thrust and deadlift on the same day?</i>"
SMALL_TALK = re.compile(r"^\s*(hi|hey|hello|yo|hiya|good (morning|evening|afternoon)|thanks?|thank you|thx|ty|cheers)\b[\s!.,?👋🙏]*$", re.I)
STALE_BUTTON = "That button is from an older message. Ask again and I'll answer fresh."


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    args: str


class Coach:
    def __init__(self, engine: AnswerEngine, repo: Repository, *, admin_ids: frozenset[int] = frozenset(), workouts: object | None = None):
        self.engine = engine
        self.repo = repo
        self.admin_ids = admin_ids
        self.batcher = AnswerBatcher(engine)
        self.workouts = workouts
        self._passages = {passage_token(p.key): p.key for p in engine.searcher.index.passages}

    async def close(self) -> None:
        await self.repo.close()

    # --- commands -----------------------------------------------------------
    async def start(self, user: User, payload: str = "") -> list[Reply]:
        await self.repo.touch_user(user.id, user.chat_id, user.first_name)
        name = f", {html.escape(user.first_name)}" if user.first_name else ""
        replies = [Reply(GREETING.format(name=name))]
        if payload == "ask":
            replies.append(Reply(ASK_PROMPT))
        elif payload == "workout" and self.workouts is not None:
            replies.extend(await self.workouts.menu(user))  # type: ignore[attr-defined]
        return replies

    def help(self) -> Reply:
        lines = ["<b>What I can do</b>"]
        lines += [f"/{name} — {html.escape(desc)}\n   <code>{html.escape(example)}</code>" for name, desc, example in COMMANDS]
        lines.append("Or just type a question. In groups, mention me or reply to me.")
        return Reply("\n".join(lines))

    async def ask(self, user: User, question: str) -> Reply:
        if not question.strip():
            return Reply(ASK_PROMPT)
        answer = await self.batcher.answer(question)
        await self.repo.touch_user(user.id, user.chat_id, user.first_name)
        if answer.kind.value == "empty":
            return render_answer(answer)
        question_id = await self.repo.record_question(
            user.id, self.engine.clean(question), answer.passage.key if answer.passage else None, answer.kind.value, answer.confidence
        )
        return render_answer(answer, question_id if answer.answered else None)

    async def stats(self, user: User) -> Reply:
        if user.id not in self.admin_ids:
            return Reply("Sorry, /stats is only for the bot's maintainers.")
        s = await self.repo.question_stats()
        return Reply(
            "<b>LiftCoach stats</b>\n"
            f"Users: {s.users}\nQuestions: {s.questions}\nAnswered: {s.answered} ({s.answer_rate:.0%})\n"
            f"Feedback: 👍 {s.upvotes} · 👎 {s.downvotes}"
        )

    def extra_commands(self) -> tuple[str, ...]:
        return tuple(self.workouts.commands) if self.workouts is not None else ()  # type: ignore[attr-defined]

    async def command(self, user: User, name: str, args: str) -> list[Reply]:
        if self.workouts is not None and name in self.workouts.commands:  # type: ignore[attr-defined]
            return await self.workouts.command(user, name, args)  # type: ignore[attr-defined]
        return [Reply(f"I don't know the command /{html.escape(name)}. Send /help to see what I can do.")]

    async def inline_answers(self, text: str) -> list:
        import asyncio

        return await asyncio.to_thread(self.engine.top_answers, text, 5)

    # --- free text and buttons ---------------------------------------------
    async def text(self, user: User, text: str) -> list[Reply]:
        if SMALL_TALK.match(text):
            thanks = text.strip().lower().startswith(("thank", "thx", "ty", "cheers"))
            return [Reply("You're welcome! 💪" if thanks else "Hi! 👋 Ask me a training question, or send /workout to train.")]
        if self.workouts is not None:
            handled = await self.workouts.on_text(user, text)  # type: ignore[attr-defined]
            if handled is not None:
                return handled
        return [await self.ask(user, text)]

    async def callback(self, user: User, data: str) -> CallbackOutcome:
        kind, _, rest = data.partition(":")
        if kind == "t":
            return await self._topic(user, rest)
        if kind == "v":
            return await self._vote(user, rest)
        if kind == "w" and self.workouts is not None:
            return await self.workouts.on_button(user, rest)  # type: ignore[attr-defined]
        return CallbackOutcome(toast=STALE_BUTTON)

    async def _topic(self, user: User, token: str) -> CallbackOutcome:
        key = self._passages.get(token)
        answer = self.engine.lookup(key) if key else None
        if answer is None:
            return CallbackOutcome(toast=STALE_BUTTON)
        question_id = await self.repo.record_question(user.id, f"[topic] {answer.passage.section}", key, "answer", 1.0)  # type: ignore[union-attr]
        return CallbackOutcome([render_answer(answer, question_id)])

    async def _vote(self, user: User, rest: str) -> CallbackOutcome:
        qid, _, vote = rest.partition(":")
        if not qid.isdigit() or vote not in {"1", "-1"}:
            return CallbackOutcome(toast=STALE_BUTTON)
        if not await self.repo.record_vote(int(qid), user.id, int(vote)):
            return CallbackOutcome(toast=STALE_BUTTON)
        return CallbackOutcome(toast="Thanks! That helps me improve." if vote == "1" else "Thanks, noted: I'll work on that answer.")


def parse_command(text: str, bot_username: str = "") -> ParsedCommand | None:
    """'/ask@LiftCoachBot  hip thrust' -> ParsedCommand('ask', 'hip thrust')."""
    if not text.startswith("/"):
        return None
    head, _, args = text.strip().partition(" ")
    name, _, target = head[1:].partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return None
    return ParsedCommand(name.lower(), args.strip())


__all__ = ["COMMANDS", "Coach", "ParsedCommand", "parse_command", "Button"]
