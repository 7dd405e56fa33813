"""Rest-timer pings during a reminder storm: N users' reminders due in the same minute while other
users rest between sets, with Telegram's 30 messages/s limit on, as deployed.

Run: .venv/bin/python bench/bench_reminder_storm.py [--reminders 1000] [--lifters 20]
The bot runs as its own `coach run` process (SQLite, polling) against the fake Bot API. Before it
starts, N reminders are written to its database, due 15 s after the start. Each lifter logs a set,
rests 3 s and logs the next, for as long as the storm lasts. Prints the ping delay (from the moment
the rest ended to the "Rest over" message) p50/p95/max during the storm, and the drain time (from
the reminders' due time to the last one sent). Target at N = 1,000: ping delay p95 <= 2 s, drain <= 40 s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench")]

from bench_e2e import pct  # noqa: E402

TOKEN = "123456:STORM-TOKEN"
REST_SECONDS = 3  # the default: lifters logging flat out (~11 msg/s from 20 of them); --rest 60 is a real gym
STORM_AFTER = 15.0  # seconds after the bot process starts
FIRST_REMINDER_CHAT = 500_000


async def run(reminders: int, lifters: int, limit: float, rest: int = 3) -> None:
    from support.fake_api import FakeBotApi
    from support.processes import bot_env, bot_process, stop_gracefully

    from bot.storage.sql import SqlStorage

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/storm.sqlite3"
        repo = await SqlStorage.connect(url)  # creates the schema
        due_wall = datetime.now(UTC) + timedelta(seconds=STORM_AFTER)
        due_at = time.monotonic() + STORM_AFTER
        for i in range(reminders):
            chat = FIRST_REMINDER_CHAT + i
            await repo.users.touch_user(chat, chat, "Storm")
            await repo.schedule.add_reminder(chat, chat, list(range(7)), due_wall.strftime("%H:%M"), "UTC", due_wall)
        await repo.close()
        async with FakeBotApi(TOKEN) as api:
            env = bot_env(api, url, LOG_LEVEL="ERROR", TELEGRAM_RATE_LIMIT=f"{limit:g}", USER_RATE_LIMIT="0")
            async with bot_process(env) as bot:
                await api.wait_for(lambda: bool(api.commands), timeout=60)
                delays: list[tuple[float, float]] = []  # (when the rest ended, how late the ping was)

                def reminders_sent() -> list[float]:
                    return [
                        m.at
                        for chat in range(FIRST_REMINDER_CHAT, FIRST_REMINDER_CHAT + reminders)
                        for m in api.transcript.get(chat, [])
                    ]

                async def lifter(index: int) -> None:
                    user = 30_000 + index
                    # staggered starts, so the lifters' rests end one after another while the storm drains
                    await asyncio.sleep(max(0.0, due_at - time.monotonic() - rest + index * 1.5))
                    await api.user_sends(user, f"/workout hip thrust 20x5 100kg rest {rest}")
                    await api.wait_for_messages(user, 2, timeout=120)
                    sets = 0
                    while sets < 19 and (time.monotonic() < due_at or len(reminders_sent()) < reminders):
                        before = len(api.transcript[user])
                        await api.user_sends(user, "5")
                        await api.wait_for(lambda before=before: len(api.transcript[user]) >= before + 1, timeout=120)
                        rest_ends = api.transcript[user][before].at + rest
                        await api.wait_for(
                            lambda before=before: any(
                                "Rest over" in m.text for m in api.transcript[user][before + 1 :]
                            ),
                            timeout=300,
                        )
                        ping = next(m for m in api.transcript[user][before + 1 :] if "Rest over" in m.text)
                        delays.append((rest_ends, ping.at - rest_ends))
                        sets += 1

                await asyncio.gather(*(lifter(i) for i in range(lifters)))
                await api.wait_for(lambda: len(reminders_sent()) >= reminders, timeout=600)
                sent = reminders_sent()
                await stop_gracefully(bot)
    drain = max(sent) - due_at
    storm = [d for ended, d in delays if due_at <= ended <= max(sent)]
    quiet = [d for ended, d in delays if ended < due_at]
    print(
        f"limit={limit:g} msg/s  lifters={lifters} rest={rest} s  "
        f"reminders={reminders} sent={len(sent)}  drain {drain:5.1f} s   "
        + (
            f"rest pings during the storm: n={len(storm)} p50 {pct(storm, 50):.2f} s  "
            f"p95 {pct(storm, 95):.2f} s  max {max(storm):.2f} s   "
            if storm
            else "no rest ended during the storm   "
        )
        + (f"before it: n={len(quiet)} p95 {pct(quiet, 95):.2f} s" if quiet else ""),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--lifters", type=int, default=20)
    parser.add_argument("--limit", type=float, default=30.0, help="global send limit, messages/s")
    parser.add_argument(
        "--rest", type=int, default=REST_SECONDS, help="seconds each lifter rests between sets (3: flat out)"
    )
    args = parser.parse_args()
    asyncio.run(run(args.reminders, args.lifters, args.limit, args.rest))


if __name__ == "__main__":
    main()
