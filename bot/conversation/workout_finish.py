"""The end-of-workout summary: what was done, records of each kind, and next time's load per rep range."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from ..history.records import SetRecord
from ..storage.repository import StoredSession
from ..training.engine import WorkoutState
from ..training.progression import suggest_next, summarize
from ..training.units import Unit
from .workout_cards import summary_text
from .workout_log import as_record


def session_records(session: StoredSession, state: WorkoutState, at: datetime) -> list[SetRecord]:
    return [as_record(session, s, at) for s in state.logged]


def finish_text(
    session: StoredSession, state: WorkoutState, earlier: list[SetRecord], now: datetime, unit: Unit, step: float
) -> str:
    records = session_records(session, state, now)
    # A skipped warm-up is not a skipped set: "(3 skipped.)" read as working sets left undone.
    skipped_work = sum(1 for position in state.skipped if state.plan[position].set_type != "warmup")
    summary = summarize(records, skipped_work, earlier)
    groups: dict[tuple[str, int, int], list[SetRecord]] = defaultdict(list)
    amrap = {p.exercise for p in state.plan if p.amrap}  # no rep target to progress toward
    for r in records:
        if not r.counts or r.exercise in amrap:
            continue
        groups[(r.exercise, r.reps_min or 0, r.reps_max or 0)].append(r)
    suggestions = [
        s for (name, lo, hi), sets in groups.items() if (s := suggest_next(name, sets, lo, hi, unit, step)) is not None
    ]
    return summary_text(
        session.title,
        summary,
        suggestions,
        now - session.started_at,
        unit,
        not_done=max(0, len(state.plan) - state.position),
    )
