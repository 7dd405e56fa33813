"""/progress: a chart and the records that make sense for the exercise's kind, or the body-weight chart."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from ..history.charts import METRIC_AXES, daily, metric_line, render_line, render_progress
from ..history.records import Best, SetRecord, bests
from ..storage.repository import BodyWeightStore
from ..training.catalogue import Catalogue
from ..training.distances import pace_per, pace_unit, reading_unit, show_distance
from ..training.exercises import closest_known
from ..training.parsing import normalise_exercise
from ..training.units import Unit, show_load
from .bodyweight import USAGE as BW_USAGE
from .bodyweight import in_unit, moving_average, trend_text
from .model import Reply, esc
from .workout_cards import estimate, fmt_set, is_bodyweight

PROGRESS_USAGE = (
    "Usage: /progress &lt;exercise&gt;, e.g. <code>/progress hip thrust</code>, or <code>/progress bw</code> "
    "for your body weight"
)
BODY_WEIGHT = frozenset({"bw", "body weight", "bodyweight", "weight"})
LABELS = {
    "e1rm": "best e1RM",
    "heaviest": "heaviest set",
    "most_reps": "most reps",
    "added_load": "heaviest added load",
    "longest_hold": "longest hold",
    "longest_distance": "longest distance",
    "best_pace": "best pace",
}
CHART_METRIC = {"bodyweight_reps": "most_reps", "duration": "longest_hold", "distance_duration": "best_pace"}


def minutes(seconds: float) -> str:
    whole = round(seconds)
    return (
        f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
        if whole >= 3600
        else f"{whole // 60}:{whole % 60:02d}"
    )


def show_best(best: Best, unit: Unit) -> str:
    r = best.record
    if best.metric == "e1rm" and r.on_body:  # body weight plus added load: the set as it was logged
        return f"{estimate(best.value, unit)} ({set_text(r, unit)}, with your body weight)"
    if best.metric == "e1rm":
        return f"{estimate(best.value, unit)} ({fmt_set(r.reps, r.load, r.unit, unit)})"
    if best.metric == "added_load":
        return f"{r.reps} reps +{show_load(r.load, r.unit)}" if r.load is not None else f"{r.reps} reps"
    if best.metric == "heaviest":
        return fmt_set(r.reps, r.load, r.unit, unit)
    if best.metric == "most_reps":
        return f"{r.reps} reps"
    if best.metric == "longest_hold":
        return f"{minutes(best.value)}"
    if best.metric == "longest_distance":
        return show_distance(best.value, r.distance_unit) + (f" in {minutes(r.duration_s)}" if r.duration_s else "")
    # the pace per the unit the run was typed in (best.value is seconds per km)
    per = pace_unit(r.distance_unit)
    ran = f"{show_distance(r.distance_m or 0, r.distance_unit)} in {minutes(r.duration_s or 0)}"
    return f"{minutes(pace_per(best.value, per))} per {per} ({ran})"


SET_TYPE_NOTES = {"drop": " (drop set)", "failure": " (to failure)"}  # a warm-up says so in its label


def set_text(r: SetRecord, unit: Unit) -> str:
    """One logged set as the user reads it, whatever its kind: "5 × 100 kg", "1:00 hold", "3.20 km in 18:00"."""
    if r.distance_m is not None:
        text = show_distance(r.distance_m, r.distance_unit) + (f" in {minutes(r.duration_s)}" if r.duration_s else "")
        text += f" with {show_load(r.load, r.unit)}" if r.load else ""  # a loaded carry
    elif r.duration_s is not None and r.reps <= 1:  # a hold (logged in a workout as 1 rep, imported as 0)
        text = f"{minutes(r.duration_s)} hold" + (f" with {show_load(r.load, r.unit)}" if r.load else "")
    elif r.load is not None and is_bodyweight(r):  # a weighted pull-up: the load is added
        text = f"{r.reps} reps +{show_load(r.load, r.unit)}"
    else:
        text = fmt_set(r.reps, r.load, r.unit, unit, r.rpe)
        if r.assistance:
            text += f" ({show_load(r.assistance, r.unit)} assistance)"
    return text + SET_TYPE_NOTES.get(r.set_type, "")


def _named(catalogue: Catalogue, name: str) -> str | None:
    """The catalogue exercise a logged name is, typos included (a routine kept "incline dumbell press" as typed)."""
    found = catalogue.resolve(name) or catalogue.closest(name)
    return found.name if found is not None else None


def resolve(args: str, catalogue: Catalogue, history: Sequence[SetRecord]) -> tuple[str, str | None]:
    """The exercise /progress means, and (when a typo was fixed) what was typed."""
    found = catalogue.resolve(args)
    if found is not None:
        return found.name, None
    typed = normalise_exercise(args)
    logged = {r.exercise for r in history}
    if typed in logged:  # their own name, typo and all ("incline dumbell press" kept as a routine typed it)
        return typed, None
    if (fixed := closest_known(typed, logged)) is not None:  # "hip thurst": their hip thrust
        return fixed, typed
    if (near := catalogue.closest(args)) is not None:
        return near.name, typed
    return typed, None


async def exercise_progress(args: str, catalogue: Catalogue, history: Sequence[SetRecord], unit: Unit) -> Reply:
    exercise, typo = resolve(args, catalogue, history)
    known = catalogue.get(exercise)
    kind = known.kind.value if known is not None else "weight_reps"
    # Sets imported before names were mapped ("squat (barbell)") count under the exercise they name.
    names = {n for n in {r.exercise for r in history} if n == exercise or _named(catalogue, n) == exercise}
    records = [replace(r, exercise=exercise) for r in history if r.exercise in names and r.counts]
    best = bests(records, exercise, kind)
    if not best:
        return Reply(f"I have no logged sets of {esc(exercise)} yet. {PROGRESS_USAGE}")
    read_as = f"(I read “{esc(typo)}” as {esc(exercise)}.)\n" if typo else ""
    sessions = len({r.session_id for r in records})
    lines = [f"{read_as}📈 {esc(exercise.capitalize())}: {sessions} session{'s' if sessions != 1 else ''}"]
    lines += [f"• {LABELS[b.metric]}: {show_best(b, unit)}" for b in best]
    if kind == "weight_reps":
        png = await render_progress(records, exercise, unit)
        lines.append(f"Loads in {unit}.")
    else:
        metric = CHART_METRIC[kind]
        title, ylabel, _ = METRIC_AXES[metric]
        line = metric_line(records, exercise, metric)
        if metric == "best_pace" and reading_unit(unit) == "mi":  # pace per mile for a user who reads pounds
            per_mile = [pace_per(value, "mi") for value in line.values]
            ylabel, line = "minutes per mile", replace(line, values=per_mile)
        png = await render_line(f"{exercise.capitalize()}: {title}", ylabel, line)
    return Reply("\n".join(lines), photo=png)


async def body_weight_progress(
    store: BodyWeightStore, user_id: int, unit: Unit, local: Callable[[datetime], datetime] = lambda at: at
) -> Reply:
    entries = await store.body_weights(user_id)
    if not entries:
        return Reply("No body weight logged yet.\n" + BW_USAGE)
    line = daily([(local(e.measured_at).date(), in_unit(e, unit)) for e in entries], mean=True)
    averages = moving_average(entries, unit)
    trend = daily([(local(e.measured_at).date(), a) for e, a in zip(entries, averages, strict=True)], mean=True)
    png = await render_line("Body weight", unit, line, trend if len(entries) > 1 else None)
    return Reply(trend_text(entries, unit, local), photo=png)
