"""The coach: routes commands, text, files and button taps to the flows. No Telegram imports here.

Both Telegram (`bot/telegram/handlers.py`) and the terminal chat (`bot/terminal.py`) hand it whole
messages through `dispatch`, so commands are parsed in one place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..storage.repository import Storage
from .cancel import cancel
from .flow import STALE_BUTTON, Flow, Notification
from .model import Button, CallbackOutcome, RecentlySeen, Reply, User, esc
from .qa import QuestionFlow
from .render import ASK_PROMPT, InlineResult
from .turn import Turn

# (command, menu description, usage example) — also sent to Telegram with setMyCommands.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "Welcome and what I can do", "/start"),
    ("help", "Commands with examples", "/help"),
    ("ask", "Ask a training question", "/ask how far apart should my feet be for hip thrusts?"),
    (
        "workout",
        "Start or resume a guided workout",
        "/workout  or  /workout Push A  or  /workout squat 3x5 100kg; rdl 3x8",
    ),
    ("routine", "Your routines: create, edit, share, rotate", "/routine new Push A  (exercises on the next lines)"),
    ("undo", "Take back the last logged set", "/undo"),
    ("edit", "Correct a set of this workout", "/edit"),
    ("add", "Add an exercise to this workout", "/add lat pulldown 3x10"),
    ("finish", "Finish this workout (summary and next loads)", "/finish"),
    ("plates", "Which plates to load for a weight", "/plates 142.5"),
    ("history", "Your last workouts", "/history"),
    ("progress", "Chart and records of an exercise, or body weight", "/progress hip thrust  or  /progress bw"),
    ("bw", "Log your body weight, see the trend", "/bw 82.4  or  /bw 181 lb"),
    ("exercise", "Your own exercises", "/exercise new landmine press weight"),
    ("export", "Download all your sets as CSV", "/export"),
    ("import", "Import a CSV (ours, Strong's or Hevy's)", "/import"),
    ("settings", "Units, load step, bar, plates, rest", "/settings"),
    ("forget", "Delete everything I know about you", "/forget"),
    ("cancel", "Stop what I asked you for (a name, a time...)", "/cancel"),
    ("remind", "Daily training reminders", "/remind  or  /remind mon,wed,fri 18:30"),
    ("timezone", "Set your time zone", "/timezone Europe/Berlin  or  /timezone Kolkata  or  /timezone UTC+5:30"),
)

# The examples with a load, as a pound user types them.
LB_EXAMPLES = {
    "/workout  or  /workout Push A  or  /workout squat 3x5 100kg; rdl 3x8": (
        "/workout  or  /workout Push A  or  /workout squat 3x5 225lb; rdl 3x8"
    ),
    "/plates 142.5": "/plates 315",
    "/bw 82.4  or  /bw 181 lb": "/bw 181  or  /bw 82.4 kg",
}

GREETING = (
    "Hi{name}! I'm <b>LiftCoach</b>, your strength-training coach.\n"
    "• Ask me any training question, e.g. <i>dumbbell or barbell for hip thrusts?</i>\n"
    "• I guide workouts set by set: /workout\n"
    "• I work out plates for a weight: /plates 100"
)
SMALL_TALK_MAX_CHARS = 60  # "thank you so much again, coach!! 🙏" is 35; anything longer is not just small talk


class _SmallTalk:
    """A whole message that only greets or thanks ("Good morning, coach!"), never a question that
    merely contains such words ("how do I do a good morning?").

    Linear on any input: whitespace is collapsed to single spaces, a long text is rejected by its
    length before any matching, and the pattern has no nested or adjacent unbounded quantifiers
    (separators are one of " ", ",", ", ", " ,", " , "; each repetition needs a word)."""

    _SEP = r"(?: ?, ?| )"
    _GREETING = r"(?:hi|hey|hello|yo|hiya|howdy|good (?:morning|evening|afternoon|day))"
    _THANKS = r"(?:thanks?|thank you|thx|ty|cheers|many thanks)"
    _PATTERN = re.compile(
        rf"(?:{_GREETING}(?:{_SEP}(?:there|coach|bot|liftcoach|everyone|all|mate|buddy))?"
        rf"|{_THANKS}(?:{_SEP}(?:a lot|so much|very much|a bunch|again|coach|mate|buddy))*)"
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


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    args: str


class Coach:
    def __init__(
        self,
        questions: QuestionFlow,
        storage: Storage,
        *,
        flows: Sequence[Flow] = (),
        recently_seen: RecentlySeen | None = None,
        edited_set: Callable[[Turn, str, int], Awaitable[list[Reply] | None]] | None = None,
    ):
        self.qa = questions
        self.storage = storage
        self.flows: list[Flow] = [*flows, questions]  # questions last: they take any text nobody else waits for
        self._by_command = {name: flow for flow in self.flows for name in flow.commands}
        self._by_prefix = {prefix: flow for flow in self.flows for prefix in flow.button_prefixes}
        self._recently_seen = recently_seen or RecentlySeen(TOUCH_EVERY_SECONDS)
        self._edited_set = edited_set  # an edited message that logged a set corrects it

    def turn(self, user: User) -> Turn:
        """One per update: flows share its settings and prompt reads."""
        return Turn(user, self.storage.users, self.storage.prompts)

    async def touch(self, user: User) -> None:
        """Record that the user is active, at most every few minutes (last-seen needs no precision)."""
        if self._recently_seen.due(user.id):
            await self.storage.users.touch_user(user.id, user.chat_id, user.first_name)
            self._recently_seen.stored(user.id)

    async def close(self) -> None:
        await self.storage.close()

    # --- messages -------------------------------------------------------------
    async def dispatch(
        self, user: User, text: str, message_id: int | None = None, *, bot_username: str = ""
    ) -> list[Reply]:
        """A whole typed message: a command (for us) or text. A command addressed to another bot gets
        no reply."""
        if text.startswith("/"):
            parsed = parse_command(text, bot_username)
            if parsed is None:
                return []
            return await self.command(user, parsed.name, parsed.args, message_id=message_id)
        return await self.text(user, text, message_id=message_id)

    async def command(self, user: User, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        if name == "start":
            return await self.start(user, args)
        if name == "help":
            return [self.help((await self.turn(user).preferences()).unit)]
        if name == "cancel":
            running = await self.storage.workouts.active_session(user.id) is not None
            return [await cancel(self.turn(user), running)]
        flow = self._by_command.get(name)
        if flow is not None:
            if flow is self.qa:
                await self.touch(user)
            return await flow.command(self.turn(user), name, args, message_id=message_id)
        shown = name if len(name) <= 40 else name[:40] + "…"
        near = nearest_command(name)
        meant = f" Did you mean /{near}?" if near else ""
        return [Reply(f"I don't know the command /{esc(shown)}.{meant} Send /help to see what I can do.")]

    def knows(self, command: str) -> bool:
        return command in ("start", "help", "cancel") or command in self._by_command

    def personal(self, command: str) -> bool:
        """Whether a command needs a person's own identity (a workout does; /ask and /help do not)."""
        flow = self._by_command.get(command)
        return command in ("start", "cancel") or (flow is not None and flow.personal)

    def command_names(self) -> tuple[str, ...]:
        return ("start", "help", "cancel", *self._by_command)

    async def start(self, user: User, payload: str = "") -> list[Reply]:
        await self.storage.users.touch_user(user.id, user.chat_id, user.first_name)
        name = f", {esc(user.first_name)}" if user.first_name else ""
        replies = [Reply(GREETING.format(name=name))]
        if payload == "ask":
            replies.append(Reply(ASK_PROMPT))
        elif payload in self._by_command:
            replies.extend(await self._by_command[payload].command(self.turn(user), payload, ""))
        return replies

    def help(self, unit: str = "kg") -> Reply:
        """The commands with examples, in the lifter's unit (an lb user was shown "squat 3x5 100kg")."""
        lines = ["<b>What I can do</b>"]
        shown = LB_EXAMPLES if unit == "lb" else {}
        lines += [
            f"/{name} — {esc(desc)}\n   <code>{esc(shown.get(example, example))}</code>"
            for name, desc, example in COMMANDS
        ]
        lines.append("Or just type a question. In groups, mention me or reply to me.")
        return Reply("\n".join(lines))

    async def ask(self, user: User, question: str) -> Reply:
        """A question alone, with no workout context (shared-identity chats, /ask)."""
        await self.touch(user)
        return await self.qa.ask(self.turn(user), question)

    async def text(self, user: User, text: str, message_id: int | None = None) -> list[Reply]:
        if SMALL_TALK.match(text):
            thanks = text.strip().lower().startswith(("thank", "thx", "ty", "cheers", "many thanks"))
            return [
                Reply(
                    "You're welcome! 💪" if thanks else "Hi! 👋 Ask me a training question, or send /workout to train."
                )
            ]
        turn = self.turn(user)
        for flow in self.flows:
            if flow is self.qa:
                await self.touch(user)
            handled = await flow.on_text(turn, text, message_id=message_id)
            if handled is not None:
                return handled
        return []  # not reached: the question flow answers any text

    async def edited_text(self, user: User, text: str, message_id: int) -> list[Reply]:
        """An edited message: an edited typed set corrects that set; other edits get no second reply."""
        corrected = await self._edited_set(self.turn(user), text, message_id) if self._edited_set is not None else None
        return corrected or []

    async def document(self, user: User, filename: str, data: bytes) -> list[Reply]:
        """An uploaded file: the first flow that takes files (CSV imports) answers."""
        turn = self.turn(user)
        for flow in self.flows:
            replies = await flow.on_document(turn, filename, data)
            if replies is not None:
                return replies
        return [Reply("I can't do anything with files yet.")]

    async def callback(
        self, user: User, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        flow = self._by_prefix.get(data.partition(":")[0])
        if flow is None:
            return CallbackOutcome(toast=STALE_BUTTON)
        return await flow.on_button(self.turn(user), data, tap_id=tap_id, message_id=message_id)

    async def inline_results(self, text: str) -> list[InlineResult]:
        return await self.qa.inline_results(text)

    # --- what the bot sends on its own ---------------------------------------
    async def gauges(self) -> dict[str, float]:
        return {"liftcoach_active_workouts": float(await self.storage.workouts.count_active_sessions())}

    async def due(self, now: datetime) -> list[Notification]:
        """Everything the bot should send on its own now (reminders, rest timers)."""
        return await self.due_urgent(now) + await self.due_bulk(now)

    async def due_urgent(self, now: datetime) -> list[Notification]:
        """Latency-critical timers (rest over, workout nudges): few, and each one late is a user waiting."""
        out: list[Notification] = []
        for flow in self.flows:
            if not flow.bulk_notifications:
                out.extend(await flow.due(now))
        return out

    async def due_bulk(self, now: datetime, limit: int | None = None) -> list[Notification]:
        """Bulk notifications (reminders), at most `limit` claimed per call so a storm drains in batches."""
        out: list[Notification] = []
        for flow in self.flows:
            if flow.bulk_notifications:
                out.extend(await flow.due(now, limit=None if limit is None else limit - len(out)))
        return out


# Words people try for a command that has another name.
COMMAND_SYNONYMS = {
    "tz": "timezone",
    "zone": "timezone",
    "units": "settings",
    "unit": "settings",
    "weight": "bw",
    "end": "finish",
    "done": "finish",
    "stop": "finish",
    "bodyweight": "bw",
}


def nearest_command(name: str) -> str | None:
    """The menu command an unknown one most likely meant: "/routines" -> routine, "/hist" -> history,
    "/wrokout" -> workout, "/units" -> settings; None when none is close. Linear: a name longer than
    any command plus a few letters is compared with nothing."""
    if not name or len(name) > 24:
        return None
    if name in COMMAND_SYNONYMS:
        return COMMAND_SYNONYMS[name]
    menu = [command for command, _, _ in COMMANDS]
    prefixed = [c for c in menu if name.startswith(c) or (len(name) >= 3 and c.startswith(name))]
    if len(prefixed) == 1:  # "/routines", "/workouts", "/reminders"; "/hist", "/prog"
        return prefixed[0]
    # /cancel only means something mid-question, and it sounds like much ("/dance"): never guessed at.
    close = difflib.get_close_matches(name, [c for c in menu if c != "cancel"], n=1, cutoff=0.7)
    return close[0] if close else None


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


__all__ = ["COMMANDS", "Coach", "ParsedCommand", "nearest_command", "parse_command", "Button"]
