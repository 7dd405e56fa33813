"""Micro-batching of concurrent questions: one encoder call in a worker thread for many users.

Encoding is the slow part of answering; batching it keeps the event loop free and raises
throughput when many questions arrive at once, at the cost of a wait of a few milliseconds.
"""

from __future__ import annotations

import asyncio

from ..retrieval.answer import Answer, AnswerEngine


class AnswerBatcher:
    def __init__(self, engine: AnswerEngine, *, max_batch: int = 32, max_wait: float = 0.002):
        self.engine = engine
        self.max_batch = max_batch
        self.max_wait = max_wait
        self._pending: list[tuple[str, asyncio.Future[Answer]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def answer(self, question: str) -> Answer:
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._pending.append((question, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        await asyncio.sleep(self.max_wait)  # let concurrent questions join the batch
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                answers = await asyncio.to_thread(self.engine.answer_many, [q for q, _ in batch])
            except Exception as exc:  # hand the failure to every waiting caller
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), answer in zip(batch, answers):
                if not future.done():
                    future.set_result(answer)
