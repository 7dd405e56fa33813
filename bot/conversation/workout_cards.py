"""What a guided workout looks like in the chat: set cards, ✅ lines, confirmations and summaries.

Pure presentation: a load the user typed is shown exactly as typed, in its unit; computed figures
(volume, estimated 1RM) are in the user's unit."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from ..history.records import SetRecord
from ..storage.repository import StoredSession
from ..training.distances import pace_unit, seconds_per, show_distance
from ..training.engine import LoggedSet, PlannedSet, WorkoutState
from ..training.exercises import starting_options
from ..training.plan_edits import kind_of
from ..training.units import Unit, adjust_step, show_load, shown
from .callbacks import WorkoutButton, set_arg
from .model import Button, Reply, esc

Row = tuple[Button, ...]


def set_label(set_type: str, number: int) -> str:
    """ "set 2", or "warm-up 2": warm-ups have their own numbers, so "set 1" would name the wrong set."""
    return f"{'warm-up' if set_type == 'warmup' else 'set'} {number}"


def reps_range(p: PlannedSet) -> str:
    if p.amrap:
        return "as many"
    return f"{p.reps_min}" if p.reps_min == p.reps_max else f"{p.reps_min}-{p.reps_max}"


def fmt_set(reps: int, load: float | None, unit: str, display: Unit, rpe: float | None = None) -> str:
    """ "5 × 100 kg @ RPE 8", or "12 reps" for bodyweight."""
    text = f"{reps} × {show_load(load, unit)}" if load is not None else f"{reps} reps"
    return text + (f" @ RPE {rpe:g}" if rpe else "")


def estimate(kg: float, unit: Unit) -> str:
    """An estimated 1RM: one decimal is all the precision a formula has."""
    return f"{round(shown(kg, 'kg', unit), 1):g} {unit}"


def clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def fmt_time(seconds: float) -> str:
    """ "0:45", "18:00", "1:02:00"."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else clock(rest)


def fmt_distance(metres: float, unit: str | None = None) -> str:
    return show_distance(metres, unit)


def fmt_kind(s: LoggedSet | SetRecord, display: Unit) -> str:
    """A logged set of any kind: "0:45 hold", "3.2 km in 18:00 (5:37 /km)", "3 mi in 27:00 (9:00 /mi)",
    "8 reps +10 kg", "8 reps, 20 kg assistance", "8 × 60 kg (drop set)"."""
    if s.distance_m is not None:
        text = run_text(s.distance_m, s.distance_unit, s.duration_s)
        text += f" with {show_load(s.load, s.unit)}" if s.load else ""  # a carry's weight (was logged, never shown)
    elif s.duration_s is not None:
        text = f"{fmt_time(s.duration_s)} hold"
    elif s.assistance is not None:
        text = f"{s.reps} reps, {show_load(s.assistance, s.unit)} assistance" + (f" @ RPE {s.rpe:g}" if s.rpe else "")
    elif s.load is not None and is_bodyweight(s):
        text = f"{s.reps} reps +{show_load(s.load, s.unit)}" + (f" @ RPE {s.rpe:g}" if s.rpe else "")
    else:
        text = fmt_set(s.reps, s.load, s.unit, display, s.rpe)
    return text + SET_TYPE_SUFFIX.get(s.set_type, "")


def run_text(metres: float, unit: str | None, seconds: float | None) -> str:
    """ "3 mi in 27:00 (9:00 /mi)": the distance as typed, its time, and the pace per that unit."""
    if not seconds:
        return fmt_distance(metres, unit)
    pace = fmt_time(seconds_per(seconds, metres, unit))
    return f"{fmt_distance(metres, unit)} in {fmt_time(seconds)} ({pace} /{pace_unit(unit)})"


def last_text(last: dict[str, Any], kind: str, display: Unit) -> str:
    """Last time's set at this place, of whatever kind it was ("8 reps +10 kg" on a pull-up card)."""
    if last.get("distance_m") is not None:
        held = f" with {show_load(float(last['load']), str(last.get('unit', display)))}" if last.get("load") else ""
        return run_text(float(last["distance_m"]), last.get("distance_unit"), last.get("duration_s")) + held
    if last.get("duration_s") is not None:
        return f"{fmt_time(float(last['duration_s']))} hold"
    reps, load, unit = int(last["reps"]), last.get("load"), str(last.get("unit", display))
    if kind == "bodyweight_reps" and last.get("assistance") is not None:
        return f"{reps} reps, {show_load(float(last['assistance']), unit)} assistance"
    if kind == "bodyweight_reps":
        return f"{reps} reps" + (f" +{show_load(load, unit)}" if load is not None else "")
    return fmt_set(reps, load, unit, display, last.get("rpe"))


