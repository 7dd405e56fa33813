"""Paths and addresses the tests share."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURE_KNOWLEDGE = REPO / "tests" / "fixtures" / "knowledge"
SOURCE_ARTICLE = REPO.parent / "shared" / "sources" / "hip-thrust-article.txt"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
