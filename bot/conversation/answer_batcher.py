"""Concurrent questions share one encoder call, run in a worker thread so the event loop stays free."""

from __future__ import annotations

import asyncio

from ..microbatch import MicroBatcher
from ..retrieval.answer import Answer, AnswerEngine


class AnswerBatcher:
    def __init__(self, engine: AnswerEngine, *, max_batch: int = 32, max_wait: float = 0.002):
        self.engine = engine
        self._batcher: MicroBatcher[str, Answer] = MicroBatcher(
            self._answer_many, max_batch=max_batch, max_wait=max_wait
        )

    async def answer(self, question: str) -> Answer:
        return await self._batcher.submit(question)

    async def _answer_many(self, questions: list[str]) -> list[Answer]:
        return await asyncio.to_thread(self.engine.answer_many, questions)