SET_TYPE_SUFFIX = {"drop": " (drop set)", "failure": " (to failure)"}


def is_bodyweight(s: LoggedSet | SetRecord) -> bool:
    """Whether a set's load is added to the body (a weighted pull-up), not lifted on its own."""
    if isinstance(s, LoggedSet):
        return s.target.kind == "bodyweight_reps"
    return kind_of(s.exercise) == "bodyweight_reps"


def _header(p: PlannedSet) -> str:
    name = f"<b>{esc(p.exercise.capitalize())}</b>"
    if p.set_type == "warmup":
        return f"🔥 {name} — warm-up {p.set_number} of {p.set_count}"
    if p.superset:
        return f"🏋️ {name} — Superset {esc(p.superset)} · round {p.set_number}/{p.set_count}"
    return f"🏋️ {name} — set {p.set_number} of {p.set_count}"


def _target(p: PlannedSet, unit: Unit) -> str:
    rpe = f" (RPE {p.rpe:g})" if p.rpe else ""
    if p.kind == "duration":
        return (
            f"Target: {fmt_time(p.duration_s or 0)} hold. Tap ▶️ Start for a countdown, "
            "or type your time (e.g. <code>45s</code>, <code>1:30</code>)."
        )
    if p.kind == "distance_duration":
        carried = f" with {show_load(p.load, p.unit)}" if p.load else ""  # a loaded carry: the weight held
        goal = f"Target: {fmt_distance(p.distance_m, p.distance_unit)}{carried}. " if p.distance_m else ""
        if p.distance_unit == "mi" or (p.distance_unit is None and unit == "lb"):
            return f"{goal}Log distance and time, e.g. <code>3 mi 27:00</code> or <code>3.1 mi 25:30</code>."
        return f"{goal}Log distance and time, e.g. <code>3.2 km 18:00</code> or <code>5k 25:30</code>."
    if p.kind == "bodyweight_reps":
        extra = (
            f" + {show_load(p.load, p.unit)}"
            if p.load is not None
            else f", {show_load(p.assistance, p.unit)} assistance"
            if p.assistance is not None
            else ""
        )
        amrap = " (AMRAP: type the reps you got, e.g. <code>12</code>)" if p.amrap else ""
        return f"Target: {reps_range(p)} reps @ bodyweight{extra}{rpe}{amrap}"
    reps = f"{reps_range(p)} rep{'s' if p.reps_max != 1 or p.amrap else ''}"
    return f"Target: {reps} @ {show_load(p.load, p.unit)}{rpe}"


def _done_label(p: PlannedSet, unit: Unit) -> str:
    if p.kind == "duration":
        return f"✅ Done {fmt_time(p.duration_s or 0)}"
    if p.kind == "bodyweight_reps" and p.load is not None:
        return f"✅ Done {p.done_reps} reps +{show_load(p.load, p.unit)}"
    if p.kind == "bodyweight_reps" and p.assistance is not None:
        return f"✅ Done {p.done_reps} reps (−{show_load(p.assistance, p.unit)})"
    return f"✅ Done {p.done_reps}" + (f" × {show_load(p.load, p.unit)}" if p.load is not None else " reps")


def target_unit(p: PlannedSet) -> str | None:
    """The unit of a target's load or assistance (None: it has neither), which its ± buttons step in."""
    return p.unit if p.load is not None or p.assistance is not None else None


