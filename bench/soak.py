"""Soak: mixed question and workout traffic against the bot process for a bounded time, sampling its RSS.

Run: .venv/bin/python bench/soak.py --minutes 60
Reports RSS after warm-up and at the end; growth over 10% suggests a leak.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench")]
TOKEN = "123456:SOAK-TOKEN"


def threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def soak(minutes: float, users: int) -> None:
    from support.fake_api import FakeBotApi
    from support.processes import bot_env, bot_process, stop_gracefully

    from bot.retrieval.evaluate import load_eval_set

    questions = [q.q for q in load_eval_set(REPO / "tests" / "eval")]
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi(TOKEN) as api, AsyncExitStack() as stack:
            env = bot_env(
                api,
                f"sqlite+aiosqlite:///{tmp}/soak.sqlite3",
                LOG_LEVEL="ERROR",
                TELEGRAM_RATE_LIMIT="0",
                USER_RATE_LIMIT="0",
            )
            bot = await stack.enter_async_context(bot_process(env))
            await api.wait_for(lambda: bool(api.commands), timeout=60)
            deadline = time.monotonic() + minutes * 60
            warm_at = time.monotonic() + min(120, minutes * 60 / 5)
            samples: list[tuple[float, float]] = []
            thread_counts: list[int] = []
            handled = 0

            async def user_loop(user: int) -> None:
                nonlocal handled
                while time.monotonic() < deadline:
                    before = len(api.transcript[user])
                    if rng.random() < 0.7:
                        await api.user_sends(user, rng.choice(questions))
                    else:
                        await api.user_sends(
                            user,
                            rng.choice(
                                ["/workout hip thrust 3x5 100kg rest 0", "5x100", "4x100", "/history", "/plates 142.5"]
                            ),
                        )
                    try:
                        await api.wait_for(lambda before=before: len(api.transcript[user]) > before, timeout=30)
                    except AssertionError:
                        pass
                    handled += 1
                    if len(api.transcript[user]) > 200:  # keep the fake's memory flat: this is the bot's soak
                        del api.transcript[user][:-50]
                    await asyncio.sleep(rng.uniform(0.05, 0.3))

            async def sampler() -> None:
                while time.monotonic() < deadline:
                    samples.append((time.monotonic(), rss_mb(bot.pid)))
                    thread_counts.append(threads(bot.pid))
                    if len(samples) % 30 == 1:  # every 5 minutes, so a long run can be watched
                        print(
                            f"  {(samples[-1][0] - samples[0][0]) / 60:4.0f} min  RSS {samples[-1][1]:.0f} MB  "
                            f"threads {thread_counts[-1]}  updates {handled}",
                            flush=True,
                        )
                    await asyncio.sleep(10)

            await asyncio.gather(sampler(), *(user_loop(10_000 + i) for i in range(users)))
            await stop_gracefully(bot)
    after_warm = [rss for t, rss in samples if t >= warm_at]
    base, end, peak = after_warm[0], after_warm[-1], max(after_warm)
    start = samples[0][0]
    curve = ", ".join(f"{(t - start) / 60:.0f} min {rss:.0f}" for i, (t, rss) in enumerate(samples) if i % 30 == 0)
    print(f"RSS curve (MB): {curve}")
    print(f"bot threads: min {min(thread_counts)}, max {max(thread_counts)}, end {thread_counts[-1]}")
    print(
        f"soak {minutes:g} min, {users} users, {handled} updates: RSS after warm-up {base:.0f} MB, end {end:.0f} MB, "
        f"peak {peak:.0f} MB, growth {100 * (end - base) / base:+.1f}%"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(soak(args.minutes, args.users))


if __name__ == "__main__":
    main()
