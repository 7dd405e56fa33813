"""Durable receipt of updates: stored before Telegram is told we have them, replayed after a crash.

Telegram forgets an update once we acknowledge it (a webhook's 200, or the next getUpdates
offset), and PTB acknowledges before handling. Writing each update to the database first, and
marking it done after handling, closes that gap: updates a dead process never finished are
handled at the next start (or by another replica after REPLAY_AFTER).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import ExtBot

from ..storage.repository import InboxStore

log = logging.getLogger(__name__)
REPLAY_AFTER = timedelta(minutes=2)  # far longer than any update takes to handle


class UpdateInbox:
    def __init__(self, inbox: InboxStore, *, replay_after: timedelta = REPLAY_AFTER):
        self.inbox = inbox
        self.replay_after = replay_after
        self._in_flight: set[int] = set()  # accepted here and not yet done: never replayed by us
        self._duplicates: set[int] = set()  # fetched again by polling; already stored earlier
        self._finishing: set[asyncio.Task[None]] = set()

    async def accept(self, updates: Sequence[Update]) -> list[Update]:
        """Store updates; returns those seen for the first time (the rest are duplicates)."""
        rows = [
            (u.update_id, u.effective_user.id if u.effective_user else None, jsonable(u.to_dict())) for u in updates
        ]
        fresh_flags = await self.inbox.accept_updates(rows, datetime.now(UTC))
        fresh = [u for u, is_fresh in zip(updates, fresh_flags, strict=True) if is_fresh]
        self._in_flight.update(u.update_id for u in fresh)
        return fresh

    def skip_when_handled(self, updates: Sequence[Update]) -> None:
        """Polling hands PTB every fetched update (its offset needs them); these will be skipped."""
        self._duplicates.update(u.update_id for u in updates)

    def is_duplicate(self, update: object) -> bool:
        """A duplicate is not handled where it arrives: if its first copy was never finished, the replay handles it."""
        return isinstance(update, Update) and update.update_id in self._duplicates

    async def settle(self, update: object, handled: bool) -> None:
        """After processing: mark a handled update done; one that failed is left for the replay."""
        if not isinstance(update, Update):
            return
        if update.update_id in self._duplicates:
            self._duplicates.discard(update.update_id)
            return
        self._in_flight.discard(update.update_id)
        if not handled:
            return
        # Not awaited here, so the update's processing slot frees at once; drain() waits at shutdown.
        task = asyncio.create_task(self._finish(update.update_id))
        self._finishing.add(task)
        task.add_done_callback(self._finishing.discard)

    async def _finish(self, update_id: int) -> None:
        try:
            await self.inbox.finish_update(update_id)
        except Exception:  # at worst it is handled again after a restart; never crash the bot for it
            log.exception("could not mark update %s done", update_id)

    async def drain(self) -> None:
        """Wait for pending done-marks (graceful shutdown)."""
        if self._finishing:
            await asyncio.gather(*list(self._finishing), return_exceptions=True)

    async def unfinished(self, bot: Any, *, at_startup: bool = False, single_process: bool = False) -> list[Update]:
        """Updates a dead process accepted and never finished, claimed for handling here.

        At the start of a single process (SQLite) nothing else can be handling them, so they are
        taken at once; otherwise only once they are older than `replay_after`."""
        now = datetime.now(UTC)
        cutoff = now if at_startup and single_process else now - self.replay_after
        replayed = []
        for update_id, payload in await self.inbox.unfinished_updates(cutoff, now):
            if update_id in self._in_flight:
                continue  # still being handled here
            try:
                update = Update.de_json(payload, bot)
            except Exception:
                log.exception("could not read back update %s; skipping it", update_id)
                await self.inbox.finish_update(update_id)
                continue
            self._in_flight.add(update_id)
            replayed.append(update)
        if replayed:
            log.warning("replaying %d update(s) a previous run accepted but did not finish", len(replayed))
        return replayed


def jsonable(value: Any) -> Any:
    """PTB's to_dict() can leave datetimes in (an inaccessible message's date 0 is kept as a datetime
    in its api_kwargs): one such update made the JSON write, and with it a whole group commit of
    other users' updates, fail on every retry. Dates become the Unix timestamps Telegram sends."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime):
        return int(value.timestamp())
    return value


class InboxBot(ExtBot):
    """Polling: updates are stored as they are fetched, before PTB confirms them to Telegram."""

    def __init__(self, *args: Any, inbox: UpdateInbox, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._inbox = inbox

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        updates = await super().get_updates(*args, **kwargs)
        if updates:
            try:
                fresh = {u.update_id for u in await self._inbox.accept(updates)}
            except Exception as exc:
                # Not stored, so not confirmed either: PTB's retry loop backs off and fetches them again.
                raise NetworkError(f"could not store updates: {exc.__class__.__name__}") from exc
            self._inbox.skip_when_handled([u for u in updates if u.update_id not in fresh])
        return updates
