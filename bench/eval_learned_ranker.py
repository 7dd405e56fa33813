"""Experiment: does a small learned re-ranker over features we already compute raise the direct-answer rate?

    .venv/bin/python bench/eval_learned_ranker.py [--cv-only] [--quick] [--save /tmp/learned_ranker.json]

Cross-validation did not find a configuration that helps (tests/eval/real/RESULTS.md), so the re-ranker lives
here, not in bot/retrieval/: RankerFeatures and LinearRanker below are pure numpy and load their weights from
JSON, ready to move into a module if a later experiment finds features that help.

Training data (METHOD.md's rules): our own labelled questions (tests/eval/*.yaml, targets = grade 2) and the
TUNING half of tests/eval/real/questions.yaml (accept = grade 2, partial = grade 1). The report half and the
blind set are never trained on and only printed as aggregates, once, for the configuration that
cross-validation on the training data chose, next to the shipped engine.

1. Features for the fused ranking's top 20 candidates of every training question (FEATURES).
2. Grouped 5-fold cross-validation (own questions grouped by their expected passage, so paraphrases of one
   passage stay in one fold; tuning-half questions one group each): for every configuration (pointwise or
   pairwise logistic regression, C, blend, candidates re-ordered, feature set) each held-out question is
   re-ranked and sent through the engine's own decide(); out-of-fold direct answers, confident wrong answers
   and declines are counted.
   Each hit keeps its fused score (the confidence the answer rules decide on); only the order changes.
3. The chosen configuration is trained on all training data; its weights are saved as JSON.
4. The real-question table (tuning / report / blind) and our own checks for the shipped engine and the
   re-ranked one, through engine.answer(); the latency the re-ranking adds per question.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.config import load_settings  # noqa: E402
from bot.retrieval.answer import HITS, Answer, AnswerEngine  # noqa: E402
from bot.retrieval.corpus import GLOSSARY_ID  # noqa: E402
from bot.retrieval.evaluate import EvalQuestion, load_eval_set  # noqa: E402
from bot.retrieval.index import BODY, HEADING  # noqa: E402
from bot.retrieval.names import NameGuard  # noqa: E402
from bot.retrieval.real_eval import (  # noqa: E402
    CONFIDENT_WRONG,
    DIRECT,
    OUT_DECLINED,
    REPORT,
    TUNE,
    WRONG,
    RealQuestion,
    format_table,
    grade,
    grade_all,
    load_real,
    report_of,
)
from bot.retrieval.search import Hit, HybridSearcher, PreparedQuery  # noqa: E402
from bot.retrieval.serving import build_answer_engine  # noqa: E402
from bot.retrieval.text import tokens  # noqa: E402
from bot.retrieval.topics import LIFT, TOPICS, TopicGuard  # noqa: E402

FOLDS = 5
SEED = 14

# The re-ranker: features and a linear scorer (pure numpy; the weights are plain JSON).
CANDIDATES = 20  # the fused ranking's top passages that are re-ordered
_LIFTS = frozenset(t.name for t in TOPICS if t.kind == LIFT)
FEATURES = (
    "fused", "dense", "sparse", "aspect", "glossary", "faq", "definition_glossary", "best_body", "best_heading",
    "body_cos", "other_cos", "heading_overlap", "title_overlap", "topic_agrees", "asked_lift_missing",
    "other_lift", "names_missing", "names_extra", "names_shared", "log_rank", "gap", "article_share",
    "top_article", "log_dense_rank", "log_sparse_rank",
)  # fmt: skip


class RankerFeatures:
    """Feature rows for (question, candidate passage); per-passage parts are read once and cached."""

    def __init__(self, searcher: HybridSearcher, topics: TopicGuard, names: NameGuard):
        self.searcher, self.topics, self.names = searcher, topics, names
        index = searcher.index
        self._units = index.dense.reconstruct_n(0, index.dense.ntotal)
        self._kind = index.unit_kind
        order = np.argsort(index.unit_passage, kind="stable")
        starts = np.searchsorted(index.unit_passage[order], np.arange(len(index.passages) + 1))
        self._unit_rows = [order[a:b] for a, b in zip(starts[:-1], starts[1:], strict=True)]
        self._heading_tokens = [set(tokens(" ".join((p.section, *p.phrasings)))) for p in index.passages]
        self._title_tokens = [set(tokens(p.article_title)) for p in index.passages]
        self._article = [p.article_id for p in index.passages]

    def candidates(self, fused: np.ndarray, n: int = CANDIDATES) -> np.ndarray:
        return np.argsort(-fused, kind="stable")[:n]

    def features(
        self,
        question: str,
        query: PreparedQuery,
        vector: np.ndarray,
        scores: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],  # fused, dense, sparse, aspects
        idx: np.ndarray,
    ) -> np.ndarray:
        """One row per candidate (idx: passage numbers, best fused first), columns in FEATURES order."""
        fused, dense, sparse, aspects = (s[idx] for s in scores)
        passages = self.searcher.index.passages
        asked_terms = set(query.tokens) or {""}
        asked = self.topics.asked(question) & self.topics.known
        asked_lifts = asked & _LIFTS
        named = self.names.asked(question)
        articles = [self._article[i] for i in idx]
        dense_rank, sparse_rank = (np.argsort(np.argsort(-x, kind="stable"), kind="stable") for x in (dense, sparse))
        aspect_weight = self.searcher.weights.aspect or 1.0
        rows = []
        for j, i in enumerate(idx):
            p = passages[i]
            cos = self._units[self._unit_rows[i]] @ vector
            kinds = self._kind[self._unit_rows[i]]
            best = kinds[int(np.argmax(cos))]
            body = float(cos[kinds == BODY].max())
            other = cos[kinds != BODY]
            lifts = self.topics.lifts_of(p)
            p_names = self.names._names_of(p)  # cached per passage
            glossary = p.article_id == GLOSSARY_ID
            rows.append(
                (
                    fused[j],
                    dense[j],
                    sparse[j],
                    aspects[j] / aspect_weight,
                    glossary,
                    p.is_faq,
                    glossary and query.asks_definition,
                    best == BODY,
                    best == HEADING,
                    body,
                    float(other.max()) if other.size else body,
                    len(asked_terms & self._heading_tokens[i]) / len(asked_terms),
                    len(asked_terms & self._title_tokens[i]) / len(asked_terms),
                    self.topics.agrees(asked, p),
                    bool(asked_lifts) and bool(lifts) and not (asked_lifts & lifts),
                    bool(lifts - asked_lifts),
                    bool(named - p_names),
                    bool(p_names - named),
                    bool(named & p_names),
                    np.log1p(j),
                    fused[0] - fused[j],
                    articles.count(articles[j]) / len(idx),
                    articles[j] == articles[0],
                    np.log1p(dense_rank[j]),
                    np.log1p(sparse_rank[j]),
                )
            )
        return np.asarray(rows, dtype=np.float64)


@dataclass(frozen=True)
class LinearRanker:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    blend: float  # how much the model's score moves a candidate against the fused score
    candidates: int = CANDIDATES  # how many of the best fused candidates are re-ordered

    def score(self, features: np.ndarray) -> np.ndarray:
        result: np.ndarray = ((features - self.mean) / self.scale) @ self.weights
        return result

    def order(self, fused: np.ndarray, features: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """A score per passage to rank by: the candidates re-ordered, every other passage after them in
        fused order."""
        n = self.candidates
        order = fused - 1000.0
        order[idx[:n]] = fused[idx[:n]] + self.blend * self.score(features[:n])
        return order

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "blend": self.blend,
            "candidates": self.candidates,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LinearRanker:
        if data.get("features") != list(FEATURES):
            raise ValueError("ranker weights were trained on other features")
        mean, scale, weights = (np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "weights"))
        return cls(mean, scale, weights, blend=float(str(data["blend"])), candidates=int(str(data["candidates"])))

    @classmethod
    def load(cls, path: Path) -> LinearRanker:
        loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_json(loaded)


@dataclass
class Item:
    """One training question with everything the re-ranker needs, computed once."""

    text: str  # the cleaned question the engine decides on
    own: EvalQuestion | None
    real: RealQuestion | None
    group: str
    query: PreparedQuery
    vector: np.ndarray
    scores: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # fused, dense, sparse, aspects
    idx: np.ndarray  # candidate passages, best fused first
    x: np.ndarray  # features, one row per candidate
    grades: np.ndarray  # 2 / 1 / 0 per candidate


def scores_of(searcher: HybridSearcher, query: PreparedQuery, vector: np.ndarray) -> tuple[np.ndarray, ...]:
    dense, sparse = searcher.component_scores(query, vector)
    aspects = searcher.aspect_scores(query)
    return searcher.fuse(dense, sparse) + aspects, dense, sparse, aspects


def build_items(engine: AnswerEngine, feats: RankerFeatures, own: list[EvalQuestion], tune: list[RealQuestion]):
    searcher = engine.searcher
    known = {p.key for p in searcher.index.passages}
    keys = [p.key for p in searcher.index.passages]
    sources: list[tuple[str, EvalQuestion | None, RealQuestion | None, str]] = [
        (q.q, q, None, f"own:{q.expect or q.q}") for q in own
    ] + [(q.q, None, q, f"real:{q.q}") for q in tune]
    texts = [engine.clean(t) for t, *_ in sources]
    queries = [searcher.prepare(t) for t in texts]
    vectors = searcher.encode(queries)
    items = []
    for (_, own_q, real_q, group), text, query, vector in zip(sources, texts, queries, vectors, strict=True):
        scores = scores_of(searcher, query, vector[None, :])
        idx = feats.candidates(scores[0])
        x = feats.features(text, query, vector, scores, idx)  # type: ignore[arg-type]
        if own_q is not None:
            g = np.asarray([2 * (keys[i] in own_q.targets) for i in idx])
        else:
            assert real_q is not None
            g = np.asarray([real_q.grade_of(keys[i], known) for i in idx])
        items.append(Item(text, own_q, real_q, group, query, vector, scores, idx, x, g))  # type: ignore[arg-type]
    return items


def hits_of(searcher: HybridSearcher, item: Item, ranker: LinearRanker | None, k: int = HITS) -> list[Hit]:
    fused, dense, sparse, _ = item.scores
    order = fused if ranker is None else ranker.order(fused, item.x, item.idx)
    hits = searcher.fold(order, dense, sparse, k)
    return [replace(h, score=float(fused[_index(searcher, h)])) for h in hits]


_POSITIONS: dict[int, dict[str, int]] = {}


def _index(searcher: HybridSearcher, hit: Hit) -> int:
    table = _POSITIONS.setdefault(id(searcher), {p.key: i for i, p in enumerate(searcher.index.passages)})
    return table[hit.passage.key]


def fit(
    items: Sequence[Item], kind: str, c: float, blend: float, top: int = 20, features: Sequence[str] = FEATURES
) -> LinearRanker:
    """Deterministic logistic regression (lbfgs, no randomness) on standardised features, trained on each
    question's `top` best fused candidates; features left out get weight 0."""
    from sklearn.linear_model import LogisticRegression

    useful = [it for it in items if it.grades[:top].max() >= 2]
    cols = [FEATURES.index(f) for f in features]
    allx = np.vstack([it.x for it in useful])
    mean, scale = allx.mean(axis=0), allx.std(axis=0)
    scale[scale < 1e-9] = 1.0
    if kind == "pointwise":
        x = np.vstack([(it.x[:top] - mean) / scale for it in useful])[:, cols]
        y = np.concatenate([(it.grades[:top] >= 2).astype(int) for it in useful])
        model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    else:  # pairwise: every better-graded candidate against every worse one of the same question
        diffs = []
        for it in useful:
            xs = ((it.x[:top] - mean) / scale)[:, cols]
            i, j = np.nonzero(it.grades[:top, None] > it.grades[None, :top])
            diffs.append(xs[i] - xs[j])
        d = np.vstack(diffs)
        x = np.vstack([d, -d])
        y = np.concatenate([np.ones(len(d), dtype=int), np.zeros(len(d), dtype=int)])
        model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False).fit(x, y)
    weights = np.zeros(len(FEATURES))
    weights[cols] = model.coef_[0]
    return LinearRanker(mean, scale, weights, blend, top)


