"""/edit corrects a set's type as well as its numbers: "5x80 failure" marks it, a plain "5x80" makes a drop set a
working set again. A stranger's walk-through: typing "5x80 failure" at the edit prompt got "no workout or question
is waiting for one" while a workout was running. Through the Coach, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


@pytest.mark.parametrize("backend", BACKENDS)
async def test_an_edit_marks_a_set_and_unmarks_it_and_history_follows(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        eve = Lifter(coach, repo, User(131, 131, "Eve"))
        await eve.say("/workout bench press 3x5 80kg rest 0")
        await eve.say("5")
        await eve.say("/edit")
        await eve.tap("bench press set 1: 5 × 80 kg")
        assert "Send the corrected set" in eve.text
        fixed = await eve.say("5x80 failure")
        assert fixed.startswith("✏️ Bench press set 1: 5 × 80 kg (to failure) (was 5 × 80 kg).")
        assert await eve.stored() == [("bench press", "failure", 5, 80.0, "kg", None, None, None)]

        # back to a working set, with other numbers: a plain correction is a working set
        await eve.say("/edit")
        await eve.tap("bench press set 1: 5 × 80 kg (to failure)")
        back = await eve.say("6x77.5")
        assert back.startswith("✏️ Bench press set 1: 6 × 77.5 kg (was 5 × 80 kg (to failure)).")
        assert await eve.stored() == [("bench press", "working", 6, 77.5, "kg", None, None, None)]

        # a drop set typed at the prompt, then the workout goes on from set 2 as before
        await eve.say("/edit")
        await eve.tap("bench press set 1: 6 × 77.5 kg")
        assert (await eve.say("drop 8x60")).startswith("✏️ Bench press set 1: 8 × 60 kg (drop set) (was 6 × 77.5 kg).")
        await eve.say("5")
        assert await eve.stored() == [
            ("bench press", "drop", 8, 60.0, "kg", None, None, None),
            ("bench press", "working", 5, 80.0, "kg", None, None, None),
        ]

        # nonsense at the prompt changes nothing and says so
        await eve.say("/edit")
        await eve.tap("bench press set 1: 8 × 60 kg (drop set)")
        refused = await eve.say("5x80 sideways")
        assert refused.startswith("✏️ I couldn't read that correction, so the set stays as it was."), refused
        assert [r[1:4] for r in await eve.stored()] == [("drop", 8, 60.0), ("working", 5, 80.0)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_delete_typed_at_the_edit_prompt_asks_then_deletes(backend, tmp_path, fixture_engine):
    """A stranger's "delete" at the edit prompt closed it and got a bench article; nothing was deleted."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        fay = Lifter(coach, repo, User(132, 132, "Fay"))
        await fay.say("/workout bench press 3x5 80kg rest 0")
        await fay.say("5")
        await fay.say("6")
        await fay.say("/edit")
        await fay.tap("bench press set 2: 6 × 80 kg")
        asked = await fay.say("delete")
        assert asked.startswith("Delete Bench press set 2 (6 × 80 kg)? It leaves your history")
        assert fay.labels() == ["🗑 Yes, delete it", "Cancel"] and len(await fay.stored()) == 2
        await fay.tap("🗑 Yes, delete it")
        assert await fay.stored() == [("bench press", "working", 5, 80.0, "kg", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_bare_load_in_an_edit_that_looks_like_a_slip_offers_the_sets_own_unit(
    backend, tmp_path, fixture_engine
):
    # A stranger's kg account: a hip thrust logged at 8 x 225 lb, edited to "8x232", became 232 kg (a PR and the
    # next load); an lb account's 86 kg set edited to "5x87" became 87 lb. A bare number is the account's unit, as
    # on the card, and a reading that looks like a slip is asked about with the set's own unit first.
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(132, 132, "Ann"))
        await ann.say("/workout hip thrust 3x8 225lb rest 0")
        await ann.say("8")
        await ann.say("/edit")
        await ann.tap("hip thrust set 1: 8 × 225 lb")
        assert await ann.say("8x232") == "232 kg is more than 1.5× your best hip thrust (225 lb). Log it anyway?"
        assert ann.labels() == ["✅ 8 × 232 lb", "✅ 8 × 232 kg", "✏️ Neither, I'll retype"]
        assert await ann.stored() == [("hip thrust", "working", 8, 225.0, "lb", None, None, None)]
        assert (await ann.tap("✅ 8 × 232 lb")).startswith("✏️ Hip thrust set 1: 8 × 232 lb (was 8 × 225 lb).")
        assert await ann.stored() == [("hip thrust", "working", 8, 232.0, "lb", None, None, None)]
        # a unit typed with it is the unit: the lifter meant kilos this time
        await ann.say("/edit")
        await ann.tap("hip thrust set 1: 8 × 232 lb")
        assert (await ann.say("8x100kg")).startswith("✏️ Hip thrust set 1: 8 × 100 kg (was 8 × 232 lb).")
        assert await ann.stored() == [("hip thrust", "working", 8, 100.0, "kg", None, None, None)]

        bob = Lifter(coach, repo, User(133, 133, "Bob"))
        await bob.say("/settings unit lb")
        await bob.say("/workout bench press 3x5 86kg rest 0")
        await bob.say("5")
        await bob.say("/edit")
        await bob.tap("bench press set 1: 5 × 86 kg")
        assert await bob.say("5x87") == "87 lb is less than half this set's target (86 kg). Log it anyway?"
        assert bob.labels() == ["✅ 5 × 87 kg", "✅ 5 × 87 lb", "✏️ Neither, I'll retype"]
        assert await bob.stored() == [("bench press", "working", 5, 86.0, "kg", None, None, None)]
        assert (await bob.tap("✅ 5 × 87 kg")).startswith("✏️ Bench press set 1: 5 × 87 kg (was 5 × 86 kg).")
        assert await bob.stored() == [("bench press", "working", 5, 87.0, "kg", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_mark_or_rpe_alone_at_the_edit_prompt_keeps_reps_and_load(backend, tmp_path, fixture_engine):
    # A stranger typed "rpe 9" at the edit prompt ("no workout or question is waiting") and "failure" (an article).
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        eve = Lifter(coach, repo, User(134, 134, "Eve"))
        await eve.say("/workout bench press 3x5 80kg rest 0")
        await eve.say("5")
        await eve.say("/edit")
        await eve.tap("bench press set 1: 5 × 80 kg")
        assert (await eve.say("rpe 9")).startswith("✏️ Bench press set 1: 5 × 80 kg @ RPE 9 (was 5 × 80 kg).")
        assert await with_rpe(eve) == [("bench press", "working", 5, 80.0, "kg", 9.0)]
        await eve.say("/edit")
        await eve.tap("bench press set 1: 5 × 80 kg @ RPE 9")
        assert (await eve.say("failure")).startswith("✏️ Bench press set 1: 5 × 80 kg @ RPE 9 (to failure) (was")
        assert await with_rpe(eve) == [("bench press", "failure", 5, 80.0, "kg", 9.0)]
        await eve.say("/edit")
        await eve.tap("bench press set 1: 5 × 80 kg @ RPE 9 (to failure)")
        assert (await eve.say("Drop set")).startswith("✏️ Bench press set 1: 5 × 80 kg @ RPE 9 (drop set) (was")
        assert await with_rpe(eve) == [("bench press", "drop", 5, 80.0, "kg", 9.0)]
        # without the edit prompt, "failure" is a question as before
        assert not (await eve.say("failure")).startswith("✏️")
        assert await with_rpe(eve) == [("bench press", "drop", 5, 80.0, "kg", 9.0)]


async def with_rpe(lifter):
    return [(r.exercise, r.set_type, r.reps, r.load, r.unit, r.rpe) for r in await lifter.records()]
