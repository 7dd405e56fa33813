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
    """w:<action>:<session or program id>:<plan position>:<undo epoch>:<argument>

    "ok" logs a reading of an odd-looking typed set at the card's position; "editok" corrects the logged set at
    its position to a reading of an odd-looking correction."""

    action: str
    session: str = ""
    position: int = 0
    epoch: int = 0
    arg: str = ""

    PREFIX: ClassVar[str] = "w"
    ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {
            "go",
            "menu",
            "again",
            "resume",
            "discard",
            "discardok",
            "done",
            "skip",
            "ok",
            "editok",
            "load",
            "adj",
            "swap",
            "swapto",
            "end",
            "rest",
            "undo",
            "edit",
            "endask",
            "delset",
            "delsetok",
            "warmup",
            "addset",
            "dropset",
            "addex",
            "timer",
            "pick",
        }
    )

    def pack(self) -> str:
        if self.action == "menu":
            return "w:menu"
        if (self.position, self.epoch, self.arg) == (
            0,
            0,
            "",
        ):  # the short form: "w:resume:<session>", "w:go:<program>"
            return _checked(f"w:{self.action}:{self.session}")
        return _checked(f"w:{self.action}:{self.session}:{self.position}:{self.epoch}:{self.arg}")

    @classmethod
    def unpack(cls, rest: str) -> WorkoutButton:
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


_SET_TYPES = {"d": "drop", "f": "failure"}  # a marked set's type in a confirmation button, one letter


def set_arg(reps: int, load: float | None, unit: str, rpe: float | None, set_type: str = "working") -> str:
    """One set as a button argument: "<reps>_<load or ->_<k|l>[d|f]_<rpe or ->" (a confirmation button; the
    unit's letter, then d or f for a drop or failure set). Compact so that 100 reps of 2204.62 lb at RPE 9.5,
    marked, at plan position 299 and epoch 999 still fit Telegram's 64 bytes (the long form did not)."""
    typed = set_type[0] if set_type in _SET_TYPES.values() else ""
    return f"{reps}_{'-' if load is None else f'{load:g}'}_{unit[0]}{typed}_{'-' if rpe is None else f'{rpe:g}'}"


def read_set_arg(arg: str) -> dict[str, object] | None:
    """The set `set_arg` packed, or None; the engine still checks every value's range. Buttons sent before
    the compact form ("5_100_kg_-" and "5_100_kg_-_d") still read."""
    parts = arg.split("_")
    if len(parts) == 5 and parts[4] in _SET_TYPES and parts[2] in ("kg", "lb"):  # the long form, marked
        parts = [parts[0], parts[1], parts[2][0] + parts[4], parts[3]]
    elif len(parts) == 4 and parts[2] in ("kg", "lb"):
        parts[2] = parts[2][0]
    if (
        len(parts) != 4
        or not 1 <= len(parts[2]) <= 2
        or parts[2][0] not in "kl"
        or parts[2][1:] not in ("", *_SET_TYPES)
    ):
        return None
    try:
        values: dict[str, object] = {
            "reps": arg_number(parts[0]),
            "load": None if parts[1] == "-" else float(parts[1]),
            "unit": "kg" if parts[2][0] == "k" else "lb",
            "rpe": None if parts[3] == "-" else float(parts[3]),
        }
    except ValueError:
        return None
    return values | ({"set_type": _SET_TYPES[parts[2][1]]} if len(parts[2]) == 2 else {})