@dataclass
class Tally:
    tune_direct: int = 0
    tune_in: int = 0
    tune_wrong: int = 0  # confident wrong: covered answered with an ungraded passage, or uncovered answered
    tune_out_declined: int = 0
    tune_out: int = 0
    own_right: int = 0
    own_in: int = 0
    own_declined_in: int = 0
    own_off_declined: int = 0
    own_off: int = 0
    facts_unanswered: int = 0
    facts: int = 0
    changed: int = 0  # questions whose decision or passage differs from the shipped engine's

    def add(self, item: Item, answer: Answer, known: set[str]) -> None:
        if item.real is not None:
            outcome = grade(item.real, answer, known)
            if item.real.scope == "in":
                self.tune_in += 1
                self.tune_direct += outcome == DIRECT
                self.tune_wrong += outcome in (WRONG, CONFIDENT_WRONG)
            else:
                self.tune_out += 1
                self.tune_out_declined += outcome == OUT_DECLINED
            return
        q = item.own
        assert q is not None
        own_checks(self, q, answer)

    def objective(self) -> float:
        return self.tune_direct / max(self.tune_in, 1) + self.own_right / max(self.own_in, 1)

    def declines(self) -> int:
        return self.tune_out_declined + self.own_off_declined

    def line(self) -> str:
        return (
            f"tuning direct {self.tune_direct}/{self.tune_in}, confident wrong {self.tune_wrong}, "
            f"out declined {self.tune_out_declined}/{self.tune_out}; own right {self.own_right}/{self.own_in}, "
            f"declined {self.own_declined_in}, off-topic declined {self.own_off_declined}/{self.own_off}, "
            f"facts unanswered {self.facts_unanswered}/{self.facts}"
        )


