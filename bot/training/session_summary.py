"""The end-of-workout numbers: per exercise sets, reps, volume, best estimated 1RM and the personal
records of each kind, from the sets actually logged (after undo and edits). Warm-ups never count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..history.records import SetRecord
from .units import SAME_LOAD_KG


@dataclass(frozen=True)
class Record:
    kind: str  # "e1rm" | "load" (heaviest for `reps` or more) | "volume" (one session's volume)
    value_kg: float
    reps: int = 0
    load: float | None = None  # a "load" record: the set's load as typed...
    unit: str = "kg"  # ...and its unit


@dataclass(frozen=True)
class ExerciseSummary:
    exercise: str
    sets: int
    reps: int
    volume_kg: float
    best_e1rm_kg: float
    first_time: bool  # no earlier session had it: the baseline, not a record broken
    records: tuple[Record, ...] = ()
    longest_s: float | None = None  # a timed exercise: its longest hold
    distance_m: float | None = None  # a distance exercise: the distance covered...
    duration_s: float | None = None  # ...and the time it took
    volume_parts: tuple[tuple[float, str], ...] = ()  # reps x load of each loaded set, in its typed unit
    distance_units: tuple[str | None, ...] = ()  # a distance exercise: the unit each distance was typed in
    on_body: bool = False  # a bodyweight lift: its e1RM counts the body weight, and needs one logged


@dataclass(frozen=True)
class WorkoutSummary:
    sets: int
    skipped: int
    reps: int
    volume_kg: float
    exercises: tuple[ExerciseSummary, ...]
    warmups: int = 0  # warm-up sets done: shown apart, never counted as work
    volume_parts: tuple[tuple[float, str], ...] = ()  # as ExerciseSummary's, for the whole session


def _volume(sets: Sequence[SetRecord]) -> float:
    return sum(s.reps * s.load_kg for s in sets)


def volume_parts(sets: Sequence[SetRecord]) -> tuple[tuple[float, str], ...]:
    """Each loaded set's reps x load in the unit it was typed in, for `units.show_total`."""
    return tuple((s.reps * s.load, s.unit) for s in sets if s.load is not None and s.reps > 0)


def _timed(s: SetRecord) -> bool:
    return s.duration_s is not None or s.distance_m is not None


def summarize(session: Sequence[SetRecord], skipped: int, earlier: Sequence[SetRecord]) -> WorkoutSummary:
    """Working sets only: warm-ups are counted apart and never make a record."""
    work = [s for s in session if s.counts]
    by_exercise: dict[str, list[SetRecord]] = defaultdict(list)
    for s in work:
        by_exercise[s.exercise].append(s)
    before: dict[str, list[SetRecord]] = defaultdict(list)
    for s in earlier:
        if s.counts:
            before[s.exercise].append(s)
    exercises = []
    for name, sets in by_exercise.items():
        best = max((s.e1rm_kg for s in sets), default=0.0)
        history = before.get(name, [])
        holds = [s.duration_s for s in sets if s.duration_s is not None and s.distance_m is None]
        runs = [s for s in sets if s.distance_m is not None]
        exercises.append(
            ExerciseSummary(
                name,
                len(sets),
                sum(s.reps for s in sets if not _timed(s)),
                _volume(sets),
                best,
                not history,
                _records(sets, history),
                max(holds) if holds else None,
                sum(s.distance_m or 0 for s in runs) if runs else None,
                sum(s.duration_s or 0 for s in runs) if runs and all(s.duration_s for s in runs) else None,
                volume_parts(sets),
                tuple(s.distance_unit for s in runs),
                any(s.on_body for s in sets),
            )
        )
    return WorkoutSummary(
        len(work),
        skipped,
        sum(e.reps for e in exercises),
        sum(e.volume_kg for e in exercises),
        tuple(exercises),
        len(session) - len(work),
        volume_parts(work),
    )


def _records(sets: Sequence[SetRecord], history: Sequence[SetRecord]) -> tuple[Record, ...]:
    if not history:
        return ()
    out = []
    top = max(sets, key=lambda s: s.e1rm_kg)
    best = top.e1rm_kg
    # the same-load margin grows with the reps as Epley grows the load: 1.03x at 1 rep, 1.33x at 10
    if best > 0 and best > max(h.e1rm_kg for h in history) + SAME_LOAD_KG * (1 + top.reps / 30):
        out.append(Record("e1rm", best))
    heaviest: Record | None = None
    for s in sets:
        if s.load is None:
            continue
        previous = [h.load_kg for h in history if h.load is not None and h.reps >= s.reps]
        if (
            previous
            and s.load_kg > max(previous) + SAME_LOAD_KG
            and (heaviest is None or s.load_kg > heaviest.value_kg)
        ):
            heaviest = Record("load", s.load_kg, s.reps, s.load, s.unit)
    if heaviest:
        out.append(heaviest)
    per_session: dict[str, float] = defaultdict(float)
    for h in history:
        per_session[h.session_id] += h.reps * h.load_kg
    volume = _volume(sets)
    reps = sum(s.reps for s in sets if s.load is not None)
    if volume > 0 and volume > max(per_session.values(), default=0.0) + SAME_LOAD_KG * reps:
        out.append(Record("volume", volume))
    return tuple(out)
