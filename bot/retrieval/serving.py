"""The answer engine as the bot serves it, built from settings.

Kept apart from the composition root (which re-exports it) so that answering a question, in
`coach ask` or the answer benchmark, does not import storage, SQLAlchemy or the chat flows: those
imports were ~1.1 s of a ~2 s cold start to the first answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .answer import AnswerEngine, Thresholds
from .embedding import QUERY_MAX_TOKENS, OnnxEncoder
from .index import ENCODER_DIR, RANKER_DIR, load_index
from .search import HybridSearcher, RankingEncoder, SearchWeights

if TYPE_CHECKING:
    from ..config import Settings


def build_answer_engine(settings: Settings) -> AnswerEngine:
    index = load_index(settings.index_dir, settings.knowledge_dir)
    # Queries only: the index is embedded with the model's full 256 tokens.
    encoder = OnnxEncoder(settings.index_dir / ENCODER_DIR, max_tokens=QUERY_MAX_TOKENS)
    ranking = (
        None
        if index.ranking_units is None
        else RankingEncoder(
            OnnxEncoder(settings.index_dir / RANKER_DIR, max_tokens=QUERY_MAX_TOKENS), index.ranking_units
        )
    )
    searcher = HybridSearcher(index, encoder, SearchWeights(dense=settings.dense_weight), ranking)
    thresholds = Thresholds(answer=settings.answer_threshold, off_topic=settings.off_topic_threshold)
    return AnswerEngine(searcher, thresholds, max_question_chars=settings.max_question_chars)