def own_checks(t: Tally, q: EvalQuestion, answer: Answer) -> None:
    """The checks of bench/eval_dual_encoder.py for one own question."""
    if q.source == "article":
        t.facts += 1
        t.facts_unanswered += not answer.answered or not ({h.passage.key for h in answer.hits[:3]} & q.targets)
    if q.in_domain:
        t.own_in += 1
        t.own_right += answer.answered and answer.passage is not None and answer.passage.key in q.targets
        t.own_declined_in += not answer.answered
    elif not q.not_covered:
        t.own_off += 1
        t.own_off_declined += not answer.answered


def folds_of(items: Sequence[Item]) -> list[int]:
    groups = sorted({it.group for it in items})
    random.Random(SEED).shuffle(groups)
    fold = {g: n % FOLDS for n, g in enumerate(groups)}
    return [fold[it.group] for it in items]


@dataclass(frozen=True)
class Config:
    kind: str  # "pointwise" or "pairwise"
    c: float  # inverse regularisation strength
    blend: float  # order = fused + blend * model score (large: the model's order alone)
    top: int  # how many of the best fused candidates are trained on and re-ordered
    features: str  # a key of FEATURE_SETS

    def __str__(self) -> str:
        return f"{self.kind:<9} C={self.c:<4} blend={self.blend:<5} top={self.top:<2} features={self.features}"


FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "all": FEATURES,
    "small": ("fused", "body_cos", "other_cos", "heading_overlap", "topic_agrees", "asked_lift_missing", "gap"),
}


def cross_validate(engine: AnswerEngine, items: list[Item], configs: list[Config]) -> dict[Config | None, Tally]:
    known = {p.key for p in engine.searcher.index.passages}
    fold = folds_of(items)
    results: dict[Config | None, Tally] = {}
    baseline = Tally()
    shipped = []
    for it in items:
        answer = engine.decide(it.text, hits_of(engine.searcher, it, None))
        baseline.add(it, answer, known)
        shipped.append((answer.kind, answer.passage))
    results[None] = baseline
    models: dict[tuple[str, float, int, str, int], LinearRanker] = {}
    for cfg in configs:
        tally = Tally()
        for f in range(FOLDS):
            key = (cfg.kind, cfg.c, cfg.top, cfg.features, f)
            if key not in models:
                train = [it for it, n in zip(items, fold, strict=True) if n != f]
                models[key] = fit(train, cfg.kind, cfg.c, 1.0, cfg.top, FEATURE_SETS[cfg.features])
            ranker = replace(models[key], blend=cfg.blend)
            for n, (it, before) in enumerate(zip(items, shipped, strict=True)):
                if fold[n] == f:
                    answer = engine.decide(it.text, hits_of(engine.searcher, it, ranker))
                    tally.add(it, answer, known)
                    tally.changed += (answer.kind, answer.passage) != before
        results[cfg] = tally
        print(f"  {cfg}  objective {tally.objective():.4f}  changed {tally.changed:>3}  {tally.line()}", flush=True)
    return results


