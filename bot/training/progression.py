"""Progression per exercise and rep range: next time's load, and where a workout's exercise starts.

Everything is computed from the sets actually logged (after undo and edits), so a suggestion's
reason is always a true sentence about those sets: it quotes their loads as typed (in the unit typed);
a new load (a step up or a back-off) is in the unit the user reads, on their load step.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..history.records import SetRecord
from .completion import NotDone
from .units import SAME_LOAD_ACROSS_UNITS_KG, SAME_LOAD_KG, Unit, adjust_step, convert, round_to_step, show_load, shown


def _timed(s: SetRecord) -> bool:
    return s.duration_s is not None or s.distance_m is not None


@dataclass(frozen=True)
class Suggestion:
    exercise: str
    reps_min: int
    reps_max: int
    load: float | None  # in `unit`; None for bodyweight
    unit: Unit  # a load kept from the sets keeps their unit; a new one is in the user's unit
    reason: str
    added: bool = False  # a bodyweight lift: the load is added to the body ("+12.5 kg")

    def describe(self) -> str:
        reps = f"{self.reps_min}" if self.reps_min == self.reps_max else f"{self.reps_min}-{self.reps_max}"
        plus = "+" if self.added and self.load is not None else ""
        return f"{self.exercise} {reps} reps: {plus}{show_load(self.load, self.unit)} ({self.reason})"


def _sets(n: int) -> str:
    return "your set" if n == 1 else "both sets" if n == 2 else f"all {n} sets"


# A miss backs off only when it is a real failure: fewer than this share of the target reps at the
# load, or short at the same load this many sessions in a row (StrongLifts' and Starting Strength's
# "three times, then deload"). A rep or two short is repeated at the same load, as lifters do.
SHORT_BY_A_LOT = 0.8
DELOAD_AFTER = 3


def _numbers(xs: Sequence[int]) -> str:
    return str(xs[0]) if len(xs) == 1 else f"{', '.join(str(x) for x in xs[:-1])} and {xs[-1]}"


def _short_before(earlier: Sequence[SetRecord], working_kg: float, reps_min: int) -> int:
    """How many sessions right before this one fell short of `reps_min` at this load (kg)."""
    sessions: dict[str, list[SetRecord]] = defaultdict(list)
    for r in earlier:
        sessions[r.session_id].append(r)
    n = 0
    for done in sorted(sessions.values(), key=lambda ss: max(s.performed_at for s in ss), reverse=True):
        at = [s for s in done if s.load is not None and abs(s.load_kg - working_kg) <= SAME_LOAD_KG]
        if not at or all(s.reps >= reps_min for s in at):
            break
        n += 1
    return n


def _undone(sets: Sequence[SetRecord], not_done: Sequence[int]) -> str:
    """ "2 of 3 sets done, set 3 not done" (skipped, or the workout ended first: a stranger who finished early was
    told "skipped"); a planned set done as a drop set is named so ("set 3 done as a drop set")."""
    dropped = [n for n in not_done if any(s.set_number == n and s.set_type == "drop" for s in sets)]
    skipped = [n for n in not_done if n not in dropped]
    done = sum(1 for s in sets if s.counts and not (s.set_type == "drop" and s.set_number in dropped))
    said = []
    if skipped:
        said.append(f"{'set' if len(skipped) == 1 else 'sets'} {_numbers(skipped)} not done")
    if dropped:
        said.append(f"{'set' if len(dropped) == 1 else 'sets'} {_numbers(dropped)} done as a drop set")
    return f"{done} of {done + len(not_done)} sets done, {' and '.join(said)}"


def suggest_next(
    exercise: str,
    sets: Sequence[SetRecord],
    reps_min: int,
    reps_max: int,
    unit: Unit,
    step: float,
    earlier: Sequence[SetRecord] = (),
    not_done: Sequence[int] = (),
) -> Suggestion | None:
    """Double progression from one session's sets of one exercise and rep range.

    The working load is the heaviest load at which a set reached the bottom of the range: lighter
    back-off sets never drag it down, and heavier sets that fell short hold it. The rule is applied
    to the sets done at that load, and the reason quotes them. `earlier`: sets of earlier sessions
    (any exercise; only this one in this rep range is read), to tell a stall from a single miss.
    `not_done`: set numbers of this block planned but not done (skipped, or the workout ended first):
    then the load never goes up, and the reason says which sets were skipped."""
    note = _undone(sets, not_done) if not_done else ""
    suggestion = _suggest(exercise, sets, reps_min, reps_max, unit, step, earlier, note)
    if suggestion is None or note in suggestion.reason:  # "" is in every reason
        return suggestion
    # Whatever else the sets say (a rep short, a back-off), the sets not done are named too.
    why, arrow, then = suggestion.reason.rpartition(" → ")
    return replace(suggestion, reason=f"{why}; {note}{arrow}{then}" if arrow else f"{suggestion.reason}; {note}")


def _suggest(
    exercise: str,
    sets: Sequence[SetRecord],
    reps_min: int,
    reps_max: int,
    unit: Unit,
    step: float,
    earlier: Sequence[SetRecord],
    unfinished: str,
) -> Suggestion | None:
    """suggest_next's rule; `unfinished` says which planned sets were not done ("" when none)."""
    sessions = {s.session_id for s in sets}
    earlier = [
        r
        for r in earlier
        if r.exercise == exercise and r.counts and r.session_id not in sessions and r.in_range(reps_min, reps_max)
    ]
    sets = [s for s in sets if s.counts]
    # A drop set is a burnout after the work: it never sets the load ("drop 10 +10" after bodyweight push-ups had
    # made +10 kg the next load). Only a block of nothing but drop sets is read from them.
    sets = [s for s in sets if s.set_type != "drop"] or sets
    if not sets or any(_timed(s) or s.assistance is not None for s in sets):
        return None  # holds, distances and assisted reps progress by time, pace or less help, not by this rule
    loaded = [s for s in sets if s.load is not None]
    if not loaded:  # bodyweight: progress by reps, then by a harder variation
        if all(s.reps >= reps_max for s in sets) and unfinished:
            why = f"{unfinished} → every set to {reps_max} before adding a load"
        elif all(s.reps >= reps_max for s in sets):
            why = f"{_sets(len(sets))} reached {reps_max} → add a load or a harder variation"
        else:
            done = ", ".join(str(s.reps) for s in sets)
            why = f"reps {done} → add a rep where you can until every set reaches {reps_max}"
        return Suggestion(exercise, reps_min, reps_max, None, unit, why)

    added = any(s.on_body for s in loaded)  # a weighted pull-up: the load on the belt progresses, "+10 kg"
    plus = "+" if added else ""

    # Loads compared in kg, the same weight typed in the other unit counting as equal (185 lb and 84 kg; 62.5 kg
    # and 137.5 lb, a stranger's unit switch mid-workout held the load): each load snaps to a heavier one within
    # SAME_LOAD_KG, or SAME_LOAD_ACROSS_UNITS_KG when the two were typed in different units.
    snapped: dict[tuple[float, str], float] = {}
    for kg, unit_typed in sorted({(round(x.load_kg, 6), x.unit) for x in loaded}, reverse=True):
        near = (
            s
            for (_, other), s in snapped.items()
            if s - kg <= (SAME_LOAD_KG if other == unit_typed else SAME_LOAD_ACROSS_UNITS_KG)
        )
        snapped[(kg, unit_typed)] = next(near, kg)

    def heft(x: SetRecord) -> float:  # a set without a load (a short bodyweight set) weighs its own 0
        return snapped.get((round(x.load_kg, 6), x.unit), round(x.load_kg, 6))

    def typed(x: SetRecord) -> str:
        return plus + show_load(x.load, x.unit) if x.load is not None else "bodyweight"

    def keep(x: SetRecord, why: str) -> Suggestion:  # the same load again: as typed, in its unit
        return Suggestion(exercise, reps_min, reps_max, x.load, x.unit, why, added)  # type: ignore[arg-type]

    def base(x: SetRecord) -> float:  # the load in the unit to step in
        return convert(x.load, x.unit, step_unit)  # type: ignore[arg-type]

    held = [heft(x) for x in loaded if x.reps >= reps_min]
    working = max(held) if held else max(heft(x) for x in loaded)
    at = [x for x in loaded if heft(x) == working]
    majority = Counter(x.unit for x in at).most_common(1)[0][0]
    at.sort(key=lambda x: x.unit != majority)  # stable: the unit most of them were typed in leads (185 lb, not 84 kg)
    # A new load stays in the unit the working sets were typed in, stepped by that unit's usual step nearest
    # the user's (185 lb -> 190 lb on a kg account, not 87.5 kg), as the card's ± buttons step it.
    step_by, step_unit = adjust_step(at[0].unit, unit, step)
    reps = [x.reps for x in at]
    listed = ", ".join(str(r) for r in reps)
    w = typed(at[0])
    heavier = [x for x in loaded if heft(x) > working]  # all of these fell short, or they would be the working load
    if heavier:
        top = max(heavier, key=heft)
        tried = ", ".join(str(x.reps) for x in heavier if heft(x) == heft(top))
        return keep(at[0], f"{typed(top)} fell short of {reps_min} ({tried}); {w} went {listed} → stay at {w}")
    if all(r >= reps_max for r in reps) and (grinders := [x.rpe for x in at if x.rpe is not None and x.rpe >= 9.5]):
        # the reps were there but at (or near) failure: earn the jump with a little room to spare first
        return keep(
            at[0],
            f"every set at {w} reached {reps_max}, but at RPE {max(grinders):g} → stay at {w} until it moves easier",
        )
    # A working set short of the range at a lighter load is a miss too (a drop or failure set may be).
    below = [x for x in sets if x.set_type == "working" and x.reps < reps_min and heft(x) < working]
    if all(r >= reps_max for r in reps) and unfinished:  # every planned set earns the step, not some
        return keep(at[0], f"{unfinished} → stay at {w}")
    if all(r >= reps_max for r in reps) and below:
        missed = "; ".join(f"set {x.set_number} went {x.reps} at {typed(x)}" for x in below)
        # the sets at the load are named too: "stay at 82.5 kg" after a miss at 80 kg read as a contradiction
        return keep(at[0], f"{missed}, short of {reps_min}; {w} went {listed} → stay at {w}")
    if all(r >= reps_max for r in reps):
        was = f"{len(at)} of {len(sets)} sets {'was' if len(at) == 1 else 'were'} at {w}"
        # Every working set earns the step: a lighter one (5 x 50 after 5 x 100) holds the load; a burnout
        # marked as a drop or failure set ("drop 10x60") does not.
        if any(x.set_type == "working" and heft(x) < working for x in loaded):
            return keep(at[0], f"{was} ({listed}), the rest lighter → stay at {w} for every set")
        new = round_to_step(base(at[0]) + step_by, step_by)
        if len(at) == len(sets):
            why = f"{_sets(len(at))} reached {reps_max} at {w}"
        else:
            why = f"{was} and {'all ' if len(at) > 2 else 'both '}reached {reps_max}"
        return Suggestion(
            exercise, reps_min, reps_max, new, step_unit, f"{why} → {plus}{show_load(new, step_unit)}", added
        )
    misses = [x for x in at if x.reps < reps_min]
    if not misses:
        return keep(at[0], f"reps at {w}: {listed}, not all {reps_max} yet → stay at {w}")
    made, wanted = sum(reps), reps_min * len(reps)
    failed = made < SHORT_BY_A_LOT * wanted
    in_a_row = 1 + _short_before(earlier, working, reps_min)
    if failed or in_a_row >= DELOAD_AFTER:
        if failed and len(reps) == 1:
            short = f"your set at {w} fell short of {reps_min} ({listed})"
        elif failed:
            short = (
                f"{len(misses)} of {len(reps)} sets at {w} fell short of {reps_min} ({listed}: {made} of {wanted} reps)"
            )
        else:
            short = f"short of {reps_min} at {w} {in_a_row} sessions in a row ({listed} today)"
        # Where a lighter load of this session held the range, go back to it; else back off ~7.5 %.
        lighter_ok = [x for x in loaded if heft(x) < working and x.reps >= reps_min]
        if lighter_ok:
            lighter = max(lighter_ok, key=heft)
            lighter_reps = ", ".join(str(x.reps) for x in loaded if heft(x) == heft(lighter))
            l_text = typed(lighter)
            return keep(lighter, f"{short}; {l_text} went {lighter_reps} → stay at {l_text}")
        b = base(at[0])
        new = max(0.0, min(round_to_step(b * 0.925, step_by), round_to_step(b - step_by, step_by)))
        back = f"{short} → back off to {plus}{show_load(new, step_unit)}"
        return Suggestion(exercise, reps_min, reps_max, new, step_unit, back, added)
    # A rep or two short: the same load again, saying exactly where it fell short.
    gaps = [reps_min - x.reps for x in misses]
    where = _numbers([x.set_number for x in misses])
    first = "one rep" if gaps[0] == 1 else f"{gaps[0]} reps"
    if len(reps) == 1:
        why = f"{first} short of {reps_min}"
    elif len(misses) == 1:
        why = f"{first} short of {reps_min} on set {where}"
    elif all(g == 1 for g in gaps):
        why = f"one rep short of {reps_min} on each of sets {where}"
    else:
        why = f"short of {reps_min} on sets {where}, {sum(gaps)} reps in all"
    why += f": {listed} at {w}"
    if in_a_row == DELOAD_AFTER - 1:
        why += f"; {in_a_row} sessions in a row short at {w}, one more backs off"
    return keep(at[0], f"{why} → same load next time")


