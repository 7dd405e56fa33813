"""Daily reminders (SQLAlchemy Core, SQLite and PostgreSQL): a mixin of SqlRepository, like WorkoutRows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, delete, insert, select, update

from .repository import StoredReminder
from .tables import reminders
from .times import aware, utcnow

Result = TypeVar("Result")


class ReminderRows:
    if TYPE_CHECKING:  # provided by SqlRepository

        async def _run_read(self, body: Callable[[Connection], Result]) -> Result: ...
        async def _run_write(self, body: Callable[..., Result], *args: Any) -> Result: ...

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

        return await self._run_write(write)

    async def reminders_of(self, user_id: int) -> list[StoredReminder]:
        stmt = select(reminders).where(reminders.c.user_id == user_id).order_by(reminders.c.id)

        def read(conn: Connection) -> list[StoredReminder]:
            return [_reminder(r) for r in (conn.execute(stmt)).mappings()]

        return await self._run_read(read)

    async def get_reminder(self, reminder_id: int) -> StoredReminder | None:
        def read(conn: Connection) -> StoredReminder | None:
            row = (conn.execute(select(reminders).where(reminders.c.id == reminder_id))).mappings().first()
            return _reminder(row) if row else None

        return await self._run_read(read)

    async def delete_reminders(self, user_id: int, reminder_id: int | None = None) -> int:
        stmt = delete(reminders).where(reminders.c.user_id == user_id)
        if reminder_id is not None:
            stmt = stmt.where(reminders.c.id == reminder_id)

        def write(conn: Connection) -> int:
            return int((conn.execute(stmt)).rowcount or 0)

        return await self._run_write(write)

    async def due_reminders(self, now: datetime) -> list[StoredReminder]:
        stmt = select(reminders).where(reminders.c.next_fire_at <= now).order_by(reminders.c.next_fire_at)

        def read(conn: Connection) -> list[StoredReminder]:
            return [_reminder(r) for r in (conn.execute(stmt)).mappings()]

        return await self._run_read(read)

    async def advance_reminder(self, reminder_id: int, expected: datetime, next_fire_at: datetime) -> bool:
        """Compare-and-set the next firing time: only one process wins each firing."""

        def write(conn: Connection) -> bool:
            result = conn.execute(
                update(reminders)
                .where(reminders.c.id == reminder_id, reminders.c.next_fire_at == expected)
                .values(next_fire_at=next_fire_at)
            )
            return result.rowcount == 1

        return await self._run_write(write)

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

        await self._run_write(write)


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
