"""Each user's open prompt: what a flow waits for them to type next. One row per user, replaced whole."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select

from .engine import Database
from .repository import JsonDict
from .tables import user_prompts
from .times import utcnow


class SqlPrompts:
    def __init__(self, db: Database):
        self.db = db

    async def get_prompt(self, user_id: int) -> JsonDict | None:
        stmt = select(user_prompts.c.body).where(user_prompts.c.user_id == user_id)

        def read(conn: Connection) -> JsonDict | None:
            row = conn.execute(stmt).first()
            return dict(row[0]) if row else None

        return await self.db.run_read(read)

    async def save_prompt(self, user_id: int, body: JsonDict | None) -> None:
        """Opens (replacing any other) or, with None, closes the user's prompt."""
        if body is None:
            stmt = delete(user_prompts).where(user_prompts.c.user_id == user_id)
        else:
            now = utcnow()
            upsert = self.db.upsert(user_prompts).values(user_id=user_id, body=body, updated_at=now)
            stmt = upsert.on_conflict_do_update(index_elements=["user_id"], set_={"body": body, "updated_at": now})

        def write(conn: Connection) -> None:
            conn.execute(stmt)

        await self.db.run_write(write)
