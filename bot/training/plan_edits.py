"""How a workout's plan is ordered and changed mid-session: supersets, warm-up ramps, added or removed
sets, added exercises, and the set-kind values a logged set carries (set type, time, distance,
assistance). Pure functions over tuples of PlannedSet; the engine applies them as events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .catalogue import default_catalogue
from .distances import MAX_METRES
from .distances import UNITS as DISTANCE_UNITS
from .units import Unit

if TYPE_CHECKING:
    from .engine import PlannedSet
    from .programs import Program

SET_TYPES = ("warmup", "working", "drop", "failure")
TIMED_KINDS = ("duration", "distance_duration")
MAX_LOAD = 2205.0  # in either unit: 1,000 kg
MAX_SECONDS = 6 * 3600
MAX_WARMUPS = 6
MAX_PLAN = 200  # sets in one session: a bound for added sets and exercises
WARMUP_REST = 60


class InvalidEvent(ValueError):
    """The event does not fit the session's current state (stale button, finished session...)."""


def kind_of(exercise: str) -> str:
    """The catalogue's kind of an exercise; an unknown one is load x reps (it asks for a weight)."""
    found = default_catalogue().resolve(exercise)
    return found.kind.value if found is not None else "weight_reps"


def expand(
    program: Program, loaded: Any = lambda name: False, own_kinds: dict[str, str] | None = None
) -> tuple[PlannedSet, ...]:
    """The program's sets in the order they are done: blocks sharing a superset label alternate.
    `own_kinds`: the user's own exercises (name -> kind), which the catalogue does not know."""
    from .engine import PlannedSet  # the engine imports this module; the set type is defined there

    return interleave_supersets(
        [
            [
                PlannedSet(
                    b.exercise,
                    n,
                    b.sets,
                    b.reps_min,
                    b.reps_max,
                    b.load,
                    b.unit,
                    b.rpe,
                    b.rest_seconds,
                    loaded=bool(loaded(b.exercise)) and _block_kind(b, own_kinds) == "weight_reps",
                    kind=_block_kind(b, own_kinds),
                    duration_s=b.duration_s,
                    distance_m=b.distance_m,
                    distance_unit=b.distance_unit,
                    superset=b.superset,
                    warmup=b.warmup,
                    amrap=b.amrap,
                )
                for n in range(1, b.sets + 1)
            ]
            for b in program.blocks
        ]
    )


def _block_kind(block: Any, own_kinds: dict[str, str] | None = None) -> str:
    """A block with a time or a distance is timed whatever its name (a user's own "wall sit 3x45s")."""
    if block.distance_m is not None:
        return "distance_duration"
    if block.duration_s is not None:
        return "duration"
    return (own_kinds or {}).get(block.exercise) or kind_of(block.exercise)


def interleave_supersets(blocks: Sequence[Sequence[PlannedSet]]) -> tuple[PlannedSet, ...]:
    """Blocks in order; consecutive blocks sharing a superset label alternate set by set (A1, A2, A1,
    A2...), with no rest inside a round and the block's rest after each round."""
    out: list[PlannedSet] = []
    i = 0
    while i < len(blocks):
        label = blocks[i][0].superset if blocks[i] else None
        j = i + 1
        while label is not None and j < len(blocks) and blocks[j] and blocks[j][0].superset == label:
            j += 1
        group = blocks[i:j]
        if len(group) == 1:
            out.extend(replace(s, superset=None) for s in group[0])  # a label on one block alone means nothing
        else:
            for r in range(max(len(b) for b in group)):
                round_sets = [b[r] for b in group if r < len(b)]
                out.extend(replace(s, rest_seconds=0) for s in round_sets[:-1])
                out.append(round_sets[-1])
        i = j
    return tuple(out)


def _region(plan: Sequence[PlannedSet], position: int) -> range:
    """The run of plan positions the set at `position` belongs to: its superset, or its block."""
    here = plan[position]

    def same(p: PlannedSet) -> bool:
        if here.superset is not None:
            return p.superset == here.superset
        return p.exercise == here.exercise and (p.set_type == "warmup") == (here.set_type == "warmup")

    start = position
    while (
        start > 0 and same(plan[start - 1]) and (here.superset or plan[start - 1].set_number < plan[start].set_number)
    ):
        start -= 1
    end = position + 1
    while end < len(plan) and same(plan[end]) and (here.superset or plan[end].set_number > plan[end - 1].set_number):
        end += 1
    return range(start, end)


def rest_of_block(plan: Sequence[PlannedSet], position: int) -> list[int]:
    """The later sets of the same exercise block (in a superset, the exercise's later rounds). Warm-ups
    have none: each has its own load."""
    here = plan[position]
    if here.set_type == "warmup":
        return []
    return [
        q
        for q in _region(plan, position)
        if q > position and plan[q].exercise == here.exercise and plan[q].set_type != "warmup"
    ]


