"""Answer-engine speed on this machine: warm latency, batched throughput, cold start, peak memory.

Run: .venv/bin/python bench/bench_answers.py [--queries N] [--packaged | --no-gate]
Questions come from the labelled eval set, so the mix is realistic. The cold start is the answer
engine's (bot.retrieval.serving): settings, index, encoder, first answer; the full bot also imports
storage and the chat flows on top of it.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

COLD_START = """
import time; t = time.perf_counter()
from bot.config import load_settings
from bot.retrieval.serving import build_answer_engine
engine = build_answer_engine(load_settings())
engine.answer("how far should my feet be for hip thrusts")
print(time.perf_counter() - t)
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument(
        "--packaged", action="store_true", help="warm runs without the ranking encoder (index/ranker), to compare"
    )
    parser.add_argument(
        "--no-gate", action="store_true", help="rank every question with the ranking encoder (as before 2026-12-02)"
    )
    args = parser.parse_args()

    from bot.config import load_settings
    from bot.retrieval.evaluate import load_eval_set
    from bot.retrieval.serving import build_answer_engine

    questions = [q.q for q in load_eval_set(REPO / "tests" / "eval")]
    engine = build_answer_engine(load_settings())
    if args.packaged:
        engine.searcher.ranking = None
    if args.no_gate:
        engine.searcher.weights = replace(engine.searcher.weights, ranking_gate=1.0)
    print(f"ranked by {'the ranking encoder (index/ranker)' if engine.searcher.ranking else 'the packaged encoder'}")
    for q in questions[:20]:  # warm-up
        engine.answer(q)

    latencies = []
    for i in range(args.queries):
        q = questions[i % len(questions)]
        start = time.perf_counter()
        engine.answer(q)
        latencies.append((time.perf_counter() - start) * 1000)
    print(
        f"warm single question ({args.queries} queries): p50 {percentile(latencies, 50):.2f} ms, "
        f"p95 {percentile(latencies, 95):.2f} ms, p99 "
        f"{percentile(latencies, 99):.2f} ms, mean {statistics.mean(latencies):.2f} ms"
    )

    for batch in (8, 32, 64):
        batches = [questions[i : i + batch] for i in range(0, len(questions) - batch + 1, batch)] or [questions[:batch]]
        start = time.perf_counter()
        answered = 0
        for chunk in batches * 2:
            engine.answer_many(chunk)
            answered += len(chunk)
        elapsed = time.perf_counter() - start
        print(f"batched throughput (batch {batch}): {answered / elapsed:.0f} questions/s")

    colds = []
    for _ in range(args.cold_runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", COLD_START], cwd=REPO, capture_output=True, text=True, check=True)
        colds.append((time.perf_counter() - start, float(out.stdout.strip().splitlines()[-1])))
    print(
        f"cold start to first answer (new process, {args.cold_runs} runs): median "
        f"{statistics.median(c[0] for c in colds):.2f} s "
        f"(of which in-process {statistics.median(c[1] for c in colds):.2f} s)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS) of this benchmark process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
