"""A typed set with a slip in it ("5x10O", "5xl00", "5x100kgg") in a workout: a friendly reply that says
nothing was logged, not an answer about the lift (a stranger's walk-through got "Squat setup" for
"5x10O"). Questions that merely start with sets are still answered."""

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User

USAGE = 'Send reps, or reps x load: "5", "5x100", "5 @ 102.5" or "5x100 rpe 8".'


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_set_with_a_slip_is_refused_and_logs_nothing(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(71, 71, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        for slip in ("5x10O", "5xl00", "5×1OO", "5 x 100kgg"):
            await ann.say(slip)
            assert ann.text == f"I couldn't read “{slip}” as a set, so nothing was logged. {USAGE}", slip
            assert ann.labels() == ["↩️ Back to set 1 of back squat"]
            assert await ann.stored() == []
        await ann.say("5x100")
        assert ann.text.startswith("✅ Back squat set 1: 5 × 100 kg")
        await ann.say("4x10O")  # on the next set, too
        assert ann.text.startswith("I couldn't read “4x10O” as a set") and "Back to set 2" in ann.labels()[0]
        assert await ann.stored() == [("back squat", "working", 5, 100, "kg", None, None, None)]
        # a question that starts with sets is still a question
        await ann.say("5x5 or 3x8 for strength?")
        assert "couldn't read" not in ann.text
        assert await ann.stored() == [("back squat", "working", 5, 100, "kg", None, None, None)]


async def test_a_slip_on_a_pull_up_or_a_run_card_gets_that_kinds_usage(tmp_path, fixture_engine):
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        bo = Lifter(coach, repo, User(72, 72, "Bo"))
        await bo.say("/workout pull-up 2x8")
        await bo.say("8x1O")
        assert bo.text == (
            "I couldn't read “8x1O” as a set, so nothing was logged. Pull-up is logged in reps. "
            'Send reps, with added load or assistance if any: "8", "8 +10kg", "8 -20kg" or "8 assist 20".'
        )
        await bo.say("/workout")  # still on set 1: nothing was logged
        assert "(pull-up, set 1 of 2)" in bo.text
        assert await bo.stored() == []
