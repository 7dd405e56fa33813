"""Typed input in a workout ("5", "5x100", "100kg x 5", "5 @ 102.5 rpe 8", "5x225lb") and quick workouts.

Everything here is linear-time: the text is cut to a short bound first, split into tokens by one
regex without nested quantifiers, and the tokens are read left to right by hand. A message that
uses words outside the set grammar ("10 reps or 12?") is not a set at all: `read_set` returns None
and the coach answers it as a question. A message in the set grammar that makes no sense ("0",
"5x", "-5") raises SetInputError with a friendly usage line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .catalogue import default_catalogue
from .distances import MAX_METRES, to_metres
from .distances import WORDS as DISTANCE_WORDS
from .plan_edits import kind_of
from .units import MAX_LOAD_KG, Unit, to_kg

SET_USAGE = 'I couldn\'t read that set. Send reps, or reps x load: "5", "5x100", "5 @ 102.5" or "5x100 rpe 8".'
QUICK_USAGE = (
    "Usage: /workout <exercise> <sets>x<reps> [load], e.g. /workout hip thrust 4x6 100kg, "
    "/workout plank 3x45s, /workout pull-up 3x8 +10kg, /workout dips 3xAMRAP, /workout running 5km "
    "or /workout running 3mi"
)
LOAD_USAGE = 'Send the weight as a number, e.g. "60" or "135 lb".'
MAX_SET_CHARS = 80  # "12 reps x 102.5 kg @ rpe 8.5" is 28; anything much longer is a sentence
MAX_QUICK_CHARS = 200

# Gym shorthand for quick workouts. Every entry is also a catalogue alias (a test keeps them in step);
# the workout flow also treats these words as naming a lift in a question.
ALIASES = {
    "ht": "hip thrust",
    "bht": "hip thrust",
    "hip thrusts": "hip thrust",
    "barbell hip thrust": "hip thrust",
    "hipthrust": "hip thrust",
    "glute bridges": "glute bridge",
    "bridge": "glute bridge",
    "rdl": "romanian deadlift",
    "rdls": "romanian deadlift",
    "romanian deadlifts": "romanian deadlift",
    "sl rdl": "single-leg romanian deadlift",
    "dl": "deadlift",
    "deadlifts": "deadlift",
    "sumo": "sumo deadlift",
    "squat": "back squat",
    "squats": "back squat",
    "back squats": "back squat",
    "kb swing": "kettlebell swing",
    "kb swings": "kettlebell swing",
    "swings": "kettlebell swing",
    "bss": "bulgarian split squat",
    "bulgarian": "bulgarian split squat",
    "bulgarians": "bulgarian split squat",
    "lunges": "lunge",
    "step ups": "step-up",
    "step up": "step-up",
    "stepups": "step-up",
    "good mornings": "good morning",
    "back extensions": "back extension",
    "hyperextension": "back extension",
    "leg curl": "hamstring curl",
    "leg curls": "hamstring curl",
    "nordics": "nordic curl",
}

# One token at a time, no nested quantifiers: numbers, unit words, "x" as a separator (only
# before a digit, a space or the end, so "xylophone" stays a word), other words, single symbols.
_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)?|kilograms?|kilos?|kgs?|lbs?|pounds?|reps?|rpe|at(?![a-z])|x(?![a-z])|[×*@:+\-]|[a-z]+|\S"
)
_UNITS = {
    "kg": "kg",
    "kgs": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
}
_SEPARATORS = {"x", "×", "*", "@", "at"}
_SET_WORDS = _SEPARATORS | set(_UNITS) | {"rep", "reps", "rpe", "-", "+", "for"}


class SetInputError(ValueError):
    """Input in the set grammar that can't be a set; the message is a friendly usage hint."""


class SwappedSet(SetInputError):
    """ "135x5": load and reps the wrong way round; `reps`, `load` and `unit` are the set it likely means."""

    def __init__(self, message: str, reps: int, load: float, unit: Unit):
        super().__init__(message)
        self.reps, self.load, self.unit = reps, load, unit


@dataclass(frozen=True)
class SetInput:
    reps: int
    load: float | None  # None: not typed, the card's load applies
    unit: Unit  # the unit the load was typed in (the user's unit when they typed a bare number)
    rpe: float | None = None


