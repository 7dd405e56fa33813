"""Okapi BM25 over a small corpus; plain Python so it saves as JSON and loads in milliseconds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np


class BM25:
    """Postings are kept as three flat arrays (document, term frequency, precomputed weight) with one
    slice per term: loading 2,800 terms is a few vectorised operations, not 5,600 small arrays."""

    def __init__(
        self, postings: dict[str, list[tuple[int, int]]], doc_lengths: list[int], k1: float = 1.2, b: float = 0.75
    ):
        terms = list(postings)
        flat = np.fromiter(
            chain.from_iterable(chain.from_iterable(postings.values())),
            dtype=np.int64,
            count=2 * sum(len(p) for p in postings.values()),
        ).reshape(-1, 2)
        self._init(terms, [len(postings[t]) for t in terms], flat[:, 0], flat[:, 1], doc_lengths, k1, b)

    def _init(
        self,
        terms: list[str],
        counts: Sequence[int],
        docs: np.ndarray,
        tfs: np.ndarray,
        doc_lengths: Sequence[int],
        k1: float,
        b: float,
    ) -> None:
        self.doc_lengths = np.asarray(doc_lengths, dtype=np.float32)
        self.k1 = k1
        self.b = b
        n = len(doc_lengths)
        avg = float(self.doc_lengths.mean()) if n else 1.0
        norm = k1 * (1 - b + b * self.doc_lengths / max(avg, 1e-9))
        ends = np.cumsum(np.asarray(counts, dtype=np.int64))
        starts = ends - np.asarray(counts, dtype=np.int64)
        self._slices = {t: (int(s), int(e)) for t, s, e in zip(terms, starts, ends, strict=True)}
        self._docs = docs.astype(np.int64)
        self._tfs = tfs.astype(np.int64)
        # A term's contribution to each document it occurs in never changes: precompute it once,
        # so scoring a query is one vectorised add per query term.
        df = np.repeat(np.asarray(counts, dtype=np.float64), counts)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        tf = self._tfs.astype(np.float32)
        self._weights = (idf * tf * (k1 + 1) / (tf + norm[self._docs])).astype(np.float32)

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]]) -> BM25:
        postings: dict[str, list[tuple[int, int]]] = {}
        for doc_id, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                postings.setdefault(term, []).append((doc_id, count))
        return cls(postings, [len(d) for d in documents])

    @property
    def vocabulary(self) -> list[str]:
        return list(self._slices)

    @property
    def postings(self) -> dict[str, list[tuple[int, int]]]:
        return {
            t: list(zip(self._docs[s:e].tolist(), self._tfs[s:e].tolist(), strict=True))
            for t, (s, e) in self._slices.items()
        }

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        scores = np.zeros(len(self.doc_lengths), dtype=np.float32)
        for term in set(query_tokens):
            span = self._slices.get(term)
            if span is not None:
                scores[self._docs[span[0] : span[1]]] += self._weights[span[0] : span[1]]  # one entry per document
        return scores

    def to_json(self) -> dict[str, Any]:
        return {
            "k1": self.k1,
            "b": self.b,
            "doc_lengths": self.doc_lengths.astype(int).tolist(),
            "postings": self.postings,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BM25:
        return cls(data["postings"], data["doc_lengths"], data["k1"], data["b"])
