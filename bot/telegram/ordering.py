"""Process updates concurrently across users, but strictly in order for any one user.

Two quick taps or typed sets from the same person must be applied in the order sent;
different users must not wait for each other.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


UserLock = Callable[[int], AbstractAsyncContextManager[Any]]
AfterUpdate = Callable[[object, bool], Awaitable[None]]  # (update, handled)


class PerUserOrderedProcessor(BaseUpdateProcessor):
    """`shared_lock`, when given, also serialises one user's updates across bot replicas."""

    def __init__(self, max_concurrent_updates: int = 64, shared_lock: UserLock | None = None, after: AfterUpdate | None = None):
        super().__init__(max_concurrent_updates)
        self._shared_lock = shared_lock
        self._after = after  # e.g. settle the update in the inbox
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await self._in_order(update, coroutine)
        except Exception:  # e.g. the cross-replica lock's database is down: the update was not handled
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # never started; closing it avoids a "never awaited" warning
            if self._after is not None:
                await self._after(update, False)
            raise
        if self._after is not None:  # a cancelled update (shutting down) gets neither: it stays unfinished
            await self._after(update, True)

    async def _in_order(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                if self._shared_lock is None:
                    await coroutine
                else:
                    async with self._shared_lock(key):
                        await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # forget idle users so the dict does not grow forever
                del self._waiting[key]
                self._locks.pop(key, None)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None
