"""Button data: one small frozen codec per prefix.

`pack` builds the data and refuses (never truncates) anything over Telegram's 64 bytes;
`unpack` reads what comes back after the prefix and raises BadCallback for anything forged or
stale: unknown actions, ids of the wrong shape, numbers out of range, non-ASCII digits ("²").
Flows then work with typed fields and never parse strings themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .model import CALLBACK_DATA_LIMIT

_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_ARG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_")


class BadCallback(ValueError):
    """Button data we did not make (or from a version that made it differently)."""


def _checked(data: str) -> str:
    if len(data.encode()) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {data!r}")
    return data


def _number(text: str, high: int) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 5 or int(text) > high:
        raise BadCallback(text[:10])
    return int(text)


def _id(text: str) -> str:
    if not 1 <= len(text) <= 40 or not set(text) <= _ID_CHARS:
        raise BadCallback(text[:10])
    return text


def _arg(text: str) -> str:
    if len(text) > 24 or not set(text) <= _ARG_CHARS:
        raise BadCallback(text[:10])
    return text


@dataclass(frozen=True)
class WorkoutButton:
    """w:<action>:<session or program id>:<plan position>:<undo epoch>:<argument>"""

    action: str
    session: str = ""
    position: int = 0
    epoch: int = 0
    arg: str = ""

    PREFIX: ClassVar[str] = "w"
    ACTIONS: ClassVar[frozenset[str]] = frozenset({
        "go", "menu", "again", "resume", "discard", "discardok", "done", "skip", "ok", "load", "adj", "swap", "swapto", "end",
        "rest", "undo", "edit", "endask", "delset", "delsetok",
    })

    def pack(self) -> str:
        if self.action == "menu":
            return "w:menu"
        if (self.position, self.epoch, self.arg) == (0, 0, ""):  # the short form: "w:resume:<session>", "w:go:<program>"
            return _checked(f"w:{self.action}:{self.session}")
        return _checked(f"w:{self.action}:{self.session}:{self.position}:{self.epoch}:{self.arg}")

    @classmethod
    def unpack(cls, rest: str) -> "WorkoutButton":
        parts = rest.split(":")
        if not parts or parts[0] not in cls.ACTIONS:
            raise BadCallback(rest[:10])
        if parts[0] == "menu":
            return cls("menu")
        if len(parts) == 2:  # older short forms: "go:<program>", "resume:<session>"
            parts += ["0", "0", ""]
        if len(parts) != 5:
            raise BadCallback(rest[:10])
        action, session, position, epoch, arg = parts
        return cls(action, _id(session), _number(position, 9999), _number(epoch, 9999), _arg(arg))


@dataclass(frozen=True)
class HistoryButton:
    """h:<action>:<session id>:<page>"""

    action: str
    session: str = ""
    page: int = 0

    ACTIONS: ClassVar[frozenset[str]] = frozenset({"page", "open", "edit", "del", "delok"})

    def pack(self) -> str:
        return _checked(f"h:{self.action}:{self.session}:{self.page}")

    @classmethod
    def unpack(cls, rest: str) -> "HistoryButton":
        parts = rest.split(":")
        if len(parts) != 3 or parts[0] not in cls.ACTIONS:
            raise BadCallback(rest[:10])
        action, session, page = parts
        if action != "page":
            _id(session)
        elif session:
            raise BadCallback(rest[:10])
        return cls(action, session, _number(page, 99999))


@dataclass(frozen=True)
class SettingsButton:
    """s:<setting>:<value>"""

    key: str
    value: str

    KEYS: ClassVar[frozenset[str]] = frozenset({"unit", "step", "rest", "forget"})

    def pack(self) -> str:
        return _checked(f"s:{self.key}:{self.value}")

    @classmethod
    def unpack(cls, rest: str) -> "SettingsButton":
        key, _, value = rest.partition(":")
        if key not in cls.KEYS:
            raise BadCallback(rest[:10])
        return cls(key, _arg(value))