def card(
    session_id: str,
    state: WorkoutState,
    unit: Unit,
    step: float,
    cue: str | None,
    plates: str = "",
    warmups_offered: bool = False,
) -> Reply:
    """The current set: what to do, and buttons to log it, change it or change the workout.
    `plates` is the plate breakdown line; `warmups_offered` adds the 🔥 Warm-up sets button."""
    current = state.current()
    if current is None:
        return Reply(
            "All sets are done. Tap Finish to see your summary.",
            ((Button("🏁 Finish", WorkoutButton("end", session_id, state.position).pack()),),),
        )
    sid, pos = session_id, state.position
    lines = [_header(current)]
    options = starting_options(current.exercise, unit)
    if current.needs_load:
        rpe = f" (RPE {current.rpe:g})" if current.rpe else ""
        lines.append(f"Target: {reps_range(current)} reps{rpe}")
        lines.append(
            f"What's your working weight? Tap one or type it (e.g. <code>{options[1]:g}</code>), "
            f"or log the set: <code>{current.reps_max}x{options[1]:g}</code>."
        )
    else:
        lines.append(_target(current, unit))
    if plates:
        lines.append(plates)
    if current.last and current.set_type != "warmup":
        lines.append(f"Last time, set {current.set_number}: {last_text(current.last, current.kind, unit)}")
    if current.note and current.set_number == 1:  # its loads name their units: true in either
        lines.append(f"📈 {esc(current.note)}")
    following = state.plan[pos + 1] if pos + 1 < len(state.plan) else None
    if current.superset and current.rest_seconds == 0 and following is not None:
        lines.append(f"Then straight on to {esc(following.exercise)}; rest after the round.")
    else:
        lines.append(f"Rest after: {clock(current.rest_seconds)}")
    if cue:
        lines.append(f"💡 {esc(cue)}")
    rows: list[Row] = []
    timed = current.kind in ("duration", "distance_duration")
    if current.needs_load:
        rows.append(
            tuple(Button(f"{o:g} {unit}", WorkoutButton("load", sid, pos, arg=f"{o:g}").pack()) for o in options)
        )
        rows.append((Button("🧍 Bodyweight", WorkoutButton("load", sid, pos, arg="bw").pack()),))
    elif current.kind == "duration":
        rows.append(
            (
                Button(
                    f"▶️ Start {fmt_time(current.duration_s or 0)}",
                    WorkoutButton("timer", sid, pos, state.epoch, "go").pack(),
                ),
                Button(_done_label(current, unit), WorkoutButton("done", sid, pos, state.epoch).pack()),
            )
        )
    elif not timed:
        if not current.amrap:  # an AMRAP set has no rep target to tap: its reps are typed
            rows.append((Button(_done_label(current, unit), WorkoutButton("done", sid, pos, state.epoch).pack()),))
            by, in_unit = adjust_step(target_unit(current), unit, step)  # 100 kg on an lb card: ±2.5 kg
            rows.append(
                (
                    Button("−1 rep", WorkoutButton("adj", sid, pos, arg="r-").pack()),
                    Button("+1 rep", WorkoutButton("adj", sid, pos, arg="r+").pack()),
                    Button(f"−{by:g} {in_unit}", WorkoutButton("adj", sid, pos, arg="l-").pack()),
                    Button(f"+{by:g} {in_unit}", WorkoutButton("adj", sid, pos, arg="l+").pack()),
                )
            )
        if current.set_type != "warmup" and not current.amrap:
            rows.append(
                (
                    Button("💥 Done, to failure", WorkoutButton("done", sid, pos, state.epoch, "failure").pack()),
                    Button("⬇️ Drop set…", WorkoutButton("done", sid, pos, state.epoch, "drop").pack()),
                )
            )
    if warmups_offered:
        rows.append((Button("🔥 Warm-up sets", WorkoutButton("warmup", sid, pos, state.epoch).pack()),))
    change: tuple[Button, ...] = (Button("➕ Exercise", WorkoutButton("addex", sid, pos).pack()),)
    if current.set_type != "warmup":  # a ramp is changed by redoing it, not set by set
        change = (
            Button("➕ Set", WorkoutButton("addset", sid, pos, state.epoch).pack()),
            Button("➖ Set", WorkoutButton("dropset", sid, pos, state.epoch).pack()),
            *change,
        )
    rows.append(change)
    swap = (
        (Button("🔁 Swap", WorkoutButton("swap", sid, pos, state.epoch).pack()),)
        if current.set_type != "warmup"
        else ()
    )
    rows.append(
        (
            Button("⏭ Skip set", WorkoutButton("skip", sid, pos, state.epoch).pack()),
            *swap,  # an exercise is swapped at its working sets; its warm-ups follow the lift done
            Button("🏁 End", WorkoutButton("endask", sid, pos).pack()),
        )
    )
    if state.done:
        rows.append(undo_row(sid, state))
    return Reply("\n".join(lines), tuple(rows))


def discard_question(session: StoredSession, state: WorkoutState) -> Reply:
    sets = len(state.logged)
    lose = f" and its {sets} logged set{'s' if sets != 1 else ''}" if sets else ""
    return Reply(
        f"Discard <b>{esc(session.title)}</b>{lose}? Discarded sets are not kept. To keep them, tap Finish instead.",
        (
            (
                Button("🗑 Yes, discard", WorkoutButton("discardok", session.id).pack()),
                Button("🏁 Finish and keep", WorkoutButton("end", session.id, state.position).pack()),
            ),
            (Button("▶️ Resume", WorkoutButton("resume", session.id).pack()),),
        ),
    )


