"""Splitting a short two-question message into its questions (bot/retrieval/compose.split_question)."""

import pytest

from bot.retrieval.compose import split_question


@pytest.mark.parametrize(
    ("message", "first", "second"),
    [
        # The second names nothing: it is about what the first names.
        (
            "how much protein do i need and does timing matter?",
            "how much protein do i need",
            "does timing matter (protein)?",
        ),
        ("is creatine safe? how much should i take", "is creatine safe", "how much should i take (creatine)?"),
        (
            "should i squat or deadlift first and how long should i rest?",
            "should i squat or deadlift first",
            "how long should i rest (squat deadlift)?",
        ),
        # Nothing named: the first's own words carry over.
        ("what is rpe and how do i use it", "what is rpe", "how do i use it (rpe)?"),
        # ...but not the words that say how the first asks ("often" pulled the answer back to how often).
        (
            "how often should i deload and what do i do that week?",
            "how often should i deload",
            "what do i do that week (deload)?",
        ),
        (
            "whats a good 4 day split and how many sets per muscle?",
            "whats a good 4 day split",
            "how many sets per muscle (4 day split)?",
        ),
        # The second names its own subject: kept as asked.
        ("is creatine safe, how much protein per day?", "is creatine safe", "how much protein per day?"),
    ],
)
def test_a_two_question_message_splits_and_the_second_keeps_the_subject(message, first, second):
    split = split_question(message)
    assert split is not None
    assert (split.first, split.second_search) == (first, second)
    assert split.second == message[len(message) - len(split.second) :]  # as asked, for the reply to quote


@pytest.mark.parametrize(
    "message",
    [
        "how wide should my grip be?",  # one question
        "how many sets and reps for bench?",  # "and" joins two nouns, not two questions
        "hip thrust and deadlift same day, which first?",  # "which first?" is no question alone
        "is it ok? is it safe? does it work?",  # three questions: not guessed at
        "my squat is stuck at 80kg, how do i get it moving?",  # one question after its context
        "I'm 42 and started lifting three months ago, my squat is stuck at 80kg and my bench at 60kg and I sleep "
        "badly, how do i get it moving again?",  # a post with context, over SPLIT_MAX_WORDS
    ],
)
def test_other_messages_are_not_split(message):
    assert split_question(message) is None


def test_splitting_is_linear_on_a_telegram_sized_message():
    assert split_question("and how " * 512) is None  # 4,096 characters of break-like text, no backtracking
