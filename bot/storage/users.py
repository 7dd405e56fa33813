"""Users and their settings (SQLAlchemy Core, SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select

from ..microbatch import MicroBatcher
from .engine import Database
from .repository import JsonDict
from .tables import (
    body_weights,
    last_exchanges,
    questions,
    reminders,
    routine_rotations,
    routines,
    timers,
    update_inbox,
    user_exercises,
    user_prompts,
    user_settings,
    users,
    votes,
    workout_events,
    workout_sessions,
)
from .times import utcnow


class SqlUsers:
    def __init__(self, db: Database):
        self.db = db
        # Group commit: concurrent "last seen" writes share one transaction; each caller still waits for it.
        self._user_writes: MicroBatcher[JsonDict, None] = MicroBatcher(
            lambda rows: self.db.run_write(self._write_users, rows), max_batch=200
        )

    async def touch_user(self, user_id: int, chat_id: int, first_name: str) -> None:
        now = utcnow()
        await self._user_writes.submit(
            {"id": user_id, "chat_id": chat_id, "first_name": first_name[:128], "created_at": now, "last_seen_at": now}
        )

    def _write_users(self, conn: Connection, rows: list[JsonDict]) -> list[None]:
        latest = {row["id"]: row for row in rows}  # one row per user: the newest wins
        stmt = self.db.upsert(users)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={
                "chat_id": stmt.excluded.chat_id,
                "first_name": stmt.excluded.first_name,
                "last_seen_at": stmt.excluded.last_seen_at,
            },
        )
        conn.execute(stmt, list(latest.values()))
        return [None] * len(rows)

    async def forget_user(self, user_id: int) -> None:
        def write(conn: Connection) -> None:
            session_ids = select(workout_sessions.c.id).where(workout_sessions.c.user_id == user_id)
            conn.execute(delete(workout_events).where(workout_events.c.session_id.in_(session_ids)))
            conn.execute(delete(workout_sessions).where(workout_sessions.c.user_id == user_id))
            question_ids = select(questions.c.id).where(questions.c.user_id == user_id)
            conn.execute(delete(votes).where((votes.c.user_id == user_id) | votes.c.question_id.in_(question_ids)))
            conn.execute(delete(questions).where(questions.c.user_id == user_id))
            conn.execute(delete(timers).where(timers.c.user_id == user_id))
            conn.execute(delete(reminders).where(reminders.c.user_id == user_id))
            conn.execute(delete(routines).where(routines.c.user_id == user_id))
            conn.execute(delete(routine_rotations).where(routine_rotations.c.user_id == user_id))
            conn.execute(delete(user_settings).where(user_settings.c.user_id == user_id))
            conn.execute(delete(user_prompts).where(user_prompts.c.user_id == user_id))
            conn.execute(delete(last_exchanges).where(last_exchanges.c.user_id == user_id))
            conn.execute(delete(update_inbox).where(update_inbox.c.user_id == user_id))
            conn.execute(delete(body_weights).where(body_weights.c.user_id == user_id))
            conn.execute(delete(user_exercises).where(user_exercises.c.user_id == user_id))
            conn.execute(delete(users).where(users.c.id == user_id))

        await self.db.run_write(write)

    async def get_settings(self, user_id: int) -> JsonDict:
        def read(conn: Connection) -> JsonDict:
            row = (conn.execute(select(user_settings.c.data).where(user_settings.c.user_id == user_id))).first()
            return dict(row[0]) if row else {}

        return await self.db.run_read(read)

    async def settings_and_prompt(self, user_id: int) -> tuple[JsonDict, JsonDict | None]:
        stmt = select(  # one statement, two scalar subqueries: each is NULL when its row is missing
            select(user_settings.c.data).where(user_settings.c.user_id == user_id).scalar_subquery(),
            select(user_prompts.c.body).where(user_prompts.c.user_id == user_id).scalar_subquery(),
        )

        def read(conn: Connection) -> tuple[JsonDict, JsonDict | None]:
            data, body = conn.execute(stmt).one()
            return (dict(data) if data else {}), (dict(body) if body else None)

        return await self.db.run_read(read)

    async def save_settings(self, user_id: int, data: JsonDict) -> None:
        now = utcnow()
        stmt = self.db.upsert(user_settings).values(user_id=user_id, data=data, updated_at=now)
        stmt = stmt.on_conflict_do_update(index_elements=["user_id"], set_={"data": data, "updated_at": now})

        def write(conn: Connection) -> None:
            conn.execute(stmt)

        await self.db.run_write(write)
