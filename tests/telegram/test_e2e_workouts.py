"""Workouts end to end: a crash mid-workout loses no acknowledged set; 200 users never see each other's data."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from support.fake_api import FakeBotApi
from support.processes import bot_env, bot_process, kill_hard, stop_gracefully
from support.serving import TOKEN, last, running_bot

from bot.history.setlog import fold
from bot.storage.sql import SqlStorage


def sqlite_url(db: Path) -> str:
    return f"sqlite+aiosqlite:///{db}"


async def test_killed_mid_workout_restart_keeps_every_acknowledged_set(tmp_path):
    db = tmp_path / "crash.sqlite3"
    async with FakeBotApi(TOKEN) as api:
        async with bot_process(bot_env(api, sqlite_url(db))) as proc:
            await api.wait_for(lambda: bool(api.commands), timeout=30)
            await api.user_sends(9, "/workout hip thrust 5x5 100kg rest 0")
            await api.wait_for_messages(9, 2)
            for reps in (5, 4):
                before = len(api.transcript[9])
                await api.user_sends(9, f"{reps}x100")
                await api.wait_for(
                    lambda before=before: len(api.transcript[9]) >= before + 1
                )  # the set is acknowledged (one message)
            acknowledged = [m.text for m in api.transcript[9] if m.text.startswith("✅")]
            await api.user_sends(9, "3x100")  # in flight when the process dies
            await kill_hard(proc)
        assert len(acknowledged) == 2

        async with bot_process(bot_env(api, sqlite_url(db))) as restarted:
            await api.wait_for(
                lambda: restarted.poll() is None and len([c for c, _ in api.calls if c == "setMyCommands"]) >= 2,
                timeout=30,
            )
            await asyncio.sleep(1.0)  # a re-delivered in-flight update, if any, is processed now
            await api.user_sends(9, "/workout")
            await api.wait_for(lambda: "in progress" in last(api, 9).text, timeout=15)
            prompt = last(api, 9).text
            assert await stop_gracefully(restarted, timeout=20) == 0

    repo = await SqlStorage.connect(sqlite_url(db))
    rows = fold(await repo.workouts.set_events(9))
    await repo.close()
    reps = [r.reps for r in rows]
    assert reps[:2] == [5, 4]  # every acknowledged set survived
    assert reps in ([5, 4], [5, 4, 3])  # the in-flight one is either fully there or not at all, never twice
    assert f"set {len(reps) + 1} of 5" in prompt  # and the session resumes at the right set


async def test_killed_after_receiving_a_message_but_before_replying_answers_it_after_restart(tmp_path):
    """Telegram considers an update delivered once the bot fetched it; the inbox keeps it until handled."""
    db = tmp_path / "inbox.sqlite3"
    async with FakeBotApi(TOKEN) as api:
        async with bot_process(bot_env(api, sqlite_url(db))) as proc:
            await api.wait_for(lambda: bool(api.commands), timeout=30)
            api.fail_next("sendMessage", "drop", times=1000)  # the reply can't get out...
            await api.user_sends(9, "how high should the bench be for hip thrusts?")
            await api.wait_for(lambda: api.faults_served["sendMessage"] >= 1, timeout=15)
            await kill_hard(proc)  # ...and the process dies while retrying
        assert api.transcript[9] == []
        api.clear_faults()
        async with bot_process(bot_env(api, sqlite_url(db))) as restarted:
            await api.wait_for(lambda: len(api.transcript[9]) >= 1, timeout=30)
            await asyncio.sleep(1.0)  # time for a second (duplicate) answer to show up, if there were one
            assert await stop_gracefully(restarted, timeout=20) == 0
    [answer] = api.transcript[9]
    assert "bench" in answer.text.lower()
    repo = await SqlStorage.connect(sqlite_url(db))
    try:
        assert await repo.inbox.unfinished_updates(datetime.now(UTC) + timedelta(hours=1), datetime.now(UTC)) == []
    finally:
        await repo.close()


async def test_200_users_train_at_once_without_seeing_each_other(tmp_path, monkeypatch):
    users = list(range(1000, 1200))
    async with running_bot(tmp_path, monkeypatch) as (api, _):
        await asyncio.gather(*(api.user_sends(u, f"/workout hip thrust 1x5 {u - 900}kg rest 0") for u in users))
        await api.wait_for(lambda: all(len(api.transcript[u]) >= 2 for u in users), timeout=120)
        cards = {u: api.transcript[u][1] for u in users}
        # a forged tap on someone else's session changes nothing
        await api.user_presses(
            users[0], cards[users[1]], next(b for b in cards[users[1]].buttons() if b.startswith("w:done:"))
        )
        await asyncio.gather(
            *(
                api.user_presses(u, cards[u], next(b for b in cards[u].buttons() if b.startswith("w:done:")))
                for u in users
            )
        )
        await api.wait_for(lambda: all(": 1 set, 5 reps" in last(api, u).text for u in users), timeout=120)
        for u in users:
            texts = " ".join(m.text for m in api.transcript[u])
            loads = set(re.findall(r"(?:×|@) (\d+(?:\.\d+)?) kg", texts))  # set targets and logged sets
            assert loads == {str(u - 900)}, (u, loads)  # only ever my own numbers
    repo = await SqlStorage.connect(f"sqlite+aiosqlite:///{tmp_path / 'e2e.sqlite3'}")
    for u in users:
        rows = fold(await repo.workouts.set_events(u))
        assert [(r.reps, r.load) for r in rows] == [(5, float(u - 900))]
    await repo.close()
