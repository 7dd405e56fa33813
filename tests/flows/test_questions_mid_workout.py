"""A question mid-workout is read with the lift being trained only when it needs it. A stranger's "how long should I
rest" mid back squat got "How long should I rest after tweaking my back?": "(back squat)" was added to every
question, and "back" pulled it to the back-injury article. Through the Coach with the real knowledge base."""

from __future__ import annotations

from support.workout_chat import Lifter, chat

from bot.conversation.model import User


async def test_general_questions_stay_general_and_lift_questions_take_the_lift(tmp_path, real_engine):
    async with chat("sqlite", tmp_path, real_engine) as (coach, repo, clock):
        kim = Lifter(coach, repo, User(161, 161, "Kim"))
        await kim.say("/workout squat 3x5 100kg")
        await kim.say("5")
        rest = await kim.say("how long should I rest")
        assert "Source: Rest between sets › " in rest and "back" not in rest.split("Source:")[1].lower()
        assert "↩️ Back to set 2 of back squat" in kim.labels()
        deep = await kim.say("how deep should I go?")  # names no lift: the one on the card
        assert "Source: Back squat › How deep should I squat?" in deep
        assert await kim.stored() == [("back squat", "working", 5, 100.0, "kg", None, None, None)]
