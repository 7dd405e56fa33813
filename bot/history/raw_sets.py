"""One imported row as written (`RawSet`), checked field by field, and its shaping into a `SetRecord`
once its exercise (and so its kind) is known. Every check is linear in the row's length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..training.catalogue import MAX_NAME_CHARS, Exercise, ExerciseKind
from ..training.distances import UNITS as DISTANCE_UNITS
from .records import SetRecord

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)  # time zones and clock skew; later dates are typos
SET_TYPES = ("warmup", "working", "drop", "failure")
MAX_DURATION_S = 48 * 3600.0
MAX_DISTANCE_M = 1_000_000.0
# Strong writes dates ISO-like (24 h, or 12 h with a narrow space before AM/PM), Hevy "26 Jul 2025, 07:06".
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %H:%M", "%d %b %Y, %H:%M", "%d %B %Y, %H:%M")


@dataclass(frozen=True)
class RawSet:
    when: datetime
    session: str  # the source's session key
    workout: str
    name: str  # as written
    set_number: int
    set_type: str
    reps: int
    weight: float | None  # the weight column as written (Strong and Hevy write 0 for "none")
    unit: str
    rpe: float | None
    duration_s: float | None = None
    distance_m: float | None = None
    assistance: float | None = None
    kind: ExerciseKind | None = None  # our export says it; the apps don't
    distance_unit: str | None = None  # "m", "km" or "mi": the unit the file wrote the distance in


def tidy_name(name: str) -> str:
    """How an exercise nothing resolves is stored: lowercase, single spaces (as typed names are)."""
    return " ".join(name.lower().replace("_", " ").split())


def number(text: str, what: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{what} “{text[:12]}” is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{what} out of range")
    return value


def count(text: str, what: str, high: int) -> int:
    try:
        value = int(float(text or "0"))
    except (ValueError, OverflowError):
        raise ValueError(f"{what} “{text[:12]}” is not a number") from None
    if not 0 <= value <= high:
        raise ValueError(f"{what} out of range")
    return value


def set_number(text: str) -> int:
    try:
        return min(100, max(1, int(float(text))))
    except (ValueError, OverflowError):
        return 1


def rpe(text: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError("RPE is not a number") from None
    if not 1 <= value <= 10:
        raise ValueError("RPE must be 1 to 10")
    return value


def unit(text: str) -> str:
    value = text.lower().replace("lbs", "lb")
    if value not in ("kg", "lb"):
        raise ValueError(f"unknown unit “{value[:8]}”")
    return value


def exercise_name(text: str) -> str:
    if not text or len(text) > MAX_NAME_CHARS:
        raise ValueError("missing or over-long exercise name")
    return text.strip()


def parse_date(text: str) -> datetime:
    text = text[:40].replace("\u202f", " ").replace("\u00a0", " ")
    value: datetime | None = None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        for pattern in _DATE_FORMATS:
            try:
                value = datetime.strptime(text.upper() if "%p" in pattern else text, pattern)
                break
            except ValueError:
                continue
    if value is None:
        raise ValueError(f"date “{text[:20]}” is not an ISO date")
    try:
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is in year 10000 in UTC
        value = datetime.max.replace(tzinfo=UTC)
    if not EARLIEST <= value <= datetime.now(UTC) + FUTURE_SLACK:
        raise ValueError(f"date “{text[:20]}” is before 1970 or in the future")
    return value


def record_of(s: RawSet, exercise: Exercise, *, exact: bool) -> SetRecord:
    """The set as history keeps it, under the exercise's canonical name. `exact`: the row is our own
    export (values as they were logged); else an app's, whose weight column means what the kind says:
    added load, assistance on an assisted lift (or a negative weight), nothing when 0 on bodyweight work."""
    load, assistance = s.weight, s.assistance
    if not exact:
        load, assistance = _app_load(s.weight, exercise)
    if load is not None and not 0 <= load <= 2000:
        raise ValueError("weight out of range")
    if assistance is not None and not 0 <= assistance <= 2000:
        raise ValueError("assistance out of range")
    duration = _positive(s.duration_s, MAX_DURATION_S, "duration", exact)
    distance = _positive(s.distance_m, MAX_DISTANCE_M, "distance", exact)
    return SetRecord(
        s.when,
        s.session,
        s.workout[:200],
        exercise.name,
        s.set_number,
        s.reps,
        load,
        s.unit,
        s.rpe,
        set_type=s.set_type,
        duration_s=duration,
        distance_m=distance,
        assistance=assistance,
        distance_unit=s.distance_unit if distance is not None and s.distance_unit in DISTANCE_UNITS else None,
    )


def _app_load(weight: float | None, exercise: Exercise) -> tuple[float | None, float | None]:
    if exercise.kind is ExerciseKind.WEIGHT_REPS:
        return weight, None
    if not weight:
        return None, None
    if exercise.kind is ExerciseKind.BODYWEIGHT_REPS and (weight < 0 or exercise.name.startswith("assisted")):
        return None, abs(weight)
    return weight, None


def _positive(value: float | None, high: float, what: str, exact: bool) -> float | None:
    if value is None or (value == 0 and not exact):  # the apps write 0 for "not timed" and "no distance"
        return None
    if not 0 <= value <= high:
        raise ValueError(f"{what} out of range")
    return value
