"""Routines as plain text: parse what a user types into routine lines (routine_render writes them back).

One exercise per line, `<exercise> <sets>x<target> [load] [rpe N] [rest T] [warmup]`, where the target
is reps (`5`, `8-10`), `AMRAP`, a time (`45s`, `2min`, `1:30`) or a distance (`400m`, `5km`, `3mi`). A
superset is one line: `superset: curl 3x12 / triceps pushdown 3x12` (two or more exercises, alternated).
`routine_render.render_lines(parse_lines(text))` is text that parses to the same lines (a property test
holds us to it).

Linear-time: the text is capped at 4,096 characters and at MAX_LINES lines, each line is cut into
tokens by one regex without nested quantifiers and read left to right. Exercise names are checked
against the catalogue separately (`resolve_names`), so parsing needs no catalogue.
Pure domain code: no Telegram, no database.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from .distances import MAX_METRES, to_metres
from .distances import WORDS as DISTANCE_WORDS
from .units import Unit, to_kg

MAX_TEXT_CHARS = 4096
MAX_LINE_CHARS = 200  # one exercise (a superset line holds several)
MAX_EXERCISES = 15  # a Program holds at most 15 blocks
MAX_NAME_CHARS = 40
MAX_LOAD_KG = 1000.0
EXAMPLE = "bench press 3x5 80kg"
LINE_HELP = (
    "Write one exercise per line: <code>bench press 3x5 80kg</code>, <code>overhead press 3x8-10 rest 90</code>, "
    "<code>dips 3xAMRAP</code>, <code>plank 3x45s</code>, <code>superset: curl 3x12 / triceps pushdown 3x12</code>."
)
SUPERSET_LABELS = "ABCDEFGHIJKLMNOP"

# Where the exercise name ends: the first "<sets>x" ("3x5", "3 x 5", "3×AMRAP").
_SETS = re.compile(r"(?<![\w.,])(\d{1,3}) ?[x×*] ?(?=[\da-z])")
_NEGATIVE = re.compile(r" [-−]\d")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+|\S")
_UNITS: dict[str, Unit] = {"kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg"}
_UNITS |= {"lb": "lb", "lbs": "lb", "pounds": "lb"}
_SECONDS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "min": 60, "mins": 60, "minute": 60, "minutes": 60}
_METRES = DISTANCE_WORDS  # m, km (k, kms: "5k" as in typed runs) and mi
_NAME_CHARS = re.compile(r"[^\w '&+()#./-]")


class RoutineError(ValueError):
    """A line that can't be read; `line` is its 1-based number in the text the user sent (0: not a line).
    The message is Telegram-safe HTML: the user's text in it is escaped."""

    def __init__(self, line: int, text: str, problem: str):
        self.line, self.text, self.problem = line, text, problem
        where = f"Line {line} (“{html.escape(clip(text), quote=False)}”): " if line else ""
        super().__init__(where + problem)


@dataclass(frozen=True)
class RoutineLine:
    """One exercise of a routine. Exactly one target kind: reps (min..max), amrap, duration_s or distance_m."""

    exercise: str
    sets: int
    reps_min: int | None = None
    reps_max: int | None = None
    amrap: bool = False
    duration_s: int | None = None
    distance_m: float | None = None
    distance_unit: str | None = None  # "m", "km" or "mi": as typed, to show and write it back so
    load: float | None = None  # for a bodyweight exercise: the added load
    unit: Unit = "kg"  # the load's unit ("kg" when there is no load)
    rpe: float | None = None
    rest_s: int | None = None  # None: the user's default rest from /settings
    warmup: bool = False
    superset: str | None = None  # lines sharing a label are one superset ("A", "B"... in order)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> RoutineLine:
        fields = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in raw.items() if k in fields})


@dataclass(frozen=True)
class Routine:
    name: str
    lines: tuple[RoutineLine, ...]


