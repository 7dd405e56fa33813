"""Typed input in a workout: "5", "5x100", "5 @ 102.5", "5x100 rpe 8", "5x225lb", and quick workouts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .units import Unit, to_kg

SET_USAGE = 'I couldn\'t read that set. Send reps, or reps x load: "5", "5x100", "5 @ 102.5" or "5x100 rpe 8".'
QUICK_USAGE = "Usage: /workout <exercise> <sets>x<reps> [load], e.g. /workout hip thrust 4x6 100kg"
MAX_LOAD_KG = 1000.0

ALIASES = {
    "ht": "hip thrust", "bht": "hip thrust", "hip thrusts": "hip thrust", "barbell hip thrust": "hip thrust",
    "hipthrust": "hip thrust", "glute bridges": "glute bridge", "bridge": "glute bridge",
    "rdl": "romanian deadlift", "rdls": "romanian deadlift", "romanian deadlifts": "romanian deadlift",
    "sl rdl": "single-leg romanian deadlift", "dl": "deadlift", "deadlifts": "deadlift", "sumo": "sumo deadlift",
    "squat": "back squat", "squats": "back squat", "back squats": "back squat",
    "kb swing": "kettlebell swing", "kb swings": "kettlebell swing", "swings": "kettlebell swing",
    "bss": "bulgarian split squat", "bulgarian": "bulgarian split squat", "bulgarians": "bulgarian split squat",
    "lunges": "lunge", "step ups": "step-up", "step up": "step-up", "stepups": "step-up",
    "good mornings": "good morning", "back extensions": "back extension", "hyperextension": "back extension",
    "leg curl": "hamstring curl", "leg curls": "hamstring curl", "nordics": "nordic curl",
}


class SetInputError(ValueError):
    """Input that can't be a set; the message is a friendly usage hint."""


@dataclass(frozen=True)
class SetInput:
    reps: int
    load: float | None
    unit: Unit
    rpe: float | None = None


@dataclass(frozen=True)
class QuickWorkout:
    exercise: str
    sets: int
    reps_min: int
    reps_max: int
    load: float | None
    unit: Unit
    rest_seconds: int | None = None


_NUM = r"\d+(?:[.,]\d+)?"
_SET = re.compile(
    rf"^\s*(?P<reps>\d+)\s*(?:reps?)?\s*"
    rf"(?:(?:[x×*@]|at)\s*(?P<load>{_NUM})\s*(?P<unit>kgs?|lbs?|pounds?)?)?\s*"
    rf"(?:(?:rpe|@rpe)\s*(?P<rpe>{_NUM}))?\s*$",
    re.IGNORECASE,
)
_QUICK = re.compile(
    rf"^\s*(?P<name>[a-z][a-z \-']*?)\s+(?P<sets>\d+)\s*[x×*]\s*(?P<rmin>\d+)(?:\s*-\s*(?P<rmax>\d+))?"
    rf"(?:\s*(?:@|at)?\s*(?P<load>{_NUM})\s*(?P<unit>kgs?|lbs?)?)?(?:\s+rest\s+(?P<rest>\d+)\s*s?)?\s*$",
    re.IGNORECASE,
)


def _unit(text: str | None, default: Unit) -> Unit:
    if not text:
        return default
    return "lb" if text.lower().startswith(("lb", "pound")) else "kg"


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_set(text: str, *, planned_load: float | None, unit: Unit) -> SetInput:
    match = _SET.match(text or "")
    if not match:
        raise SetInputError(SET_USAGE)
    reps = int(match["reps"])
    if reps > 100:
        raise SetInputError("That's more than 100 reps. Send the reps you did, e.g. \"12\".")
    set_unit = _unit(match["unit"], unit)
    load = _number(match["load"]) if match["load"] else planned_load
    if load is not None and not 0 <= to_kg(load, set_unit) <= MAX_LOAD_KG:
        raise SetInputError("That load looks impossible. Send it like \"5x100\" (kg) or \"5x225lb\".")
    rpe = _number(match["rpe"]) if match["rpe"] else None
    if rpe is not None and (not 1 <= rpe <= 10 or rpe * 2 != int(rpe * 2)):
        raise SetInputError("RPE goes from 1 to 10 in half steps, e.g. \"5x100 rpe 8.5\".")
    return SetInput(reps, load, set_unit, rpe)


def normalise_exercise(name: str) -> str:
    cleaned = " ".join(name.lower().replace("_", " ").split())
    return ALIASES.get(cleaned, cleaned)


def parse_quick_workout(text: str, *, unit: Unit) -> QuickWorkout:
    match = _QUICK.match(text or "")
    if not match:
        raise SetInputError(QUICK_USAGE)
    sets, rmin = int(match["sets"]), int(match["rmin"])
    rmax = int(match["rmax"]) if match["rmax"] else rmin
    if not 1 <= sets <= 20 or not 1 <= rmin <= rmax <= 100:
        raise SetInputError("Sets go from 1 to 20 and reps from 1 to 100. " + QUICK_USAGE)
    block_unit = _unit(match["unit"], unit)
    load = _number(match["load"]) if match["load"] else None
    if load is not None and not 0 <= to_kg(load, block_unit) <= MAX_LOAD_KG:
        raise SetInputError("That load looks impossible. " + QUICK_USAGE)
    rest = int(match["rest"]) if match["rest"] else None
    if rest is not None and not 0 <= rest <= 900:
        raise SetInputError("Rest goes from 0 to 900 seconds. " + QUICK_USAGE)
    name = normalise_exercise(match["name"])
    if len(name) > 60:
        raise SetInputError(QUICK_USAGE)
    return QuickWorkout(name, sets, rmin, rmax, load, block_unit, rest)
