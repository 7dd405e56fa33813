"""The end-of-workout summary: what was done, records of each kind, and next time's load per rep range."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from ..history.records import SetRecord, weighed
from ..storage.repository import StoredSession
from ..training.completion import not_done
from ..training.distances import show_total as show_total_distance
from ..training.engine import WorkoutState
from ..training.progression import Suggestion, suggest_next
from ..training.session_summary import WorkoutSummary, summarize
from ..training.units import Unit, show_load, show_total
from .model import esc
from .workout_cards import estimate, fmt_time
from .workout_log import as_record, on_body_lift


def session_records(session: StoredSession, state: WorkoutState, at: datetime) -> list[SetRecord]:
    return [as_record(session, s, at) for s in state.logged]


def finish_text(
    session: StoredSession,
    state: WorkoutState,
    earlier: list[SetRecord],
    now: datetime,
    unit: Unit,
    step: float,
    body: Sequence[tuple[datetime, float]] = (),
) -> str:
    """`body`: the user's body weights (time, kg), for bodyweight lifts' estimated 1RM."""
    bodyweight = {p.exercise for p in state.plan if p.kind == "bodyweight_reps"}  # own exercises too

    def on_body(name: str) -> bool:
        return name in bodyweight or on_body_lift(name)

    records = weighed(session_records(session, state, now), body, on_body)
    earlier = weighed(earlier, body, on_body)
    # A skipped warm-up is not a skipped set: "(3 skipped.)" read as working sets left undone.
    skipped_work = sum(1 for position in state.skipped if state.plan[position].set_type != "warmup")
    summary = summarize(records, skipped_work, earlier)
    groups: dict[tuple[str, int, int], list[SetRecord]] = defaultdict(list)
    amrap = {p.exercise for p in state.plan if p.amrap}  # no rep target to progress toward
    for r in records:
        if not r.counts or r.exercise in amrap:
            continue
        groups[(r.exercise, r.reps_min or 0, r.reps_max or 0)].append(r)
    # The planned sets not done hold the load: read from the plan and log as the next card reads them.
    undone = not_done(state, over=True)
    suggestions = [  # earlier sessions tell a stall (short at one load session after session) from one miss
        s
        for (name, lo, hi), sets in groups.items()
        if (s := suggest_next(name, sets, lo, hi, unit, step, earlier, undone.get((name, lo, hi), ()))) is not None
    ]
    return summary_text(
        session.title,
        summary,
        suggestions,
        now - session.started_at,
        unit,
        not_done=max(0, len(state.plan) - state.position),
    )


def summary_text(
    title: str,
    summary: WorkoutSummary,
    suggestions: Sequence[Suggestion],
    duration: timedelta,
    unit: Unit,
    not_done: int = 0,
) -> str:
    minutes = max(0, int(duration.total_seconds() // 60))
    sets = f"{summary.sets} set{'s' if summary.sets != 1 else ''}"
    took = (
        f"{minutes // 60} h {minutes % 60:02d} min"
        if minutes >= 60
        else f"{minutes} min"
        if minutes
        else "under a minute"
    )
    volume = show_total(summary.volume_parts, unit)
    work = f", {summary.reps} reps" if summary.reps else ""  # holds and runs have none
    work += f", volume {volume}" if summary.volume_parts else ""  # bodyweight reps alone: no "volume 0 kg"
    lines = [f"🏁 <b>{esc(title)}</b> done in {took}: {sets}{work}."]
    if summary.warmups:
        lines[0] += f" Plus {summary.warmups} warm-up set{'s' if summary.warmups != 1 else ''}."
    unweighed = False  # a bodyweight lift and no body weight logged: no e1RM, and a word on why
    for e in summary.exercises:
        # An exercise typed in one unit shows its e1RM in it, as its volume is: not "1850 lb ... e1RM 97.9 kg".
        typed = {u for _, u in e.volume_parts}
        in_unit: Unit = typed.pop() if len(typed) == 1 and not e.on_body else unit  # type: ignore[assignment]
        best = f", best e1RM {estimate(e.best_e1rm_kg, in_unit)}" if e.best_e1rm_kg else ""
        best += " (with your body weight)" if best and e.on_body else ""
        unweighed = unweighed or (e.on_body and not e.best_e1rm_kg and e.reps > 0)
        did = f"{e.reps} reps{best}"
        if e.longest_s is not None:
            did = f"longest hold {fmt_time(e.longest_s)}"
        elif e.distance_m is not None:
            ran = show_total_distance(e.distance_m, list(e.distance_units), unit)  # exact when units agree
            did = ran + (f" in {fmt_time(e.duration_s)}" if e.duration_s else "")
        lines.append(f"• {esc(e.exercise.capitalize())}: {e.sets} set{'s' if e.sets != 1 else ''}, {did}")
        if e.first_time and e.best_e1rm_kg:
            lines.append("   📌 your first log: the baseline to beat")
        for r in e.records:
            if r.kind == "e1rm":
                lines.append(f"   🏆 e1RM PR: {estimate(r.value_kg, in_unit)}")
            elif r.kind == "load":
                added = "+" if e.on_body else ""  # a weighted pull-up's load is on the belt
                lines.append(f"   🏆 heaviest for {r.reps}+ reps: {added}{show_load(r.load, r.unit)}")
            else:
                lines.append(f"   🏆 session volume PR: {show_total(e.volume_parts, unit)}")
    if unweighed:
        lines.append("⚖️ Log your body weight with /bw and pull-ups, dips and the like get an estimated 1RM too.")
    for s in suggestions:
        lines.append(f"➡️ Next time, {esc(s.describe())}")
    left = [f"{summary.skipped} skipped"] if summary.skipped else []
    left += [f"{not_done} not done"] if not_done else []
    if left:
        lines.append(f"({', '.join(left)}.)")
    return "\n".join(lines)