# --- names ------------------------------------------------------------------------------
def clean_name(text: str) -> str:
    """A routine name as stored: single spaces, 1-40 characters; RoutineError says what is wrong."""
    name = " ".join((text or "").split())
    if not name:
        raise RoutineError(0, "", "The routine needs a name, e.g. <code>/routine new Push A</code>.")
    if len(name) > MAX_NAME_CHARS:
        raise RoutineError(0, "", f"Keep the routine name under {MAX_NAME_CHARS} characters.")
    if _NAME_CHARS.search(name) or _SETS.search(name.lower()):
        raise RoutineError(
            0, "", "A routine name has letters, digits and spaces only; put the exercises on the lines after it."
        )
    if name.casefold() in RESERVED_NAMES:
        raise RoutineError(0, "", f"“{name}” is a word the routine editor uses; call the routine something else.")
    return name


# Words the editor and prompts read as commands: a routine named "done" (a stranger's, typed to finish) could
# never be told apart from the word that closes the editor.
RESERVED_NAMES = frozenset({"done", "cancel", "stop", "finish", "save", "yes", "no", "ok", "okay", "help", "quit"})


def routine_key(name: str) -> str:
    """What two spellings of one routine name share ("push  a" and "Push A"; a built-in title's commas)."""
    return " ".join(name.casefold().replace(",", " ").split())


def name_from_title(title: str) -> str:
    """A valid routine name for a template title: characters a name can't hold dropped, cut at a word."""
    name = " ".join(_NAME_CHARS.sub("", title).split())
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS + 1].rsplit(" ", 1)[0][:MAX_NAME_CHARS]
    return name or "My routine"


# --- parsing --------------------------------------------------------------------------------
def parse_lines(text: str, unit: Unit) -> tuple[RoutineLine, ...]:
    """Every exercise in the text (blank lines skipped), superset labels given in order. A bare load is
    in `unit`; a load typed with its unit keeps it. Names are as typed (see routine_ops.resolve_names)."""
    return parse_numbered(text, unit)[0]


def parse_numbered(text: str, unit: Unit) -> tuple[tuple[RoutineLine, ...], tuple[int, ...]]:
    """parse_lines, plus the 1-based number of the text line each exercise came from."""
    if len(text) > MAX_TEXT_CHARS:
        raise RoutineError(0, "", "That message is too long for a routine.")
    out: list[RoutineLine] = []
    numbers: list[int] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.strip():
            parsed = parse_line(raw, unit, number)
            out.extend(parsed)
            numbers.extend([number] * len(parsed))
            if len(out) > MAX_EXERCISES:
                raise RoutineError(number, raw, f"A routine holds at most {MAX_EXERCISES} exercises.")
    if not out:
        raise RoutineError(0, "", "I found no exercises. " + LINE_HELP)
    return relabel(out), tuple(numbers)


def parse_line(raw: str, unit: Unit, number: int = 1) -> list[RoutineLine]:
    """One line: an exercise, or a superset of two or more (labelled "#<line>" until `relabel`)."""
    line = " ".join(raw[: MAX_TEXT_CHARS + 1].split()).lower()
    head, colon, body = line.partition(":")
    if head.strip() in ("superset", "ss") and colon or line.startswith("superset "):
        parts = (body if colon else line[len("superset ") :]).split("/")
        if len(parts) > MAX_EXERCISES:  # refused before reading any: a routine holds no more
            raise RoutineError(number, raw, f"A routine holds at most {MAX_EXERCISES} exercises.")
        if len(parts) < 2:
            raise RoutineError(number, raw, "A superset needs two or more exercises split by “/”: " + _SS_EXAMPLE)
        return [replace(_exercise(p, unit, number, raw), superset=f"#{number}") for p in parts]
    if "/" in line:
        raise RoutineError(number, raw, "To alternate exercises, start the line with “superset:”: " + _SS_EXAMPLE)
    return [_exercise(line, unit, number, raw)]


_SS_EXAMPLE = "<code>superset: curl 3x12 / triceps pushdown 3x12</code>"


