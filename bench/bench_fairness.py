"""Per-user fairness: 20 normal users' reply times with and without one user flooding 1,000 messages.

Run: .venv/bin/python bench/bench_fairness.py
The bot runs as its own `coach run` process (SQLite, polling, the global send limit off so the bot
itself is measured) against the fake Bot API, as in bench_e2e.py. Each normal user talks in a
closed loop at a human-ish pace (/plates and questions, 0.5x-1.5x the think time between a reply and
the next message). In the flooded runs one more user sends 1,000 /help at once, just before the
others start. Two settings: the global send limit off (think 0.5 s), and Telegram's 30 msg/s limit
on as deployed (think 1 s, so the 20 users alone stay under it).
Target: flooded p95 within 2x of the baseline p95.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench")]

from bench_e2e import exchange, pct  # noqa: E402

TOKEN = "123456:BENCH-TOKEN"
FLOODER = 9_999


async def run(
    users: int, per_user: int, flood: int, questions: list[str], fairness: bool, think: float, limit: float
) -> tuple[float, float]:
    from support.fake_api import FakeBotApi
    from support.processes import bot_env, bot_process, stop_gracefully

    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi(TOKEN) as api:
            env = bot_env(
                api,
                f"sqlite+aiosqlite:///{tmp}/bench.sqlite3",
                LOG_LEVEL="ERROR",
                TELEGRAM_RATE_LIMIT=f"{limit:g}",
                **({} if fairness else {"USER_RATE_LIMIT": "0"}),
            )
            async with bot_process(env) as bot:
                await api.wait_for(lambda: bool(api.commands), timeout=60)
                latencies: list[float] = []

                async def one_user(index: int) -> None:
                    user = 20_000 + index
                    for i in range(per_user):
                        text = (
                            f"/plates {60 + 2.5 * (i % 20):g}"
                            if i % 2 == 0
                            else questions[(index * per_user + i) % len(questions)]
                        )
                        await exchange(api, user, text, latencies, timeout=600, think=think)

                for _ in range(flood):  # all queued at once, ahead of everyone else
                    await api.user_sends(FLOODER, "/help")
                started = time.monotonic()
                await asyncio.gather(*(one_user(i) for i in range(users)))
                elapsed = time.monotonic() - started
                if flood:
                    await asyncio.sleep(1.0)  # let the flood's leftovers finish before counting its replies
                flood_replies = len(api.transcript[FLOODER])
                await stop_gracefully(bot)
    p50, p95 = pct(latencies, 50), pct(latencies, 95)
    label = "baseline" if not flood else f"flood {flood} ({'fairness on' if fairness else 'per-user limit off'})"
    print(
        f"limit={limit:<3g} think={think:<4g} {label:<42} users={users} "
        f"replies={len(latencies):<4} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
        f"wall {elapsed:5.1f} s" + (f"   flooder got {flood_replies} replies" if flood else ""),
        flush=True,
    )
    return p50, p95


def main() -> None:
    from bot.retrieval.evaluate import load_eval_set

    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--flood", type=int, default=1000)
    parser.add_argument("--only", nargs=2, type=float, metavar=("LIMIT", "THINK"), help="one setting, e.g. 30 1.0")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    questions = [q.q for q in load_eval_set(REPO / "tests" / "eval")]
    # (global send limit, think time): the bot itself flat out-ish, then as deployed (Telegram's 30 msg/s).
    settings = [tuple(args.only)] if args.only else [(0.0, 0.5), (30.0, 1.0)]
    for limit, think in settings:
        for _ in range(args.repeat):
            _, base = asyncio.run(run(args.users, args.per_user, 0, questions, True, think, limit))
            _, flooded = asyncio.run(run(args.users, args.per_user, args.flood, questions, True, think, limit))
            _, unlimited = asyncio.run(run(args.users, args.per_user, args.flood, questions, False, think, limit))
            print(
                f"limit={limit:g}: flooded p95 / baseline p95 = {flooded / base:.2f}x (target <= 2x); "
                f"with the per-user limit off: {unlimited / base:.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
