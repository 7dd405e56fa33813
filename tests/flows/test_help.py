"""/help: commands with examples, in the lifter's unit."""

from __future__ import annotations

from support.workout_chat import Lifter, chat

from bot.conversation.model import User
from bot.conversation.preferences import Preferences, save_preferences


async def test_help_shows_loads_in_the_lifters_unit(tmp_path, fixture_engine):
    """A stranger on lb saw "/workout squat 3x5 100kg" and "/plates 142.5" in /help."""
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        kg = await Lifter(coach, repo, User(311, 311, "Kay")).say("/help")
        assert "/workout squat 3x5 100kg; rdl 3x8" in kg and "/plates 142.5" in kg and "/bw 82.4  or  /bw 181 lb" in kg
        pounds = User(312, 312, "Lee")
        await save_preferences(repo.users, pounds, Preferences(unit="lb"))
        lb = await Lifter(coach, repo, pounds).say("/help")
        assert "/workout squat 3x5 225lb; rdl 3x8" in lb and "/plates 315" in lb and "/bw 181  or  /bw 82.4 kg" in lb
        assert "100kg" not in lb and "142.5" not in lb


async def test_the_workout_picker_example_is_in_the_lifters_unit(tmp_path, fixture_engine):
    """A second stranger on lb still saw "/workout hip thrust 4x6 100kg" in the /workout picker."""
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        assert "<code>/workout hip thrust 4x6 100kg</code>" in await Lifter(coach, repo, User(313, 313, "Kay")).say(
            "/workout"
        )
        pounds = User(314, 314, "Lee")
        await save_preferences(repo.users, pounds, Preferences(unit="lb"))
        assert "<code>/workout hip thrust 4x6 225lb</code>" in await Lifter(coach, repo, pounds).say("/workout")
