"""What the workout flow needs to know about an exercise: does it take a load, and what's a sensible start."""

from __future__ import annotations

import difflib

from .units import Unit

# Done with the body's own weight unless the lifter adds some ("12x10" logs 10 added).
BODYWEIGHT = frozenset(
    {
        "glute bridge",
        "bodyweight hip thrust",
        "single-leg glute bridge",
        "single-leg hip thrust",
        "deficit single-leg hip thrust",
        "frog pump",
        "back extension",
        "nordic curl",
        "step-up",
        "lunge",
        "reverse lunge",
        "walking lunge",
        "bodyweight squat",
        "push-up",
        "pull-up",
        "chin-up",
        "dip",
        "plank",
        "side plank",
        "inverted row",
        "hanging leg raise",
        "clamshell",
        "donkey kick",
        "fire hydrant",
        "glute kickback",
        "single-leg romanian deadlift",
    }
)
# Barbell lifts start heavier than dumbbell, kettlebell or machine work.
BARBELL = frozenset(
    {
        "hip thrust",
        "back squat",
        "front squat",
        "deadlift",
        "sumo deadlift",
        "romanian deadlift",
        "stiff-legged deadlift",
        "good morning",
        "bench press",
        "overhead press",
        "barbell row",
        "glute bridge (barbell)",
        "split squat",
    }
)
STARTING_OPTIONS: dict[tuple[bool, Unit], tuple[float, ...]] = {
    (True, "kg"): (40, 60, 80, 100),
    (True, "lb"): (95, 135, 185, 225),
    (False, "kg"): (10, 20, 30, 40),
    (False, "lb"): (25, 45, 65, 85),
}


def closest_known(name: str, known: set[str]) -> str | None:
    """A likely typo of a known exercise ("hip thurst" -> "hip thrust"), else None. Names are at most 60 characters."""
    if name in known:
        return None
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85)
    return matches[0] if matches else None


def takes_load(exercise: str) -> bool:
    """Unknown exercises count as loaded: the card asks for a weight and offers "bodyweight"."""
    return exercise not in BODYWEIGHT


def starting_options(exercise: str, unit: Unit) -> tuple[float, ...]:
    return STARTING_OPTIONS[(exercise in BARBELL, unit)]
