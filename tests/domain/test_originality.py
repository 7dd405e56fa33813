"""Our knowledge base is written in our own words: no run of words copied from the source article."""

import re

import pytest
from support.paths import REPO, SOURCE_ARTICLE

from bot.retrieval.corpus import knowledge_files

RUN = 7  # words in a row that would count as a copied phrase


def shingles(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(not SOURCE_ARTICLE.exists(), reason=f"source article not found at {SOURCE_ARTICLE}")
def test_no_sentence_is_copied_from_the_source_article():
    source = shingles(SOURCE_ARTICLE.read_text(encoding="utf-8"), RUN)
    copied = {}
    for path in knowledge_files(REPO / "knowledge"):
        overlap = shingles(path.read_text(encoding="utf-8"), RUN) & source
        if overlap:
            copied[path.name] = [" ".join(s) for s in sorted(overlap)[:3]]
    assert not copied, f"phrases copied from the source article: {copied}"


def test_the_check_detects_a_copied_phrase():
    # Guard against a check that can never fail.
    text = "Sit on the ground perpendicular to the bench with the center of your shoulder blades"
    assert shingles(text, RUN) & shingles("so " + text + " ok", RUN)