def last_session(history: Sequence[SetRecord], exercise: str, reps_min: int, reps_max: int) -> list[SetRecord]:
    """The sets of the most recent session that did this exercise in this rep range."""
    matching = [r for r in history if r.exercise == exercise and r.counts and r.in_range(reps_min, reps_max)]
    if not matching:
        return []
    latest = max(matching, key=lambda r: r.performed_at).session_id
    return [r for r in matching if r.session_id == latest]


@dataclass(frozen=True)
class StartingLoad:
    load: float
    unit: Unit
    note: str


def starting_load(
    history: Sequence[SetRecord],
    exercise: str,
    reps_min: int,
    reps_max: int,
    unit: Unit,
    step: float,
    not_done: NotDone | None = None,
) -> StartingLoad | None:
    """Where to start: last time's progression in this rep range, else the best e1RM for the target reps.
    `not_done`: the planned sets each past session did not do (see `progressed_load`)."""
    if (progressed := progressed_load(history, exercise, reps_min, reps_max, unit, step, not_done)) is not None:
        return progressed
    best = max((r.e1rm_kg for r in history if r.exercise == exercise and r.counts), default=0.0)
    if best <= 0:
        return None
    best_in_unit = shown(best, "kg", unit)
    load = round_to_step(best_in_unit / (1 + reps_max / 30) - step / 2, step)  # rounded down: start a little light
    if load <= 0:
        return None
    return StartingLoad(
        load,
        unit,
        f"From your best estimated 1RM ({show_load(round(best_in_unit, 1), unit)}): "
        f"about {show_load(load, unit)} for {reps_max} reps",
    )


