"""The knowledge loader: valid files become passages; broken files are reported with path and line."""

from pathlib import Path

import pytest
from support.paths import FIXTURE_KNOWLEDGE, REPO

from bot.retrieval.corpus import CorpusError, Passage, load_corpus, parse_article

GOOD = """---
id: {id}
title: Test article
tags: [t]
exercises: [hip thrust]
aliases: []
---

## First section
Some text here.
- a bullet

## Cues
- Drive through heels.

## FAQ

### Is it good?
? is it any good
Yes, it is good.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.md"
    path.write_text(text)
    return path


def test_parses_sections_cues_and_faq(tmp_path):
    article = parse_article(write(tmp_path, "good", GOOD.format(id="good")))
    keys = [p.key for p in article.passages]
    assert keys == ["good#First section", "good#Cues", "good#Is it good?"]
    assert article.cues == ("Drive through heels.",)
    faq = article.passages[-1]
    assert faq.phrasings == ("Is it good?", "is it any good") and faq.text == "Yes, it is good."
    assert article.passages[0].text == "Some text here.\n• a bullet"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("no front matter\n## A\ntext", 1, "missing front matter"),
        ("---\nid: x\ntitle: Title\n", 1, "not closed"),
        ("---\nid: wrong-id\ntitle: Title\n---\n## A\ntext\n", 2, "must equal the file name"),
        ("---\nid: bad\ntitle: Title\ncolour: red\n---\n## A\ntext\n", 4, "colour"),
        ("---\nid: bad\ntitle: Title\n---\n## A\n\n## B\ntext\n", 5, "is empty"),
        ("---\nid: bad\ntitle: Title\n---\n## A\ntext\n## A\nmore\n", 7, "duplicate section"),
        ("---\nid: bad\ntitle: Title\n---\n## FAQ\n### Q?\n? other\n", 6, "has no answer"),
        ("---\nid: bad\ntitle: Title\n---\nstray text\n## A\ntext\n", 5, "before the first"),
        ("---\nid: bad\ntitle: [unclosed\n---\n## A\ntext\n", 3, "not valid YAML"),
    ],
)
def test_broken_file_reports_path_and_line(tmp_path, text, line, fragment):
    path = write(tmp_path, "bad", text)
    with pytest.raises(CorpusError) as err:
        parse_article(path)
    assert f"{path}:{line}:" in str(err.value)
    assert fragment in str(err.value)


def test_a_broken_file_is_never_silently_skipped(tmp_path):
    write(tmp_path, "good", GOOD.format(id="good"))
    write(tmp_path, "bad", "---\nid: bad\n---\n## A\ntext\n")
    with pytest.raises(CorpusError, match="bad.md"):
        load_corpus(tmp_path)


def test_glossary_becomes_an_article_and_cues_are_indexed_by_exercise():
    corpus = load_corpus(FIXTURE_KNOWLEDGE)
    assert corpus.article("glossary").passages[0].key == "glossary#DB (dumbbell)"
    assert corpus.cues_for("Hip Thrust") == ["Chin tucked.", "Ribs down."]
    assert corpus.alternatives_for("hip thrust") == ["glute bridge"]


def test_real_knowledge_base_is_valid_and_big_enough():
    corpus = load_corpus(REPO / "knowledge")
    assert len(corpus.articles) >= 40
    assert len(corpus.passages) >= 300
    assert corpus.faq_phrasing_count >= 150
    assert len(corpus.glossary) >= 40
    exercise_articles = [a for a in corpus.articles if a.cues]
    assert all(a.meta.exercises for a in exercise_articles), "cue sections need an exercise to attach to"


def test_a_passage_as_a_question_names_its_lift_or_falls_back_to_title_and_section():
    def passage(phrasings: tuple[str, ...]) -> Passage:
        return Passage("hip-thrust-setup#Pad", "hip-thrust-setup", "Setting up the hip thrust", "Pad", "...", phrasings)

    named = passage(("where does the bar go on my hips", "where should the pad sit on hip thrusts"))
    assert named.as_question == "where should the pad sit on hip thrusts"
    assert passage(("where does it go",)).as_question == "Setting up the hip thrust: Pad"
    assert passage(()).as_question == "Setting up the hip thrust: Pad"