@dataclass(frozen=True)
class QuickWorkout:
    exercise: str
    sets: int
    reps_min: int
    reps_max: int
    load: float | None
    unit: Unit
    rest_seconds: int | None = None
    duration_s: int | None = None  # "plank 3x45s": timed sets (reps are 1 hold each)
    distance_m: float | None = None  # "run 1x5km"
    assistance: float | None = None  # "pull-up 3x8 -20kg": band or machine assistance, in `unit`
    distance_unit: str | None = None  # "m", "km" or "mi", as typed


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def names_a_unit(text: str) -> bool:
    """Whether a typed set says its unit ("5x100kg", "5 x 225 lbs"), rather than taking the user's."""
    return any(token in _UNITS for token in tokens(text))


def _is_number(token: str) -> bool:
    return token[:1].isdigit()


def _number(token: str) -> float:
    return float(token.replace(",", "."))


class _Reader:
    def __init__(self, items: list[str]):
        self.items, self.i = items, 0

    def peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.items[j] if j < len(self.items) else ""

    def take(self, *options: str) -> str:
        token = self.peek()
        if token and (token in options or (not options)):
            self.i += 1
            return token
        return ""

    def number(self) -> str:
        token = self.peek()
        if _is_number(token):
            self.i += 1
            return token
        return ""

    def unit(self) -> Unit | None:
        token = self.peek()
        if token in _UNITS:
            self.i += 1
            return _UNITS[token]  # type: ignore[return-value]
        return None

    @property
    def done(self) -> bool:
        return self.i >= len(self.items)


# A number of reps typed as a word ("five", "five reps"): a stranger's "five" mid-workout got the squat setup
# passage. Only as the first word; the rest must still be a set ("five tips" is not).
_WORD_REPS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}


def read_set(text: str, *, unit: Unit) -> SetInput | None:
    """A typed set, None when the text is not in the set grammar, SetInputError when it is but is wrong.

    A bare load means the user's unit; "5x225lb" keeps the unit typed."""
    stripped = (text or "").strip()
    head, _, rest = stripped.partition(" ")
    if (n := _WORD_REPS.get(head.lower().rstrip("."))) is not None:  # "five", "five reps": 5 reps
        stripped = f"{n} {rest}".strip()
    if not stripped or len(stripped) > MAX_SET_CHARS or not (stripped[0].isdigit() or stripped[0] in "-+x×*@"):
        return None
    items = tokens(stripped)
    if any(not (_is_number(t) or t in _SET_WORDS) for t in items):
        return None  # words or symbols outside the grammar: a question or a sentence
    dash = items.index("-") if "-" in items else -1
    if dash > 0 and _is_number(items[dash - 1]):  # "4-6"; "5x-60" is a negative load, below
        raise SetInputError('Send the reps you did as one number, e.g. "5" or "5x100", not a range.')
    if "-" in items:
        raise SetInputError("Reps and loads can't be negative. " + SET_USAGE)
    r = _Reader([t for t in items if t != "+"])
    first = r.number()
    if not first:
        raise SetInputError(SET_USAGE)
    said_reps = r.take("rep", "reps")
    reps_token, load_token, load_unit = first, "", None
    first_unit = r.unit()
    if first_unit is not None or r.peek() == "for":  # "100kg x 5", "100 for 5": the load came first
        if not r.take("x", "×", "*", "for") or not (reps_token := r.number()):
            raise SetInputError(SET_USAGE)
        r.take("rep", "reps")
        load_token, load_unit = first, (first_unit or r.unit())
    elif r.take(*_SEPARATORS):
        if r.peek() == "rpe":  # "5 @ rpe 8"
            r.i -= 1
        elif not (load_token := r.number()):
            raise SetInputError(SET_USAGE)
        else:
            load_unit = r.unit()
    elif _is_number(r.peek()) and (r.peek(1) in _UNITS or said_reps):  # "5 reps 100kg", "5 reps 100"
        load_token = r.number()
        load_unit = r.unit()
    rpe_token = ""
    if r.take("@", "rpe"):
        r.take("rpe")
        if not (rpe_token := r.number()):
            raise SetInputError(SET_USAGE)
    if not r.done:
        raise SetInputError(SET_USAGE)
    return _validated(reps_token, load_token, load_unit or unit, rpe_token)


