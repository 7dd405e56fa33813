"""/import of a CSV document (ours, Strong's or Hevy's): names mapped to the user's catalogue, unknown
names kept as their own exercises, each source session stored once whatever the number of imports."""

from __future__ import annotations

import asyncio
import hashlib
from collections import defaultdict

from ..history.csv_io import CsvImportError, import_csv
from ..history.records import SetRecord
from ..storage.repository import ExerciseStore, ImportCapExceeded, StoredSession, UserStore, WorkoutStore
from ..training.event_payloads import imported
from .callbacks import SettingsButton
from .model import Button, Reply, esc
from .own_exercises import user_catalogue
from .turn import Turn

IMPORT_HELP = (
    "Send me a CSV file (from /export, or the Strong or Hevy app's CSV export) as a document, and I'll import it."
)
MAX_SESSIONS_SCANNED = 1000


async def import_document(
    turn: Turn, data: bytes, workouts: WorkoutStore, users: UserStore, exercises: ExerciseStore, max_sets: int
) -> Reply:
    """`max_sets`: the user's imported sets, across all imports, may not pass this."""
    user = turn.user
    prefs = await turn.preferences()
    catalogue = await user_catalogue(exercises, user.id)
    try:  # a 5 MB file takes about a second to parse: off the event loop
        report = await asyncio.to_thread(import_csv, data, prefs.unit, catalogue, prefs.zone())
    except CsvImportError as exc:
        return Reply(f"{esc(str(exc))}\n{IMPORT_HELP}")
    sessions: dict[str, list[SetRecord]] = defaultdict(list)
    for record in report.records:
        sessions[record.session_id].append(record)
    await users.touch_user(user.id, user.chat_id, user.first_name)
    # Our own export names each workout by its id: those already here are not imported again.
    own = {s.id for s in await workouts.recent_sessions(user.id, MAX_SESSIONS_SCANNED * 100)}
    already_here = sum(len(records) for key, records in sessions.items() if key in own)
    batch = []
    for key, records in sessions.items():
        if key in own:
            continue
        # A stable id per user and source session: importing the same file twice adds nothing.
        session_id = hashlib.sha1(f"{user.id}:{key}".encode()).hexdigest()[:32]
        first = min(r.performed_at for r in records)
        stored = StoredSession(
            id=session_id,
            user_id=user.id,
            chat_id=user.chat_id,
            program_id="import",
            title=records[0].workout[:200],
            plan=[],
            state={"imported": True},
            status="finished",
            started_at=first,
            updated_at=first,
            ended_at=first,
        )
        events = [(f"import:{i}", "set_logged", imported(i, r), r.performed_at) for i, r in enumerate(records)]
        batch.append((stored, events))
    try:
        added, duplicates = await workouts.import_sessions(user.id, batch, max_sets)
        duplicates += already_here
    except ImportCapExceeded as cap:
        return Reply(
            f"That import would take you past {max_sets:,} imported sets (you have {cap.already:,}). "
            "Nothing was imported; /forget clears everything if you want to start over."
        )
    used = {r.exercise for r in report.records}
    await exercises.add_exercises(user.id, [e for e in report.new_exercises if e.name in used])
    text = esc(report.summary())
    text += f"\nAdded {added} new set{'s' if added != 1 else ''} to your log."
    if duplicates:
        were = "were" if duplicates != 1 else "was"
        text += f" {duplicates} {were} already there and {were} skipped."
    other = _other_unit(report.records, prefs.unit) if report.assumed_unit is None else None
    if other is None:
        return Reply(f"📥 {text}")
    # An lb lifter's first import into a kg account: their sets stay in lb, but what they type next would not.
    text += (
        f"\nYour file's weights are in {other}, and your settings in {prefs.unit}: a bare number you type is "
        f"{prefs.unit}. Switch to {other}?"
    )
    return Reply(f"📥 {text}", ((Button(f"⚖️ Switch to {other}", SettingsButton("unit", other).pack()),),))


def _other_unit(records: list[SetRecord], unit: str) -> str | None:
    """The other unit, when every loaded set of the file is in it."""
    units = {r.unit for r in records if r.load is not None}
    return units.pop() if len(units) == 1 and unit not in units else None
