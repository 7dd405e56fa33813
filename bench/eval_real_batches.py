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
    from bot.retrieval.real_eval import REPORT, TUNE, format_table, grade_all, load_real, report_of
    from bot.retrieval.serving import build_answer_engine

    engine = build_answer_engine(load_settings())
    questions = load_real(REPO / "tests" / "eval" / "real" / "questions.yaml")
    known = {p.key for p in engine.searcher.index.passages}
    columns = {}
    for name, batch in (("batches 1-3", questions[:FIRST_BATCHES]), ("batch 4", questions[FIRST_BATCHES:])):
        for half, half_name in ((TUNE, "tuning"), (REPORT, "report")):
            chosen = [q for q in batch if q.half == half]
            columns[f"{name}, {half_name}"] = report_of(grade_all(chosen, [engine.answer(q.q) for q in chosen], known))
    print(format_table(columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
