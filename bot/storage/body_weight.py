"""Body-weight entries (/bw), kept as entered: value and unit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from .engine import Database
from .repository import BodyWeight
from .tables import body_weights
from .times import aware


class SqlBodyWeights:
    def __init__(self, db: Database):
        self.db = db

    async def add_body_weight(
        self, user_id: int, value: float, unit: str, at: datetime, message_id: int | None = None
    ) -> bool:
        """False when this message was already logged (a re-delivered command)."""
        stmt = (
            self.db.upsert(body_weights)
            .values(user_id=user_id, value=value, unit=unit, measured_at=at, message_id=message_id)
            .on_conflict_do_nothing(index_elements=["user_id", "message_id"])
        )

        def write(conn: Connection) -> bool:
            return conn.execute(stmt).rowcount == 1

        return await self.db.run_write(write)

    async def body_weights(self, user_id: int, limit: int = 5000) -> list[BodyWeight]:
        """The newest `limit` entries, oldest first."""
        stmt = (
            select(body_weights.c.value, body_weights.c.unit, body_weights.c.measured_at)
            .where(body_weights.c.user_id == user_id)
            .order_by(body_weights.c.measured_at.desc(), body_weights.c.id.desc())
            .limit(limit)
        )

        def read(conn: Connection) -> list[BodyWeight]:
            return [BodyWeight(float(v), str(u), aware(at)) for v, u, at in conn.execute(stmt)][::-1]  # type: ignore[arg-type]

        return await self.db.run_read(read)