def own_table(engine: AnswerEngine, own: list[EvalQuestion]) -> str:
    t = Tally()
    for q, a in zip(own, engine.answer_many([q.q for q in own]), strict=True):
        own_checks(t, q, a)
    return (
        f"article facts unanswered {t.facts_unanswered}/{t.facts}; own in-domain answered right "
        f"{t.own_right}/{t.own_in}, declined {t.own_declined_in}; "
        f"own off-topic declined {t.own_off_declined}/{t.own_off}"
    )


def install(engine: AnswerEngine, feats: RankerFeatures, ranker: LinearRanker) -> Callable[[str, int], list[Hit]]:
    """Swap the searcher's search/search_many for the re-ranked one (as bench/eval_dual_encoder.py does)."""
    base = engine.searcher

    def ranked_search(question: str, k: int = 5) -> list[Hit]:
        query = base.prepare(question)
        vector = base.encode([query])
        scores = scores_of(base, query, vector)
        fused, dense, sparse, _ = scores
        idx = feats.candidates(fused)
        order = ranker.order(fused, feats.features(question, query, vector[0], scores, idx), idx)  # type: ignore[arg-type]
        return [replace(h, score=float(fused[_index(base, h)])) for h in base.fold(order, dense, sparse, k)]

    base.search = ranked_search  # type: ignore[method-assign]
    base.search_many = lambda questions, k=5: [ranked_search(q, k) for q in questions]  # type: ignore[method-assign]
    return ranked_search


def latency(
    engine: AnswerEngine, searches: dict[str, Callable[[str, int], list[Hit]]], questions: Sequence[str]
) -> dict[str, np.ndarray]:
    """Warm engine.answer() time per question (ms) with each search function, interleaved question by
    question so that load from other work on the machine hits both alike; the first 10 are warm-up."""
    times: dict[str, list[float]] = {name: [] for name in searches}
    for n, question in enumerate(questions):
        for name, search in searches.items():
            engine.searcher.search = search  # type: ignore[method-assign,assignment]
            start = time.perf_counter()
            engine.answer(question)
            if n >= 10:
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: np.asarray(t) for name, t in times.items()}


def step_latency(engine: AnswerEngine, feats: RankerFeatures, ranker: LinearRanker, questions: list[str]) -> str:
    """The re-ranking step alone (features of the 20 candidates, the linear score, the new order), best of 3
    runs per question: what serving would add to a search, without the encoder's noise."""
    base = engine.searcher
    times = []
    for question in questions:
        query = base.prepare(question)
        vector = base.encode([query])
        scores = scores_of(base, query, vector)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            idx = feats.candidates(scores[0])
            ranker.order(scores[0], feats.features(question, query, vector[0], scores, idx), idx)  # type: ignore[arg-type]
            best = min(best, (time.perf_counter() - start) * 1000)
        times.append(best)
    return (
        f"re-ranking step over {len(times)} own questions: p50 {np.percentile(times, 50):.2f} ms,"
        f" p95 {np.percentile(times, 95):.2f} ms, max {max(times):.2f} ms"
    )