def _number(value: Any, low: float, high: float, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low < float(value) <= high:
        raise InvalidEvent(f"bad {what}")
    return float(value)


def typed_load(value: Any) -> dict[str, Any] | None:
    """A load as typed, {"load", "unit"}, kept only to be quoted; anything malformed is dropped."""
    if not isinstance(value, dict) or value.get("unit") not in ("kg", "lb"):
        return None
    load = value.get("load")
    if isinstance(load, bool) or not isinstance(load, int | float) or not 0 < load <= MAX_LOAD:
        return None
    return {"load": float(load), "unit": value["unit"]}


def set_values(d: dict[str, Any], target: PlannedSet) -> tuple[int, float | None, Unit, float | None]:
    """Reps, load, unit and RPE of a set event, defaulting to the target; InvalidEvent if out of range.

    0 reps stays replayable (older versions logged it); typed input rejects it before it gets here."""
    try:
        reps = int(d.get("reps", target.done_reps))
        load = d.get("load", target.load)
        load = None if load is None else float(load)
        unit = d.get("unit", target.unit)
        rpe = d.get("rpe")
        rpe = None if rpe is None else float(rpe)
    except (TypeError, ValueError, OverflowError):
        raise InvalidEvent("malformed set") from None
    if (
        not 0 <= reps <= 100
        or unit not in ("kg", "lb")
        or (load is not None and not 0 <= load <= MAX_LOAD)
        or (rpe is not None and not 1 <= rpe <= 10)
    ):
        raise InvalidEvent("set values out of range")
    return reps, load, "lb" if unit == "lb" else "kg", rpe  # checked above: one of the two


def edited_type(d: dict[str, Any], target: PlannedSet, was: str) -> str:
    """The set type after an edit: as the edit says ("8x60 drop" corrects a working set into a drop set, and
    back), else as it was; a warm-up stays a warm-up and nothing becomes one."""
    set_type = d.get("set_type", was)
    if target.set_type == "warmup":
        return "warmup"
    if set_type not in SET_TYPES or set_type == "warmup":
        raise InvalidEvent("bad set type")
    return str(set_type)


def kind_values(d: dict[str, Any], target: PlannedSet) -> dict[str, Any]:
    """A set event's set type, time, distance and assistance, defaulting to the target's."""
    set_type = "warmup" if target.set_type == "warmup" else d.get("set_type", "working")
    if set_type not in SET_TYPES or (set_type == "warmup" and target.set_type != "warmup"):
        raise InvalidEvent("bad set type")
    timed = target.kind in TIMED_KINDS
    duration = _number(d.get("duration_s", target.duration_s if timed else None), 0, MAX_SECONDS, "duration")
    distance = d.get("distance_m", target.distance_m if target.kind == "distance_duration" else None)
    distance = _number(distance, 0, MAX_METRES, "distance")
    distance_unit = d.get("distance_unit") if "distance_m" in d else target.distance_unit
    if distance_unit not in (None, *DISTANCE_UNITS) or (distance is None and distance_unit is not None):
        raise InvalidEvent("bad distance unit")
    keep = target.assistance if d.get("load", target.load) is None else None  # added load replaces assistance
    assistance = _number(d.get("assistance", keep), 0, MAX_LOAD, "assistance")
    if assistance is not None and d.get("load", target.load) is not None:
        raise InvalidEvent("added load and assistance at once")
    # each value only where the exercise's kind has it: a time on a squat is a stale or forged event
    if (
        (duration is not None and not timed)
        or (distance is not None and target.kind != "distance_duration")
        or (assistance is not None and target.kind != "bodyweight_reps")
    ):
        raise InvalidEvent("a value this kind of set doesn't have")
    return {
        "set_type": set_type,
        "duration_s": duration,
        "distance_m": distance,
        "assistance": assistance,
        "distance_unit": distance_unit,
    }


def insert_warmups(
    plan: tuple[PlannedSet, ...], position: int, target: PlannedSet, sets: Any, unit: Any
) -> tuple[PlannedSet, ...]:
    """Warm-up sets [[reps, load], ...] inserted before the first working set of a block."""
    if target.set_type == "warmup" or target.set_number != 1 or target.superset is not None:
        raise InvalidEvent("warm-ups go before the first working set")
    if target.kind != "weight_reps":
        raise InvalidEvent("warm-up ramps are for loaded lifts")
    if position > 0 and plan[position - 1].exercise == target.exercise and plan[position - 1].set_type == "warmup":
        raise InvalidEvent("this block has its warm-ups already")
    if unit not in ("kg", "lb") or not isinstance(sets, list) or not 1 <= len(sets) <= MAX_WARMUPS:
        raise InvalidEvent("malformed warm-ups")
    ramp: list[PlannedSet] = []
    for i, pair in enumerate(sets, 1):
        if not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[0], int) or not 1 <= pair[0] <= 20:
            raise InvalidEvent("malformed warm-up set")
        load = _number(pair[1], 0, MAX_LOAD, "warm-up load")
        ramp.append(
            replace(
                target,
                set_number=i,
                set_count=len(sets),
                reps_min=pair[0],
                reps_max=pair[0],
                reps=None,
                load=load,
                unit=unit,
                rpe=None,
                rest_seconds=WARMUP_REST,
                note="",
                last=None,
                set_type="warmup",
                warmup=False,
            )
        )
    return _bounded(plan[:position] + tuple(ramp) + plan[position:])


