"""The update inbox: every Telegram update is stored before it is acknowledged (SQLAlchemy Core)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, select, update

from ..microbatch import MicroBatcher
from .engine import Database
from .repository import JsonDict
from .tables import update_inbox

INBOX_KEEP = timedelta(days=2)  # how long a handled update id still catches a duplicate delivery


class SqlInbox:
    def __init__(self, db: Database):
        self.db = db
        # Group commit: concurrent webhook requests share one transaction; each caller still waits for it.
        self._inbox_writes: MicroBatcher[JsonDict, bool] = MicroBatcher(
            lambda rows: self.db.run_write(self._write_inbox, rows), max_batch=200
        )
        self._inbox_done: MicroBatcher[int, None] = MicroBatcher(
            lambda ids: self.db.run_write(self._mark_done, ids), max_batch=500
        )

    async def accept_updates(self, updates: list[tuple[int, int | None, JsonDict]], at: datetime) -> list[bool]:
        """Store (update id, user id, payload) before Telegram is told we have them; True for each
        one not seen before. Concurrent callers (webhook requests) share one commit."""
        rows = [
            {"update_id": uid, "user_id": user_id, "payload": payload, "received_at": at}
            for uid, user_id, payload in updates
        ]
        return list(await asyncio.gather(*(self._inbox_writes.submit(row) for row in rows)))

    def _write_inbox(self, conn: Connection, rows: list[JsonDict]) -> list[bool]:
        first_rows = list({row["update_id"]: row for row in reversed(rows)}.values())  # one row per id
        stmt = (
            self.db.upsert(update_inbox).values(first_rows).on_conflict_do_nothing().returning(update_inbox.c.update_id)
        )
        stored = {int(r[0]) for r in conn.execute(stmt)}
        if any(row["update_id"] % 1000 == 0 for row in rows):  # now and then, forget old updates
            conn.execute(delete(update_inbox).where(update_inbox.c.received_at < rows[0]["received_at"] - INBOX_KEEP))
        fresh = []
        for row in rows:  # the same id twice in one batch: only the first is fresh
            fresh.append(row["update_id"] in stored)
            stored.discard(row["update_id"])
        return fresh

    async def finish_update(self, update_id: int) -> None:
        await self._inbox_done.submit(update_id)

    def _mark_done(self, conn: Connection, ids: list[int]) -> list[None]:
        conn.execute(update(update_inbox).where(update_inbox.c.update_id.in_(ids)).values(done=True, payload={}))
        return [None] * len(ids)

    async def unfinished_updates(
        self, received_before: datetime, now: datetime, max_attempts: int = 3
    ) -> list[tuple[int, JsonDict]]:
        """Claim updates stored before `received_before` and never marked done (their process died).

        Each claim counts as an attempt, so an update that kills the bot is given up after
        `max_attempts`; claiming renews received_at, so other replicas leave it alone meanwhile."""
        stmt = (
            select(update_inbox.c.update_id, update_inbox.c.payload)
            .where(
                update_inbox.c.done.is_(False),
                update_inbox.c.received_at < received_before,
                update_inbox.c.attempts < max_attempts,
            )
            .order_by(update_inbox.c.update_id)
            .limit(500)
        )
        if self.db.postgres:
            stmt = stmt.with_for_update(skip_locked=True)

        def write(conn: Connection) -> list[tuple[int, JsonDict]]:
            rows = [(int(r[0]), dict(r[1])) for r in conn.execute(stmt)]
            if rows:
                conn.execute(
                    update(update_inbox)
                    .where(update_inbox.c.update_id.in_([uid for uid, _ in rows]))
                    .values(received_at=now, attempts=update_inbox.c.attempts + 1)
                )
            return rows

        return await self.db.run_write(write)
