"""The stored shape of a workout event's payload: one codec for what the log writes (sets logged in
the chat, imported, or corrected) and what history reads back (`history/setlog.py` folds them).

A payload is the engine's `Event.to_json()` plus the set's final values, so history needs no plan:
exercise, set number, reps, load and unit exactly as entered, RPE, the target range, and `load_kg`
for queries. The set-kind keys (set type, duration, distance, assistance) are written only when they
say something; a reader takes an absent key as the default."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from ..history.records import SetRecord
from .distances import UNITS as DISTANCE_UNITS
from .engine import Event, LoggedSet, PlannedSet, WorkoutState, set_values
from .plan_edits import edited_type
from .units import to_kg

KIND_KEYS = ("set_type", "duration_s", "distance_m", "assistance", "distance_unit")


def _values(
    exercise: str, set_number: int, reps: int, load: float | None, unit: str, rpe: float | None
) -> dict[str, Any]:
    return {
        "exercise": exercise,
        "set_number": set_number,
        "reps": reps,
        "load": load,
        "unit": unit,
        "rpe": rpe,
        "load_kg": None if load is None else round(to_kg(load, unit), 4),  # for queries; load+unit stay exact
    }


def _kinds(s: Any) -> dict[str, Any]:
    return {k: v for k in KIND_KEYS if (v := getattr(s, k)) is not None and v != "working"}


def logged(event: Event, after: WorkoutState) -> dict[str, Any]:
    """An event the engine accepted, as stored; `after` is the state it led to."""
    if event.type == "set_logged":
        done: LoggedSet | None = after.logged[-1]
    elif event.type == "set_edited":
        done = after.logged_at(event.position)
    else:
        return event.to_json()
    assert done is not None  # the engine accepted the edit, so the set is there
    values = _values(done.exercise, done.set_number, done.reps, done.load, done.unit, done.rpe)
    target = {"reps_min": done.target.reps_min, "reps_max": done.target.reps_max}
    # An edit names its set type even when "working" (which _kinds leaves out): "5x80" correcting a drop set
    # makes it a working set again, and history must read that, not keep the drop.
    typed = {"set_type": done.set_type} if event.type == "set_edited" else {}
    return event.to_json() | values | target | _kinds(done) | typed


def imported(index: int, record: SetRecord) -> dict[str, Any]:
    """The `set_logged` event of the `index`-th set of an imported file."""
    event = Event("set_logged", f"import:{index}", index)
    values = _values(record.exercise, record.set_number, record.reps, record.load, record.unit, record.rpe)
    del values["load_kg"]  # imported payloads never had it; readers convert load and unit themselves
    return event.to_json() | values | _kinds(record)


def corrected(event: Event, old: SetRecord) -> dict[str, Any]:
    """A `set_edited` event on a set with no plan (an imported session): its values after the edit."""
    probe = PlannedSet(old.exercise, old.set_number, 1, 1, 100, old.load, old.unit, None, 0)  # type: ignore[arg-type]
    reps, load, unit, rpe = set_values(
        {"reps": old.reps, "load": old.load, "unit": old.unit, "rpe": old.rpe, **event.data}, probe
    )
    probe = replace(probe, set_type="warmup") if old.set_type == "warmup" else probe
    set_type = edited_type(event.data, probe, old.set_type)
    return event.to_json() | _values(old.exercise, old.set_number, reps, load, unit, rpe) | {"set_type": set_type}


def read_set(at: datetime, session_id: str, workout: str, p: dict[str, Any]) -> SetRecord:
    """A `set_logged` payload as history's record (every version's payloads read the same way)."""
    load = p.get("load")
    return SetRecord(
        at,
        session_id,
        workout,
        str(p.get("exercise", "")),
        int(p.get("set_number", 1)),
        int(p.get("reps", 0)),
        None if load is None else float(load),
        str(p.get("unit", "kg")),
        None if p.get("rpe") is None else float(p["rpe"]),
        int(p.get("position", -1)),
        p.get("reps_min"),
        p.get("reps_max"),
        str(p.get("event_id", "")),
        str(p.get("set_type") or "working"),
        _number(p.get("duration_s")),
        _number(p.get("distance_m")),
        _number(p.get("assistance")),
        p.get("distance_unit") if p.get("distance_unit") in DISTANCE_UNITS else None,
    )


def read_edit(record: SetRecord, p: dict[str, Any]) -> SetRecord:
    """A logged set after a `set_edited` payload (keys it lacks keep their values)."""
    load = p.get("load", record.load)
    return replace(
        record,
        reps=int(p.get("reps", record.reps)),
        load=None if load is None else float(load),
        unit=str(p.get("unit", record.unit)),
        rpe=(None if p["rpe"] is None else float(p["rpe"])) if "rpe" in p else record.rpe,
        set_type=str(p.get("set_type") or record.set_type),
    )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)
