"""A drop set on a planned working set's card is that set not done at its load: the next load stays. A drop set
on a set added for it (➕ Set) is extra work and takes nothing away. Through the Coach, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_drop_set_in_place_of_a_planned_set_holds_the_load(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        dee = Lifter(coach, repo, User(141, 141, "Dee"))
        await dee.say("/workout squat 3x5 100kg rest 0")
        await dee.say("5")
        await dee.say("5")
        summary = await dee.say("drop 8x80")
        assert (
            "➡️ Next time, back squat 5 reps: 100 kg (2 of 3 sets done, set 3 done as a drop set → stay at 100 kg)"
            in summary
        )
        assert await dee.stored() == [
            ("back squat", "working", 5, 100.0, "kg", None, None, None),
            ("back squat", "working", 5, 100.0, "kg", None, None, None),
            ("back squat", "drop", 8, 80.0, "kg", None, None, None),
        ]
        assert "Target: 5 reps @ 100 kg" in await dee.say("/workout squat")  # as last time: the load held


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_drop_set_on_an_added_set_is_extra_work(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        eli = Lifter(coach, repo, User(142, 142, "Eli"))
        await eli.say("/workout squat 3x5 100kg rest 0")
        await eli.say("5")
        await eli.say("5")
        await eli.tap("➕ Set")
        await eli.say("5")
        summary = await eli.say("drop 8x80")
        # the drop set on the added set is extra work: it neither counts among the sets nor holds the load
        assert "➡️ Next time, back squat 5 reps: 102.5 kg (all 3 sets reached 5 at 100 kg → 102.5 kg)" in summary
        assert [r[1:4] for r in await eli.stored()] == [
            ("working", 5, 100.0),
            ("working", 5, 100.0),
            ("working", 5, 100.0),
            ("drop", 8, 80.0),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_drop_sets_load_does_not_carry_to_the_next_working_set(backend, tmp_path, fixture_engine):
    """Our own walk-through: after "drop 8x80" on set 2 of a 100 kg squat, set 3's card said 5 reps @ 80 kg."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        fay = Lifter(coach, repo, User(143, 143, "Fay"))
        await fay.say("/workout squat 3x5 100kg rest 0")
        await fay.say("5")
        card = await fay.say("drop 8x80")
        assert "set 3 of 3\nTarget: 5 reps @ 100 kg" in card and "✅ Done 5 × 100 kg" in fay.labels()
        await fay.tap("✅ Done 5 × 100 kg")
        assert [r[1:5] for r in await fay.stored()] == [
            ("working", 5, 100.0, "kg"),
            ("drop", 8, 80.0, "kg"),
            ("working", 5, 100.0, "kg"),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_drop_set_without_a_load_asks_for_it_and_logs_nothing(backend, tmp_path, fixture_engine):
    """A stranger's "drop 6" was logged as 6 x 80 kg (drop set): a drop at the same load, volume never lifted."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        kai = Lifter(coach, repo, User(143, 143, "Kai"))
        await kai.say("/workout bench press 3x8 80kg rest 0")
        await kai.say("8")
        reply = await kai.say("drop 6")
        assert reply == (
            "A drop set is lighter than the card's 80 kg: send its weight too, e.g. <code>drop 6x65</code>. "
            "Nothing was logged."
        )
        assert await kai.stored() == [("bench press", "working", 8, 80.0, "kg", None, None, None)]
        assert (await kai.say("drop 6x65")).startswith("✅ Bench press set 2: 6 × 65 kg (drop set)")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_weighted_drop_set_on_a_bodyweight_lift_does_not_become_the_next_load(
    backend, tmp_path, fixture_engine
):
    """ "drop 10 +10" after a bodyweight push-up set made "+10 kg" the next session's target."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        lea = Lifter(coach, repo, User(144, 144, "Lea"))
        await lea.say("/workout push-ups 2x10 rest 0")
        await lea.say("10")
        summary = await lea.say("drop 10 +10")
        assert "➡️ Next time, push-up 10 reps: bodyweight" in summary and "+10 kg" not in summary.split("➡️")[1]
        assert await lea.stored() == [
            ("push-up", "working", 10, None, "kg", None, None, None),
            ("push-up", "drop", 10, 10.0, "kg", None, None, None),
        ]
        card = await lea.say("/workout push-ups")
        assert "Target: 10 reps @ bodyweight" in card and "+ 10 kg" not in card
