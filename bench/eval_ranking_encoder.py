"""The ranking encoder's worth, measured: the served engine (ranked by index/ranker when the index has one,
scored by the packaged encoder) against the same engine ranked by the packaged encoder alone.

    .venv/bin/python bench/eval_ranking_encoder.py                  (as served)
    MODE=packaged .venv/bin/python bench/eval_ranking_encoder.py    (the packaged encoder ranks too)

It prints the real-question table (aggregates only) and our own checks: the source article's facts, own
in-domain answers and declines, own off-topic declines.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

if TYPE_CHECKING:
    from bot.retrieval.answer import AnswerEngine


def report(engine: AnswerEngine) -> None:
    """The real-question table (aggregates only) and our own checks, for an engine however it is ranked."""
    from bot.retrieval.evaluate import load_eval_set
    from bot.retrieval.real_eval import MAIN, load_real, run_real_eval

    real = REPO / "tests" / "eval" / "real"
    sets = {MAIN: load_real(real / "questions.yaml"), "blind set": load_real(real / "blind.yaml")}
    print(run_real_eval(engine, sets))

    own = load_eval_set(REPO / "tests" / "eval")
    facts = [q for q in own if q.source == "article"]
    unanswered = 0
    for q in facts:
        answer = engine.answer(q.q)
        unanswered += not answer.answered or not ({h.passage.key for h in answer.hits[:3]} & q.targets)
    in_domain = [q for q in own if q.in_domain]
    answers = [engine.answer(q.q) for q in in_domain]
    pairs = zip(in_domain, answers, strict=True)
    right = sum(a.answered and a.passage is not None and a.passage.key in q.targets for q, a in pairs)
    off = [q for q in own if not q.in_domain and not q.not_covered]
    off_declined = sum(not engine.answer(q.q).answered for q in off)
    print(
        f"article facts unanswered {unanswered}/{len(facts)}; own in-domain answered right {right}/{len(in_domain)},"
        f" declined {sum(not a.answered for a in answers)}; own off-topic declined {off_declined}/{len(off)}"
    )


def main() -> int:
    from bot.config import load_settings
    from bot.retrieval.serving import build_answer_engine

    engine = build_answer_engine(load_settings())
    if os.environ.get("MODE") == "packaged":
        engine.searcher.ranking = None
    print(f"ranked by: {'the ranking encoder (index/ranker)' if engine.searcher.ranking else 'the packaged encoder'}")
    report(engine)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
