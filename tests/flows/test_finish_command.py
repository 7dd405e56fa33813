"""Typed /finish, through the Coach on SQLite and PostgreSQL: with sets left it asks first (as the card's 🏁
button does) and logs nothing more; with none left it finishes; with no workout it says so. Asserts the
replies and the sets the database holds."""

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


def benches(reps, load, unit):
    return [("bench press", "working", r, load, unit, None, None, None) for r in reps]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_finish_with_sets_left_asks_first_and_logs_nothing_more(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(91, 91, "Ann"))
        assert "No workout is running. Start one with /workout." in await ann.say("/finish")
        await ann.say("/workout bench 3x5 185lb rest 0")
        await ann.say("5x185lb")
        assert await ann.stored() == benches([5], 185, "lb")
        assert (
            "Finish now? 2 sets not done yet; they won't be logged, and a lift with sets not done keeps its load "
            "next time." in await ann.say("/finish")
        )
        assert await ann.stored() == benches([5], 185, "lb")
        await ann.tap("▶️ Resume")
        assert "set 2 of 3" in ann.text
        await ann.say("5")
        assert "Finish now? 1 set not done yet; it won't be logged" in await ann.say("/finish")
        await ann.tap("🏁 Finish now")
        assert "🏁" in ann.text and "(1 not done.)" in ann.text
        assert await ann.stored() == benches([5, 5], 185, "lb")
        assert "No workout is running." in await ann.say("/finish")  # finished once, nothing left open
        assert await ann.stored() == benches([5, 5], 185, "lb")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_finish_after_the_last_set_gives_the_summary_once(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(92, 92, "Bob"))
        await bob.say("/workout bench 1x5 60kg rest 0")
        reply = await bob.say("5")  # the last set ends the workout with its summary
        assert "🏁" in reply
        assert "No workout is running." in await bob.say("/finish")
        assert await bob.stored() == benches([5], 60, "kg")


async def test_end_done_and_stop_point_to_finish(tmp_path, fixture_engine):
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        for name in ("end", "done", "stop"):
            (reply,) = await coach.command(User(93, 93, "Cy"), name, "")
            assert f"I don't know the command /{name}. Did you mean /finish?" in reply.text


@pytest.mark.parametrize("backend", BACKENDS)
async def test_finish_while_a_set_waits_for_yes_says_it_was_not_logged(backend, tmp_path, fixture_engine):
    """A stranger's /finish during "Log it anyway?" dropped that set without a word."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(94, 94, "Cy"))
        await cy.say("/workout bench 2x8 60kg rest 0")
        await cy.say("8")
        assert "Log it anyway?" in await cy.say("8x620")
        reply = await cy.say("/finish")
        assert reply.startswith("<i>The set waiting for your yes (8 × 620 kg) was not logged.</i>\nFinish now? 1 set")
        assert await cy.stored() == [("bench press", "working", 8, 60, "kg", None, None, None)]
        assert "Nothing is waiting for a yes or no" in await cy.say("yes")  # the question is closed
        assert await cy.stored() == [("bench press", "working", 8, 60, "kg", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_finish_now_from_before_a_set_was_logged_asks_again(backend, tmp_path, fixture_engine):
    # A stranger asked /finish, went on and logged set 2, then tapped the old "🏁 Finish now": the workout ended at
    # once, "set 3 skipped". In Telegram that question stays on screen.
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(95, 95, "Ann"))
        await ann.say("/workout bench 3x5 100kg rest 0")
        await ann.say("5")
        await ann.say("/finish")
        stale = next(b.data for r in ann.last for row in r.buttons for b in row if b.label == "🏁 Finish now")
        await ann.say("5")
        again = (await coach.callback(ann.user, stale)).replies
        assert [r.text for r in again] == [
            "Finish now? 1 set not done yet; it won't be logged, and a lift with sets not done keeps its load "
            "next time."
        ]
        assert await repo.workouts.active_session(95) is not None
        assert [r[2:5] for r in await ann.stored()] == [(5, 100, "kg"), (5, 100, "kg")]
        await coach.callback(ann.user, next(b.data for row in again[0].buttons for b in row if "Finish" in b.label))
        assert await repo.workouts.active_session(95) is None
