"""Worst handler time per adversarial input class, over every text entry point of the Coach.

Run: .venv/bin/python bench/bench_adversarial.py
The Coach runs in-process with the shipped index and a fresh SQLite file. Each 4,096-character input
(tests/adversarial_inputs.py) goes to every entry point: free text (idle, in a workout, at the
/timezone and /remind prompts), every command's arguments (idle and in a workout) and inline
queries, each for a fresh user. Prints, per input class, the worst time of one handler call (wall
clock, which includes waiting for the database and the encoder threads) and where it happened,
and the worst event-loop time (CPU time of the event-loop thread during the call: what a long
match would steal from every other user and from /healthz), and the worst handler time without
the encoder (the wall time minus the time spent in the answer engine's worker-thread calls). Target:
at most 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

TARGET_MS = 20.0


async def run(repeat: int) -> None:
    from support.adversarial_inputs import INPUTS, entry_points

    from bot.composition import build_coach
    from bot.config import load_settings
    from bot.conversation.model import User

    with tempfile.TemporaryDirectory() as tmp:
        coach = await build_coach(load_settings(database_url=f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"))
        try:
            ids = itertools.count(1_000)
            points = entry_points()
            for point in points:  # load the model, the time-zone list and the caches first
                warm = User(next(ids), 1, "Warm")
                if point.setup is not None:
                    await point.setup(coach, warm)
                await point.call(coach, warm, "how far apart should my feet be for hip thrusts?")
            in_engine = [0.0]
            for name in ("answer_many", "top_answers"):  # they run in worker threads: time them there
                setattr(coach.qa.engine, name, _timed(getattr(coach.qa.engine, name), in_engine))
            worst_overall = loop_overall = bare_overall = 0.0
            print(
                f"{'input class':<22} {'worst ms':>9}  {'median ms':>9}  {'loop ms':>8}  {'no-encoder ms':>13}  where"
            )
            for label, text in INPUTS.items():
                times: list[tuple[float, str]] = []
                loop_worst = bare_worst = 0.0
                for point in points:
                    for _ in range(repeat):
                        user_id = next(ids)
                        user = User(user_id, user_id, "Bench")
                        if point.setup is not None:
                            await point.setup(coach, user)
                        in_engine[0] = 0.0
                        started, cpu = time.perf_counter(), time.thread_time()
                        await point.call(coach, user, text)
                        wall = time.perf_counter() - started
                        times.append((wall, point.name))
                        loop_worst = max(loop_worst, time.thread_time() - cpu)
                        bare_worst = max(bare_worst, wall - in_engine[0])
                times.sort()
                worst, where = times[-1]
                worst_overall = max(worst_overall, worst)
                loop_overall, bare_overall = max(loop_overall, loop_worst), max(bare_overall, bare_worst)
                print(
                    f"{label:<22} {worst * 1000:9.1f}  "
                    f"{times[len(times) // 2][0] * 1000:9.1f}  {loop_worst * 1000:8.1f}  "
                    f"{bare_worst * 1000:13.1f}  {where}",
                    flush=True,
                )
            print(
                f"worst of all: {worst_overall * 1000:.1f} ms wall, {loop_overall * 1000:.1f} ms event loop, "
                f"{bare_overall * 1000:.1f} ms without the encoder (target <= {TARGET_MS:g} ms); "
                f"{len(INPUTS)} input classes x {len(points)} entry points x {repeat}"
            )
        finally:
            await coach.close()


def _timed(method, total: list[float]):  # type: ignore[no-untyped-def]
    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            total[0] += time.perf_counter() - started

    return timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--repeat", type=int, default=3, help="calls per input class and entry point (the worst counts)"
    )
    args = parser.parse_args()
    asyncio.run(run(args.repeat))


if __name__ == "__main__":
    main()
