"""Hybrid search: dense (FAISS) and sparse (BM25) scores fused with explicit weights."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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


class HybridSearcher:
    def __init__(self, index: SearchIndex, encoder: Encoder, weights: SearchWeights | None = None):
        self.index = index
        self.encoder = encoder
        self.weights = weights or SearchWeights()
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
        query = self.prepare(question)
        return self.rank(query, self.encode([query])[0], k)

    def search_many(self, questions: Sequence[str], k: int = 5) -> list[list[Hit]]:
        """Batch form: one encoder call for many questions (used for throughput)."""
        queries = [self.prepare(q) for q in questions]
        if not queries:
            return []
        dense = self.dense_scores(self.encode(queries))
        return [self._ranked(q, d, k) for q, d in zip(queries, dense, strict=True)]

    def dense_scores(self, vectors: np.ndarray) -> np.ndarray:
        """(queries x passages) best cosine of each query with any unit of each passage: one matrix product
        over the units in passage order, then one reduceat. (The FAISS search it replaces also sorted
        all 3,600 scores; numpy's BLAS runs single-threaded in the bot, see bot/__init__.py.)"""
        vectors = np.ascontiguousarray(vectors.reshape(-1, vectors.shape[-1]), dtype=np.float32)
        return np.maximum.reduceat(vectors @ self._units.T, self._passage_starts, axis=1)

    def component_scores(self, query: PreparedQuery, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-passage (dense, sparse) scores before fusion; the eval tunes weights on these."""
        return self._with_sparse(query, self.dense_scores(vector)[0])

    def _with_sparse(self, query: PreparedQuery, dense: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raw = self.index.bm25.scores(query.tokens)
        # Squash rather than divide by the query's best score: a weak best match must stay weak,
        # so the fused score can decide abstention.
        sparse = raw / (raw + self.weights.bm25_half)
        if not query.asks_definition:
            dense = dense - self.weights.glossary_penalty * self._glossary
            sparse = sparse - self.weights.glossary_penalty * self._glossary
        return dense, sparse

    def fuse(self, dense: np.ndarray, sparse: np.ndarray, dense_weight: float | None = None) -> np.ndarray:
        w = self.weights.dense if dense_weight is None else dense_weight
        return w * dense + (1.0 - w) * sparse

    def rank(self, query: PreparedQuery, vector: np.ndarray, k: int) -> list[Hit]:
        return self._ranked(query, self.dense_scores(vector)[0], k)

    def _ranked(self, query: PreparedQuery, passage_dense: np.ndarray, k: int) -> list[Hit]:
        dense, sparse = self._with_sparse(query, passage_dense)
        return self.fold(self.fuse(dense, sparse) + self.aspect_scores(query), dense, sparse, k)

    def aspect_scores(self, query: PreparedQuery) -> np.ndarray:
        return aspect_adjustment(self._aspects, query.aspects, self.weights.aspect)

    def fold(self, fused: np.ndarray, dense: np.ndarray, sparse: np.ndarray, k: int) -> list[Hit]:
        """Best-first hits, skipping passages that nearly duplicate a better one."""
        hits: list[Hit] = []
        kept: list[int] = []
        for i in np.argsort(-fused, kind="stable")[: k * 4]:
            if kept and float(np.max(self._body[kept] @ self._body[i])) > self.weights.near_duplicate:
                continue
            kept.append(int(i))
            hits.append(Hit(self.index.passages[i], float(fused[i]), float(dense[i]), float(sparse[i])))
            if len(hits) == k:
                break
        return hits
