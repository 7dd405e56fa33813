"""Offline evaluation of retrieval on the labelled question set in tests/eval/.

Each in-domain question names the passage(s) that answer it; off-topic ones expect a
polite decline. Weights and thresholds are tuned on one half (split by a hash of the
question text, so it is stable) and reported on the other half.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from .answer import HITS, AnswerEngine, Thresholds
from .search import Components, Hit, HybridSearcher


class EvalQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(min_length=1)
    expect: str | None = None  # "<article id>#<section>", None for off-topic
    also: list[str] = Field(default_factory=list)
    source: str | None = None  # "article" when it checks a fact of the source article
    file: str = ""

    @property
    def targets(self) -> set[str]:
        return {self.expect, *self.also} if self.expect else set()

    @property
    def in_domain(self) -> bool:
        return self.expect is not None

    @property
    def not_covered(self) -> bool:
        """Training questions we have no article for: the right reply is "I don't know that one yet"."""
        return self.file == "not_covered.yaml"

    @property
    def half(self) -> int:
        return hashlib.sha1(self.q.encode()).digest()[0] % 2


def load_eval_set(directory: Path) -> list[EvalQuestion]:
    questions: list[EvalQuestion] = []
    for path in sorted(directory.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            questions.append(EvalQuestion(**item, file=path.name))
    return questions


@dataclass(frozen=True)
class EvalMetrics:
    in_domain: int
    off_topic: int
    top1: float
    top3: float
    mrr: float
    off_topic_declined: float
    not_covered_declined: float
    in_domain_declined: float
    answered_correctly: float


@dataclass
class Prepared:
    question: EvalQuestion
    scores: Components  # the searcher's per-passage scores before fusion


def prepare(searcher: HybridSearcher, questions: list[EvalQuestion]) -> list[Prepared]:
    components = searcher.components([searcher.prepare(q.q) for q in questions])
    return [Prepared(q, c) for q, c in zip(questions, components, strict=True)]


def ranked(engine: AnswerEngine, items: list[Prepared], dense_weight: float) -> list[list[Hit]]:
    return [engine.searcher.hits(i.scores, HITS, dense_weight) for i in items]


def measure(
    engine: AnswerEngine, items: list[Prepared], hits_per_item: list[list[Hit]], thresholds: Thresholds
) -> tuple[EvalMetrics, list[str]]:
    top1 = top3 = rr = declined_in = declined_off = declined_unknown = answered_ok = 0.0
    n_in = n_off = n_unknown = 0
    failures: list[str] = []
    for item, hits in zip(items, hits_per_item, strict=True):
        answer = engine.decide(item.question.q, hits, thresholds)
        q = item.question
        if q.not_covered:
            n_unknown += 1
            declined_unknown += not answer.answered
            if answer.answered:
                failures.append(f"[answered not-covered] {q.q!r} -> {hits[0].passage.key} ({hits[0].score:.2f})")
            continue
        if not q.in_domain:
            n_off += 1
            declined_off += not answer.answered
            if answer.answered:
                failures.append(f"[answered off-topic] {q.q!r} -> {hits[0].passage.key} ({hits[0].score:.2f})")
            continue
        n_in += 1
        keys = [h.passage.key for h in hits]
        rank = next((i + 1 for i, k in enumerate(keys) if k in q.targets), None)
        top1 += rank == 1
        top3 += rank is not None and rank <= 3
        rr += 1 / rank if rank else 0
        declined_in += not answer.answered
        chosen = answer.passage.key if answer.passage else None
        answered_ok += answer.answered and chosen in q.targets
        if rank != 1 or not answer.answered or chosen not in q.targets:
            status = "declined" if not answer.answered else f"rank {rank}"
            failures.append(
                f"[{status}] {q.q!r} ({q.file}) expected {q.expect} got {chosen or keys[0]} ({hits[0].score:.2f})"
            )
    metrics = EvalMetrics(
        in_domain=n_in,
        off_topic=n_off,
        top1=top1 / max(n_in, 1),
        top3=top3 / max(n_in, 1),
        mrr=rr / max(n_in, 1),
        off_topic_declined=declined_off / max(n_off, 1),
        not_covered_declined=declined_unknown / max(n_unknown, 1),
        in_domain_declined=declined_in / max(n_in, 1),
        answered_correctly=answered_ok / max(n_in, 1),
    )
    return metrics, failures


def objective(m: EvalMetrics) -> float:
    # Correct answers first; a wrongly answered off-topic question costs about as much as a miss.
    return (
        m.answered_correctly
        + 0.5 * m.top3
        + 0.8 * m.off_topic_declined
        + 0.3 * m.not_covered_declined
        - 0.5 * m.in_domain_declined
    )


def tune(engine: AnswerEngine, items: list[Prepared], dense_weight: float | None) -> tuple[float, Thresholds]:
    weights = [dense_weight] if dense_weight is not None else [round(x, 2) for x in np.arange(0.3, 0.96, 0.05)]
    best: tuple[float, float, Thresholds] | None = None
    for w in weights:
        hits = ranked(engine, items, w)
        for answer_t, off_t in itertools.product(np.arange(0.20, 0.71, 0.02), np.arange(0.10, 0.51, 0.02)):
            thresholds = Thresholds(answer=round(float(answer_t), 2), off_topic=round(float(off_t), 2))
            score = objective(measure(engine, items, hits, thresholds)[0])
            if best is None or score > best[0] + 1e-9:
                best = (score, w, thresholds)
    assert best is not None
    return best[1], best[2]


def run_eval(
    engine: AnswerEngine, questions: list[EvalQuestion], *, tune_weights: bool = False, show_failures: bool = False
) -> str:
    items = prepare(engine.searcher, questions)
    configured = (engine.searcher.weights.dense, engine.thresholds)
    lines = [
        f"Eval set: {len(questions)} questions "
        f"({sum(q.in_domain for q in questions)} in-domain, "
        f"{sum(not q.in_domain and not q.not_covered for q in questions)} off-topic, "
        f"{sum(q.not_covered for q in questions)} training topics not covered)"
    ]
    header = (
        f"{'mode':<12}{'top1':>7}{'top3':>7}{'MRR':>7}{'answered ok':>13}{'off-topic declined':>20}"
        f"{'not-covered declined':>22}{'in-domain declined':>20}   weights"
    )
    if tune_weights:
        tune_half = [i for i in items if i.question.half == 0]
        test_half = [i for i in items if i.question.half == 1]
        lines.append(f"Tuned on {len(tune_half)} questions, reported on the other {len(test_half)} (held out)")
        sets = test_half
        modes = [
            (name, *tune(engine, tune_half, w))
            for name, w in (("hybrid", None), ("bm25-only", 0.0), ("dense-only", 1.0))
        ]
    else:
        lines.append("All questions, configured weights (use --tune for the held-out protocol)")
        sets = items
        modes = [("hybrid", *configured), ("bm25-only", 0.0, configured[1]), ("dense-only", 1.0, configured[1])]
    lines.append(header)
    failures_out: list[str] = []
    for name, w, thresholds in modes:
        m, failures = measure(engine, sets, ranked(engine, sets, w), thresholds)
        lines.append(
            f"{name:<12}{m.top1:>7.3f}{m.top3:>7.3f}{m.mrr:>7.3f}{m.answered_correctly:>13.3f}"
            f"{m.off_topic_declined:>20.3f}{m.not_covered_declined:>22.3f}{m.in_domain_declined:>20.3f}   "
            f"dense={w:.2f} answer>={thresholds.answer:.2f} off<{thresholds.off_topic:.2f}"
        )
        if name == "hybrid":
            failures_out = (
                failures
                if not tune_weights
                else measure(engine, tune_half, ranked(engine, tune_half, w), thresholds)[1]
            )
    if show_failures:
        # With --tune only the tuning half's failures are shown, so fixes never peek at the held-out half.
        lines.append("\nHybrid failures" + (" on the tuning half:" if tune_weights else ":"))
        lines.extend(f"  {f}" for f in failures_out)
    return "\n".join(lines)
