"""The held-out real-question eval (tests/eval/real/): prints graded numbers for one half.

Run: .venv/bin/python bench/eval_real.py [--half report|tune|all] [--list]
     .venv/bin/python bench/eval_real.py --blind      (the second, fully blind set: all of it)
`coach eval` prints the same table for both halves and the blind set at once.
`--list` prints every question with its outcome; it refuses the report half, so nobody tunes
knowledge or weights on it (METHOD.md). Labels and method: tests/eval/real/METHOD.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", choices=("report", "tune", "all"), default="report")
    parser.add_argument("--list", action="store_true", help="per-question outcomes (tuning half only)")
    parser.add_argument("--blind", action="store_true", help="grade tests/eval/real/blind.yaml (all of it) instead")
    args = parser.parse_args()
    if args.blind:
        args.half = "all"
    if args.list and (args.half != "tune" or args.blind):
        print("--list only works with --half tune: the report half is never inspected question by question.")
        return 2

    from bot.composition import build_answer_engine
    from bot.config import load_settings
    from bot.retrieval.real_eval import REPORT, TUNE, format_table, grade_all, load_real, report_of

    questions = load_real(REPO / "tests" / "eval" / "real" / ("blind.yaml" if args.blind else "questions.yaml"))
    wanted = {"report": {REPORT}, "tune": {TUNE}, "all": {TUNE, REPORT}}[args.half]
    chosen = [q for q in questions if args.blind or q.half in wanted]
    engine = build_answer_engine(load_settings())
    known = {p.key for p in engine.searcher.index.passages}
    graded = grade_all(chosen, [engine.answer(q.q) for q in chosen], known)
    name = "blind set" if args.blind else f"{args.half} half"
    print(f"Real questions, {name}: {len(chosen)} ({sum(q.scope == 'in' for q in chosen)} in scope)")
    print(format_table({name: report_of(graded)}))
    if args.list:
        print("\n".join(f"  [{g.outcome}] {g.question.q!r} -> {g.got}" for g in graded))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
