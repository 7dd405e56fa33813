"""Hybrid search: dense (FAISS) and sparse (BM25) scores fused with explicit weights."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .aspects import aspect_adjustment, aspects_of, passage_aspects
from .corpus import GLOSSARY_ID, Passage
from .embedding import Encoder
from .index import BODY, SearchIndex
from .text import SlangExpander, TypoFixer, tokens


@dataclass(frozen=True)
class SearchWeights:
    dense: float = 0.5  # share of the dense score in the fused score; the rest is BM25
    bm25_half: float = 6.0  # raw BM25 score that maps to 0.5, so sparse scores are absolute, in 0..1
    glossary_penalty: float = 0.12  # glossary entries answer "what does X mean", not questions that merely use X
    near_duplicate: float = 0.93  # body cosine above which a lower-ranked passage is folded away
    ranking_gate: float = 0.015  # the ranking encoder reorders only when the top two fused scores are this close
    aspect: float = 0.03  # added when a passage's heading/phrasings share the question's aspect, taken when
    # both name aspects and none is shared ("when to take caffeine" is not "how much caffeine")


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # fused, 0..1
    dense: float  # best cosine of the query with the passage body, heading or FAQ phrasings
    sparse: float  # BM25 squashed to 0..1 (raw / (raw + bm25_half))


DEFINITION = re.compile(
    r"\b(what(?:'s| is| are| does)|whats|meaning|means|mean|stand for|stands for|define|definition)\b", re.I
)


@dataclass(frozen=True)
class PreparedQuery:
    text: str  # slang-expanded text that is embedded
    tokens: list[str]  # typo-fixed BM25 tokens
    asks_definition: bool = False
    aspects: int = 0  # bit set of aspects.ASPECT_BITS the question asks about


@dataclass(frozen=True)
class RankingEncoder:
    """A second encoder that only orders the candidates; the packaged encoder's fused score stays each hit's
    score, which the answer rules decide on. The adapted encoder ranks better, but its scores of right
    answers sit lower, so thresholds tuned on it no longer separate answers from declines (RESULTS.md)."""

    encoder: Encoder
    units: np.ndarray  # the index's dense units embedded with it, in the index's unit order


@dataclass(frozen=True)
class Components:
    """One question's per-passage scores before fusion."""

    dense: np.ndarray  # best unit cosine with the packaged encoder (glossary-penalised unless defining)
    sparse: np.ndarray  # squashed BM25
    aspects: np.ndarray  # added to the fused score
    ranking_dense: np.ndarray | None = None  # the same dense score from the ranking encoder, if there is one


