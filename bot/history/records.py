"""One logged set, as history, export and charts see it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ..training.units import SAME_LOAD_KG, to_kg

__all__ = ["RECORD_KINDS", "Best", "SetRecord", "bests", "body_weight_at", "estimated_1rm", "metric_value", "weighed"]
WEIGH_IN_AFTER = timedelta(days=14)  # a first /bw this soon after a set still stands for that day


def estimated_1rm(load: float, reps: int) -> float:
    """Epley's formula; one rep is the load itself, zero reps estimate nothing. Reps above ~12 make
    it rough, but it still shows the trend."""
    if reps <= 0 or load <= 0:
        return 0.0
    return load if reps == 1 else load * (1 + reps / 30)


@dataclass(frozen=True)
class SetRecord:
    performed_at: datetime  # aware, UTC
    session_id: str
    workout: str
    exercise: str
    set_number: int
    reps: int
    load: float | None  # as entered; None for bodyweight
    unit: str  # "kg" or "lb"
    rpe: float | None = None
    position: int = -1  # plan position in its session; -1 for imported sets
    reps_min: int | None = None  # the target range the set was done for, when known
    reps_max: int | None = None
    event_id: str = ""  # the event that logged it (an edited Telegram message must still own its set)
    # Set kinds beyond load x reps (the event payload's optional keys of the same names):
    set_type: str = "working"  # "warmup", "working", "drop" or "failure"; warm-ups count for no record
    duration_s: float | None = None  # a timed set (a plank) or the time of a distance set
    distance_m: float | None = None  # a distance set (a run, a row)
    assistance: float | None = None  # machine or band assistance on a bodyweight lift, in `unit`
    distance_unit: str | None = None  # "m", "km" or "mi" as typed (None: older sets, shown by size)
    # A bodyweight lift (pull-up, dip): its load is added to the body, so its estimated 1RM is the
    # body weight plus that load (less assistance); with no body weight known there is no estimate.
    on_body: bool = False
    body_kg: float | None = None  # the lifter's body weight then (see `weighed`)

    @property
    def counts(self) -> bool:
        """Whether the set counts for records, volume and progression (warm-ups do not)."""
        return self.set_type != "warmup"

    def in_range(self, reps_min: int, reps_max: int) -> bool:
        """Done for this rep range: its target said so; a set with no target (imported) counts for every
        range of its exercise. The apps keep no targets, and reps can't tell a failed 5-rep day (3, 3)
        from another block: reading them by their reps dropped misses (and whole later sessions), so an
        older success earned the step. Strong and Hevy show the exercise's previous session: so do we."""
        if self.reps_min is not None and self.reps_max is not None:
            return (self.reps_min, self.reps_max) == (reps_min, reps_max)
        return True

    @property
    def load_kg(self) -> float:
        return 0.0 if self.load is None else to_kg(self.load, self.unit)

    @property
    def e1rm_kg(self) -> float:
        if not self.on_body:
            return estimated_1rm(self.load_kg, self.reps)
        if self.body_kg is None:
            return 0.0  # not the added load's estimate: that is no 1RM of a pull-up
        assisted = 0.0 if self.assistance is None else to_kg(self.assistance, self.unit)
        return estimated_1rm(self.body_kg + self.load_kg - assisted, self.reps)


def body_weight_at(entries: Sequence[tuple[datetime, float]], at: datetime) -> float | None:
    """The body weight (kg) at a moment, from (time, kg) entries oldest first: the last one on or before
    it, else the first one if it came soon after (WEIGH_IN_AFTER); None when nothing is that close."""
    i = bisect_right(entries, at, key=lambda entry: entry[0])
    if i > 0:
        return entries[i - 1][1]
    if entries and entries[0][0] - at <= WEIGH_IN_AFTER:
        return entries[0][1]
    return None


def weighed(
    records: Iterable[SetRecord], entries: Sequence[tuple[datetime, float]], on_body: Callable[[str], bool]
) -> list[SetRecord]:
    """The sets with the body weight of the day on every bodyweight lift's set (`on_body` says which
    exercises those are), so its estimated 1RM is body weight plus added load."""
    out = []
    for r in records:
        if r.on_body or on_body(r.exercise):
            r = replace(r, on_body=True, body_kg=body_weight_at(entries, r.performed_at))
        out.append(r)
    return out


# The records that make sense for each kind of exercise (ExerciseKind values), best first.
# Warm-ups never count (`SetRecord.counts`); a bodyweight lift's e1RM only with a body weight logged.
RECORD_KINDS: dict[str, tuple[str, ...]] = {
    "weight_reps": ("e1rm", "heaviest"),
    "bodyweight_reps": ("most_reps", "added_load", "e1rm"),
    "duration": ("longest_hold",),
    "distance_duration": ("longest_distance", "best_pace"),
}


@dataclass(frozen=True)
class Best:
    """One personal record: which (a RECORD_KINDS name), its value in base units (kg, reps, s, m, or
    seconds per km for pace; lower is better only for pace) and the set that holds it."""

    metric: str
    value: float
    record: SetRecord


def metric_value(metric: str, r: SetRecord) -> float | None:
    """What the set scores on this metric, or None when it doesn't measure it."""
    if metric == "e1rm":
        return r.e1rm_kg or None
    if metric == "heaviest":
        return r.load_kg if r.load is not None and r.reps > 0 else None
    if metric == "most_reps":
        return float(r.reps) if r.reps > 0 else None
    if metric == "added_load":
        return r.load_kg if r.load and r.reps > 0 else None
    if metric == "longest_hold":
        return r.duration_s or None
    if metric == "longest_distance":
        return r.distance_m or None
    if metric == "best_pace":
        return r.duration_s / (r.distance_m / 1000) if r.duration_s and r.distance_m else None
    raise ValueError(metric)


def bests(records: Iterable[SetRecord], exercise: str, kind: str) -> list[Best]:
    """The exercise's records for its kind, from sets that count (never warm-ups)."""
    mine = [r for r in records if r.exercise == exercise and r.counts]
    out = []
    for metric in RECORD_KINDS.get(kind, RECORD_KINDS["weight_reps"]):
        scored = [(v, r) for r in mine if (v := metric_value(metric, r)) is not None]
        if scored:
            if metric == "best_pace":
                value, record = min(scored, key=lambda pair: pair[0])
            elif metric in ("heaviest", "added_load"):  # a tie, within the same load in either unit, goes to
                top = max(value for value, _ in scored)  # more reps: 6 x 100 kg over 5 x 220.5 lb (17 g more)
                value, record = max(
                    ((v, r) for v, r in scored if top - v <= SAME_LOAD_KG), key=lambda p: (p[1].reps, p[0])
                )
            else:
                value, record = max(scored, key=lambda pair: (pair[0], pair[1].reps))
            out.append(Best(metric, value, record))
    return out
