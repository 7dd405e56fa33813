"""/add right after the last planned set finished the workout goes on with it (a stranger got "No workout in
progress" and could not add the plank they had planned), on SQLite and PostgreSQL: what the lifter sees and the
sets and session state the database holds. A workout ended with 🏁, or finished long ago, stays finished."""

from datetime import timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


@pytest.mark.parametrize("backend", BACKENDS)
async def test_add_after_the_last_set_reopens_the_workout_and_finishes_again(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(95, 95, "Ann"))
        await ann.say("/workout bench 2x5 60kg rest 0")
        await ann.say("5")
        assert "🏁" in await ann.say("5")
        assert await repo.workouts.active_session(95) is None
        clock.now += timedelta(minutes=5)
        added = await ann.say("/add plank 2x45s")
        assert "➕ Added <b>plank</b>: 2 sets. Your workout is open again; it finishes after these." in added
        assert "Plank</b> — set 1 of 2" in added
        session = await repo.workouts.active_session(95)
        assert session is not None and session.status == "active"
        await ann.say("45s")
        summary = await ann.say("50s")
        assert "🏁" in summary and "4 sets" in summary
        assert await repo.workouts.active_session(95) is None
        assert await ann.stored() == [
            ("bench press", "working", 5, 60, "kg", None, None, None),
            ("bench press", "working", 5, 60, "kg", None, None, None),
            ("plank", "working", 1, None, "kg", 45, None, None),
            ("plank", "working", 1, None, "kg", 50, None, None),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_workout_ended_by_hand_or_long_ago_stays_finished(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(96, 96, "Bob"))
        await bob.say("/workout squat 2x5 225lb rest 0")
        await bob.say("5")
        await bob.say("/finish")
        await bob.tap("🏁 Finish now")
        assert "No workout in progress." in await bob.say("/add curl 3x10 25lb")
        assert await repo.workouts.active_session(96) is None
        await bob.say("/workout squat 1x5 225lb rest 0")
        await bob.say("5")  # finished itself
        clock.now += timedelta(minutes=31)
        assert "No workout in progress." in await bob.say("/add curl 3x10 25lb")
        assert await repo.workouts.active_session(96) is None
        assert [s[0] for s in await bob.stored()] == ["back squat", "back squat"]
