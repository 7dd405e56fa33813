"""Typed sets of every kind: a set type ("drop 8x60", "8x60 failure"), a hold ("45s", "1:30", "90 sec"),
a distance with its time ("3.2 km 18:00", "5k 25:30", "3 mi 27:00", "2000m 7:45") and a bodyweight lift with added
load or assistance ("8 +10kg", "8 -20kg", "8 assist 20").

Linear-time like `parsing`: the text is bounded first, cut into tokens by the same regex, and read left
to right. None means "not a set at all" (the coach answers it as a question); SetInputError means "in
the set grammar, but wrong" (a usage line)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from .distances import MAX_METRES, to_metres
from .distances import WORDS as DISTANCE_WORDS
from .parsing import _UNITS, MAX_SET_CHARS, SetInputError, _is_number, _number, checked_rpe, read_set, tokens
from .units import MAX_LOAD_KG, Unit, to_kg

TIME_USAGE = 'Send the time you held it, e.g. "45s", "1:30" or "90 sec".'
DISTANCE_USAGE = 'Send the distance and your time, e.g. "3.2 km 18:00", "5k 25:30", "3 mi 27:00" or "2000m 7:45".'
BODYWEIGHT_USAGE = 'Send reps, with added load or assistance if any: "8", "8 +10kg", "8 -20kg" or "8 assist 20".'
MAX_SECONDS = 6 * 3600
_TYPE_WORDS = {"drop": "drop", "dropset": "drop", "failure": "failure", "fail": "failure"}
_SECONDS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "min": 60, "mins": 60, "minute": 60, "minutes": 60}
_SECONDS_H = {**_SECONDS, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600}
_ASSIST = {"assist", "assisted", "assistance"}


@dataclass(frozen=True)
class Entry:
    """One typed set; None fields were not typed (the card's target applies)."""

    reps: int | None = None
    load: float | None = None
    unit: Unit = "kg"
    rpe: float | None = None
    set_type: str = "working"
    duration_s: float | None = None
    distance_m: float | None = None
    assistance: float | None = None
    distance_unit: str | None = None  # "m", "km" or "mi", as typed


def read_entry(text: str, *, unit: Unit, kind: str) -> Entry | None:
    """A typed set for an exercise of this catalogue kind (see the module docstring)."""
    stripped = (text or "").strip()
    if not stripped or len(stripped) > MAX_SET_CHARS:
        return None
    set_type, items = _split_type(tokens(stripped))
    if not items:
        return None
    if kind == "duration":
        seconds = _duration(items)
        return None if seconds is None else Entry(unit=unit, set_type=set_type, duration_s=seconds)
    if kind == "distance_duration":
        return _distance(items, unit, set_type)
    if kind == "bodyweight_reps" and (entry := _bodyweight(items, unit, set_type)) is not None:
        return entry
    parsed = read_set(stripped if set_type == "working" else " ".join(items), unit=unit)
    if parsed is None:
        return None
    return Entry(parsed.reps, parsed.load, parsed.unit, parsed.rpe, set_type)


def _split_type(items: list[str]) -> tuple[str, list[str]]:
    """The set type a typed set is marked with ("drop 8x60", "8x60 to failure"; "working" when none), and the
    set's words without the mark."""
    if items and items[0] in _TYPE_WORDS:
        return _TYPE_WORDS[items[0]], items[1:]
    if items and items[-1] in _TYPE_WORDS:
        rest = items[:-1]
        return _TYPE_WORDS[items[-1]], rest[:-1] if rest[-1:] == ["to"] else rest  # "8x60 to failure"
    return "working", items


def typed_set_type(text: str) -> str:
    """The set type a typed set says ("drop", "failure"), or "working" when it names none."""
    stripped = (text or "").strip()
    return _split_type(tokens(stripped))[0] if stripped and len(stripped) <= MAX_SET_CHARS else "working"


def read_duration(text: str) -> float | None:
    """A typed time ("90", "45 s", "2 min", "1:30") in seconds; None when the text is no time. SetInputError for
    a time written wrong ("1:3")."""
    stripped = (text or "").strip()
    if not stripped or len(stripped) > MAX_SET_CHARS:
        return None
    return _duration(tokens(stripped))


def _duration(items: list[str]) -> float | None:
    """ "45 s", "90 sec", "2 min", "1 min 30 s", "1:30", "1:02:00"; a bare number is seconds."""
    if not items or not _is_number(items[0]):
        return None
    if ":" in items:
        return _clock(items)
    total, i = 0.0, 0
    while i < len(items):
        if not _is_number(items[i]):
            return None
        value = _number(items[i])
        factor = _SECONDS_H.get(items[i + 1], 0) if i + 1 < len(items) else 1
        if factor == 0:
            return None if items[i + 1] not in _UNITS and items[i + 1] not in ("x", "rep", "reps") else _bad(TIME_USAGE)
        total += value * factor
        i += 2
    return _seconds_ok(total)


def _clock(items: list[str]) -> float | None:
    """ "m:ss" or "h:mm:ss", nothing else."""
    if len(items) not in (3, 5) or any(items[k] != ":" for k in range(1, len(items), 2)):
        return None if any(t.isalpha() and t not in _SECONDS_H for t in items) else _bad(TIME_USAGE)
    parts = items[0::2]
    if not all(p.isdigit() for p in parts) or any(int(p) >= 60 or len(p) != 2 for p in parts[1:]):
        return _bad("Write times as m:ss or h:mm:ss, e.g. 1:30 or 1:02:00.")
    seconds = 0
    for p in parts:
        seconds = seconds * 60 + int(p)
    return _seconds_ok(float(seconds))


def _seconds_ok(seconds: float) -> float:
    if not 0 < seconds <= MAX_SECONDS:
        return _bad("A time goes from 1 second to 6 hours. " + TIME_USAGE)
    return round(seconds, 1)


def _bad(message: str) -> NoReturn:
    raise SetInputError(message)


def _distance(items: list[str], unit: Unit, set_type: str) -> Entry | None:
    """A distance (number + km/k/m/mi) and, before or after it, a time."""
    at = next((i for i in range(len(items) - 1) if _is_number(items[i]) and items[i + 1] in DISTANCE_WORDS), -1)
    if at < 0:
        if _is_number(items[0]) and all(_is_number(t) or t in ":" or t in _SECONDS_H for t in items):
            raise SetInputError(DISTANCE_USAGE)  # a time alone: the distance is what the set is about
        return None
    typed_unit = DISTANCE_WORDS[items[at + 1]]
    metres = to_metres(_number(items[at]), typed_unit)
    rest = items[:at] + items[at + 2 :]
    seconds = _duration(rest) if rest else None
    if rest and seconds is None:
        return None if any(t.isalpha() and t not in _SECONDS_H for t in rest) else _bad(DISTANCE_USAGE)
    if not 0 < metres <= MAX_METRES:
        raise SetInputError("A distance goes up to 1000 km. " + DISTANCE_USAGE)
    return Entry(unit=unit, set_type=set_type, duration_s=seconds, distance_m=metres, distance_unit=typed_unit)


def _bodyweight(items: list[str], unit: Unit, set_type: str) -> Entry | None:
    """ "8 +10kg" (added load), "8 -20kg" or "8 assist 20" (assistance), each with an RPE after it if any ("8 +10kg
    rpe 9", "8 +10kg @ 9"); None for any other shape."""
    items, rpe = _rpe_tail(items)
    if len(items) < 2 or not _is_number(items[0]) or items[1] not in ("+", "-", *_ASSIST):
        return None
    sign, i = items[1], 2
    if len(items) < 3 or not _is_number(items[i]):
        raise SetInputError(BODYWEIGHT_USAGE)
    value = _number(items[i])
    typed: Unit = _UNITS.get(items[i + 1], unit) if i + 1 < len(items) else unit  # type: ignore[assignment]
    if len(items) > i + 2 or (len(items) == i + 2 and items[i + 1] not in _UNITS):
        raise SetInputError(BODYWEIGHT_USAGE)
    if not items[0].isdigit() or not 1 <= int(items[0]) <= 100:
        raise SetInputError("Reps are a whole number from 1 to 100. " + BODYWEIGHT_USAGE)
    if not 0 < to_kg(value, typed) <= MAX_LOAD_KG:
        raise SetInputError("That load looks impossible. " + BODYWEIGHT_USAGE)
    if sign == "+":
        return Entry(int(items[0]), value, typed, rpe, set_type)
    return Entry(int(items[0]), None, typed, rpe, set_type, assistance=value)


def _rpe_tail(items: list[str]) -> tuple[list[str], float | None]:
    """A set's words without a trailing "rpe 9", "@ 9" or "@ rpe 9", and that RPE (None when there is none)."""
    if len(items) < 2 or not _is_number(items[-1]) or items[-2] not in ("rpe", "@"):
        return items, None
    rpe = checked_rpe(_number(items[-1]), "8 +10kg rpe 8.5")
    cut = 3 if items[-2] == "rpe" and items[-3:-2] == ["@"] else 2
    return items[:-cut], rpe


def looks_like_entry(text: str) -> bool:
    """Could this message be a typed set of any kind? (No database: decides if the workout flow looks.)"""
    for kind in ("duration", "distance_duration", "bodyweight_reps"):
        try:
            if read_entry(text, unit="kg", kind=kind) is not None:
                return True
        except SetInputError:
            return True
    try:
        return read_entry(text, unit="kg", kind="weight_reps") is not None
    except SetInputError:
        return True
