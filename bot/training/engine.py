"""The guided-workout session as a pure state machine over an append-only event log.

State = replay(plan, events). Every event names the plan position it targets, so a stale or
repeated button tap is recognised: a repeated event id is ignored, an event for another
position (or after the end) is rejected and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .programs import Program
from .units import Unit

EVENT_TYPES = ("set_logged", "set_skipped", "target_adjusted", "exercise_swapped", "session_ended")


class InvalidEvent(ValueError):
    """The event does not fit the session's current state (stale button, finished session...)."""


@dataclass(frozen=True)
class PlannedSet:
    exercise: str
    set_number: int  # 1-based within its exercise
    set_count: int
    reps_min: int
    reps_max: int
    load: float | None
    unit: Unit
    rpe: float | None
    rest_seconds: int

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


def expand(program: Program) -> tuple[PlannedSet, ...]:
    return tuple(
        PlannedSet(b.exercise, n, b.sets, b.reps_min, b.reps_max, b.load, b.unit, b.rpe, b.rest_seconds)
        for b in program.blocks
        for n in range(1, b.sets + 1)
    )


def plan_from_json(rows: list[dict[str, Any]]) -> tuple[PlannedSet, ...]:
    return tuple(PlannedSet(**row) for row in rows)


@dataclass(frozen=True)
class Event:
    type: str
    event_id: str
    position: int
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "event_id": self.event_id, "position": self.position, **self.data}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "Event":
        rest = {k: v for k, v in raw.items() if k not in ("type", "event_id", "position")}
        return cls(raw["type"], raw["event_id"], int(raw["position"]), rest)


@dataclass(frozen=True)
class WorkoutState:
    plan: tuple[PlannedSet, ...]  # current targets (adjustments and swaps applied)
    position: int = 0  # index of the next planned set
    logged: tuple[LoggedSet, ...] = ()
    skipped: tuple[int, ...] = ()
    ended: bool = False
    end_reason: str = ""
    applied: frozenset[str] = frozenset()

    @property
    def finished(self) -> bool:
        return self.ended or self.position >= len(self.plan)

    def current(self) -> PlannedSet | None:
        return None if self.finished else self.plan[self.position]

    def upcoming(self) -> PlannedSet | None:
        nxt = self.position + 1
        return self.plan[nxt] if not self.ended and nxt < len(self.plan) else None

    def apply(self, event: Event) -> "WorkoutState":
        if event.event_id in self.applied:
            return self  # a duplicate tap or a re-delivered update
        if event.type not in EVENT_TYPES:
            raise InvalidEvent(f"unknown event type {event.type!r}")
        if self.finished:
            raise InvalidEvent("the workout is already over")
        if event.type != "session_ended" and event.position != self.position:
            raise InvalidEvent("that button is for another set")
        applied = self.applied | {event.event_id}
        target = self.plan[self.position]
        d = event.data
        if event.type == "set_logged":
            reps, load, unit, rpe = _set_values(d, target)
            entry = LoggedSet(self.position, target.exercise, target.set_number, reps, load, unit, rpe, target)
            return replace(self, position=self.position + 1, logged=self.logged + (entry,), applied=applied)
        if event.type == "set_skipped":
            return replace(self, position=self.position + 1, skipped=self.skipped + (self.position,), applied=applied)
        if event.type == "target_adjusted":
            reps_delta, load_delta = int(d.get("reps_delta", 0)), float(d.get("load_delta", 0))
            if abs(reps_delta) > 20 or abs(load_delta) > 100:
                raise InvalidEvent("adjustment too large")
            reps_max = max(1, target.reps_max + reps_delta)
            reps_min = max(1, min(target.reps_min + reps_delta, reps_max))
            load = None if target.load is None and load_delta <= 0 else max(0.0, (target.load or 0.0) + load_delta)
            return self._retarget(self.position, replace(target, reps_min=reps_min, reps_max=reps_max, load=load), applied)
        if event.type == "exercise_swapped":
            to = str(d.get("to", "")).strip().lower()
            if not 2 <= len(to) <= 60:
                raise InvalidEvent("missing exercise to swap to")
            plan = list(self.plan)
            for i in range(self.position, len(plan)):
                if plan[i].exercise != target.exercise:
                    break
                plan[i] = replace(plan[i], exercise=to, load=None)  # the old load means nothing for the new lift
            return replace(self, plan=tuple(plan), applied=applied)
        # session_ended
        return replace(self, ended=True, end_reason=str(d.get("reason", "ended"))[:40], applied=applied)

    def _retarget(self, position: int, target: PlannedSet, applied: frozenset[str]) -> "WorkoutState":
        plan = list(self.plan)
        plan[position] = target
        return replace(self, plan=tuple(plan), applied=applied)


def _set_values(d: dict[str, Any], target: PlannedSet) -> tuple[int, float | None, Unit, float | None]:
    try:
        reps = int(d.get("reps", target.reps_max))
        load = d.get("load", target.load)
        load = None if load is None else float(load)
        unit = d.get("unit", target.unit)
        rpe = d.get("rpe")
        rpe = None if rpe is None else float(rpe)
    except (TypeError, ValueError):
        raise InvalidEvent("malformed set") from None
    if not 0 <= reps <= 100 or unit not in ("kg", "lb") or (load is not None and not 0 <= load <= 2205) or (rpe is not None and not 1 <= rpe <= 10):
        raise InvalidEvent("set values out of range")
    return reps, load, unit, rpe


def replay(plan: tuple[PlannedSet, ...], events: list[Event]) -> WorkoutState:
    state = WorkoutState(plan)
    for event in events:
        state = state.apply(event)
    return state


def state_to_json(state: WorkoutState) -> dict[str, Any]:
    """A compact snapshot stored beside the event log for quick reads (the log stays the truth)."""
    return {
        "position": state.position,
        "logged": len(state.logged),
        "skipped": len(state.skipped),
        "ended": state.ended,
        "finished": state.finished,
        "applied": len(state.applied),
    }
