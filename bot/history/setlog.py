"""A user's logged sets as they stand after corrections: the fold of each session's event log.

It mirrors the workout engine's rules for the events the engine accepted (a `set_undone` takes
back the last logged or skipped set, a `set_edited` replaces a logged set's values, a
`session_deleted` hides the session) without needing the session's plan, so imported sessions
and sessions of every version fold the same way. A property test holds the two together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..training.event_payloads import read_edit, read_set
from .records import SetRecord

SET_EVENT_TYPES = ("set_logged", "set_skipped", "set_undone", "set_edited", "set_deleted", "session_deleted")


@dataclass(frozen=True)
class SetEvent:
    session_id: str
    workout: str
    at: datetime  # when the event was stored (aware, UTC)
    type: str
    payload: dict[str, Any]


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
            entries.append((position, read_set(e.at, e.session_id, e.workout, e.payload)))
        elif e.type == "set_skipped":
            entries.append((position, None))
        elif e.type == "set_undone":
            if entries and entries[-1][0] == position:
                entries.pop()
        elif e.type == "set_edited":
            entries = [
                (pos, read_edit(record, e.payload)) if pos == position and record is not None else (pos, record)
                for pos, record in entries
            ]
        elif e.type == "set_deleted":
            entries = [
                (pos, None) if pos == position and record is not None else (pos, record) for pos, record in entries
            ]
        elif e.type == "session_deleted":
            entries = []
    out.extend(r for _, r in entries if r is not None)
    return out
