"""What the workout flow needs to know about an exercise: does it take a load, and what's a sensible start.

Everything here derives from the exercise catalogue (knowledge/exercises.yaml)."""

from __future__ import annotations

import difflib

from .catalogue import default_catalogue, name_key
from .units import Unit

# Done with the body's own weight unless the lifter adds some ("12x10" logs 10 added); holds and cardio too.
BODYWEIGHT = frozenset(e.name for e in default_catalogue() if not e.kind.takes_load)
# Barbell lifts start heavier than dumbbell, kettlebell or machine work; the empty bar comes first
# because that is where a beginner starts a squat, bench or press.
BARBELL = frozenset(e.name for e in default_catalogue() if e.kind.takes_load and e.equipment[0] == "barbell")
STARTING_OPTIONS: dict[tuple[bool, Unit], tuple[float, ...]] = {
    (True, "kg"): (20, 40, 60, 80, 100),
    (True, "lb"): (45, 95, 135, 185, 225),
    (False, "kg"): (10, 20, 30, 40),
    (False, "lb"): (25, 45, 65, 85),
}

# When a bare word could mean several lifts, the ones most lifters mean come first: "press" is a bench press
# far more often than a leg press, "row" a barbell row rather than an upright row (catalogue order is by
# body part, which put those first).
USUAL_MEANINGS = ("bench press", "overhead press", "barbell row", "dumbbell row", "pull-up", "leg press")


def closest_known(name: str, known: set[str]) -> str | None:
    """A likely typo of a known exercise ("hip thurst" -> "hip thrust"), else None. Names are at most 60 characters."""
    if name in known:
        return None
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85)
    if matches:
        return matches[0]
    found = default_catalogue().closest(name)  # knows aliases and typos of them: "sqaut" -> back squat
    return found.name if found is not None and found.name in known and found.name != name else None


def meanings(name: str, known: set[str]) -> list[str]:
    """The exercises a name that is none of them may mean: the known ones (the user's own and their
    history's first, then the catalogue's, in its order) whose name has every word of it ("row" ->
    barbell row, dumbbell row, ...). [] for a known name, or one that no name contains."""
    if name in known or default_catalogue().resolve(name) is not None:
        return []
    words = set(name_key(name).split())
    own = sorted(k for k in known if k not in default_catalogue() and words and words <= set(name_key(k).split()))
    listed = [e.name for e in default_catalogue().containing(name)]
    listed.sort(key=lambda n: USUAL_MEANINGS.index(n) if n in USUAL_MEANINGS else len(USUAL_MEANINGS))
    return list(dict.fromkeys([*own, *listed]))


def takes_load(exercise: str) -> bool:
    """Unknown exercises count as loaded: the card asks for a weight and offers "bodyweight"."""
    found = default_catalogue().resolve(exercise)
    return found is None or found.kind.takes_load


def starting_options(exercise: str, unit: Unit) -> tuple[float, ...]:
    found = default_catalogue().resolve(exercise)
    return STARTING_OPTIONS[(found is not None and found.name in BARBELL, unit)]
