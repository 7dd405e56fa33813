"""What the encoder is adapted on (bot/retrieval/adaptation.py): pairs, batches, the extra phrasings."""

import random

import pytest
from support.paths import REPO

from bot.retrieval.adaptation import batches, load_extra_phrasings, training_pairs
from bot.retrieval.corpus import Passage, load_corpus


def _p(article: str, section: str, phrasings=(), is_faq=False) -> Passage:
    return Passage(f"{article}#{section}", article, article.title(), section, "text", phrasings, is_faq=is_faq)


def test_pairs_hold_each_passages_phrasings_heading_and_extra_questions():
    setup = _p("squat", "Squat setup", ("how do i set up for squats",))
    faq = _p("squat", "How deep should I squat?", ("How deep should I squat?", "is parallel deep enough"), True)
    pairs = training_pairs([setup, faq], {"squat#Squat setup": ["where do my feet go for squats"]})
    assert {(p.question, p.passage) for p in pairs} == {
        ("how do i set up for squats", 0),
        ("Squat setup", 0),  # a section's heading; an FAQ's question is already a phrasing
        ("where do my feet go for squats", 0),
        ("How deep should I squat?", 1),
        ("is parallel deep enough", 1),
    }
    assert pairs == sorted(pairs, key=lambda p: (p.question, p.passage))


def test_an_extra_phrasing_for_a_passage_that_does_not_exist_stops_the_build():
    with pytest.raises(ValueError, match="squat#Old heading"):
        training_pairs([_p("squat", "Squat setup")], {"squat#Old heading": ["q"]})


def test_batches_are_seeded_and_never_hold_two_questions_for_one_passage():
    passages = [_p("a", f"s{i}", tuple(f"q{i}-{j}" for j in range(3))) for i in range(40)]
    pairs = training_pairs(passages, {})
    first = batches(pairs, 32, random.Random(0))
    assert first == batches(pairs, 32, random.Random(0))
    for batch in first:
        assert len({p.passage for p in batch}) == len(batch) <= 32


def test_every_extra_phrasing_in_the_knowledge_base_names_a_passage_we_have():
    knowledge = REPO / "knowledge"
    extra = load_extra_phrasings(knowledge)
    assert sum(len(v) for v in extra.values()) > 2000
    pairs = training_pairs(load_corpus(knowledge).passages, extra)  # raises on a renamed heading
    assert len(pairs) > 4000
