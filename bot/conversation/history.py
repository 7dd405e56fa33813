"""/history, /progress <exercise>, /export and /import (CSV documents)."""

from __future__ import annotations

import asyncio
import hashlib
from collections import defaultdict
from datetime import datetime

from ..history.charts import progress_png
from ..history.csv_io import ImportError_, export_csv, import_csv
from ..history.records import SetRecord
from ..storage.repository import LoggedSetRow, Repository, StoredSession
from ..training.parsing import normalise_exercise
from ..training.units import format_load
from .flow import Notification
from .model import Button, CallbackOutcome, Reply, User, esc
from .preferences import load_preferences

PROGRESS_USAGE = "Usage: /progress &lt;exercise&gt;, e.g. <code>/progress hip thrust</code>"
IMPORT_HELP = "Send me a CSV file (from /export, or the Strong app's CSV export) as a document, and I'll import it."


def to_record(row: LoggedSetRow) -> SetRecord:
    p = row.payload
    return SetRecord(row.performed_at, row.session_id, row.workout, str(p.get("exercise", "")), int(p.get("set_number", 1)),
                     int(p.get("reps", 0)), None if p.get("load") is None else float(p["load"]), str(p.get("unit", "kg")),
                     None if p.get("rpe") is None else float(p["rpe"]))


class HistoryFlow:
    commands = ("history", "progress", "export", "import")
    button_prefix = "h"

    def __init__(self, repo: Repository):
        self.repo = repo

    async def command(self, user: User, name: str, args: str) -> list[Reply]:
        if name == "history":
            return [await self._history(user)]
        if name == "progress":
            return [await self._progress(user, args)]
        if name == "export":
            rows = await self.repo.logged_sets(user.id)
            if not rows:
                return [Reply("You have no logged sets to export yet. Start with /workout.")]
            data = export_csv(to_record(r) for r in rows)
            return [Reply(f"📄 {len(rows)} sets, one row per set.", document=("liftcoach-sets.csv", data))]
        return [Reply(IMPORT_HELP)]

    async def _history(self, user: User) -> Reply:
        sessions = [s for s in await self.repo.recent_sessions(user.id, 10)]
        if not sessions:
            return Reply("No workouts yet. Send /workout to start one.")
        rows = await self.repo.logged_sets(user.id)
        per_session: dict[str, list[LoggedSetRow]] = defaultdict(list)
        for r in rows:
            per_session[r.session_id].append(r)
        lines = ["<b>Your last workouts</b>"]
        buttons = []
        for i, s in enumerate(sessions, 1):
            sets = per_session.get(s.id, [])
            status = " (in progress)" if s.status == "active" else ""
            lines.append(f"{i}. {s.started_at:%d %b} — {esc(s.title)}: {len(sets)} sets{status}")
            buttons.append(Button(str(i), f"h:open:{s.id}"))
        return Reply("\n".join(lines), tuple(tuple(buttons[i : i + 5]) for i in range(0, len(buttons), 5)))

    async def _progress(self, user: User, args: str) -> Reply:
        if not args.strip() or len(args) > 60:
            return Reply(PROGRESS_USAGE)
        exercise = normalise_exercise(args)
        rows = await self.repo.logged_sets(user.id, exercise)
        loaded = [r for r in rows if r.payload.get("load") is not None]
        if not loaded:
            return Reply(f"I have no loaded sets of {esc(exercise)} yet. {PROGRESS_USAGE}")
        prefs = await load_preferences(self.repo, user.id)
        png = await asyncio.to_thread(progress_png, [to_record(r) for r in rows], exercise, prefs.unit)
        return Reply(f"📈 {esc(exercise.capitalize())}: {len({r.session_id for r in loaded})} sessions", photo=png)

    async def on_button(self, user: User, data: str, tap_id: str | None = None) -> CallbackOutcome:
        action, _, session_id = data.partition(":")
        session = await self.repo.get_session(session_id) if action == "open" else None
        if session is None or session.user_id != user.id:
            return CallbackOutcome(toast="That workout no longer exists.")
        rows = [r for r in await self.repo.logged_sets(user.id) if r.session_id == session_id]
        lines = [f"<b>{esc(session.title)}</b> — {session.started_at:%a %d %b %Y}"]
        for r in rows:
            p = r.payload
            load = f" × {format_load(p.get('load'), p.get('unit', 'kg'))}" if p.get("load") is not None else ""
            lines.append(f"• {esc(str(p.get('exercise')))} set {p.get('set_number')}: {p.get('reps')} reps{load}")
        if not rows:
            lines.append("No sets logged.")
        return CallbackOutcome([Reply("\n".join(lines))])

    async def on_text(self, user: User, text: str, message_id: int | None = None) -> list[Reply] | None:
        return None

    async def due(self, now: datetime) -> list[Notification]:
        return []

    async def import_document(self, user: User, filename: str, data: bytes) -> Reply:
        prefs = await load_preferences(self.repo, user.id)
        try:
            report = import_csv(data, default_unit=prefs.unit)
        except ImportError_ as exc:
            return Reply(f"{esc(str(exc))}\n{IMPORT_HELP}")
        sessions: dict[str, list[SetRecord]] = defaultdict(list)
        for record in report.records:
            sessions[record.session_id].append(record)
        await self.repo.touch_user(user.id, user.chat_id, user.first_name)
        imported_sets = duplicates = 0
        for key, records in sessions.items():
            # A stable id per user and source session: importing the same file twice adds nothing.
            session_id = hashlib.sha1(f"{user.id}:{key}".encode()).hexdigest()[:32]
            first = min(r.performed_at for r in records)
            stored = StoredSession(
                id=session_id, user_id=user.id, chat_id=user.chat_id, program_id="import", title=records[0].workout[:200],
                plan=[], state={"imported": True}, status="finished", started_at=first, updated_at=first, ended_at=first,
            )
            events = [
                (f"import:{i}", "set_logged", {"type": "set_logged", "event_id": f"import:{i}", "position": i, "exercise": r.exercise,
                 "set_number": r.set_number, "reps": r.reps, "load": r.load, "unit": r.unit, "rpe": r.rpe}, r.performed_at)
                for i, r in enumerate(records)
            ]
            if await self.repo.import_session(stored, events):
                imported_sets += len(records)
            else:
                duplicates += len(records)
        text = esc(report.summary())
        if duplicates:
            text += f"\n{duplicates} sets were already imported before and were skipped."
        return Reply(f"📥 {text}")