class HybridSearcher:
    def __init__(
        self,
        index: SearchIndex,
        encoder: Encoder,
        weights: SearchWeights | None = None,
        ranking: RankingEncoder | None = None,
    ):
        if ranking is not None and ranking.units.shape != (index.dense.ntotal, index.dense.d):
            raise ValueError(f"one ranking vector per dense unit expected, got {ranking.units.shape}")
        self.index = index
        self.encoder = encoder
        self.weights = weights or SearchWeights()
        self.ranking = ranking
        self._slang = SlangExpander(index.glossary)
        self._typos = TypoFixer(index.bm25.vocabulary)
        self._n = len(index.passages)
        units = index.dense.reconstruct_n(0, index.dense.ntotal)
        self._body = units[index.unit_kind == BODY]
        self._glossary = np.asarray([p.article_id == GLOSSARY_ID for p in index.passages], dtype=np.float32)
        self._aspects = np.asarray([passage_aspects(p) for p in index.passages], dtype=np.int64)
        # Units grouped by passage, so a passage's dense score (its best unit) is one reduceat.
        self._unit_order = np.argsort(index.unit_passage, kind="stable")
        self._units = np.ascontiguousarray(units[self._unit_order])
        self._ranking_units = (
            None if ranking is None else np.ascontiguousarray(ranking.units[self._unit_order], dtype=np.float32)
        )
        self._passage_starts = np.searchsorted(index.unit_passage[self._unit_order], np.arange(self._n))
        assert np.array_equal(np.unique(index.unit_passage), np.arange(self._n)), "every passage needs an embedded unit"

    def prepare(self, question: str) -> PreparedQuery:
        expanded = self._slang.expand(question)
        return PreparedQuery(
            expanded,
            [self._typos.fix(t) for t in tokens(expanded)],
            bool(DEFINITION.search(question)),
            aspects_of(question),
        )

    def encode(self, queries: Sequence[PreparedQuery]) -> np.ndarray:
        return self.encoder.encode([q.text for q in queries], batch_size=64)

    def search(self, question: str, k: int = 5) -> list[Hit]:
        return self.search_many([question], k)[0]

    def search_many(self, questions: Sequence[str], k: int = 5) -> list[list[Hit]]:
        """Batch form: one encoder call (per encoder) for many questions (used for throughput)."""
        return [self.hits(c, k) for c in self.components([self.prepare(q) for q in questions])]

    def components(self, queries: Sequence[PreparedQuery]) -> list[Components]:
        if not queries:
            return []
        dense = self.dense_scores(self.encode(queries))
        out = []
        for query, d in zip(queries, dense, strict=True):
            d, sparse = self._with_sparse(query, d)
            out.append(Components(d, sparse, self.aspect_scores(query)))
        if self.ranking is None or self._ranking_units is None:
            return out
        # The ranking encoder runs only where the packaged encoder's order is close at the top: with a
        # clear lead it changed 3 of 717 eval answers, and it costs as much as the packaged run (RESULTS.md).
        unsure = [i for i, c in enumerate(out) if self._lead(c) <= self.weights.ranking_gate]
        if unsure:
            vectors = self.ranking.encoder.encode([queries[i].text for i in unsure], batch_size=64)
            for i, r in zip(unsure, self._best_unit(vectors, self._ranking_units), strict=True):
                out[i] = replace(out[i], ranking_dense=self._penalise_glossary(queries[i], r))
        return out

    def _lead(self, c: Components) -> float:
        """How far the packaged encoder's best fused score is ahead of the next one."""
        score = self.fuse(c.dense, c.sparse) + c.aspects
        first, second = np.partition(score, -2)[-2:][::-1] if len(score) > 1 else (1.0, 0.0)
        return float(first - second)

    def dense_scores(self, vectors: np.ndarray) -> np.ndarray:
        """(queries x passages) best cosine of each query with any unit of each passage (packaged encoder)."""
        return self._best_unit(vectors, self._units)

    def _best_unit(self, vectors: np.ndarray, units: np.ndarray) -> np.ndarray:
        """One matrix product over the units in passage order, then one reduceat. (The FAISS search it
        replaces also sorted all 3,700 scores; numpy's BLAS runs single-threaded in the bot, see
        bot/__init__.py.)"""
        vectors = np.ascontiguousarray(vectors.reshape(-1, vectors.shape[-1]), dtype=np.float32)
        return np.maximum.reduceat(vectors @ units.T, self._passage_starts, axis=1)

    def _with_sparse(self, query: PreparedQuery, dense: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raw = self.index.bm25.scores(query.tokens)
        # Squash rather than divide by the query's best score: a weak best match must stay weak,
        # so the fused score can decide abstention.
        sparse = raw / (raw + self.weights.bm25_half)
        return self._penalise_glossary(query, dense), self._penalise_glossary(query, sparse)

    def _penalise_glossary(self, query: PreparedQuery, scores: np.ndarray) -> np.ndarray:
        if query.asks_definition:
            return scores
        penalised: np.ndarray = scores - self.weights.glossary_penalty * self._glossary
        return penalised

    def fuse(self, dense: np.ndarray, sparse: np.ndarray, dense_weight: float | None = None) -> np.ndarray:
        w = self.weights.dense if dense_weight is None else dense_weight
        return w * dense + (1.0 - w) * sparse

    def hits(self, c: Components, k: int, dense_weight: float | None = None) -> list[Hit]:
        """Best-first hits: ordered by the ranking encoder's fused score when there is one, each scored by
        the packaged encoder's."""
        score = self.fuse(c.dense, c.sparse, dense_weight) + c.aspects
        if c.ranking_dense is None:
            return self.fold(score, c.dense, c.sparse, k)
        order = self.fuse(c.ranking_dense, c.sparse, dense_weight) + c.aspects
        return self.fold(order, c.dense, c.sparse, k, score)

    def aspect_scores(self, query: PreparedQuery) -> np.ndarray:
        return aspect_adjustment(self._aspects, query.aspects, self.weights.aspect)

    def fold(
        self, order: np.ndarray, dense: np.ndarray, sparse: np.ndarray, k: int, score: np.ndarray | None = None
    ) -> list[Hit]:
        """Best-first hits by `order` (each scored by `score`, default the same), skipping passages that
        nearly duplicate a better one."""
        score = order if score is None else score
        hits: list[Hit] = []
        kept: list[int] = []
        for i in np.argsort(-order, kind="stable")[: k * 4]:
            if kept and float(np.max(self._body[kept] @ self._body[i])) > self.weights.near_duplicate:
                continue
            kept.append(int(i))
            hits.append(Hit(self.index.passages[i], float(score[i]), float(dense[i]), float(sparse[i])))
            if len(hits) == k:
                break
        return hits
