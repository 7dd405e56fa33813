"""Estimated 1RM, session summaries with personal records, and double-progression suggestions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .engine import LoggedSet, WorkoutState
from .units import Unit, format_load, from_kg, round_to_step, to_kg


def estimated_1rm(load: float, reps: int) -> float:
    """Epley's formula; one rep is the load itself, zero reps estimate nothing."""
    if reps <= 0 or load <= 0:
        return 0.0
    return load if reps == 1 else load * (1 + reps / 30)


@dataclass(frozen=True)
class ExerciseSummary:
    exercise: str
    sets: int
    reps: int
    volume_kg: float
    best_e1rm_kg: float
    is_pr: bool  # beat the best of earlier workouts
    first_time: bool = False  # no earlier workout had it: this is the baseline, not a record broken


@dataclass(frozen=True)
class WorkoutSummary:
    sets: int
    skipped: int
    reps: int
    volume_kg: float
    exercises: tuple[ExerciseSummary, ...]

    @property
    def prs(self) -> list[ExerciseSummary]:
        return [e for e in self.exercises if e.is_pr]


def summarize(state: WorkoutState, previous_best_kg: dict[str, float]) -> WorkoutSummary:
    by_exercise: dict[str, list[LoggedSet]] = defaultdict(list)
    for s in state.logged:
        by_exercise[s.exercise].append(s)
    exercises = []
    for name, sets in by_exercise.items():
        volume = sum(s.reps * to_kg(s.load or 0, s.unit) for s in sets)
        best = max((estimated_1rm(to_kg(s.load or 0, s.unit), s.reps) for s in sets), default=0.0)
        first_time = name not in previous_best_kg
        is_pr = not first_time and best > 0 and best > previous_best_kg[name] + 1e-9
        exercises.append(ExerciseSummary(name, len(sets), sum(s.reps for s in sets), volume, best, is_pr, first_time))
    return WorkoutSummary(
        sets=len(state.logged),
        skipped=len(state.skipped),
        reps=sum(s.reps for s in state.logged),
        volume_kg=sum(e.volume_kg for e in exercises),
        exercises=tuple(exercises),
    )


@dataclass(frozen=True)
class Suggestion:
    exercise: str
    load: float | None
    unit: Unit
    reps_min: int
    reps_max: int
    reason: str

    def describe(self) -> str:
        reps = f"{self.reps_min}" if self.reps_min == self.reps_max else f"{self.reps_min}-{self.reps_max}"
        return f"{self.exercise}: {reps} reps at {format_load(self.load, self.unit)}. {self.reason}"


def suggest_next(sets: list[LoggedSet], load_step: float) -> Suggestion | None:
    """Double progression: all sets at the top of the rep range -> add a step; misses -> hold or back off."""
    if not sets:
        return None
    target = sets[0].target
    unit = target.unit
    name = sets[0].exercise
    loads = [from_kg(to_kg(s.load, s.unit), unit) for s in sets if s.load is not None]
    working = max(loads) if loads else None
    if working is None:  # bodyweight: progress by reps, then by a harder variation
        if all(s.reps >= target.reps_max for s in sets):
            return Suggestion(name, None, unit, target.reps_min + 2, target.reps_max + 2,
                              "You hit the top of the range on every set: add 2 reps, or move to a harder variation (single-leg, paused, or add a load).")
        return Suggestion(name, None, unit, target.reps_min, target.reps_max, "Keep the same target and add a rep where you can.")
    at_load = [s for s in sets if s.load is not None]
    if all(s.reps >= target.reps_max for s in at_load):
        new = round_to_step(working + load_step, load_step)
        return Suggestion(name, new, unit, target.reps_min, target.reps_max,
                          f"Every set reached {target.reps_max} reps, so add {load_step:g} {unit} and build the reps back up.")
    misses = [s for s in at_load if s.reps < target.reps_min]
    if len(misses) * 2 > len(at_load):
        new = round_to_step(working * 0.925, load_step)
        return Suggestion(name, new, unit, target.reps_min, target.reps_max,
                          f"Most sets fell short of {target.reps_min} reps: back off about 7.5% and rebuild with clean reps.")
    if misses:
        return Suggestion(name, working, unit, target.reps_min, target.reps_max,
                          f"A set fell short of {target.reps_min} reps: stay at this load until every set is in the range.")
    return Suggestion(name, working, unit, target.reps_min, target.reps_max,
                      f"Stay at this load and add reps until every set reaches {target.reps_max}.")
