"""Users' own exercises: a name and a kind, added by /exercise new or by an import of unknown names."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, delete, select

from ..training.catalogue import Exercise, ExerciseKind
from .engine import Database
from .tables import user_exercises
from .times import utcnow

MAX_OWN_EXERCISES = 500  # per user: an import of a huge file of made-up names can't grow the table without bound


class SqlOwnExercises:
    def __init__(self, db: Database):
        self.db = db

    async def own_exercises(self, user_id: int) -> list[Exercise]:
        stmt = (
            select(user_exercises.c.name, user_exercises.c.kind, user_exercises.c.equipment)
            .where(user_exercises.c.user_id == user_id)
            .order_by(user_exercises.c.name)
        )

        def read(conn: Connection) -> list[Exercise]:
            return [
                Exercise(name, ExerciseKind(kind), (equipment,) if equipment else (), custom=True)
                for name, kind, equipment in conn.execute(stmt)
            ]

        return await self.db.run_read(read)

    async def add_exercises(self, user_id: int, exercises: Sequence[Exercise]) -> int:
        """Adds those not there yet (a name already there keeps its kind); returns how many were added.
        Stops at MAX_OWN_EXERCISES per user."""
        now = utcnow()

        def write(conn: Connection) -> int:
            have = {
                r[0] for r in conn.execute(select(user_exercises.c.name).where(user_exercises.c.user_id == user_id))
            }
            rows = []
            for e in exercises:
                if e.name in have or len(have) >= MAX_OWN_EXERCISES:
                    continue
                have.add(e.name)
                equipment = e.equipment[0] if e.equipment else None
                rows.append(
                    {
                        "user_id": user_id,
                        "name": e.name,
                        "kind": e.kind.value,
                        "equipment": equipment,
                        "created_at": now,
                    }
                )
            if rows:
                conn.execute(user_exercises.insert(), rows)
            return len(rows)

        return await self.db.run_write(write)

    async def delete_exercise(self, user_id: int, name: str) -> bool:
        def write(conn: Connection) -> bool:
            result = conn.execute(
                delete(user_exercises).where(user_exercises.c.user_id == user_id, user_exercises.c.name == name)
            )
            return result.rowcount == 1

        return await self.db.run_write(write)
