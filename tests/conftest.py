"""Shared fixtures. The real embedding model loads once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.paths import FIXTURE_KNOWLEDGE, REPO


@pytest.fixture(scope="session")
def encoder():
    """The serving encoder: the int8 ONNX export committed with the index."""
    from bot.retrieval.embedding import OnnxEncoder

    return OnnxEncoder(REPO / "index" / "encoder")


@pytest.fixture(scope="session")
def real_engine(encoder):
    """The answer engine over the committed index, with the configured weights."""
    from bot.config import load_settings
    from bot.retrieval.answer import AnswerEngine, Thresholds
    from bot.retrieval.index import load_index
    from bot.retrieval.search import HybridSearcher, SearchWeights

    settings = load_settings()
    index = load_index(settings.index_dir, settings.knowledge_dir)
    searcher = HybridSearcher(index, encoder, SearchWeights(dense=settings.dense_weight))
    return AnswerEngine(searcher, Thresholds(answer=settings.answer_threshold, off_topic=settings.off_topic_threshold))


@pytest.fixture(scope="session")
def fixture_index_dir(tmp_path_factory, encoder) -> Path:
    from bot.retrieval.index import build_index

    out = tmp_path_factory.mktemp("fixture-index")
    build_index(FIXTURE_KNOWLEDGE, out, encoder, show_progress=False)
    return out


@pytest.fixture(scope="session")
def fixture_engine(fixture_index_dir, encoder):
    from bot.retrieval.answer import AnswerEngine
    from bot.retrieval.index import load_index
    from bot.retrieval.search import HybridSearcher

    return AnswerEngine(HybridSearcher(load_index(fixture_index_dir, FIXTURE_KNOWLEDGE), encoder))


@pytest.fixture
async def sqlite_repo(tmp_path):
    from bot.storage.sql import SqlStorage

    repo = await SqlStorage.connect(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
    yield repo
    await repo.close()
