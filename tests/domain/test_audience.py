"""Sections written for one audience answer only questions that name it (bot/retrieval/audience.py)."""

from __future__ import annotations

import pytest

from bot.retrieval.audience import fits_audience
from bot.retrieval.corpus import Passage


def section(heading: str) -> Passage:
    return Passage(f"a#{heading}", "a", "An article", heading, "text")


@pytest.mark.parametrize(
    ("heading", "question", "fits"),
    [
        ("Is creatine useful for women over 40?", "is creatine worth it at 41", False),  # a stranger: a man of 41
        ("Is creatine useful for women over 40?", "is creatine worth it for me, im a 44 year old woman", True),
        ("Strength training through perimenopause and menopause", "how should a 62 year old man start lifting", False),
        ("Strength training through perimenopause and menopause", "lifting during menopause?", True),
        ("Is the hip thrust only for women?", "can guys do hip thrusts too", True),  # a section for everyone
        ("Lifting for runners without being too sore to run", "so sore after leg day can i still train", False),
        ("Lifting for runners without being too sore to run", "i run 3x a week, how do i lift without dead legs", True),
        ("Recovering from lifting and combat training together", "always tired after training", False),
        ("Scheduling lifting around combat sports classes and sparring", "when should i lift if i do bjj", True),
        ("Scheduling lifting around combat sports classes and sparring", "when should i lift in the week", False),
        ("How long to rest between sets", "how long should women rest between sets", True),  # a section for anyone
    ],
)
def test_a_section_for_an_audience_answers_only_questions_that_name_it(heading, question, fits):
    assert fits_audience(section(heading), question) is fits


def test_a_long_message_is_read_only_as_far_as_a_bound():
    assert fits_audience(section("Training and the menstrual cycle"), "x " * 5000 + "period") is False


@pytest.mark.parametrize(
    ("question", "fits"),
    [
        ("how much protein do i need", False),
        ("how much protein should a 67 year old eat", True),
        ("im 62 and never lifted, how much protein", True),
        ("protein for older lifters?", True),
        ("my grandma wants to start lifting, protein?", True),
        ("i'm 25, how much protein", False),
        ("how much protein for 60kg bodyweight", False),  # a weight, not an age
    ],
)
def test_sections_for_older_beginners_answer_questions_that_say_so(question, fits):
    assert fits_audience(section("How much protein do older lifters need?"), question) is fits
