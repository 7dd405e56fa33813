"""How to type a set: the usage lines a workout shows, for the kinds of exercise in it."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from ..training.engine import PlannedSet
from ..training.set_input import BODYWEIGHT_USAGE, DISTANCE_USAGE, TIME_USAGE
from ..training.units import Unit
from .model import esc
from .workout_cards import count_sets


def workout_intro(title: str, plan: tuple[PlannedSet, ...], unit: Unit) -> str:
    return (
        f"💪 <b>{esc(title)}</b> — {count_sets(plan)}. Log each set with the buttons, or type it: "
        f"{typing_help({p.kind for p in plan}, unit, {p.unit for p in plan if p.load})} "
        "/undo takes back the last set, /edit corrects one, /add adds an exercise."
    )


def typing_help(kinds: set[str], unit: Unit, card_units: AbstractSet[str] = frozenset()) -> str:
    """How to type a set, for the kinds of exercise in this workout only: a run or a plank gets no
    "5x100" lesson, a barbell workout no pace. Cards in the other unit (a kg user's "bench 3x5 185lb") are
    named, so "loads in kg" does not contradict a card that says lb."""
    parts = []
    if "weight_reps" in kinds:
        other = "lb" if unit == "kg" else "kg"
        loads = f"loads in {unit}"
        if other in card_units:
            loads += f", <code>5x100{other}</code> in {other} as on the cards"
        parts.append(
            "<code>5</code> (reps at the card's weight), <code>5x100</code> or <code>5x100 rpe 8</code> "
            f"({loads}); <code>drop 8x60</code> or <code>8x60 failure</code> mark the set"
        )
    if "bodyweight_reps" in kinds:
        parts.append(f"<code>8</code> or <code>8 +10</code> (added load in {unit}) for pull-ups, dips and the like")
    if "duration" in kinds:
        parts.append("<code>45s</code> or <code>1:30</code> for a hold")
    if "distance_duration" in kinds:
        example = "3 mi 27:00" if unit == "lb" else "5 km 25:30"
        parts.append(f"<code>{example}</code> for a run or a row, or just the time when the card has a distance")
    return "; ".join(parts) + "."


def kind_usage(exercise: str, kind: str) -> str:
    name = exercise.capitalize()
    if kind == "duration":
        return f"{name} is logged as a time. {TIME_USAGE}"
    if kind == "distance_duration":
        return f"{name} is logged as a distance and a time. {DISTANCE_USAGE}"
    if kind == "bodyweight_reps":
        return f"{name} is logged in reps. {BODYWEIGHT_USAGE}"
    return f'{name} is logged in reps and weight, e.g. "12" or "12x50".'
