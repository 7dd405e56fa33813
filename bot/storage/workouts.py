"""Workout sessions and their append-only event logs (SQLAlchemy Core, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..history.setlog import SET_EVENT_TYPES, SetEvent
from .engine import Database
from .repository import AppendResult, ImportCapExceeded, ImportedEvent, JsonDict, Reducer, StoredEvent, StoredSession
from .tables import workout_events, workout_sessions
from .times import aware, utcnow

Result = TypeVar("Result")


class SqlWorkouts:
    def __init__(self, db: Database):
        self.db = db

    async def create_session(self, session: StoredSession) -> None:
        def write(conn: Connection) -> None:
            conn.execute(insert(workout_sessions).values(_session_values(session)))

        await self.db.run_write(write)

    async def get_session(self, session_id: str) -> StoredSession | None:
        def read(conn: Connection) -> StoredSession | None:
            row = (conn.execute(select(workout_sessions).where(workout_sessions.c.id == session_id))).mappings().first()
            return session_row(row) if row else None

        return await self.db.run_read(read)

    async def active_session(self, user_id: int) -> StoredSession | None:
        stmt = (
            select(workout_sessions)
            .where(workout_sessions.c.user_id == user_id, workout_sessions.c.status == "active")
            .order_by(workout_sessions.c.started_at.desc())
        )

        def read(conn: Connection) -> StoredSession | None:
            row = (conn.execute(stmt)).mappings().first()
            return session_row(row) if row else None

        return await self.db.run_read(read)

    async def recent_sessions(self, user_id: int, limit: int) -> list[StoredSession]:
        stmt = (
            select(workout_sessions)
            .where(workout_sessions.c.user_id == user_id, workout_sessions.c.status.not_in(("discarded", "deleted")))
            .order_by(workout_sessions.c.started_at.desc())
            .limit(limit)
        )

        def read(conn: Connection) -> list[StoredSession]:
            return [session_row(r) for r in (conn.execute(stmt)).mappings()]

        return await self.db.run_read(read)

    async def append_event(
        self, session_id: str, event_id: str, type_: str, payload: JsonDict, reducer: Reducer
    ) -> AppendResult:
        """Log one event and the state it leads to, atomically; a repeated event id is a no-op."""
        return await self.db.run_write(self._append_event, session_id, event_id, type_, payload, reducer)

    def _append_event(
        self, conn: Connection, session_id: str, event_id: str, type_: str, payload: JsonDict, reducer: Reducer
    ) -> AppendResult:
        # One round trip for the session's state, its last sequence number and whether this
        # event id was seen.
        of_session = workout_events.c.session_id == session_id
        last_seq = select(func.coalesce(func.max(workout_events.c.seq), 0)).where(of_session).scalar_subquery()
        seen = (
            select(func.count())
            .select_from(workout_events)
            .where(of_session, workout_events.c.event_id == event_id)
            .scalar_subquery()
        )
        if self.db.postgres:
            # Lock the session row first (serialises writers across replicas); only a statement
            # started after the lock is granted sees the rows the previous writer committed.
            locked = select(workout_sessions.c.id).where(workout_sessions.c.id == session_id).with_for_update()
            if conn.execute(locked).first() is None:
                raise KeyError(f"no workout session {session_id}")
        row = conn.execute(
            select(workout_sessions.c.state, last_seq, seen).where(workout_sessions.c.id == session_id)
        ).first()
        if row is None:
            raise KeyError(f"no workout session {session_id}")
        state, seq, already = row
        if already:
            return AppendResult(applied=False, state=dict(state))
        new_state = reducer(dict(state))  # raises to reject: the transaction rolls back
        now = utcnow()
        try:
            conn.execute(
                insert(workout_events).values(
                    session_id=session_id, seq=seq + 1, event_id=event_id, type=type_, payload=payload, created_at=now
                )
            )
        except IntegrityError:
            # A concurrent writer logged the same event id first.
            return AppendResult(applied=False, state=dict(state))
        conn.execute(
            update(workout_sessions)
            .where(workout_sessions.c.id == session_id)
            .values(state=new_state, updated_at=now, nudged=False)
        )
        return AppendResult(applied=True, state=new_state)

    async def events(self, session_id: str) -> list[StoredEvent]:
        stmt = select(workout_events).where(workout_events.c.session_id == session_id).order_by(workout_events.c.seq)

        def read(conn: Connection) -> list[StoredEvent]:
            return [
                StoredEvent(r["seq"], r["event_id"], r["type"], dict(r["payload"]), aware(r["created_at"]))  # type: ignore[arg-type]
                for r in (conn.execute(stmt)).mappings()
            ]

        return await self.db.run_read(read)

    async def close_session(self, session_id: str, status: str, at: datetime) -> bool:
        def write(conn: Connection) -> bool:
            result = conn.execute(
                update(workout_sessions)
                .where(workout_sessions.c.id == session_id, workout_sessions.c.status == "active")
                .values(status=status, ended_at=at, updated_at=at)
            )
            return result.rowcount == 1

        return await self.db.run_write(write)

    async def mark_nudged(self, session_id: str) -> None:
        def write(conn: Connection) -> None:
            conn.execute(update(workout_sessions).where(workout_sessions.c.id == session_id).values(nudged=True))

        await self.db.run_write(write)

    async def idle_sessions(self, before: datetime) -> list[StoredSession]:
        stmt = select(workout_sessions).where(
            workout_sessions.c.status == "active",
            workout_sessions.c.updated_at < before,
            workout_sessions.c.nudged.is_(False),
        )

        def read(conn: Connection) -> list[StoredSession]:
            return [session_row(r) for r in (conn.execute(stmt)).mappings()]

        return await self.db.run_read(read)

    async def count_active_sessions(self) -> int:
        def read(conn: Connection) -> int:
            return int((conn.execute(select(func.count()).where(workout_sessions.c.status == "active"))).scalar_one())

        return await self.db.run_read(read)

    async def set_events(self, user_id: int) -> list[SetEvent]:
        """Every set event (logged, skipped, undone, edited, deleted) of the user's kept sessions,
        grouped by session in log order: `history.setlog.fold` turns them into the live sets."""
        stmt = (
            select(
                workout_events.c.session_id,
                workout_sessions.c.title,
                workout_events.c.created_at,
                workout_events.c.type,
                workout_events.c.payload,
            )
            .select_from(workout_events.join(workout_sessions, workout_events.c.session_id == workout_sessions.c.id))
            .where(
                workout_sessions.c.user_id == user_id,
                workout_sessions.c.status.not_in(("discarded", "deleted")),
                workout_events.c.type.in_(SET_EVENT_TYPES),
            )
            .order_by(workout_sessions.c.started_at, workout_events.c.session_id, workout_events.c.seq)
        )

        def read(conn: Connection) -> list[SetEvent]:
            return [SetEvent(r[0], r[1], aware(r[2]), r[3], dict(r[4])) for r in conn.execute(stmt)]  # type: ignore[arg-type]

        return await self.db.run_read(read)

    async def reopen_session(self, session_id: str, at: datetime) -> bool:
        """Finished -> active again (an undo of the set that completed it), unless another workout is active."""

        def write(conn: Connection) -> bool:
            row = conn.execute(select(workout_sessions.c.user_id).where(workout_sessions.c.id == session_id)).first()
            if row is None:
                return False
            busy = conn.execute(
                select(workout_sessions.c.id).where(
                    workout_sessions.c.user_id == row[0], workout_sessions.c.status == "active"
                )
            ).first()
            if busy is not None:
                return False
            result = conn.execute(
                update(workout_sessions)
                .where(workout_sessions.c.id == session_id, workout_sessions.c.status == "finished")
                .values(status="active", ended_at=None, updated_at=at, nudged=False)
            )
            return result.rowcount == 1

        return await self.db.run_write(write)

    async def mark_deleted(self, session_id: str, at: datetime) -> bool:
        """A finished session the user deleted from /history (its `session_deleted` event is in the log)."""

        def write(conn: Connection) -> bool:
            result = conn.execute(
                update(workout_sessions)
                .where(workout_sessions.c.id == session_id, workout_sessions.c.status == "finished")
                .values(status="deleted", updated_at=at)
            )
            return result.rowcount == 1

        return await self.db.run_write(write)

    async def import_sessions(
        self, user_id: int, sessions: list[tuple[StoredSession, list[ImportedEvent]]], max_sets: int
    ) -> tuple[int, int]:
        """Store finished sessions with their events, all in one transaction (all or nothing).

        Sessions imported before are skipped, unless the lifter deleted them since: those are stored again
        (a deleted import counted as "already there" for good, so a file read in the wrong unit could never be
        put right). Returns (sets stored, sets skipped as already there); ImportCapExceeded when the user's
        imported sets would pass `max_sets` (nothing is stored)."""

        def write(conn: Connection) -> tuple[int, int]:
            ids = [s.id for s, _ in sessions]
            rows = conn.execute(
                select(workout_sessions.c.id, workout_sessions.c.status).where(workout_sessions.c.id.in_(ids))
            )
            statuses: dict[str, str] = {r[0]: r[1] for r in rows}
            known = {id_ for id_, status in statuses.items() if status != "deleted"}
            if deleted := [id_ for id_, status in statuses.items() if status == "deleted"]:
                conn.execute(delete(workout_events).where(workout_events.c.session_id.in_(deleted)))
                conn.execute(delete(workout_sessions).where(workout_sessions.c.id.in_(deleted)))
            fresh = [(s, events) for s, events in sessions if s.id not in known]
            adding = sum(len(events) for _, events in fresh)
            already = conn.execute(
                select(func.count())
                .select_from(
                    workout_events.join(workout_sessions, workout_events.c.session_id == workout_sessions.c.id)
                )
                .where(
                    workout_sessions.c.user_id == user_id,
                    workout_sessions.c.program_id == "import",
                    workout_sessions.c.status != "deleted",
                )
            ).scalar_one()
            if adding and already + adding > max_sets:
                raise ImportCapExceeded(int(already))
            for session, events in fresh:
                conn.execute(insert(workout_sessions).values(_session_values(session) | {"nudged": True}))
                if events:
                    conn.execute(
                        insert(workout_events),
                        [
                            {
                                "session_id": session.id,
                                "seq": seq,
                                "event_id": event_id,
                                "type": type_,
                                "payload": payload,
                                "created_at": at,
                            }
                            for seq, (event_id, type_, payload, at) in enumerate(events, 1)
                        ],
                    )
            return adding, sum(len(events) for s, events in sessions if s.id in known)

        return await self.db.run_write(write)


def _session_values(session: StoredSession) -> dict[str, Any]:
    """A session's row, as `create_session` and imports insert it."""
    return {
        "id": session.id,
        "user_id": session.user_id,
        "chat_id": session.chat_id,
        "program_id": session.program_id,
        "title": session.title,
        "plan": session.plan,
        "state": session.state,
        "status": session.status,
        "nudged": session.nudged,
        "started_at": session.started_at,
        "updated_at": session.updated_at,
        "ended_at": session.ended_at,
    }


def session_row(row: Any) -> StoredSession:
    return StoredSession(
        id=row["id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        program_id=row["program_id"],
        title=row["title"],
        plan=list(row["plan"]),
        state=dict(row["state"]),
        status=row["status"],
        started_at=_required(aware(row["started_at"])),
        updated_at=_required(aware(row["updated_at"])),
        ended_at=aware(row["ended_at"]),
        nudged=bool(row["nudged"]),
    )


def _required(at: datetime | None) -> datetime:
    """A NOT NULL timestamp column (the schema guarantees it; the type of `aware` cannot)."""
    assert at is not None
    return at
