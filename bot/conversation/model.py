"""What the conversation layer returns: replies with text and buttons, independent of Telegram."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for inline button data


def said(text: str) -> str:
    """A short typed reply as words to compare: lower case, single spaces, no end punctuation ("Skip rest!" ->
    "skip rest")."""
    return " ".join(text.lower().strip(" .!").split())


def esc(text: str) -> str:
    """Escape user or corpus text for Telegram HTML (quotes need no escaping outside attributes)."""
    return html.escape(text, quote=False)


def noted(replies: list[Reply], note: str) -> list[Reply]:
    """The replies with a note put before the first one's text (how a name was read, a set not logged)."""
    return [replace(replies[0], text=note + replies[0].text), *replies[1:]] if note and replies else replies


def read_as(typed: str, meant: str) -> str:
    """The line that says how a name was read ("hip thurst" as hip thrust), so a wrong reading is seen."""
    return f"(I read “{esc(typed)}” as <b>{esc(meant)}</b>.)\n"


@dataclass(frozen=True)
class User:
    id: int
    chat_id: int
    first_name: str = ""


@dataclass(frozen=True)
class Button:
    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode()) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"callback data too long: {self.data!r}")


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML: only <b>, <i>, <code>, <a>; everything else escaped
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False  # replace the message whose button was tapped instead of sending a new one
    photo: bytes | None = None
    document: tuple[str, bytes] | None = None  # (file name, content)
    answers_question: bool = False  # an answer: if the user edits their question, this message is re-answered in place


@dataclass(frozen=True)
class CallbackOutcome:
    replies: list[Reply] = field(default_factory=list)
    toast: str | None = None  # the short notice Telegram shows on the tapped button


class RecentlySeen:
    """Users whose "last seen" was stored in the last few minutes: saves a write per message.
    Shared by the coach (which records activity) and /forget (after which a user is new again)."""

    def __init__(
        self, every_seconds: float = 300, clock: Callable[[], float] = time.monotonic, capacity: int = 100_000
    ):
        self._every, self._clock, self._capacity = every_seconds, clock, capacity
        self._seen: dict[int, float] = {}

    def due(self, user_id: int) -> bool:
        """True when the user's activity should be stored now."""
        return self._clock() - self._seen.get(user_id, -1e18) > self._every

    def stored(self, user_id: int) -> None:
        if len(self._seen) >= self._capacity:
            self._seen.clear()  # a bound, not an LRU: the worst case is one extra write per user
        self._seen[user_id] = self._clock()

    def forget(self, user_id: int) -> None:
        self._seen.pop(user_id, None)
