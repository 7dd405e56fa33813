"""The vectorised scoring equals the textbook formulas it replaces."""

import math

import numpy as np
import pytest

from bot.retrieval.bm25 import BM25

DOCS = [
    "hip thrust bench height knee angle".split(),
    "hip thrust hip thrust pad bar".split(),
    "deadlift hinge bar path".split(),
    "glute bridge floor hip".split(),
]


def textbook_bm25(docs, query, k1=1.2, b=0.75):
    n, avg = len(docs), sum(map(len, docs)) / len(docs)
    out = []
    for doc in docs:
        score = 0.0
        for term in set(query):
            df = sum(term in d for d in docs)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = doc.count(term)
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avg))
        out.append(score)
    return out


@pytest.mark.parametrize("query", [["hip"], ["hip", "thrust", "bar"], ["bar", "bar"], ["unknown"], []])
def test_bm25_scores_match_the_formula(query):
    bm25 = BM25.build(DOCS)
    assert bm25.scores(query) == pytest.approx(textbook_bm25(DOCS, query), rel=1e-5, abs=1e-6)


def test_bm25_survives_a_json_round_trip():
    bm25 = BM25.build(DOCS)
    again = BM25.from_json(bm25.to_json())
    assert np.array_equal(again.scores(["hip", "bar"]), bm25.scores(["hip", "bar"]))


def test_dense_score_of_a_passage_is_its_best_unit(fixture_engine):
    searcher = fixture_engine.searcher
    index = searcher.index
    units = index.dense.reconstruct_n(0, index.dense.ntotal)
    queries = searcher.encode(
        [searcher.prepare(q) for q in ("barbell pad", "how high should the bench be", "deadlift")]
    )
    expected = np.full((len(queries), len(index.passages)), -np.inf, dtype=np.float32)
    for unit, passage in enumerate(index.unit_passage):
        expected[:, passage] = np.maximum(expected[:, passage], queries @ units[unit])
    assert searcher.dense_scores(queries) == pytest.approx(expected, abs=1e-5)
