"""The guided-workout session as a pure state machine over an append-only event log.

State = replay(plan, events). Every event names the plan position it targets, so a stale or
repeated button tap is recognised: a repeated event id is ignored, an event for another
position (or after the end) is rejected and changes nothing. Corrections are events too:
`set_undone` takes back the last logged or skipped set, `set_edited` changes a logged set's
values (also after the session ended), `session_deleted` hides a whole session. Changes to the
plan mid-session are events too (`warmups_added`, `set_added`, `set_removed`, `exercise_added`; see
plan_edits.py). Nothing is rewritten in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .plan_edits import (
    MAX_LOAD,
    add_exercise,
    add_set,
    edited_type,
    insert_warmups,
    kind_values,
    remove_set,
    rest_of_block,
    typed_load,
)
from .plan_edits import (
    InvalidEvent as InvalidEvent,
)
from .plan_edits import expand as expand  # re-exported: programs become plans here for the flows and tests
from .plan_edits import (
    set_values as set_values,
)
from .units import Unit, convert, round_to_step

EVENT_TYPES = (
    "set_logged",
    "set_skipped",
    "target_adjusted",
    "load_set",
    "exercise_swapped",
    "session_ended",
    "set_undone",
    "set_edited",
    "set_deleted",
    "session_deleted",
    "warmups_added",
    "set_added",
    "set_removed",
    "exercise_added",
)
# Events that may still arrive once the session is over (corrections from /history).
AFTER_END = ("set_edited", "set_deleted", "session_deleted", "session_ended")
DEFAULT_HOLD = 30  # seconds: a hold swapped in for a lift needs some target; the user types what they did


@dataclass(frozen=True)
class PlannedSet:
    exercise: str
    set_number: int  # 1-based within its exercise
    set_count: int
    reps_min: int
    reps_max: int
    load: float | None  # None: bodyweight, or (when `loaded`) not chosen yet
    unit: Unit
    rpe: float | None
    rest_seconds: int
    reps: int | None = None  # what ✅ Done logs; None means the top of the range
    loaded: bool = False  # the exercise takes a load: the card asks for one instead of saying "bodyweight"
    note: str = ""  # why this load (e.g. last session's progression), shown on the card
    last: dict[str, Any] | None = None  # last session's set at this place: {"reps", "load", "unit", "rpe"}
    best_kg: float = 0.0  # the heaviest load ever logged for the exercise, for the "are you sure?" check
    best: dict[str, Any] | None = None  # that load as typed, {"load", "unit"}, to quote it
    # Beyond load x reps (see ExerciseBlock); logged sets carry set_type, duration_s and distance_m.
    set_type: str = "working"  # "warmup", "working", "drop" or "failure"
    kind: str = "weight_reps"  # the catalogue's kind of the exercise
    duration_s: float | None = None  # target of a timed set
    distance_m: float | None = None  # target of a distance set
    superset: str | None = None  # the superset label of its block
    amrap: bool = False  # as many reps as possible: the reps are typed, there is no target to tap
    warmup: bool = False  # the block wants a warm-up ramp before its first working set
    assistance: float | None = None  # a bodyweight lift's band or machine assistance, in `unit`
    distance_unit: str | None = None  # the distance target's unit as typed ("m", "km", "mi")
    start: dict[str, Any] | None = None  # the load typed for the block ({"load", "unit"}), before history moved it
    added: bool = False  # added mid-workout (➕ Set): a drop set logged there is extra work, not a planned set

    @property
    def done_reps(self) -> int:
        return self.reps if self.reps is not None else self.reps_max

    @property
    def needs_load(self) -> bool:
        return self.loaded and self.load is None

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass(frozen=True)
class LoggedSet:
    position: int
    exercise: str
    set_number: int
    reps: int
    load: float | None
    unit: Unit
    rpe: float | None
    target: PlannedSet
    set_type: str = "working"
    duration_s: float | None = None
    distance_m: float | None = None
    assistance: float | None = None
    distance_unit: str | None = None


@dataclass(frozen=True)
class Done:
    """One logged or skipped plan position, with the plan as it was just before (undo restores it)."""

    position: int
    logged: LoggedSet | None  # None: skipped (or deleted)
    plan_before: tuple[PlannedSet, ...]
    deleted: bool = False  # logged, then removed with a set_deleted event


def plan_from_json(rows: list[dict[str, Any]]) -> tuple[PlannedSet, ...]:
    fields = set(PlannedSet.__dataclass_fields__)
    return tuple(PlannedSet(**{k: v for k, v in row.items() if k in fields}) for row in rows)


@dataclass(frozen=True)
class Event:
    type: str
    event_id: str
    position: int
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "event_id": self.event_id, "position": self.position, **self.data}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Event:
        rest = {k: v for k, v in raw.items() if k not in ("type", "event_id", "position")}
        return cls(raw["type"], raw["event_id"], int(raw["position"]), rest)


@dataclass(frozen=True)
class WorkoutState:
    plan: tuple[PlannedSet, ...]  # current targets (adjustments, carried loads and swaps applied)
    position: int = 0  # index of the next planned set
    done: tuple[Done, ...] = ()
    ended: bool = False
    end_reason: str = ""
    deleted: bool = False
    undos: int = 0  # how many undos so far: part of button event ids, so a set re-done after an undo is new
    applied: frozenset[str] = frozenset()

    @property
    def finished(self) -> bool:
        return self.ended or self.deleted or self.position >= len(self.plan)

    @property
    def epoch(self) -> int:
        """The undo count as buttons carry it: three digits keep button data within Telegram's 64 bytes,
        and a clash needs a thousand undos in one session."""
        return self.undos % 1000

    @property
    def logged(self) -> tuple[LoggedSet, ...]:
        return tuple(d.logged for d in self.done if d.logged is not None)

    @property
    def skipped(self) -> tuple[int, ...]:
        return tuple(d.position for d in self.done if d.logged is None and not d.deleted)

    def current(self) -> PlannedSet | None:
        return None if self.finished else self.plan[self.position]

    def logged_at(self, position: int) -> LoggedSet | None:
        return next((s for s in self.logged if s.position == position), None)

    def apply(self, event: Event) -> WorkoutState:
        if event.event_id in self.applied:
            return self  # a duplicate tap or a re-delivered update
        if event.type not in EVENT_TYPES:
            raise InvalidEvent(f"unknown event type {event.type!r}")
        if self.deleted or (self.ended and event.type not in AFTER_END):
            raise InvalidEvent("the workout is already over")
        applied = self.applied | {event.event_id}
        handler = getattr(self, f"_on_{event.type}")
        new: WorkoutState = handler(event.position, event.data)
        return replace(new, applied=applied)

    # --- moving through the plan ----------------------------------------------------
    def _target(self, position: int) -> PlannedSet:
        if self.finished or position != self.position:
            raise InvalidEvent("that button is for another set")
        return self.plan[position]

    def _on_set_logged(self, position: int, d: dict[str, Any]) -> WorkoutState:
        target = self._target(position)
        reps, load, unit, rpe = set_values(d, target)
        kinds = kind_values(d, target)
        if target.loaded and load is None:
            raise InvalidEvent("this exercise needs a load")
        entry = LoggedSet(position, target.exercise, target.set_number, reps, load, unit, rpe, target, **kinds)
        plan = list(self.plan)
        # The load and reps carry to the next sets, a drop set's not (after "drop 8x80", set 3's card said 80 kg)
        for q in [] if kinds["set_type"] == "drop" else rest_of_block(self.plan, position):
            nxt = plan[q]
            plan[q] = replace(
                nxt,
                load=load,
                unit=unit,
                reps=min(max(reps, nxt.reps_min), nxt.reps_max),
                note="",
                assistance=kinds["assistance"],
                duration_s=kinds["duration_s"] or nxt.duration_s,
                distance_m=kinds["distance_m"] or nxt.distance_m,
                distance_unit=kinds["distance_unit"] if kinds["distance_m"] else nxt.distance_unit,
            )
        return replace(
            self, plan=tuple(plan), position=position + 1, done=self.done + (Done(position, entry, self.plan),)
        )

    def _on_set_skipped(self, position: int, d: dict[str, Any]) -> WorkoutState:
        self._target(position)
        return replace(self, position=position + 1, done=self.done + (Done(position, None, self.plan),))

    def _on_target_adjusted(self, position: int, d: dict[str, Any]) -> WorkoutState:
        target = self._target(position)
        try:
            reps_delta, load_delta = int(d.get("reps_delta", 0)), float(d.get("load_delta", 0))
            step = float(d.get("step", abs(load_delta) or 1))
        except (TypeError, ValueError):
            raise InvalidEvent("malformed adjustment") from None
        if abs(reps_delta) > 20 or abs(load_delta) > 100 or not 0 < step <= 100:
            raise InvalidEvent("adjustment too large")
        reps = min(100, max(1, target.done_reps + reps_delta))
        load, unit = target.load, target.unit
        if load_delta and target.assistance is not None:  # assisted: more load is less help
            left = round(target.assistance - load_delta, 4)
            return self._retarget(
                position,
                replace(target, reps=reps, assistance=left if left > 0 else None, load=-left if left < 0 else None),
            )
        if load_delta:
            unit = d.get("unit", target.unit) if d.get("unit") in ("kg", "lb") else target.unit
            base = 0.0 if load is None else round_to_step(convert(load, target.unit, unit), step)
            if target.kind == "bodyweight_reps" and base + load_delta < 0:
                # Below bodyweight is help (a band or the machine), as typing "8 -20" logs it: the − button
                # on a pull-up at bodyweight did nothing.
                help_ = min(MAX_LOAD, -(base + load_delta))
                return self._retarget(position, replace(target, reps=reps, load=None, unit=unit, assistance=help_))
            load = min(
                MAX_LOAD, max(step if target.loaded else 0.0, base + load_delta)
            )  # a loaded lift never reaches 0
            if load == 0:
                load = None  # back to bodyweight
        return self._retarget(position, replace(target, reps=reps, load=load, unit=unit))

    def _on_load_set(self, position: int, d: dict[str, Any]) -> WorkoutState:
        """The working weight for this set and the rest of its block (the starting-weight answer)."""
        target = self._target(position)
        bodyweight = d.get("bodyweight") is True
        _, load, unit, _ = set_values({"reps": target.done_reps, **d}, target)
        if load is None and not bodyweight:
            raise InvalidEvent("no load given")
        plan = list(self.plan)
        for q in (position, *rest_of_block(self.plan, position)):
            plan[q] = replace(
                plan[q], load=None if bodyweight else load, unit=unit, note="", loaded=plan[q].loaded and not bodyweight
            )
        return replace(self, plan=tuple(plan))

    def _on_exercise_swapped(self, position: int, d: dict[str, Any]) -> WorkoutState:
        target = self._target(position)
        to = str(d.get("to", "")).strip().lower()
        if not 2 <= len(to) <= 60:
            raise InvalidEvent("missing exercise to swap to")
        load = d.get("load")
        unit = d.get("unit", target.unit)
        if load is not None and (
            not isinstance(load, int | float) or not 0 < load <= MAX_LOAD or unit not in ("kg", "lb")
        ):
            raise InvalidEvent("bad load for the new exercise")
        kind = str(d.get("kind", target.kind))
        plan = list(self.plan)
        block = (position, *rest_of_block(self.plan, position))
        before = sum(1 for s in self.logged if s.exercise == to)  # swapping back continues its numbering
        for i, q in enumerate(block):
            # the old load means nothing for the new lift: use the one derived for it, or ask
            plan[q] = replace(
                plan[q],
                set_number=before + i + 1,
                set_count=before + len(block),
            )
            plan[q] = replace(
                plan[q],
                exercise=to,
                load=load,
                unit=unit,
                loaded=bool(d.get("loaded", False)),
                kind=kind,
                duration_s=plan[q].duration_s or (DEFAULT_HOLD if kind == "duration" else None),
                assistance=None,
                reps=None,
                note=str(d.get("note", ""))[:200],
                last=None,
                best_kg=float(d.get("best_kg", 0.0)),
                best=typed_load(d.get("best")),
            )
        return replace(self, plan=tuple(plan))

    def _on_session_ended(self, position: int, d: dict[str, Any]) -> WorkoutState:
        if self.ended:
            return self
        return replace(self, ended=True, end_reason=str(d.get("reason", "ended"))[:40])

    # --- corrections ------------------------------------------------------------------
    def _on_set_undone(self, position: int, d: dict[str, Any]) -> WorkoutState:
        if not self.done or self.done[-1].position != position:
            raise InvalidEvent("only the last set can be undone")
        last = self.done[-1]
        return replace(self, plan=last.plan_before, position=last.position, done=self.done[:-1], undos=self.undos + 1)

    def _on_set_edited(self, position: int, d: dict[str, Any]) -> WorkoutState:
        index = next((i for i, x in enumerate(self.done) if x.position == position and x.logged is not None), None)
        if index is None:
            raise InvalidEvent("no logged set there to edit")
        old = self.done[index].logged
        assert old is not None
        reps, load, unit, rpe = set_values(
            {"reps": old.reps, "load": old.load, "unit": old.unit, "rpe": old.rpe, **d}, old.target
        )
        set_type = edited_type(d, old.target, old.set_type)
        edited = replace(
            self.done[index], logged=replace(old, reps=reps, load=load, unit=unit, rpe=rpe, set_type=set_type)
        )
        return replace(self, done=self.done[:index] + (edited,) + self.done[index + 1 :])

    def _on_set_deleted(self, position: int, d: dict[str, Any]) -> WorkoutState:
        """One logged set removed (from /edit or /history): it counts as not done, like a skip."""
        index = next((i for i, x in enumerate(self.done) if x.position == position and x.logged is not None), None)
        if index is None:
            raise InvalidEvent("no logged set there to delete")
        removed = replace(self.done[index], logged=None, deleted=True)
        return replace(self, done=self.done[:index] + (removed,) + self.done[index + 1 :])

    def _on_session_deleted(self, position: int, d: dict[str, Any]) -> WorkoutState:
        return replace(self, deleted=True)

    # --- changing the plan mid-workout (each applied to the undo snapshots too, so an undo keeps it) ---
    def _on_warmups_added(self, position: int, d: dict[str, Any]) -> WorkoutState:
        target = self._target(position)
        return self._restructured(lambda plan: insert_warmups(plan, position, target, d.get("sets"), d.get("unit")))

    def _on_set_added(self, position: int, d: dict[str, Any]) -> WorkoutState:
        self._target(position)
        return self._restructured(lambda plan: add_set(plan, position))

    def _on_set_removed(self, position: int, d: dict[str, Any]) -> WorkoutState:
        self._target(position)
        return self._restructured(lambda plan: remove_set(plan, position))

    def _on_exercise_added(self, position: int, d: dict[str, Any]) -> WorkoutState:
        if position != self.position:  # also once every set is done: the workout goes on with it
            raise InvalidEvent("that button is for another set")
        return self._restructured(lambda plan: add_exercise(plan, d))

    def _restructured(self, change: Any) -> WorkoutState:
        """The same change to the plan and to every undo snapshot: changes land at or after the current
        position, so the snapshots (all of earlier positions) line up with it."""
        done = tuple(replace(x, plan_before=change(x.plan_before)) for x in self.done)
        return replace(self, plan=change(self.plan), done=done)

    def _retarget(self, position: int, target: PlannedSet) -> WorkoutState:
        plan = list(self.plan)
        plan[position] = target
        return replace(self, plan=tuple(plan))


def replay(plan: tuple[PlannedSet, ...], events: list[Event]) -> WorkoutState:
    state = WorkoutState(plan)
    for event in events:
        state = state.apply(event)
    return state


def state_to_json(state: WorkoutState) -> dict[str, Any]:
    """The session's version beside its log: appends compare it to detect a concurrent writer."""
    return {
        "position": state.position,
        "logged": len(state.logged),
        "skipped": len(state.skipped),
        "ended": state.ended,
        "finished": state.finished,
        "applied": len(state.applied),
    }
