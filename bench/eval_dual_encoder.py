"""Simulates "rank with the adapted encoder, decide with the packaged one" (tests/eval/real/RESULTS.md).

Needs an index built with the adapted encoder (about 15 min on 2 cores):
    INDEX_DIR=/tmp/adapted .venv/bin/coach index build --adapt
Then:
    ADAPTED_INDEX=/tmp/adapted .venv/bin/python bench/eval_dual_encoder.py          (dual)
    ADAPTED_INDEX=/tmp/adapted MODE=base .venv/bin/python bench/eval_dual_encoder.py (the shipped engine)
It prints the real-question table (aggregates only) and our own checks: the source article's facts, own
in-domain answers and declines, own off-topic declines.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> int:
    from bot.config import load_settings
    from bot.retrieval.embedding import QUERY_MAX_TOKENS, OnnxEncoder
    from bot.retrieval.evaluate import load_eval_set
    from bot.retrieval.index import ENCODER_DIR, load_index
    from bot.retrieval.real_eval import REPORT, TUNE, format_table, grade_all, load_real, report_of
    from bot.retrieval.search import Hit, HybridSearcher
    from bot.retrieval.serving import build_answer_engine

    settings = load_settings()
    engine = build_answer_engine(settings)
    base = engine.searcher
    adapted_dir = Path(os.environ["ADAPTED_INDEX"])
    adapted = HybridSearcher(
        load_index(adapted_dir, settings.knowledge_dir),
        OnnxEncoder(adapted_dir / ENCODER_DIR, max_tokens=QUERY_MAX_TOKENS),
        base.weights,
    )

    position = {p.key: i for i, p in enumerate(base.index.passages)}

    def dual_search(question: str, k: int = 5) -> list[Hit]:
        query = base.prepare(question)
        base_dense, sparse = base.component_scores(query, base.encode([query]))
        adapted_dense, _ = adapted.component_scores(query, adapted.encode([query]))
        aspects = base.aspect_scores(query)
        confidence = base.fuse(base_dense, sparse) + aspects
        # The searcher's own ranking and near-duplicate folding, ordered by the adapted scores; each hit
        # then carries the packaged encoder's score, which the answer rules decide on.
        ranked = base.fold(base.fuse(adapted_dense, sparse) + aspects, base_dense, sparse, k)
        return [replace(h, score=float(confidence[position[h.passage.key]])) for h in ranked]

    if os.environ.get("MODE", "dual") == "dual":
        base.search = dual_search  # type: ignore[method-assign]
        base.search_many = lambda questions, k=5: [dual_search(q, k) for q in questions]  # type: ignore[method-assign]

    real = REPO / "tests" / "eval" / "real"
    main_set, blind = load_real(real / "questions.yaml"), load_real(real / "blind.yaml")
    known = {p.key for p in base.index.passages}
    columns = {}
    for name, questions in (
        ("tuning half", [q for q in main_set if q.half == TUNE]),
        ("report half", [q for q in main_set if q.half == REPORT]),
        ("blind set", blind),
    ):
        columns[name] = report_of(grade_all(questions, [engine.answer(q.q) for q in questions], known))
    print(format_table(columns))

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
