"""What is due later: timers (rest, idle nudges) and daily reminders (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from .engine import Database
from .repository import JsonDict, StoredReminder, Timer
from .tables import reminders, timers
from .times import aware, utcnow


class SqlSchedule:
    def __init__(self, db: Database):
        self.db = db

    # --- timers ---------------------------------------------------------------
    async def add_timer(self, user_id: int, chat_id: int, kind: str, due_at: datetime, payload: JsonDict) -> int:
        def write(conn: Connection) -> int:
            result = conn.execute(
                insert(timers)
                .values(user_id=user_id, chat_id=chat_id, kind=kind, due_at=due_at, payload=payload)
                .returning(timers.c.id)
            )
            return int(result.scalar_one())

        return await self.db.run_write(write)

    async def cancel_timers(self, user_id: int, kind: str) -> int:
        def write(conn: Connection) -> int:
            result = conn.execute(
                delete(timers).where(timers.c.user_id == user_id, timers.c.kind == kind, timers.c.fired_at.is_(None))
            )
            return int(result.rowcount or 0)

        return await self.db.run_write(write)

    async def pending_timers(self, kind: str | None = None) -> list[Timer]:
        stmt = select(timers).where(timers.c.fired_at.is_(None)).order_by(timers.c.due_at)
        if kind:
            stmt = stmt.where(timers.c.kind == kind)

        def read(conn: Connection) -> list[Timer]:
            return [
                Timer(r["id"], r["user_id"], r["chat_id"], r["kind"], aware(r["due_at"]), dict(r["payload"]))  # type: ignore[arg-type]
                for r in (conn.execute(stmt)).mappings()
            ]

        return await self.db.run_read(read)

    async def claim_timer(self, timer_id: int, at: datetime) -> bool:
        """Mark a timer fired; only one caller (of any replica) ever gets True."""

        def write(conn: Connection) -> bool:
            result = conn.execute(
                update(timers).where(timers.c.id == timer_id, timers.c.fired_at.is_(None)).values(fired_at=at)
            )
            return result.rowcount == 1

        return await self.db.run_write(write)

    # --- reminders ------------------------------------------------------------
    async def add_reminder(
        self, user_id: int, chat_id: int, days: list[int], at: str, timezone: str, next_fire_at: datetime
    ) -> int:
        def write(conn: Connection) -> int:
            result = conn.execute(
                insert(reminders)
                .values(
                    user_id=user_id,
                    chat_id=chat_id,
                    days=sorted(days),
                    at=at,
                    timezone=timezone,
                    next_fire_at=next_fire_at,
                    created_at=utcnow(),
                )
                .returning(reminders.c.id)
            )
            return int(result.scalar_one())

        return await self.db.run_write(write)

    async def reminders_of(self, user_id: int) -> list[StoredReminder]:
        stmt = select(reminders).where(reminders.c.user_id == user_id).order_by(reminders.c.id)

        def read(conn: Connection) -> list[StoredReminder]:
            return [_reminder(r) for r in (conn.execute(stmt)).mappings()]

        return await self.db.run_read(read)

    async def get_reminder(self, reminder_id: int) -> StoredReminder | None:
        def read(conn: Connection) -> StoredReminder | None:
            row = (conn.execute(select(reminders).where(reminders.c.id == reminder_id))).mappings().first()
            return _reminder(row) if row else None

        return await self.db.run_read(read)

    async def delete_reminders(self, user_id: int, reminder_id: int | None = None) -> int:
        stmt = delete(reminders).where(reminders.c.user_id == user_id)
        if reminder_id is not None:
            stmt = stmt.where(reminders.c.id == reminder_id)

        def write(conn: Connection) -> int:
            return int((conn.execute(stmt)).rowcount or 0)

        return await self.db.run_write(write)

    async def due_reminders(self, now: datetime) -> list[StoredReminder]:
        stmt = select(reminders).where(reminders.c.next_fire_at <= now).order_by(reminders.c.next_fire_at)

        def read(conn: Connection) -> list[StoredReminder]:
            return [_reminder(r) for r in (conn.execute(stmt)).mappings()]

        return await self.db.run_read(read)

    async def advance_reminder(self, reminder_id: int, expected: datetime, next_fire_at: datetime) -> bool:
        """Compare-and-set the next firing time: only one process wins each firing."""

        def write(conn: Connection) -> bool:
            result = conn.execute(
                update(reminders)
                .where(reminders.c.id == reminder_id, reminders.c.next_fire_at == expected)
                .values(next_fire_at=next_fire_at)
            )
            return result.rowcount == 1

        return await self.db.run_write(write)

    async def retime_reminders(
        self, user_id: int, timezone: str, next_fire: Callable[[StoredReminder], datetime]
    ) -> None:
        def write(conn: Connection) -> None:
            rows = [
                _reminder(r) for r in (conn.execute(select(reminders).where(reminders.c.user_id == user_id))).mappings()
            ]
            for row in rows:
                moved = StoredReminder(row.id, row.user_id, row.chat_id, row.days, row.at, timezone, row.next_fire_at)
                conn.execute(
                    update(reminders)
                    .where(reminders.c.id == row.id)
                    .values(timezone=timezone, next_fire_at=next_fire(moved))
                )

        await self.db.run_write(write)


def _reminder(row: Any) -> StoredReminder:
    return StoredReminder(
        id=row["id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        days=list(row["days"]),
        at=row["at"],
        timezone=row["timezone"],
        next_fire_at=aware(row["next_fire_at"]),  # type: ignore[arg-type]
    )
