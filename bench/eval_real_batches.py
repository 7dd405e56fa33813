"""The real-question eval split by batch: batches 1-3 (the first 378 questions of questions.yaml, the fifth
session's set) and batch 4 (the rest), each half apart. Aggregates only: the report half is never listed
question by question (tests/eval/real/METHOD.md).

    .venv/bin/python bench/eval_real_batches.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
FIRST_BATCHES = 378  # questions in batches 1-3


def main() -> int:
    from bot.config import load_settings
    from bot.retrieval.real_eval import REPORT, TUNE, load_real, run_real_eval
    from bot.retrieval.serving import build_answer_engine

    questions = load_real(REPO / "tests" / "eval" / "real" / "questions.yaml")
    batches = {"batches 1-3": questions[:FIRST_BATCHES], "batch 4": questions[FIRST_BATCHES:]}
    halves = {TUNE: "tuning", REPORT: "report"}
    # Each batch's half is its own set: graded whole, never listed question by question.
    sets = {f"{b}, {h}": [q for q in qs if q.half == half] for b, qs in batches.items() for half, h in halves.items()}
    print(run_real_eval(build_answer_engine(load_settings()), sets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
