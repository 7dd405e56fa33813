"""A user's logged sets as they stand after corrections: the fold of each session's event log.

It mirrors the workout engine's rules for the events the engine accepted (a `set_undone` takes
back the last logged or skipped set, a `set_edited` replaces a logged set's values, a
`session_deleted` hides the session) without needing the session's plan, so imported sessions
and sessions of every version fold the same way. A property test holds the two together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from .records import SetRecord

SET_EVENT_TYPES = ("set_logged", "set_skipped", "set_undone", "set_edited", "set_deleted", "session_deleted")


@dataclass(frozen=True)
class SetEvent:
    session_id: str
    workout: str
    at: datetime  # when the event was stored (aware, UTC)
    type: str
    payload: dict[str, Any]


def _record(e: SetEvent) -> SetRecord:
    p = e.payload
    load = p.get("load")
    return SetRecord(
        e.at,
        e.session_id,
        e.workout,
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
    )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def fold(events: Iterable[SetEvent]) -> list[SetRecord]:
    """Live sets, in the order they were logged; events must be grouped by session, in log order."""
    out: list[SetRecord] = []
    session = None
    entries: list[tuple[int, SetRecord | None]] = []
    for e in events:
        if e.session_id != session:
            out.extend(r for _, r in entries if r is not None)
            session, entries = e.session_id, []
        position = int(e.payload.get("position", -1))
        if e.type == "set_logged":
            entries.append((position, _record(e)))
        elif e.type == "set_skipped":
            entries.append((position, None))
        elif e.type == "set_undone":
            if entries and entries[-1][0] == position:
                entries.pop()
        elif e.type == "set_edited":
            entries = [
                _edited(entry, e.payload) if entry[0] == position and entry[1] is not None else entry
                for entry in entries
            ]
        elif e.type == "set_deleted":
            entries = [
                (pos, None) if pos == position and record is not None else (pos, record) for pos, record in entries
            ]
        elif e.type == "session_deleted":
            entries = []
    out.extend(r for _, r in entries if r is not None)
    return out


def _edited(entry: tuple[int, SetRecord | None], p: dict[str, Any]) -> tuple[int, SetRecord | None]:
    position, record = entry
    assert record is not None
    load = p.get("load", record.load)
    return position, replace(
        record,
        reps=int(p.get("reps", record.reps)),
        load=None if load is None else float(load),
        unit=str(p.get("unit", record.unit)),
        rpe=(None if p["rpe"] is None else float(p["rpe"])) if "rpe" in p else record.rpe,
    )
