"""Group commits: one bad row fails only its own caller (the batch is retried row by row)."""

import asyncio

import pytest
from support.storage_backends import repository

from bot.microbatch import MicroBatcher


async def test_a_failing_batch_is_retried_one_item_at_a_time():
    calls = []

    async def write(items):
        calls.append(list(items))
        if "bad" in items:
            raise ValueError("bad row")
        return [f"ok:{i}" for i in items]

    batcher = MicroBatcher(write, max_batch=10, max_wait=0.01)
    results = await asyncio.gather(*(batcher.submit(i) for i in ("a", "bad", "b")), return_exceptions=True)
    assert results[0] == "ok:a" and results[2] == "ok:b" and isinstance(results[1], ValueError)
    assert calls[0] == ["a", "bad", "b"] and ["a"] in calls and ["b"] in calls


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_a_question_postgresql_refuses_never_loses_another_users_question(backend, tmp_path):
    async with repository(backend, tmp_path) as repo:
        await repo.users.touch_user(1, 1, "A")
        await repo.users.touch_user(2, 2, "B")
        good, bad = await asyncio.gather(
            repo.questions.record_question(1, "feet width?", None, "unknown", 0.1),
            repo.questions.record_question(
                2, "nul \x00 inside", None, "unknown", 0.1
            ),  # the edge strips NUL; this bypasses it
            return_exceptions=True,
        )
        assert isinstance(good, int)
        if backend == "postgres":
            assert isinstance(bad, Exception)  # PostgreSQL text can't hold NUL
        assert (await repo.questions.question_stats()).questions == (1 if backend == "postgres" else 2)