def _bounded(plan: tuple[PlannedSet, ...]) -> tuple[PlannedSet, ...]:
    if len(plan) > MAX_PLAN:
        raise InvalidEvent("the workout is as long as it can get")
    return plan


def _block_positions(plan: Sequence[PlannedSet], position: int) -> list[int]:
    here = plan[position]
    return [q for q in _region(plan, position) if plan[q].exercise == here.exercise and plan[q].set_type != "warmup"]


def _recount(plan: list[PlannedSet], positions: Sequence[int]) -> None:
    for n, q in enumerate(positions, 1):
        plan[q] = replace(plan[q], set_number=n, set_count=len(positions))


def add_set(plan: tuple[PlannedSet, ...], position: int) -> tuple[PlannedSet, ...]:
    """One more set of the current exercise, like its last one, after its last one."""
    if plan[position].set_type == "warmup":
        raise InvalidEvent("add sets to the working sets")
    block = _block_positions(plan, position)
    last = block[-1]
    new = list(plan[: last + 1]) + [replace(plan[last], added=True)] + list(plan[last + 1 :])
    _recount(new, [*block, last + 1])
    return _bounded(tuple(new))


def remove_set(plan: tuple[PlannedSet, ...], position: int) -> tuple[PlannedSet, ...]:
    """The current exercise's last set not done yet (the current one when no later one is left)."""
    block = _block_positions(plan, position)
    later = [q for q in block if q >= position]
    if plan[position].set_type == "warmup" or not later:
        raise InvalidEvent("no set of this exercise left to remove")
    gone = later[-1]
    if len(plan) - position <= 1:
        raise InvalidEvent("that is the last set of the workout")
    new = list(plan[:gone]) + list(plan[gone + 1 :])
    _recount(new, [q if q < gone else q - 1 for q in block if q != gone])
    return tuple(new)


def add_exercise(plan: tuple[PlannedSet, ...], d: dict[str, Any]) -> tuple[PlannedSet, ...]:
    """A new exercise's sets at the end of the workout."""
    name = str(d.get("exercise", "")).strip().lower()
    try:
        sets, reps_min, reps_max = int(d["sets"]), int(d["reps_min"]), int(d["reps_max"])
        rest = int(d.get("rest_seconds", 120))
    except (KeyError, TypeError, ValueError):
        raise InvalidEvent("malformed exercise") from None
    unit = d.get("unit", "kg")
    kind = str(d.get("kind", "weight_reps"))
    if (
        not 2 <= len(name) <= 60
        or not 1 <= sets <= 20
        or not 1 <= reps_min <= reps_max <= 100
        or not 0 <= rest <= 900
        or unit not in ("kg", "lb")
        or kind not in ("weight_reps", "bodyweight_reps", *TIMED_KINDS)
    ):
        raise InvalidEvent("exercise values out of range")
    load = _number(d.get("load"), 0, MAX_LOAD, "load")
    duration = _number(d.get("duration_s"), 0, MAX_SECONDS, "duration")
    distance = _number(d.get("distance_m"), 0, MAX_METRES, "distance")
    distance_unit = d.get("distance_unit") if distance is not None else None
    if distance_unit not in (None, *DISTANCE_UNITS):
        raise InvalidEvent("bad distance unit")
    assistance = _number(d.get("assistance"), 0, MAX_LOAD, "assistance")
    if assistance is not None and (load is not None or kind != "bodyweight_reps"):
        raise InvalidEvent("assistance is for bodyweight lifts without added load")
    template = plan[-1]
    added = tuple(
        replace(
            template,
            exercise=name,
            set_number=n,
            set_count=sets,
            reps_min=reps_min,
            reps_max=reps_max,
            load=load,
            unit=unit,
            rpe=None,
            rest_seconds=rest,
            reps=None,
            loaded=bool(d.get("loaded", False)) and kind == "weight_reps",
            note=str(d.get("note", ""))[:200],
            last=None,
            best_kg=float(d.get("best_kg", 0.0) or 0.0),
            best=typed_load(d.get("best")),
            set_type="working",
            kind=kind,
            duration_s=duration,
            distance_m=distance,
            distance_unit=distance_unit,
            superset=None,
            warmup=False,
            assistance=assistance,
        )
        for n in range(1, sets + 1)
    )
    return _bounded(plan + added)