def real_table(engine: AnswerEngine, main_set: list[RealQuestion], blind: list[RealQuestion]) -> str:
    known = {p.key for p in engine.searcher.index.passages}
    columns = {}
    for name, questions in (
        ("tuning half", [q for q in main_set if q.half == TUNE]),
        ("report half", [q for q in main_set if q.half == REPORT]),
        ("blind set", blind),
    ):
        columns[name] = report_of(grade_all(questions, [engine.answer(q.q) for q in questions], known))
    return format_table(columns)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a small configuration grid")
    parser.add_argument("--cv-only", action="store_true", help="stop after cross-validation (no held-out sets)")
    parser.add_argument(
        "--latency-only", action="store_true", help="time the re-ranking step alone on own questions (needs --save)"
    )
    parser.add_argument("--save", type=Path, default=Path("/tmp/learned_ranker.json"))
    args = parser.parse_args()

    engine = build_answer_engine(load_settings())
    feats = RankerFeatures(engine.searcher, engine.topics, engine.names)
    own = load_eval_set(REPO / "tests" / "eval")
    real = REPO / "tests" / "eval" / "real"
    main_set, blind = load_real(real / "questions.yaml"), load_real(real / "blind.yaml")
    tune = [q for q in main_set if q.half == TUNE]  # the only real questions trained or cross-validated on

    if args.latency_only:
        print(step_latency(engine, feats, LinearRanker.load(args.save), [q.q for q in own]))
        return 0

    start = time.perf_counter()
    items = build_items(engine, feats, own, tune)
    with_positive = sum(it.grades.max() >= 2 for it in items)
    print(
        f"Training data: {len(own)} own questions + {len(tune)} tuning-half questions; {with_positive} have a"
        f" grade-2 passage among their top {len(items[0].idx)} candidates ({time.perf_counter() - start:.1f} s)"
    )

    grid = (
        itertools.product(("pointwise", "pairwise"), (0.1, 1.0), (0.02, 1.0), (3, 20), ("all",))
        if args.quick
        else itertools.product(("pointwise", "pairwise"), (0.1, 1.0), (0.005, 0.02, 1.0), (3, 20), FEATURE_SETS)
    )
    configs = [Config(*values) for values in grid]
    print(f"Cross-validation ({FOLDS} folds, grouped by question / expected passage; out-of-fold counts):")
    results = cross_validate(engine, items, configs)
    base = results[None]
    print(f"  {'shipped engine':<58}  objective {base.objective():.4f}              {base.line()}")
    # Choose by the objective (tuning-half direct rate + own answered-right rate) among configurations that
    # change something and keep the own checks (declines, article facts) at least as good as the shipped
    # engine's; fewest changed decisions break a tie. The held-out sets are then printed once for it, whether or
    # not it beats the shipped engine.
    allowed = [
        (cfg, t)
        for cfg, t in results.items()
        if cfg is not None
        and t.changed
        and t.declines() >= base.declines()
        and t.facts_unanswered <= base.facts_unanswered
    ]
    if not allowed:
        print("No configuration keeps the shipped engine's declines and facts in cross-validation.")
        return 0
    chosen_cfg, chosen = max(allowed, key=lambda ct: (ct[1].objective(), -ct[1].changed))
    verdict = "better than" if chosen.objective() > base.objective() else "NOT better than"
    print(
        f"Chosen by CV: {chosen_cfg}: objective {chosen.objective():.4f}, {verdict} the shipped {base.objective():.4f}"
    )
    if args.cv_only:
        return 0

    ranker = fit(
        items, chosen_cfg.kind, chosen_cfg.c, chosen_cfg.blend, chosen_cfg.top, FEATURE_SETS[chosen_cfg.features]
    )
    args.save.write_text(json.dumps(ranker.to_json(), indent=1) + "\n", encoding="utf-8")
    weights = ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, ranker.weights, strict=True))
    print(f"Trained on all training data, saved to {args.save}: {weights}")

    # Held-out numbers, printed once: the shipped engine, then the re-ranked one (aggregates only).
    print("\nShipped engine:")
    print(real_table(engine, main_set, blind))
    print(own_table(engine, own))
    shipped_search = engine.searcher.search
    ranked_search = install(engine, feats, LinearRanker.load(args.save))
    print(f"\nRe-ranked ({chosen_cfg}):")
    print(real_table(engine, main_set, blind))
    print(own_table(engine, own) + "  (in-sample: the own questions are training data; CV above is out-of-fold)")
    sample = [q.q for q in own][::2]
    ms = latency(engine, {"shipped": shipped_search, "re-ranked": ranked_search}, sample)
    added = ms["re-ranked"] - ms["shipped"]
    print(
        f"\nengine.answer() over {len(added)} own questions, warm, p50 / p95: shipped"
        f" {np.percentile(ms['shipped'], 50):.2f} / {np.percentile(ms['shipped'], 95):.2f} ms, re-ranked"
        f" {np.percentile(ms['re-ranked'], 50):.2f} / {np.percentile(ms['re-ranked'], 95):.2f} ms;"
        f" added per question p50 / p95 {np.percentile(added, 50):+.2f} / {np.percentile(added, 95):+.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
