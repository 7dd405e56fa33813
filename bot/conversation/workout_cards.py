"""What a guided workout looks like in the chat: set cards, ✅ lines, confirmations and summaries.

Pure presentation: every number is shown in the user's unit (loads are stored as typed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from ..history.records import SetRecord
from ..training.engine import LoggedSet, PlannedSet, WorkoutState
from ..training.exercises import starting_options
from ..training.progression import Suggestion, WorkoutSummary
from ..training.units import Unit, show_load, shown
from .callbacks import WorkoutButton, set_arg
from .model import Button, Reply, esc

Row = tuple[Button, ...]


def reps_range(p: PlannedSet) -> str:
    return f"{p.reps_min}" if p.reps_min == p.reps_max else f"{p.reps_min}-{p.reps_max}"


def fmt_set(reps: int, load: float | None, unit: str, display: Unit, rpe: float | None = None) -> str:
    """ "5 × 100 kg @ RPE 8", or "12 reps" for bodyweight."""
    text = f"{reps} × {show_load(load, unit, display)}" if load is not None else f"{reps} reps"
    return text + (f" @ RPE {rpe:g}" if rpe else "")


def estimate(kg: float, unit: Unit) -> str:
    """An estimated 1RM: one decimal is all the precision a formula has."""
    return f"{round(shown(kg, 'kg', unit), 1):g} {unit}"


def clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def card(session_id: str, state: WorkoutState, unit: Unit, step: float, cue: str | None) -> Reply:
    current = state.current()
    if current is None:
        return Reply(
            "All sets are done. Tap Finish to see your summary.",
            ((Button("🏁 Finish", WorkoutButton("end", session_id, state.position).pack()),),),
        )
    sid, pos = session_id, state.position
    lines = [f"🏋️ <b>{esc(current.exercise.capitalize())}</b> — set {current.set_number} of {current.set_count}"]
    rpe = f" (RPE {current.rpe:g})" if current.rpe else ""
    options = starting_options(current.exercise, unit)
    if current.needs_load:
        lines.append(f"Target: {reps_range(current)} reps{rpe}")
        lines.append(
            f"What's your working weight? Tap one or type it (e.g. <code>{options[1]:g}</code>), or log the set: <code>{current.reps_max}x{options[1]:g}</code>."
        )
    else:
        other = (
            f" ({show_load(current.load, current.unit, current.unit)})"
            if current.load is not None and current.unit != unit
            else ""
        )
        lines.append(f"Target: {reps_range(current)} reps @ {show_load(current.load, current.unit, unit)}{other}{rpe}")
    if current.last:
        last = current.last
        lines.append(
            f"Last time, set {current.set_number}: {fmt_set(int(last['reps']), last.get('load'), str(last.get('unit', unit)), unit, last.get('rpe'))}"
        )
    if (
        current.note and current.set_number == 1 and current.unit == unit
    ):  # a reason worded in the old unit is not shown
        lines.append(f"📈 {esc(current.note)}")
    lines.append(f"Rest after: {clock(current.rest_seconds)}")
    if cue:
        lines.append(f"💡 {esc(cue)}")
    rows: list[Row] = []
    if current.needs_load:
        rows.append(
            tuple(Button(f"{o:g} {unit}", WorkoutButton("load", sid, pos, arg=f"{o:g}").pack()) for o in options)
        )
        rows.append((Button("🧍 Bodyweight", WorkoutButton("load", sid, pos, arg="bw").pack()),))
    else:
        done = f"✅ Done {current.done_reps}" + (
            f" × {show_load(current.load, current.unit, unit)}" if current.load is not None else " reps"
        )
        rows.append((Button(done, WorkoutButton("done", sid, pos, state.epoch).pack()),))
        rows.append(
            (
                Button("−1 rep", WorkoutButton("adj", sid, pos, arg="r-").pack()),
                Button("+1 rep", WorkoutButton("adj", sid, pos, arg="r+").pack()),
                Button(f"−{step:g} {unit}", WorkoutButton("adj", sid, pos, arg="l-").pack()),
                Button(f"+{step:g} {unit}", WorkoutButton("adj", sid, pos, arg="l+").pack()),
            )
        )
    rows.append(
        (
            Button("⏭ Skip set", WorkoutButton("skip", sid, pos, state.epoch).pack()),
            Button("🔁 Swap", WorkoutButton("swap", sid, pos).pack()),
            Button("🏁 End", WorkoutButton("endask", sid, pos).pack()),
        )
    )
    if state.done:
        rows.append(undo_row(sid, state))
    return Reply("\n".join(lines), tuple(rows))


def undo_row(session_id: str, state: WorkoutState) -> Row:
    last = state.done[-1]
    planned = state.plan[last.position] if last.position < len(state.plan) else None
    what = (
        f"set {last.logged.set_number}"
        if last.logged
        else f"skip of set {planned.set_number}"
        if planned
        else "last set"
    )
    return (Button(f"↩️ Undo {what}", WorkoutButton("undo", session_id, last.position, state.epoch).pack()),)


def done_text(state: WorkoutState, skipped_position: int | None, unit: Unit) -> str:
    if skipped_position is not None:
        skipped = state.plan[skipped_position]
        return f"⏭ Skipped {esc(skipped.exercise)} set {skipped.set_number}."
    s = state.logged[-1]
    return f"✅ {esc(s.exercise.capitalize())} set {s.set_number}: {fmt_set(s.reps, s.load, s.unit, unit, s.rpe)}"


def rest_message(session_id: str, state: WorkoutState, rest: int) -> Reply:
    nxt = state.current()
    assert nxt is not None
    rows: list[Row] = [
        (
            Button("+30 s", WorkoutButton("rest", session_id, state.position, arg="add").pack()),
            Button("Skip rest ⏭", WorkoutButton("rest", session_id, state.position, arg="skip").pack()),
        )
    ]
    if state.done:
        rows.append(undo_row(session_id, state))
    return Reply(
        f"⏱ Rest {clock(rest)}. Next: {esc(nxt.exercise)}, set {nxt.set_number} of {nxt.set_count}.", tuple(rows)
    )


def confirm_set(
    session_id: str,
    state: WorkoutState,
    options: Sequence[tuple[int, float | None, str, float | None]],
    question: str,
    unit: Unit,
) -> Reply:
    """Buttons that each log one reading of an odd-looking set (at most one of them can apply)."""
    pos = state.position
    rows = []
    for reps, load, load_unit, rpe in options:
        data = WorkoutButton("ok", session_id, pos, state.epoch, set_arg(reps, load, load_unit, rpe)).pack()
        rows.append((Button(f"✅ {fmt_set(reps, load, load_unit, unit, rpe)}", data),))
    rows.append((Button("✏️ Neither, I'll retype", WorkoutButton("resume", session_id).pack()),))
    return Reply(question, tuple(rows))


def logged_list(session_id: str, logged: Sequence[LoggedSet | SetRecord], unit: Unit) -> Reply:
    if not logged:
        return Reply("No sets logged in this workout yet.")
    rows = tuple(
        (
            Button(
                f"{s.exercise} set {s.set_number}: {fmt_set(s.reps, s.load, s.unit, unit, s.rpe)}"[:60],
                WorkoutButton("edit", session_id, s.position).pack(),
            ),
        )
        for s in logged[-40:]  # a screenful of buttons; a longer session lists its last 40 sets
    )
    return Reply("Which set do you want to correct?", rows)


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
    lines = [
        f"🏁 <b>{esc(title)}</b> done in {f'{minutes // 60} h {minutes % 60:02d} min' if minutes >= 60 else f'{minutes} min'}: {sets}, {summary.reps} reps, "
        f"volume {show_load(round(shown(summary.volume_kg, 'kg', unit)), unit, unit)}."
    ]
    for e in summary.exercises:
        best = f", best e1RM {estimate(e.best_e1rm_kg, unit)}" if e.best_e1rm_kg else ""
        lines.append(f"• {esc(e.exercise.capitalize())}: {e.sets} set{'s' if e.sets != 1 else ''}, {e.reps} reps{best}")
        if e.first_time and e.best_e1rm_kg:
            lines.append("   📌 your first log: the baseline to beat")
        for r in e.records:
            if r.kind == "e1rm":
                lines.append(f"   🏆 e1RM PR: {estimate(r.value_kg, unit)}")
            elif r.kind == "load":
                lines.append(f"   🏆 heaviest for {r.reps}+ reps: {show_load(r.value_kg, 'kg', unit)}")
            else:
                lines.append(f"   🏆 session volume PR: {show_load(round(shown(r.value_kg, 'kg', unit)), unit, unit)}")
    for s in suggestions:
        lines.append(f"➡️ Next time, {esc(s.describe())}")
    left = [f"{summary.skipped} skipped"] if summary.skipped else []
    left += [f"{not_done} not done"] if not_done else []
    if left:
        lines.append(f"({', '.join(left)}.)")
    return "\n".join(lines)
