"""Process updates concurrently across users, but strictly in order for any one user, and fairly.

Two quick taps or typed sets from the same person must be applied in the order sent;
different users must not wait for each other. A global slot (at most `max_concurrent_updates`
handled at once) is taken only when it is the update's turn within its user's queue: an update
waiting behind the same user's earlier ones holds nothing global, so one user's backlog can never
use up the slots everyone else needs. A per-user token bucket drops a flood before it queues.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from .edge import SHARED_SENDER_IDS  # many people share these ids: their updates queue per chat instead
from .fairness import UserRateLimiter, Verdict

log = logging.getLogger(__name__)
UserLock = Callable[[int], AbstractAsyncContextManager[Any]]
AfterUpdate = Callable[[object, bool], Awaitable[None]]  # (update, handled)
Throttled = Callable[[object], Awaitable[None]]  # tell the sender to slow down (once per burst)
IsDuplicate = Callable[[object], bool]


class PerUserOrderedProcessor(BaseUpdateProcessor):
    """`shared_lock`, when given, also serialises one user's updates across bot replicas."""

    def __init__(
        self,
        max_concurrent_updates: int = 64,
        shared_lock: UserLock | None = None,
        after: AfterUpdate | None = None,
        limiter: UserRateLimiter | None = None,
        on_throttled: Throttled | None = None,
        is_duplicate: IsDuplicate | None = None,
    ):
        # PTB's own semaphore is taken in arrival order before do_process_update; it is made unbounded
        # here and our slots are taken once the update's turn has come (see _in_order).
        super().__init__(sys.maxsize)
        self._max_concurrent_updates = max_concurrent_updates
        self._slots = asyncio.BoundedSemaphore(max_concurrent_updates)
        self._shared_lock = shared_lock
        self._after = after  # e.g. settle the update in the inbox
        self._limiter = limiter
        self._on_throttled = on_throttled
        self._is_duplicate = is_duplicate
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._notices: set[asyncio.Task[None]] = set()

    @property
    def current_concurrent_updates(self) -> int:
        return self._max_concurrent_updates - self._slots._value  # noqa: SLF001 - asyncio keeps the count there

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        if key is not None and self._limiter is not None and not (self._is_duplicate and self._is_duplicate(update)):
            verdict = self._limiter.admit(key)
            if verdict is not Verdict.ADMIT:
                await self._drop(update, coroutine, warn=verdict is Verdict.DROP_AND_WARN)
                return
        try:
            await self._in_order(key, coroutine)
        except Exception:  # e.g. the cross-replica lock's database is down: the update was not handled
            _close(coroutine)
            if self._after is not None:
                await self._after(update, False)
            raise
        if self._after is not None:  # a cancelled update (shutting down) gets neither: it stays unfinished
            await self._after(update, True)

    async def _drop(self, update: object, coroutine: Awaitable[Any], *, warn: bool) -> None:
        """A dropped update is done (never replayed); the first of a burst gets one polite notice."""
        _close(coroutine)
        if warn and self._on_throttled is not None:
            task = asyncio.create_task(self._notify(update))  # not awaited: the notice holds no one up
            self._notices.add(task)
            task.add_done_callback(self._notices.discard)
        if self._after is not None:
            await self._after(update, True)

    async def _notify(self, update: object) -> None:
        assert self._on_throttled is not None
        try:
            async with self._slots:
                await self._on_throttled(update)
        except Exception:  # a failed notice is not worth an error report
            log.warning("could not send a slow-down notice")

    async def _in_order(self, key: int | None, coroutine: Awaitable[Any]) -> None:
        if key is None:
            async with self._slots:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:  # waiting here holds no global slot
                if self._shared_lock is None:
                    async with self._slots:
                        await coroutine
                else:
                    async with self._shared_lock(key), self._slots:
                        await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # forget idle users so the dict does not grow forever
                del self._waiting[key]
                self._locks.pop(key, None)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        if self._notices:
            await asyncio.gather(*list(self._notices), return_exceptions=True)


def _close(coroutine: Awaitable[Any]) -> None:
    if inspect.iscoroutine(coroutine):
        coroutine.close()  # never started; closing it avoids a "never awaited" warning


def _key(update: object) -> int | None:
    """Whose queue an update joins: the user, or the chat for Telegram's shared sender ids."""
    if isinstance(update, Update):
        user, chat = update.effective_user, update.effective_chat
        if user is not None and (user.id not in SHARED_SENDER_IDS or chat is None):
            return user.id
        if chat is not None:
            return chat.id
    return None