def _exercise(part: str, unit: Unit, number: int, raw: str) -> RoutineLine:
    part = part.strip()
    if len(part) > MAX_LINE_CHARS:
        raise RoutineError(number, raw, "That exercise is too long to read.")
    found = _SETS.search(part)
    if found is not None:
        name, rest, sets = part[: found.start()].strip(" -"), part[found.end() :], int(found.group(1))
    elif (single := _one_set(part)) is not None:
        name, rest, sets = *single, 1
    else:
        raise RoutineError(number, raw, f"I can't find the sets and reps. Write them like <code>{EXAMPLE}</code>.")
    if not name or not name[0].isalpha():
        raise RoutineError(number, raw, f"Put the exercise name first, like <code>{EXAMPLE}</code>.")
    if " -" in rest and (negative := _NEGATIVE.search(rest)):  # "3x5 -80kg"; a range is written "8-10"
        said = "Rest can't be negative." if rest[: negative.start()].rstrip().endswith("rest") else ""
        raise RoutineError(number, raw, said or "Loads can't be negative.")
    r = _Tokens(_TOKEN.findall(rest), number, raw)
    if not 1 <= sets <= 20:
        raise RoutineError(number, raw, "Sets go from 1 to 20.")
    values: dict[str, Any] = {"exercise": name, "sets": sets, "unit": "kg"}  # no load: no unit of its own
    values.update(_target(r))
    while not r.done:
        _option(r, values, unit)
    return RoutineLine(**values)


def one_set_line(line: str) -> bool:
    """Cheap: does this line start as a one-set time or distance ("running 5km", "plank 60s")?"""
    return _one_set(" ".join(line[:MAX_LINE_CHARS].lower().split())) is not None


def _one_set(part: str) -> tuple[str, str] | None:
    """(name, target and options) of a time or a distance with no set count ("running 5km", "plank 60s",
    "plank 1:30", "rowing 2000m"): one set, as "squat 5x5" is five. A bare number ("squat 5") stays
    unread: it could be sets or reps. One pass to the first digit, then two tokens: linear."""
    digit = next((i for i, ch in enumerate(part) if ch.isdigit()), -1)
    if digit <= 0:
        return None
    head = _TOKEN.findall(part[digit : digit + 40])[:2]  # a number and the word after it
    if len(head) < 2 or not (head[1] in _SECONDS or head[1] in _METRES or head[1] == ":"):
        return None
    return part[:digit].strip(" -"), part[digit:]


def _target(r: _Tokens) -> dict[str, Any]:
    first = r.take()
    if first == "amrap":
        return {"amrap": True}
    if not _is_number(first):
        r.fail("After the sets, write reps (5 or 8-10), AMRAP, a time (45s, 2min) or a distance (400m, 5km, 3mi).")
    value = _number(first)
    if r.peek() in _SECONDS:
        return {"duration_s": _duration(r, value * _SECONDS[r.take()])}
    if r.peek() == ":":
        r.take()
        return {"duration_s": _duration(r, value * 60 + _seconds_part(r))}
    if r.peek() in _METRES:
        unit = _METRES[r.take()]
        if not 0 < (metres := to_metres(value, unit)) <= MAX_METRES:
            r.fail("A distance goes up to 1,000 km.")
        return {"distance_m": metres, "distance_unit": unit}
    if r.peek() == "-":
        r.take()
        top = r.take()
        if not _is_number(top):
            r.fail("Write a rep range like 8-10.")
        low, high = _reps(r, first), _reps(r, top)
    else:
        low = high = _reps(r, first)
    if low > high:
        r.fail("A rep range goes from low to high, like 8-10.")
    return {"reps_min": low, "reps_max": high}