def _validated(reps_token: str, load_token: str, unit: Unit, rpe_token: str) -> SetInput:
    if not reps_token.isdigit():
        raise SetInputError("Reps are a whole number. " + SET_USAGE)
    reps = int(reps_token)
    if reps == 0:
        raise SetInputError("0 reps doesn't log a set. Send the reps you did, or tap ⏭ Skip set.")
    load = _number(load_token) if load_token else None
    if reps > 100:
        if load is not None and load == int(load) and 1 <= load <= 100 and to_kg(reps, unit) <= MAX_LOAD_KG:
            raise SwappedSet(
                f'That\'s more than 100 reps. Reps come first: did you mean "{load:g}x{reps}"? '
                'Send reps x load, e.g. "5x100".',
                int(load),
                float(reps),
                unit,
            )
        raise SetInputError('That\'s more than 100 reps. Send reps x load, e.g. "5x100".')
    if load is not None and not 0 <= to_kg(load, unit) <= MAX_LOAD_KG:
        raise SetInputError('That load looks impossible. Send it like "5x100" or "5x225lb".')
    rpe = checked_rpe(_number(rpe_token), "5x100 rpe 8.5") if rpe_token else None
    return SetInput(reps, load, unit, rpe)


def checked_rpe(rpe: float, example: str) -> float:
    """An RPE as typed, if it is one: 1 to 10 in half steps."""
    if not 1 <= rpe <= 10 or rpe * 2 != int(rpe * 2):
        raise SetInputError(f'RPE goes from 1 to 10 in half steps, e.g. "{example}".')
    return rpe


def read_load(text: str, *, unit: Unit) -> tuple[float, Unit] | None:
    """A weight typed on its own ("60", "135 lb"), None if the text is not just a weight."""
    stripped = (text or "").strip()
    if not stripped or len(stripped) > MAX_SET_CHARS:
        return None
    items = tokens(stripped)
    if items[:1] == ["-"] and len(items) in (2, 3) and _is_number(items[1]):
        raise SetInputError("A weight can't be negative. " + LOAD_USAGE)
    r = _Reader(items)
    value = r.number()
    typed_unit = r.unit() if value else None
    if not value or not r.done:
        return None
    load = _number(value)
    chosen: Unit = typed_unit or unit
    if not 0 < to_kg(load, chosen) <= MAX_LOAD_KG:
        raise SetInputError("That weight looks impossible. " + LOAD_USAGE)
    return load, chosen


def normalise_exercise(name: str) -> str:
    """The catalogue name for a typed name or alias ("pull ups" -> "pull-up"); an unknown name, tidied."""
    cleaned = " ".join(name.lower().replace("_", " ").split())
    if cleaned in ALIASES:
        return ALIASES[cleaned]
    found = default_catalogue().resolve(cleaned)
    return found.name if found is not None else cleaned


_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz -'")


