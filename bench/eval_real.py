"""The held-out real-question eval (tests/eval/real/): prints graded numbers for one half.

Run: .venv/bin/python bench/eval_real.py [--half report|tune|all] [--list]
     .venv/bin/python bench/eval_real.py --blind      (the second, fully blind set: all of it)
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
    from bot.retrieval.real_eval import REPORT, TUNE, RealReport, grade, load_real

    questions = load_real(REPO / "tests" / "eval" / "real" / ("blind.yaml" if args.blind else "questions.yaml"))
    wanted = {"report": {REPORT}, "tune": {TUNE}, "all": {TUNE, REPORT}}[args.half]
    chosen = [q for q in questions if q.half in wanted]
    engine = build_answer_engine(load_settings())
    known = {p.key for p in engine.searcher.index.passages}
    missing = sorted({k for q in questions for k in q.accept if k not in known})
    report = RealReport()
    lines = []
    for q in chosen:
        answer = engine.answer(q.q)
        outcome = grade(q, answer, known)
        report.add(outcome)
        got = answer.passage.key if answer.passage else answer.kind.value
        lines.append(f"  [{outcome}] {q.q!r} -> {got}")
    print(
        f"Real questions{' (blind set)' if args.blind else ''}, {args.half} half: {len(chosen)} "
        f"({report.in_scope} in scope: {report.covered} covered by the knowledge base, {report.uncovered} not; {report.out} out of scope)"
    )
    if missing:
        print(f"({len(missing)} labelled passages are not in this knowledge base; those labels are ignored)")
    for name, value in report.rates().items():
        print(f"  {name:<48} {value:6.3f}")
    print("Outcomes: " + ", ".join(f"{k}: {v}" for k, v in sorted(report.outcomes.items())))
    if args.list:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
