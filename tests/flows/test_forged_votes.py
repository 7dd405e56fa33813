"""Forged vote buttons (v:<question>:<vote>) are stale buttons, never a crash or a vote elsewhere."""

from __future__ import annotations

import pytest

from bot.conversation.coach import STALE_BUTTON, Coach
from bot.conversation.model import User
from bot.conversation.qa import QuestionFlow

ANN = User(31, 31, "Ann")


@pytest.fixture
def coach(fixture_engine, sqlite_repo):
    return Coach(QuestionFlow(fixture_engine, sqlite_repo.questions), sqlite_repo)


@pytest.mark.parametrize(
    "data",
    ["v:²:1", "v:\u0663:1", "v:99999999999999999999:1", "v:" + "9" * 40 + ":1", "v:1:2", "v::1", "v:-1:1", "v:1 :1"],
)
async def test_forged_votes_are_stale_buttons(coach, data):
    await coach.ask(ANN, "can I use a dumbbell for hip thrusts?")  # questions 1-3 exist: "٣" read as 3 would count
    await coach.ask(ANN, "how far apart should my feet be?")
    await coach.ask(ANN, "hip thrust and deadlift same day?")
    outcome = await coach.callback(ANN, data)
    assert outcome.toast == STALE_BUTTON and not outcome.replies
    stats = await coach.storage.questions.question_stats()
    assert (stats.upvotes, stats.downvotes) == (0, 0)


async def test_a_real_vote_still_counts(coach):
    reply = await coach.ask(ANN, "can I use a dumbbell for hip thrusts?")
    up = next(b.data for row in reply.buttons for b in row if b.data.startswith("v:") and b.data.endswith(":1"))
    assert "Thanks" in (await coach.callback(ANN, up)).toast
    assert (await coach.storage.questions.question_stats()).upvotes == 1
