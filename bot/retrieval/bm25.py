"""Okapi BM25 over a small corpus; plain Python so it saves as JSON and loads in milliseconds."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np


class BM25:
    def __init__(
        self, postings: dict[str, list[tuple[int, int]]], doc_lengths: list[int], k1: float = 1.2, b: float = 0.75
    ):
        self.postings = postings
        self.doc_lengths = np.asarray(doc_lengths, dtype=np.float32)
        self.k1 = k1
        self.b = b
        n = len(doc_lengths)
        avg = float(self.doc_lengths.mean()) if n else 1.0
        self._norm = k1 * (1 - b + b * self.doc_lengths / max(avg, 1e-9))
        self._idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
        # A term's contribution to each document it occurs in never changes: precompute it once,
        # so scoring a query is one vectorised add per query term.
        self._term_docs: dict[str, np.ndarray] = {}
        self._term_weights: dict[str, np.ndarray] = {}
        for term, plist in postings.items():
            docs = np.fromiter((d for d, _ in plist), dtype=np.int64, count=len(plist))
            tf = np.fromiter((f for _, f in plist), dtype=np.float32, count=len(plist))
            self._term_docs[term] = docs
            self._term_weights[term] = (self._idf[term] * tf * (k1 + 1) / (tf + self._norm[docs])).astype(np.float32)

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]]) -> BM25:
        postings: dict[str, list[tuple[int, int]]] = {}
        for doc_id, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                postings.setdefault(term, []).append((doc_id, count))
        return cls(postings, [len(d) for d in documents])

    @property
    def vocabulary(self) -> list[str]:
        return list(self.postings)

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        scores = np.zeros(len(self.doc_lengths), dtype=np.float32)
        for term in set(query_tokens):
            docs = self._term_docs.get(term)
            if docs is not None:
                scores[docs] += self._term_weights[term]  # a term lists each document once
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
        postings = {t: [tuple(p) for p in plist] for t, plist in data["postings"].items()}
        return cls(postings, data["doc_lengths"], data["k1"], data["b"])
