"""A user's routines and their rotation (SQLAlchemy Core, SQLite and PostgreSQL).

Every change is a compare-and-set on the routine's version, so a button from an older view of a
routine (or a second device) never edits a newer one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .engine import Database
from .repository import JsonDict, RoutineNameTaken, StoredRoutine
from .tables import routine_rotations, routines
from .times import aware, utcnow

MAX_ROUTINES = 50  # per user: far more than anyone trains, small enough to list


class SqlRoutines:
    def __init__(self, db: Database):
        self.db = db

    async def list_routines(self, user_id: int) -> list[StoredRoutine]:
        stmt = select(routines).where(routines.c.user_id == user_id).order_by(routines.c.id)

        def read(conn: Connection) -> list[StoredRoutine]:
            return [_routine(r) for r in conn.execute(stmt).mappings()]

        return await self.db.run_read(read)

    async def get_routine(self, user_id: int, routine_id: int) -> StoredRoutine | None:
        stmt = select(routines).where(routines.c.user_id == user_id, routines.c.id == routine_id)

        def read(conn: Connection) -> StoredRoutine | None:
            row = conn.execute(stmt).mappings().first()
            return _routine(row) if row else None

        return await self.db.run_read(read)

    async def create_routine(self, user_id: int, name: str, key: str, lines: list[JsonDict]) -> StoredRoutine | None:
        """The new routine; None when the user already has MAX_ROUTINES. RoutineNameTaken when the name is."""
        now = utcnow()

        def write(conn: Connection) -> StoredRoutine | None:
            count = conn.execute(select(func.count()).where(routines.c.user_id == user_id)).scalar_one()
            if count >= MAX_ROUTINES:
                return None
            values = {"user_id": user_id, "name": name, "name_key": key, "lines": lines, "version": 1}
            new_id = conn.execute(
                insert(routines).values(**values, created_at=now, updated_at=now).returning(routines.c.id)
            ).scalar_one()
            return StoredRoutine(int(new_id), user_id, name, lines, 1, now, now)

        try:
            return await self.db.run_write(write)
        except IntegrityError:
            raise RoutineNameTaken(name) from None

    async def update_routine(
        self, user_id: int, routine_id: int, version: int, name: str, key: str, lines: list[JsonDict]
    ) -> StoredRoutine | None:
        """The routine after the change, or None when it is gone or changed since `version` was read."""
        now = utcnow()
        stmt = (
            update(routines)
            .where(routines.c.user_id == user_id, routines.c.id == routine_id, routines.c.version == version)
            .values(name=name, name_key=key, lines=lines, version=version + 1, updated_at=now)
        )

        def write(conn: Connection) -> bool:
            return conn.execute(stmt).rowcount == 1

        try:
            changed = await self.db.run_write(write)
        except IntegrityError:
            raise RoutineNameTaken(name) from None
        return await self.get_routine(user_id, routine_id) if changed else None

    async def delete_routine(self, user_id: int, routine_id: int, version: int) -> bool:
        """Deleted (and taken out of the rotation); False when gone or changed since `version` was read."""
        program_id = f"my-{routine_id}"

        def write(conn: Connection) -> bool:
            gone = conn.execute(
                delete(routines).where(
                    routines.c.user_id == user_id, routines.c.id == routine_id, routines.c.version == version
                )
            ).rowcount
            if gone != 1:
                return False
            row = conn.execute(
                select(routine_rotations.c.program_ids).where(routine_rotations.c.user_id == user_id)
            ).first()
            if row is not None and program_id in row[0]:
                kept = [p for p in row[0] if p != program_id]
                conn.execute(
                    update(routine_rotations)
                    .where(routine_rotations.c.user_id == user_id)
                    .values(program_ids=kept, updated_at=utcnow())
                )
            return True

        return await self.db.run_write(write)

    async def get_rotation(self, user_id: int) -> list[str]:
        stmt = select(routine_rotations.c.program_ids).where(routine_rotations.c.user_id == user_id)

        def read(conn: Connection) -> list[str]:
            row = conn.execute(stmt).first()
            return [str(p) for p in row[0]] if row else []

        return await self.db.run_read(read)

    async def set_rotation(self, user_id: int, program_ids: list[str]) -> None:
        """Replace the rotation; an empty list removes it."""
        now = utcnow()

        def write(conn: Connection) -> None:
            conn.execute(delete(routine_rotations).where(routine_rotations.c.user_id == user_id))
            if program_ids:
                conn.execute(
                    insert(routine_rotations).values(user_id=user_id, program_ids=list(program_ids), updated_at=now)
                )

        await self.db.run_write(write)


def _routine(row: Any) -> StoredRoutine:
    return StoredRoutine(
        id=int(row["id"]),
        user_id=int(row["user_id"]),
        name=row["name"],
        lines=[dict(line) for line in row["lines"]],
        version=int(row["version"]),
        created_at=aware(row["created_at"]),  # type: ignore[arg-type]
        updated_at=aware(row["updated_at"]),  # type: ignore[arg-type]
    )
