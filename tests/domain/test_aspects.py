"""Aspect words (bot/retrieval/aspects.py): which aspect a question asks about, and how the searcher's
aspect feature moves a passage whose heading or phrasings share it above one about another aspect."""

import time

import numpy as np
import pytest

from bot.retrieval.aspects import ASPECT_BITS, aspect_adjustment, aspects_of, passage_aspects
from bot.retrieval.corpus import Passage


def _names(bits: int) -> set[str]:
    return {name for name, bit in ASPECT_BITS.items() if bits & bit}


@pytest.mark.parametrize(
    "question, expected",
    [
        ("When is the best time to drink caffeine before a workout?", {"timing"}),
        ("How long before training should I take caffeine?", {"timing"}),
        ("How much caffeine before the gym?", {"dose"}),
        ("How many mg of caffeine is too much?", {"dose"}),
        ("Should I lift weights every day or rest in between?", {"frequency"}),
        ("How many rest days do I need?", {"frequency"}),
        ("How long should I rest between sets?", {"between sets"}),
        ("Is it safe to lift while pregnant?", {"pregnancy"}),
        ("When can you lift weights postpartum?", {"timing", "postpartum"}),
        ("Lifting after pregnancy: where do I start?", {"postpartum"}),
        ("How do I set up hip thrusts?", set()),
        ("what does rpe mean", set()),
    ],
)
def test_question_aspects(question, expected):
    assert _names(aspects_of(question)) == expected


def test_passage_aspects_come_from_heading_and_phrasings_not_body():
    passage = Passage(
        key="a#Returning to lifting after giving birth",
        article_id="a",
        article_title="Pregnancy",
        section="Returning to lifting after giving birth",
        text="While pregnant, how much and how often you train changes.",
        phrasings=("how soon can i work out",),
    )
    assert _names(passage_aspects(passage)) == {"postpartum", "timing"}


def test_aspect_matching_is_linear_on_hostile_input():
    hostile = [("when is " * 600)[:4096], "a" * 4096, ("between " * 600)[:4096], ("after " * 700)[:4096]]
    start = time.perf_counter()
    for _ in range(20):
        for text in hostile:
            aspects_of(text)
    assert (time.perf_counter() - start) / 20 < 0.05


def test_aspect_adjustment_rewards_shared_punishes_other_and_ignores_unmarked():
    timing, dose = ASPECT_BITS["timing"], ASPECT_BITS["dose"]
    passages = np.asarray([timing | dose, dose, 0], dtype=np.int64)
    assert aspect_adjustment(passages, timing, 0.03).tolist() == pytest.approx([0.03, -0.03, 0.0])
    assert aspect_adjustment(passages, 0, 0.03).tolist() == [0.0, 0.0, 0.0]
