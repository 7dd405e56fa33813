"""Micro-batching: gather concurrent requests for a moment and serve them with one call.

Used for embedding questions (one encoder call for many users) and for writing small records
(one commit for many rows). Each caller still awaits its own result or error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class MicroBatcher(Generic[Item, Result]):
    def __init__(
        self, run_batch: Callable[[list[Item]], Awaitable[list[Result]]], *, max_batch: int = 32, max_wait: float = 0.0
    ):
        self.run_batch = run_batch
        self.max_batch = max_batch
        self.max_wait = max_wait
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        await asyncio.sleep(self.max_wait)  # let requests arriving now join the batch
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                results = await self.run_batch([item for item, _ in batch])
            except Exception as exc:
                if len(batch) == 1:
                    if not batch[0][1].done():
                        batch[0][1].set_exception(exc)
                    continue
                # One bad row (an audit saw a NUL byte) must not fail everyone else's write: retry
                # the batch one item at a time, so only its own caller gets the error.
                for item, future in batch:
                    try:
                        [result] = await self.run_batch([item])
                    except Exception as one:
                        if not future.done():
                            future.set_exception(one)
                    else:
                        if not future.done():
                            future.set_result(result)
                continue
            for (_, future), result in zip(batch, results, strict=True):  # run_batch returns one result per item
                if not future.done():
                    future.set_result(result)