def progressed_load(
    history: Sequence[SetRecord],
    exercise: str,
    reps_min: int,
    reps_max: int,
    unit: Unit,
    step: float,
    not_done: NotDone | None = None,
) -> StartingLoad | None:
    """The load the last session in this rep range earned (the summary's "Next time"), with its reason.
    `not_done`: {session id: {block: set numbers not done}}, as the summary read them (completion.py)."""
    last = last_session(history, exercise, reps_min, reps_max)
    if not last:
        return None
    skipped = (not_done or {}).get(last[0].session_id, {}).get((exercise, reps_min, reps_max), ())
    suggestion = suggest_next(exercise, last, reps_min, reps_max, unit, step, history, skipped)
    if suggestion is None or suggestion.load is None:
        return None
    return StartingLoad(
        suggestion.load, suggestion.unit, f"From last time: {suggestion.reason}"
    )  # a kept load as typed


def best_load_kg(history: Sequence[SetRecord], exercise: str) -> float:
    return max((r.load_kg for r in history if r.exercise == exercise and r.load is not None and r.counts), default=0.0)


def heaviest_typed(history: Sequence[SetRecord], exercise: str) -> dict[str, Any] | None:
    """The heaviest load ever logged for the exercise, as typed: {"load", "unit"} (None: none yet)."""
    loaded = [r for r in history if r.exercise == exercise and r.load is not None and r.counts]
    top = max(loaded, key=lambda r: r.load_kg, default=None)
    return {"load": top.load, "unit": top.unit} if top is not None else None
