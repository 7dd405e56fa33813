"""How one lift is going, from the user's own sets: e1RM, sessions per week, RPE and volume trends.

Pure: takes folded SetRecords (history.setlog.fold), returns numbers in kilograms; the caller shows
them in the user's unit. Warm-ups count for nothing here, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from .records import SetRecord

MIN_SESSIONS = 3  # fewer sessions than this show no trend, only noise
WINDOW = 6  # the trend looks at the lift's last six sessions
FLAT = 0.025  # an e1RM change within ±2.5 % over the window counts as flat


@dataclass(frozen=True)
class SessionOfLift:
    session_id: str
    day: datetime  # when its first counting set was logged
    best_e1rm_kg: float
    best_reps: int  # for bodyweight lifts, where e1RM says nothing
    volume_kg: float  # load x reps over its counting sets
    sets: int
    mean_rpe: float | None


@dataclass(frozen=True)
class LiftTrend:
    exercise: str
    sessions: tuple[SessionOfLift, ...]  # the window, oldest first
    total_sessions: int  # every session of the lift in the log

    @property
    def enough(self) -> bool:
        return self.total_sessions >= MIN_SESSIONS

    @property
    def loaded(self) -> bool:
        return any(s.best_e1rm_kg > 0 for s in self.sessions)

    @property
    def e1rm_change(self) -> float:
        """Relative change of the best e1RM from the window's first session to its last."""
        first, last = self.sessions[0].best_e1rm_kg, self.sessions[-1].best_e1rm_kg
        return (last - first) / first if first > 0 else 0.0

    @property
    def direction(self) -> str:
        if not self.loaded:
            first, last = self.sessions[0].best_reps, self.sessions[-1].best_reps
            return "up" if last > first else "down" if last < first else "flat"
        change = self.e1rm_change
        return "up" if change > FLAT else "down" if change < -FLAT else "flat"

    @property
    def per_week(self) -> float:
        days = (self.sessions[-1].day - self.sessions[0].day).total_seconds() / 86400
        return len(self.sessions) / max(1.0, days / 7)

    @property
    def rpe_change(self) -> float | None:
        """Mean RPE of the window's later half minus its earlier half (None without RPEs in both)."""
        rated = [s.mean_rpe for s in self.sessions if s.mean_rpe is not None]
        if len(rated) < 2:
            return None
        half = len(rated) // 2
        early, late = rated[:half], rated[half:]
        return sum(late) / len(late) - sum(early) / len(early)


def sessions_of(records: Iterable[SetRecord], exercise: str) -> list[SessionOfLift]:
    grouped: dict[str, list[SetRecord]] = {}
    for r in records:
        if r.exercise == exercise and r.counts and r.reps > 0:
            grouped.setdefault(r.session_id, []).append(r)
    out = []
    for session_id, sets in grouped.items():
        rpes = [s.rpe for s in sets if s.rpe is not None]
        out.append(
            SessionOfLift(
                session_id,
                min(s.performed_at for s in sets),
                max(s.e1rm_kg for s in sets),
                max(s.reps for s in sets),
                sum(s.load_kg * s.reps for s in sets),
                len(sets),
                sum(rpes) / len(rpes) if rpes else None,
            )
        )
    return sorted(out, key=lambda s: s.day)


def trend(records: Sequence[SetRecord], exercise: str) -> LiftTrend:
    sessions = sessions_of(records, exercise)
    return LiftTrend(exercise, tuple(sessions[-WINDOW:]), len(sessions))


def exercises_by_sessions(records: Iterable[SetRecord]) -> list[tuple[str, int]]:
    """Every exercise with a counting set, most sessions first."""
    seen: dict[str, set[str]] = {}
    for r in records:
        if r.counts and r.reps > 0:
            seen.setdefault(r.exercise, set()).add(r.session_id)
    return sorted(((name, len(ids)) for name, ids in seen.items()), key=lambda p: (-p[1], p[0]))