def finish_question(session: StoredSession, state: WorkoutState, left: int) -> Reply:
    return Reply(
        f"Finish now? {left} set{'s' if left != 1 else ''} not done yet; {'they' if left != 1 else 'it'} won't be "
        "logged, and a lift with sets not done keeps its load next time.",
        (
            (
                Button("🏁 Finish now", WorkoutButton("end", session.id, state.position).pack()),
                Button("▶️ Resume", WorkoutButton("resume", session.id).pack()),
            ),
        ),
    )


def undo_row(session_id: str, state: WorkoutState) -> Row:
    last = state.done[-1]
    planned = state.plan[last.position] if last.position < len(state.plan) else None
    what = (
        set_label(last.logged.set_type, last.logged.set_number)
        if last.logged
        else f"skip of {set_label(planned.set_type, planned.set_number)}"
        if planned
        else "last set"
    )
    current = state.current()  # on the next exercise's card "Undo set 3" reads as that one's: name it
    if current is not None and planned is not None and current.exercise != planned.exercise:
        what = f"{planned.exercise} {what}"
    return (Button(f"↩️ Undo {what}", WorkoutButton("undo", session_id, last.position, state.epoch).pack()),)


def done_text(state: WorkoutState, skipped_position: int | None, unit: Unit) -> str:
    if skipped_position is not None:
        skipped = state.plan[skipped_position]
        return f"⏭ Skipped {esc(skipped.exercise)} {set_label(skipped.set_type, skipped.set_number)}."
    s = state.logged[-1]
    if s.set_type == "warmup":
        return f"🔥 {esc(s.exercise.capitalize())} warm-up {s.set_number}: {fmt_kind(s, unit)}"
    return f"✅ {esc(s.exercise.capitalize())} set {s.set_number}: {fmt_kind(s, unit)}"


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
    which = "warm-up" if nxt.set_type == "warmup" else "set"
    return Reply(
        f"⏱ Rest {clock(rest)}. Next: {esc(nxt.exercise)}, {which} {nxt.set_number} of {nxt.set_count}.", tuple(rows)
    )


def confirm_set(
    session_id: str,
    state: WorkoutState,
    options: Sequence[tuple[int, float | None, str, float | None]],
    question: str,
    unit: Unit,
    set_type: str = "working",
    edit_at: int | None = None,
) -> Reply:
    """Buttons that each log one reading of an odd-looking set (at most one of them can apply); with `edit_at`,
    each corrects the logged set at that position instead, and "Neither" asks for the correction again."""
    marked, rows = (f", {set_type} set" if set_type in SET_TYPE_SUFFIX else ""), []
    action, position = ("ok", state.position) if edit_at is None else ("editok", edit_at)
    for reps, load, load_unit, rpe in options:
        arg = set_arg(reps, load, load_unit, rpe, set_type)
        data = WorkoutButton(action, session_id, position, state.epoch, arg).pack()
        rows.append((Button(f"✅ {fmt_set(reps, load, load_unit, unit, rpe)}{marked}", data),))
    retype = WorkoutButton("resume", session_id) if edit_at is None else WorkoutButton("edit", session_id, edit_at)
    rows.append((Button("✏️ Neither, I'll retype", retype.pack()),))
    return Reply(question, tuple(rows))


def logged_list(session_id: str, logged: Sequence[LoggedSet | SetRecord], unit: Unit) -> Reply:
    if not logged:
        return Reply("No sets logged in this workout yet.")
    rows = tuple(
        (
            Button(
                f"{s.exercise} {set_label(s.set_type, s.set_number)}: {fmt_kind(s, unit)}"[:60],
                WorkoutButton("edit", session_id, s.position).pack(),
            ),
        )
        for s in logged[-40:]  # a screenful of buttons; a longer session lists its last 40 sets
    )
    return Reply("Which set do you want to correct?", rows)


def already_logged(state: WorkoutState, position: int, unit: Unit) -> str:
    """The toast for a tap on a set that is logged: what was logged, which may not be the button's numbers."""
    done = next((s for s in state.logged if s.position == position), None)
    return f"Already logged: {fmt_kind(done, unit)} ✅" if done else "Already logged ✅"


def count_sets(plan: tuple[PlannedSet, ...]) -> str:
    warmups = sum(1 for p in plan if p.set_type == "warmup")
    work = len(plan) - warmups
    extra = f" and {warmups} warm-up set{'s' if warmups != 1 else ''}" if warmups else ""
    return f"{work} set{'s' if work != 1 else ''}{extra}"


def pick_cue(options: list[str], seed: str) -> str | None:
    if not options:
        return None
    return options[int(hashlib.sha1(seed.encode()).hexdigest(), 16) % len(options)]
