"""Three bot replicas in webhook mode behind one "proxy", sharing the machine's PostgreSQL.

Updates for one user arrive at different replicas (and some twice): each is applied once, in
order; rest timers fire exactly once across replicas.
"""

from __future__ import annotations

import asyncio
import signal
from contextlib import AsyncExitStack

import pytest
from support.fake_api import FakeBotApi, free_port
from support.processes import bot_env, bot_process
from support.serving import TOKEN
from support.storage_backends import temporary_postgres_database

from bot.history.setlog import fold
from bot.storage.sql import SqlStorage

REPLICAS = 3
USERS = list(range(3000, 3012))


@pytest.fixture
async def database():
    async with temporary_postgres_database("lc_scale") as (_, _, url):
        yield url


async def test_replicas_apply_each_update_once_in_order_and_fire_timers_once(database):
    repo = await SqlStorage.connect(database)  # migrate once before the replicas start
    async with FakeBotApi(TOKEN) as api, AsyncExitStack() as replicas:
        ports = [free_port() for _ in range(REPLICAS)]
        procs = [
            await replicas.enter_async_context(bot_process(bot_env(api, database, webhook_port=port))) for port in ports
        ]
        api.proxy_targets = [f"http://127.0.0.1:{p}/telegram" for p in ports]
        await api.wait_for(lambda: sum(1 for c, _ in api.calls if c == "setWebhook") >= REPLICAS, timeout=60)
        for user in USERS:
            await api.user_sends(user, "/workout hip thrust 3x5 100kg rest 1")
        await api.wait_for(lambda: all(len(api.transcript[u]) >= 2 for u in USERS), timeout=30)
        for reps in (5, 4):
            for user in USERS:
                # every second user's set reaches two replicas at once, as after a webhook retry
                await api.user_sends(user, f"{reps}x100", copies=2 if user % 2 else 1)
            await api.wait_for(
                lambda reps=reps: all(
                    any(
                        f"set {3 if reps == 4 else 2} of 3" in m.text and "Rest over" in m.text
                        for m in api.transcript[u]
                    )
                    for u in USERS
                ),
                timeout=30,
            )
        await asyncio.sleep(2.5)  # time for any duplicate reply or second timer ping to show up
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            await asyncio.to_thread(proc.wait, 30)

    for user in USERS:
        texts = [m.text for m in api.transcript[user]]
        assert sum(t.startswith("✅") for t in texts) == 2, texts  # each set acknowledged once
        assert sum("Rest over" in t for t in texts) == 2, texts  # each timer fired once, by one replica
        assert [(r.reps, r.set_number) for r in fold(await repo.workouts.set_events(user))] == [(5, 1), (4, 2)]
    await repo.close()