def arg_number(text: str) -> int:
    """A small number in an argument, or -1: ASCII digits only ("²".isdigit() is True) and short."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else -1


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
    def unpack(cls, rest: str) -> HistoryButton:
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
    def unpack(cls, rest: str) -> SettingsButton:
        key, _, value = rest.partition(":")
        if key not in cls.KEYS:
            raise BadCallback(rest[:10])
        return cls(key, _arg(value))


def _big_id(text: str) -> int:
    """A database id: ASCII digits only, within a 64-bit integer (no OverflowError downstream)."""
    if not (text.isascii() and text.isdigit()) or not 1 <= len(text) <= 18:
        raise BadCallback(text[:10])
    return int(text)


_ZONE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/+-:")  # ":": UTC+05:30
_DAY_PICKS = frozenset({"0", "1", "2", "3", "4", "5", "6", "all", "wk"})


@dataclass(frozen=True)
class ReminderButton:
    """r:d:<day mask>:<day|all|wk> · r:n:<day mask> · r:off · r:tz:<zone> · r:tzp:<offset min>:<page>
    · r:z:<reminder id> · r:s:<reminder id> · r:rm:<reminder id>"""

    action: str
    mask: int = 0
    pick: str = ""
    zone: str = ""
    reminder: int = 0
    offset: int = 0  # tzp: the UTC offset (minutes) whose zones are listed...
    page: int = 0  # ...and which page of them

    def pack(self) -> str:
        tail = {
            "d": f"{self.mask}:{self.pick}",
            "n": f"{self.mask}",
            "off": "",
            "tz": self.zone,
            "tzp": f"{self.offset}:{self.page}",
            "z": f"{self.reminder}",
            "s": f"{self.reminder}",
            "rm": f"{self.reminder}",
        }
        if self.action not in tail:
            raise ValueError(f"unknown reminder button {self.action!r}")
        return _checked(f"r:{self.action}" + (f":{tail[self.action]}" if tail[self.action] else ""))

    @classmethod
    def unpack(cls, rest: str) -> ReminderButton:
        action, _, tail = rest.partition(":")
        if action == "d":
            mask, _, pick = tail.partition(":")
            if pick not in _DAY_PICKS:
                raise BadCallback(rest[:10])
            return cls("d", mask=_number(mask, 127), pick=pick)
        if action == "n":
            return cls("n", mask=_number(tail, 127))
        if action == "off" and not tail:
            return cls("off")
        if action == "tz" and 1 <= len(tail) <= 40 and set(tail) <= _ZONE_CHARS:
            return cls("tz", zone=tail)
        if action == "tzp":
            offset, _, page = tail.partition(":")
            minutes = -_number(offset[1:], 720) if offset.startswith("-") else _number(offset, 840)
            return cls("tzp", offset=minutes, page=_number(page, 99))
        if action in ("z", "s", "rm"):
            return cls(action, reminder=_big_id(tail))
        raise BadCallback(rest[:10])


@dataclass(frozen=True)
class VoteButton:
    """v:<question id>:<1|-1>"""

    question: int
    vote: int

    def pack(self) -> str:
        return _checked(f"v:{self.question}:{self.vote}")

    @classmethod
    def unpack(cls, rest: str) -> VoteButton:
        question, _, vote = rest.partition(":")
        if vote not in ("1", "-1"):
            raise BadCallback(rest[:10])
        return cls(_big_id(question), int(vote))


@dataclass(frozen=True)
class TopicButton:
    """t:<passage token> (12 hex characters)"""

    token: str

    def pack(self) -> str:
        return _checked(f"t:{self.token}")

    @classmethod
    def unpack(cls, rest: str) -> TopicButton:
        if len(rest) != 12 or not set(rest) <= set("0123456789abcdef"):
            raise BadCallback(rest[:10])
        return cls(rest)


@dataclass(frozen=True)
class BodyWeightButton:
    """b:<value>:<kg|lb>:<the /bw message id, 0 if none> (a reading to confirm after a far-off entry)"""

    value: float
    unit: str
    message: int = 0

    def pack(self) -> str:
        return _checked(f"b:{self.value:g}:{self.unit}:{self.message}")

    @classmethod
    def unpack(cls, rest: str) -> BodyWeightButton:
        parts = rest.split(":")
        if len(parts) != 3 or parts[1] not in ("kg", "lb"):
            raise BadCallback(rest[:10])
        whole, _, fraction = parts[0].partition(".")
        value = _number(whole, 999) + (_number(fraction, 99) / 10 ** len(fraction) if fraction else 0.0)
        return cls(round(value, 2), parts[1], 0 if parts[2] == "0" else _big_id(parts[2]))
