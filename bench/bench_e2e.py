"""End-to-end throughput and reply latency through the real Application and a fake Bot API.

Run: .venv/bin/python bench/bench_e2e.py
Each simulated user sends a message, waits for the bot's reply, then sends the next
(closed loop). Question traffic asks questions from the labelled set; workout traffic
starts a quick workout and logs typed sets. Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]
if TYPE_CHECKING:
    from support.fake_api import FakeBotApi

TOKEN = "123456:BENCH-TOKEN"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def exchange(
    api, user: int, text: str, latencies: list[float], timeout: float = 60, think: float = 0.0, replies: int = 1
) -> None:  # type: ignore[no-untyped-def]
    """Send one message and wait for all `replies` messages it causes (/workout sends an intro and the
    first card), so the next message never races the previous reply. Latency: to the first."""
    if think:  # a person reads the reply and types: 0.5x to 1.5x the think time
        await asyncio.sleep(think * (0.5 + random.random()))
    before = len(api.transcript[user])
    sent = time.monotonic()
    await api.user_sends(user, text)
    await api.wait_for(lambda: len(api.transcript[user]) >= before + replies, timeout)
    latencies.append(api.transcript[user][before].at - sent)


def cpu_seconds(pid: int) -> tuple[float, float]:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run(
    users: int,
    per_user: int,
    kind: str,
    questions: list[str],
    rate_limit: float,
    think: float = 0.0,
    webhook: bool = False,
) -> float:
    """The bot runs as its own process (`coach run`), as deployed; users and the fake API run here."""
    from support.fake_api import FakeBotApi, free_port
    from support.processes import bot_env, bot_process, stop_gracefully

    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi(TOKEN) as api:
            env = bot_env(
                api,
                f"sqlite+aiosqlite:///{tmp}/bench.sqlite3",
                webhook_port=free_port() if webhook else None,
                LOG_LEVEL="ERROR",
                TELEGRAM_RATE_LIMIT=str(rate_limit),
                **({"USER_RATE_LIMIT": "0"} if rate_limit == 0 else {}),
            )  # flat out: the per-user limit would drop most
            async with bot_process(env) as bot:
                rss = await drive(api, bot, users, per_user, kind, questions, think, webhook, rate_limit)
                await stop_gracefully(bot)
    return rss


async def drive(
    api: FakeBotApi,
    bot: subprocess.Popen[bytes],
    users: int,
    per_user: int,
    kind: str,
    questions: list[str],
    think: float,
    webhook: bool,
    rate_limit: float,
) -> float:
    """Users talk to the running bot; prints one row and returns the bot's peak RSS."""
    await api.wait_for(lambda: bool(api.commands) and (not webhook or bool(api.webhook)), timeout=60)
    if os.environ.get(
        "BENCH_PROFILE"
    ):  # e.g. BENCH_PROFILE=/tmp/bot.raw: sample the bot with py-spy (collapsed stacks)
        subprocess.Popen(
            [
                str(Path(sys.executable).with_name("py-spy")),
                "record",
                "--gil",
                "-f",
                "raw",
                "-r",
                "100",
                "-o",
                os.environ["BENCH_PROFILE"],
                "--pid",
                str(bot.pid),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    latencies: list[float] = []
    starts: list[float] = []  # the /workout command itself (creates the session)

    async def one_user(index: int) -> None:
        user = 10_000 + index
        if kind == "workout":
            await exchange(
                api, user, f"/workout hip thrust {per_user + 1}x5 100kg rest 0", starts, think=think, replies=2
            )
            for i in range(
                per_user
            ):  # one set fewer than planned: every set is answered by one message, "✅" + the next card
                await exchange(api, user, f"{5 - i % 2}x100", latencies, think=think)
        else:
            for i in range(per_user):
                await exchange(api, user, questions[(index * per_user + i) % len(questions)], latencies, think=think)

    started, (user0, sys0), own0 = time.monotonic(), cpu_seconds(bot.pid), time.process_time()
    await asyncio.gather(*(one_user(i) for i in range(users)))
    elapsed = time.monotonic() - started
    user1, sys1 = cpu_seconds(bot.pid)
    own = time.process_time() - own0
    handled = len(latencies) + len(starts)
    rss = peak_rss_mb(bot.pid)
    print(
        f"{kind:<9} {'webhook' if webhook else 'polling'} limit={rate_limit:<3g} think={think:<3g} users={users:<4} "
        f"updates={len(latencies) + len(starts):<5} {(len(latencies) + len(starts)) / elapsed:7.0f} updates/s   "
        f"reply p50 {pct(latencies, 50) * 1000:6.1f} ms  p95 "
        f"{pct(latencies, 95) * 1000:6.1f} ms   bot peak RSS {rss:.0f} MB   "
        f"bot CPU {1000 * (user1 - user0) / handled:.1f} ms user + "
        f"{1000 * (sys1 - sys0) / handled:.1f} ms sys per update; "
        f"fake API + users {1000 * own / handled:.1f} ms"
        + (
            f"   (/workout starts: p50 {pct(starts, 50) * 1000:.0f} ms, p95 "
            f"{pct(starts, 95) * 1000:.0f} ms, not in the set numbers)"
            if starts
            else ""
        )
    )
    return rss


def main() -> None:
    import argparse

    from bot.retrieval.evaluate import load_eval_set

    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs=3, metavar=("KIND", "USERS", "PER_USER"), help="one row, e.g. question 50 8")
    parser.add_argument(
        "--think", type=float, default=0.0, help="with --only: mean seconds a user waits before each message"
    )
    parser.add_argument("--limit", type=float, default=0, help="with --only: global send limit (messages/s, 0 = off)")
    parser.add_argument("--webhook", action="store_true", help="with --only: the bot in webhook mode")
    args = parser.parse_args()
    questions = [q.q for q in load_eval_set(REPO / "tests" / "eval")]
    if args.only:
        kind, users, per_user = args.only
        asyncio.run(
            run(
                int(users),
                int(per_user),
                kind,
                questions,
                rate_limit=args.limit,
                think=args.think,
                webhook=args.webhook,
            )
        )
        return
    # Capacity of the bot itself, the global send limit off (closed loop: each user waits for the reply).
    for kind, sizes in (("question", ((1, 40), (50, 30), (500, 3))), ("workout", ((1, 19), (50, 19), (500, 3)))):
        for users, per_user in sizes:
            asyncio.run(run(users, per_user, kind, questions, rate_limit=0))
    # 50 people each sending a message about every second (0.5-1.5 s after the previous reply).
    for kind in ("question", "workout"):
        asyncio.run(run(50, 10, kind, questions, rate_limit=0, think=1.0))
    # The same 50 at a chat pace (every ~3 s) with Telegram's 30 messages/s limit on, as deployed.
    for kind in ("question", "workout"):
        asyncio.run(run(50, 10, kind, questions, rate_limit=30, think=3.0))
    # Webhook mode (how replicas are deployed): every update is an HTTP POST to the bot.
    for kind, per_user in (("question", 30), ("workout", 19)):
        asyncio.run(run(50, per_user, kind, questions, rate_limit=0, webhook=True))


if __name__ == "__main__":
    main()