def parse_quick_workout(text: str, *, unit: Unit) -> QuickWorkout:
    """ "hip thrust 4x6-8 100kg rest 90" -> QuickWorkout; SetInputError (usage) otherwise."""
    stripped = " ".join((text or "").split()).lower()
    if not stripped or len(stripped) > MAX_QUICK_CHARS:
        raise SetInputError(QUICK_USAGE)
    digit = next((i for i, ch in enumerate(stripped) if ch.isdigit()), -1)
    name = stripped[:digit].strip() if digit > 0 else ""
    if not name or not set(name) <= _NAME_CHARS or not name[0].isalpha():
        raise SetInputError(QUICK_USAGE)
    name = name.rstrip(" -")
    bodyweight = kind_of(normalise_exercise(name)) == "bodyweight_reps"
    if " -" in stripped[digit:] and not bodyweight:  # "4x6 -100kg": a range is written "8-10", without a space
        tail = stripped[digit:].lower()
        what = "Rest" if tail[: tail.index(" -")].rstrip().endswith("rest") else "A load"
        raise SetInputError(f"{what} can't be negative. " + QUICK_USAGE)
    body = stripped[digit:].replace(" -", " assist ") if bodyweight else stripped[digit:]  # "3x8 -20kg": assisted
    r = _Reader(tokens(body))
    sets_t = r.number()
    if sets_t and (r.peek() in _TIME_WORDS or r.peek() in _DISTANCE_WORDS):
        sets_t, rmin_t = "1", sets_t  # a time or distance with no set count is one set ("running 3mi", "plank 45s")
    elif not sets_t or not r.take("x", "×", "*") or not (rmin_t := r.number()):
        raise SetInputError(QUICK_USAGE)
    rmax_t = rmin_t
    timed = _timed_target(r, rmin_t)
    if timed is None and r.take("-"):
        if not (rmax_t := r.number()):
            raise SetInputError(QUICK_USAGE)
    r.take("rep", "reps")
    r.take("@", "at")
    sign = r.take("+", "assist") if bodyweight else r.take("+")
    if r.peek() == "-":
        raise SetInputError("A load can't be negative. " + QUICK_USAGE)
    load_t = r.number()
    if sign and not load_t:
        raise SetInputError(QUICK_USAGE)
    block_unit: Unit = (r.unit() or unit) if load_t else unit
    rest_t = ""
    if r.take("rest"):
        rest_t = r.number()
        r.take("s", "sec", "secs", "seconds")
        if not rest_t:
            raise SetInputError(QUICK_USAGE)
    numbers = (sets_t,) + ((rmin_t, rmax_t) if timed is None else ()) + ((rest_t,) if rest_t else ())
    if not r.done or not all(t.isdigit() for t in numbers):
        raise SetInputError(QUICK_USAGE)
    sets = int(sets_t)
    rmin, rmax = (int(rmin_t), int(rmax_t)) if timed is None else (1, 1)
    if timed is None and rmin == rmax and not load_t and kind_of(normalise_exercise(name)) == "duration":
        if not 1 <= rmin <= 3600:
            raise SetInputError("A hold goes from 1 to 3600 seconds. " + QUICK_USAGE)
        timed, rmin, rmax = (rmin, None, None), 1, 1  # "plank 3x45": a 45 s hold, not 45 reps
    if not 1 <= sets <= 20 or not 1 <= rmin <= rmax <= 100:
        raise SetInputError("Sets go from 1 to 20 and reps from 1 to 100. " + QUICK_USAGE)
    load = _number(load_t) if load_t and _number(load_t) > 0 else None  # "0kg" is no load: asked for, or bodyweight
    if load is not None and not 0 <= to_kg(load, block_unit) <= MAX_LOAD_KG:
        raise SetInputError("That load looks impossible. " + QUICK_USAGE)
    rest = int(rest_t) if rest_t else None
    if rest is not None and not 0 <= rest <= 900:
        raise SetInputError("Rest goes from 0 to 900 seconds. " + QUICK_USAGE)
    assistance = load if sign == "assist" else None
    load = None if sign == "assist" else load
    duration, distance, distance_unit = timed if timed is not None else (None, None, None)
    exercise = normalise_exercise(name)
    if len(exercise) > 60:
        raise SetInputError(QUICK_USAGE)
    return QuickWorkout(
        exercise, sets, rmin, rmax, load, block_unit, rest, duration, distance, assistance, distance_unit
    )


_TIME_WORDS = {"s": 1, "sec": 1, "secs": 1, "seconds": 1, "min": 60, "mins": 60, "minutes": 60}
_DISTANCE_WORDS = DISTANCE_WORDS  # m, km, k, mi, miles and the spelled-out words


def _timed_target(r: _Reader, amount: str) -> tuple[int | None, float | None, str | None] | None:
    """ "3x45s" or "3x2min" (a hold), "1x5km", "1x3mi" or "4x400m" (a distance: metres and the unit typed)
    right after the sets; else None."""
    word = r.peek()
    if word in _TIME_WORDS:
        r.take(word)
        seconds = _number(amount) * _TIME_WORDS[word]
        if not 1 <= seconds <= 6 * 3600:
            raise SetInputError("A hold goes from 1 second to 6 hours. " + QUICK_USAGE)
        return int(seconds), None, None
    if word in _DISTANCE_WORDS:
        r.take(word)
        unit = _DISTANCE_WORDS[word]
        metres = to_metres(_number(amount), unit)
        if not 0 < metres <= MAX_METRES:
            raise SetInputError("A distance goes up to 1000 km. " + QUICK_USAGE)
        return None, metres, unit
    return None