def _option(r: _Tokens, values: dict[str, Any], unit: Unit) -> None:
    word = r.take()
    if word == "rest":
        r.take_if("for")
        amount = r.take()
        if not _is_number(amount):
            r.fail("Write the rest in seconds, like “rest 90”.")
        seconds = _number(amount) * (_SECONDS[r.take()] if r.peek() in _SECONDS else 1)
        if r.peek() == ":":
            r.take()
            seconds = _number(amount) * 60 + _seconds_part(r)
        if seconds != int(seconds) or not 0 <= seconds <= 900:
            r.fail("Rest goes from 0 to 900 seconds (15 minutes).")
        _once(r, values, "rest_s", int(seconds))
    elif word == "rpe" or (word == "@" and r.peek() == "rpe"):
        r.take_if("rpe")
        amount = r.take()
        rpe = _number(amount) if _is_number(amount) else 0
        if not 1 <= rpe <= 10 or rpe * 2 != int(rpe * 2):
            r.fail("RPE goes from 1 to 10 in half steps, like “rpe 8”.")
        _once(r, values, "rpe", rpe)
    elif word in ("warmup", "warm"):
        if word == "warm":
            r.take_if("-")
            if not r.take_if("up"):
                r.fail("Write “warmup” for a warm-up ramp before the first set.")
        _once(r, values, "warmup", True)
    elif word in ("+", "@") or _is_number(word):
        amount = word if _is_number(word) else r.take()
        if not _is_number(amount):
            r.fail("Write the load as a number, like 80kg or 135lb.")
        load_unit = _UNITS.get(r.peek(), unit)
        if r.peek() in _UNITS:
            r.take()
        load = round(_number(amount), 2)
        if not 0 < to_kg(load, load_unit) <= MAX_LOAD_KG:
            r.fail("A load goes above 0 and up to 1,000 kg; leave it out for bodyweight.")
        _once(r, values, "load", load)
        values["unit"] = load_unit
    elif word in ("bw", "bodyweight"):
        pass  # the default: no load
    elif word == "-":
        r.fail("Loads can't be negative.")
    else:
        r.fail(f"I don't understand “{html.escape(clip(word, 20), quote=False)}” there.")


def _once(r: _Tokens, values: dict[str, Any], key: str, value: Any) -> None:
    if key in values and key != "unit":
        r.fail("Give each option once.")
    values[key] = value


def _duration(r: _Tokens, seconds: float) -> int:
    if seconds != int(seconds) or not 1 <= seconds <= 6 * 3600:
        r.fail("A time goes from 1 second to 6 hours, in whole seconds.")
    return int(seconds)


def _seconds_part(r: _Tokens) -> int:
    part = r.take()
    if not (part.isdigit() and len(part) == 2 and int(part) < 60):
        r.fail("Write minutes and seconds like 1:30.")
    return int(part)


def _reps(r: _Tokens, token: str) -> int:
    if not token.isdigit() or not 1 <= int(token) <= 100:
        r.fail("Reps are whole numbers from 1 to 100.")
    return int(token)


def _is_number(token: str) -> bool:
    return token[:1].isdigit()


def _number(token: str) -> float:
    return float(token.replace(",", "."))


class _Tokens:
    def __init__(self, items: list[str], number: int, raw: str):
        self.items, self.i, self.number, self.raw = items, 0, number, raw

    def peek(self) -> str:
        return self.items[self.i] if self.i < len(self.items) else ""

    def take(self) -> str:
        token = self.peek()
        self.i += 1 if token else 0
        return token

    def take_if(self, token: str) -> bool:
        if self.peek() == token:
            self.i += 1
            return True
        return False

    @property
    def done(self) -> bool:
        return self.i >= len(self.items)

    def fail(self, problem: str) -> Any:
        raise RoutineError(self.number, self.raw, problem)


def relabel(lines: Iterable[RoutineLine]) -> tuple[RoutineLine, ...]:
    """Superset labels A, B, C... in order of appearance; a new label starts wherever a run of one label
    is interrupted, and a "superset" of one exercise is no superset."""
    runs: list[list[RoutineLine]] = []
    for line in lines:
        if runs and line.superset is not None and runs[-1][0].superset == line.superset:
            runs[-1].append(line)
        else:
            runs.append([line])
    out: list[RoutineLine] = []
    labels = iter(SUPERSET_LABELS)
    for run in runs:
        label = next(labels, None) if len(run) > 1 and run[0].superset is not None else None
        out.extend(replace(line, superset=label) for line in run)
    return tuple(out)


def groups(lines: Iterable[RoutineLine]) -> list[tuple[RoutineLine, ...]]:
    """The routine as the user sees it: one entry per line, a superset being one entry."""
    out: list[list[RoutineLine]] = []
    for line in lines:
        if out and line.superset is not None and out[-1][0].superset == line.superset:
            out[-1].append(line)
        else:
            out.append([line])
    return [tuple(g) for g in out]


def clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
