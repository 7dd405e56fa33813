"""The coach's conversation: commands, questions, button taps. No Telegram imports here."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ..metrics import METRICS
from ..retrieval.answer import AnswerEngine
from ..storage.repository import Repository
from .batcher import AnswerBatcher
from .callbacks import BadCallback, TopicButton, VoteButton
from .flow import Flow, Notification
from .model import Button, CallbackOutcome, RecentlySeen, Reply, User, esc
from .render import passage_token, render_answer

log = logging.getLogger(__name__)

# (command, menu description, usage example) — also sent to Telegram with setMyCommands.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "Welcome and what I can do", "/start"),
    ("help", "Commands with examples", "/help"),
    ("ask", "Ask a training question", "/ask how far apart should my feet be for hip thrusts?"),
    ("workout", "Start or resume a guided workout", "/workout  or  /workout hip thrust 4x6 100kg"),
    ("undo", "Take back the last logged set", "/undo"),
    ("edit", "Correct a set of this workout", "/edit"),
    ("plates", "Which plates to load for a weight", "/plates 142.5"),
    ("history", "Your last workouts", "/history"),
    ("progress", "Chart of an exercise over time", "/progress hip thrust"),
    ("export", "Download all your sets as CSV", "/export"),
    ("import", "Import a CSV (ours or Strong's)", "/import"),
    ("settings", "Units, load step, bar, plates, rest", "/settings"),
    ("forget", "Delete everything I know about you", "/forget"),
    ("remind", "Daily training reminders", "/remind  or  /remind mon,wed,fri 18:30"),
    ("timezone", "Set your time zone", "/timezone Europe/Berlin"),
)

GREETING = (
    "Hi{name}! I'm <b>LiftCoach</b>, your strength-training coach.\n"
    "• Ask me any training question, e.g. <i>dumbbell or barbell for hip thrusts?</i>\n"
    "• I guide workouts set by set: /workout\n"
    "• I work out plates for a weight: /plates 100"
)
ASK_PROMPT = "What would you like to know? Type your question, e.g. <i>hip thrust and deadlift on the same day?</i>"
SMALL_TALK_MAX_CHARS = 60  # "thank you so much again, coach!! 🙏" is 35; anything longer is not just small talk


class _SmallTalk:
    """A whole message that only greets or thanks ("Good morning, coach!"), never a question that
    merely contains such words ("how do I do a good morning?").

    Linear on any input: whitespace is collapsed to single spaces, a long text is rejected by its
    length before any matching, and the pattern has no nested or adjacent unbounded quantifiers
    (separators are one of " ", ",", ", ", " ,", " , "; each repetition needs a word)."""

    _SEP = r"(?: ?, ?| )"
    _PATTERN = re.compile(
        rf"(?:(?:hi|hey|hello|yo|hiya|howdy|good (?:morning|evening|afternoon|day))(?:{_SEP}(?:there|coach|bot|liftcoach|everyone|all|mate|buddy))?"
        rf"|(?:thanks?|thank you|thx|ty|cheers|many thanks)(?:{_SEP}(?:a lot|so much|very much|a bunch|again|coach|mate|buddy))*)"
        r"[ !.,?👋🙏💪]*",
        re.IGNORECASE,
    )

    def match(self, text: str) -> re.Match[str] | None:
        collapsed = " ".join(text.split())
        if len(collapsed) > SMALL_TALK_MAX_CHARS:
            return None
        return self._PATTERN.fullmatch(collapsed)


SMALL_TALK = _SmallTalk()
TOUCH_EVERY_SECONDS = 300
STALE_BUTTON = "That button is from an older message. Ask again and I'll answer fresh."


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    args: str


class Coach:
    def __init__(
        self,
        engine: AnswerEngine,
        repo: Repository,
        *,
        admin_ids: frozenset[int] = frozenset(),
        flows: Sequence[Flow] = (),
        recently_seen: RecentlySeen | None = None,
        workout_context: Callable[[User, str], Awaitable[tuple[Button | None, str | None]]] | None = None,
        edited_set: Callable[[User, str, int], Awaitable[list[Reply] | None]] | None = None,
    ):
        self.engine = engine
        self.repo = repo
        self.admin_ids = admin_ids
        self.batcher = AnswerBatcher(engine)
        self.flows = list(flows)
        self._by_command = {name: flow for flow in self.flows for name in flow.commands}
        self._by_prefix = {flow.button_prefix: flow for flow in self.flows}
        self._passages = {passage_token(p.key): p.key for p in engine.searcher.index.passages}
        self._recently_seen = recently_seen or RecentlySeen(TOUCH_EVERY_SECONDS)
        self._workout_context = workout_context  # mid-workout: the way back to the set card, and the lift being trained
        self._edited_set = edited_set  # an edited message that logged a set corrects it

    async def touch(self, user: User) -> None:
        """Record that the user is active, at most every few minutes (last-seen needs no precision)."""
        if self._recently_seen.due(user.id):
            await self.repo.touch_user(user.id, user.chat_id, user.first_name)
            self._recently_seen.stored(user.id)

    async def close(self) -> None:
        await self.repo.close()

    # --- commands -----------------------------------------------------------
    async def start(self, user: User, payload: str = "") -> list[Reply]:
        await self.repo.touch_user(user.id, user.chat_id, user.first_name)
        name = f", {esc(user.first_name)}" if user.first_name else ""
        replies = [Reply(GREETING.format(name=name))]
        if payload == "ask":
            replies.append(Reply(ASK_PROMPT))
        elif payload in self._by_command:
            replies.extend(await self._by_command[payload].command(user, payload, ""))
        return replies

    def help(self) -> Reply:
        lines = ["<b>What I can do</b>"]
        lines += [f"/{name} — {esc(desc)}\n   <code>{esc(example)}</code>" for name, desc, example in COMMANDS]
        lines.append("Or just type a question. In groups, mention me or reply to me.")
        return Reply("\n".join(lines))

    async def ask(self, user: User, question: str, *, about: str | None = None) -> Reply:
        """`about`: the lift the user is training right now, for a question that names none
        ("how deep should I go?" mid hip thrust is about the hip thrust, not the squat)."""
        if not question.strip():
            return Reply(ASK_PROMPT)
        started = time.perf_counter()
        answer = await self.batcher.answer(f"{question} ({about})" if about else question)
        METRICS.answer_latency.observe(time.perf_counter() - started)
        METRICS.questions.inc(kind=answer.kind.value)
        await self.touch(user)
        if answer.kind.value == "empty":
            return render_answer(answer)
        question_id = await self.repo.record_question(
            user.id,
            self.engine.clean(question),
            answer.passage.key if answer.passage else None,
            answer.kind.value,
            answer.confidence,
        )
        return replace(render_answer(answer, question_id if answer.answered else None), answers_question=True)

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
        return tuple(self._by_command)

    async def command(self, user: User, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        if name in self._by_command:
            return await self._by_command[name].command(user, name, args, message_id=message_id)
        return [Reply(f"I don't know the command /{esc(name)}. Send /help to see what I can do.")]

    async def inline_answers(self, text: str) -> list:
        import asyncio

        return await asyncio.to_thread(self.engine.top_answers, text, 5)

    # --- free text and buttons ---------------------------------------------
    async def text(self, user: User, text: str, message_id: int | None = None) -> list[Reply]:
        if SMALL_TALK.match(text):
            thanks = text.strip().lower().startswith(("thank", "thx", "ty", "cheers", "many thanks"))
            return [
                Reply(
                    "You're welcome! 💪" if thanks else "Hi! 👋 Ask me a training question, or send /workout to train."
                )
            ]
        for flow in self.flows:
            handled = await flow.on_text(user, text, message_id=message_id)
            if handled is not None:
                return handled
        back, about = await self._workout_context(user, text) if self._workout_context is not None else (None, None)
        answer = await self.ask(user, text, about=about)
        return [replace(answer, buttons=answer.buttons + ((back,),)) if back is not None else answer]

    async def edited_text(self, user: User, text: str, message_id: int) -> list[Reply]:
        """An edited message: an edited typed set corrects that set; other edits get no second reply."""
        corrected = await self._edited_set(user, text, message_id) if self._edited_set is not None else None
        return corrected or []

    async def callback(self, user: User, data: str, tap_id: str | None = None) -> CallbackOutcome:
        kind, _, rest = data.partition(":")
        if kind == "t":
            return await self._topic(user, rest)
        if kind == "v":
            return await self._vote(user, rest)
        if kind in self._by_prefix:
            return await self._by_prefix[kind].on_button(user, rest, tap_id=tap_id)
        return CallbackOutcome(toast=STALE_BUTTON)

    async def document(self, user: User, filename: str, data: bytes) -> list[Reply]:
        """An uploaded file: CSV imports go to the history flow."""
        importer = next((f for f in self.flows if hasattr(f, "import_document")), None)
        if importer is None:
            return [Reply("I can't do anything with files yet.")]
        return [await importer.import_document(user, filename, data)]  # type: ignore[attr-defined]

    async def gauges(self) -> dict[str, float]:
        return {"liftcoach_active_workouts": float(await self.repo.count_active_sessions())}

    async def due(self, now: datetime) -> list[Notification]:
        """Everything the bot should send on its own now (reminders, rest timers)."""
        return await self.due_urgent(now) + await self.due_bulk(now)

    async def due_urgent(self, now: datetime) -> list[Notification]:
        """Latency-critical timers (rest over, workout nudges): few, and each one late is a user waiting."""
        out: list[Notification] = []
        for flow in self.flows:
            if not getattr(flow, "bulk_notifications", False):
                out.extend(await flow.due(now))
        return out

    async def due_bulk(self, now: datetime, limit: int | None = None) -> list[Notification]:
        """Bulk notifications (reminders), at most `limit` claimed per call so a storm drains in batches."""
        out: list[Notification] = []
        for flow in self.flows:
            if getattr(flow, "bulk_notifications", False):
                out.extend(await flow.due(now, limit=None if limit is None else limit - len(out)))  # type: ignore[call-arg]
        return out

    async def _topic(self, user: User, rest: str) -> CallbackOutcome:
        try:
            key = self._passages.get(TopicButton.unpack(rest).token)
        except BadCallback:
            return CallbackOutcome(toast=STALE_BUTTON)
        answer = self.engine.lookup(key) if key else None
        if answer is None:
            return CallbackOutcome(toast=STALE_BUTTON)
        question_id = await self.repo.record_question(user.id, f"[topic] {answer.passage.section}", key, "answer", 1.0)  # type: ignore[union-attr]
        return CallbackOutcome([render_answer(answer, question_id)])

    async def _vote(self, user: User, rest: str) -> CallbackOutcome:
        # ASCII digits only ("²".isdigit() is true, int("٣") is 3) and within a 64-bit id: forged
        # data like v:99999999999999999999:1 is a stale button, not an OverflowError in the database.
        try:
            b = VoteButton.unpack(rest)
        except BadCallback:
            return CallbackOutcome(toast=STALE_BUTTON)
        if not await self.repo.record_vote(b.question, user.id, b.vote):
            return CallbackOutcome(toast=STALE_BUTTON)
        return CallbackOutcome(
            toast="Thanks! That helps me improve." if b.vote == 1 else "Thanks, noted: I'll work on that answer."
        )


def parse_command(text: str, bot_username: str = "") -> ParsedCommand | None:
    """'/ask@LiftCoachBot  hip thrust' -> ParsedCommand('ask', 'hip thrust'); the command ends at any
    whitespace, so '/plates\n142.5' is ('plates', '142.5')."""
    if not text.startswith("/"):
        return None
    head, *rest = text.split(None, 1)
    name, _, target = head[1:].partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return None
    return ParsedCommand(name.lower(), rest[0].strip() if rest else "")


__all__ = ["COMMANDS", "Coach", "ParsedCommand", "parse_command", "Button"]
