"""A workout finished early (or with a set skipped, or a working set short of its reps) never moves the
load up: the summary says which sets were not done and that the load stays, and the next session's card
starts from the load the summary announced. Quick workouts in kg and lb, a routine and a built-in
template, through the Coach on SQLite and PostgreSQL, with the sets the database holds after each step."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User
from bot.conversation.workout_log import SessionLog, prepare_plan
from bot.training.engine import PlannedSet

SQ, BP, HT = "back squat", "bench press", "hip thrust"


def sets(exercise, *done):
    """The stored rows of `done` = (reps, load, unit) sets of one exercise."""
    return [(exercise, "working", reps, load, unit, None, None, None) for reps, load, unit in done]


async def finish(lifter: Lifter) -> str:
    """🏁 Finish from the "workout in progress" message, as a lifter leaving early does."""
    await lifter.say("/workout")
    return await lifter.tap("🏁 Finish")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_quick_workout_finished_after_one_set_keeps_the_load(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(301, 301, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        await ann.say("5")
        # another workout asked for while this one runs: named, so it is not lost once this one is closed
        asked = await ann.say("/workout bench press 5x5 60kg")
        assert asked.endswith("\n\nThen send <code>/workout bench press 5x5 60kg</code> again to start it.")
        assert "🏁 Finish" in ann.labels() and len(await ann.stored()) == 1
        summary = await finish(ann)
        assert "🏁 <b>Quick: back squat</b> done in under a minute: 1 set, 5 reps, volume 500 kg." in summary
        assert (
            "➡️ Next time, back squat 5 reps: 100 kg (1 of 3 sets done, sets 2 and 3 not done → stay at 100 kg)"
            in summary
        )
        assert "102.5" not in summary and "(2 not done.)" in summary
        assert await ann.stored() == sets(SQ, (5, 100.0, "kg"))

        clock.now += timedelta(days=2)
        card = await ann.say("/workout squat 3x5")  # no load typed: the card takes last time's
        assert "Target: 5 reps @ 100 kg\nLast time, set 1: 5 × 100 kg\n" in card
        assert "📈 From last time: 1 of 3 sets done, sets 2 and 3 not done → stay at 100 kg" in card
        assert await ann.stored() == sets(SQ, (5, 100.0, "kg"))  # starting logs nothing

        for reps in ("5", "5", "5"):  # every planned set at target: now it moves
            await ann.say(reps)
        assert "➡️ Next time, back squat 5 reps: 102.5 kg (all 3 sets reached 5 at 100 kg → 102.5 kg)" in ann.text
        assert await ann.stored() == sets(SQ, *[(5, 100.0, "kg")] * 4)
        clock.now += timedelta(days=2)
        assert "Target: 5 reps @ 102.5 kg" in await ann.say("/workout squat 3x5")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_skipped_set_in_the_middle_is_named_and_holds_the_load(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(302, 302, "Ann"))
        await ann.say("/workout squat 3x5 100kg rest 0")
        await ann.say("5")
        await ann.tap("⏭ Skip set")
        assert await ann.stored() == sets(SQ, (5, 100.0, "kg"))
        await ann.say("5")  # the last set: the workout ends
        assert "➡️ Next time, back squat 5 reps: 100 kg (2 of 3 sets done, set 2 not done → stay at 100 kg)" in ann.text
        assert "(1 skipped.)" in ann.text
        assert await ann.stored() == sets(SQ, (5, 100.0, "kg"), (5, 100.0, "kg"))
        clock.now += timedelta(days=2)
        card = await ann.say("/workout squat 3x5")
        assert "Target: 5 reps @ 100 kg" in card and "2 of 3 sets done, set 2 not done → stay at 100 kg" in card


@pytest.mark.parametrize("backend", BACKENDS)
async def test_in_lb_two_of_three_sets_stay_at_the_typed_pounds(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(303, 303, "Bob"))  # settings in kg: the lb typed is kept
        await bob.say("/workout bench 3x5 185lb")
        await bob.say("5")
        await bob.say("5")
        summary = await finish(bob)
        assert "2 sets, 10 reps, volume 1850 lb." in summary
        assert "➡️ Next time, bench press 5 reps: 185 lb (2 of 3 sets done, set 3 not done → stay at 185 lb)" in summary
        assert await bob.stored() == sets(BP, (5, 185.0, "lb"), (5, 185.0, "lb"))
        clock.now += timedelta(days=2)
        card = await bob.say("/workout bench 3x5")
        assert "Target: 5 reps @ 185 lb\nLast time, set 1: 5 × 185 lb\n" in card
        assert "📈 From last time: 2 of 3 sets done, set 3 not done → stay at 185 lb" in card
        assert await bob.stored() == sets(BP, (5, 185.0, "lb"), (5, 185.0, "lb"))


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_routine_finished_early_starts_next_time_where_the_summary_said(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(304, 304, "Ann"))
        await ann.say("/routine new Legs\nsquat 3x5 100kg rest 0")
        await ann.say("/workout Legs")
        await ann.say("5")
        summary = await finish(ann)
        assert (
            "➡️ Next time, back squat 5 reps: 100 kg (1 of 3 sets done, sets 2 and 3 not done → stay at 100 kg)"
            in summary
        )
        clock.now += timedelta(days=2)
        card = await ann.say("/workout Legs")
        assert "Target: 5 reps @ 100 kg" in card and "1 of 3 sets done, sets 2 and 3 not done" in card
        for reps in ("5", "5", "5"):
            await ann.say(reps)
        assert "➡️ Next time, back squat 5 reps: 102.5 kg (all 3 sets reached 5 at 100 kg → 102.5 kg)" in ann.text
        clock.now += timedelta(days=2)
        assert "Target: 5 reps @ 102.5 kg" in await ann.say("/workout Legs")
        assert await ann.stored() == sets(SQ, *[(5, 100.0, "kg")] * 4)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_template_finished_early_keeps_the_load(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(305, 305, "Cy"))
        await cy.say("/workout Heavy hip thrust day")
        await cy.say("6x100")  # the first set names the working weight
        await cy.say("6")
        summary = await finish(cy)
        assert (
            "➡️ Next time, hip thrust 4-6 reps: 100 kg (2 of 5 sets done, sets 3, 4 and 5 not done → stay at 100 kg)"
            in summary
        )
        assert "(8 not done.)" in summary  # the other exercises' sets too; they have no sets, so no load line
        assert await cy.stored() == sets(HT, (6, 100.0, "kg"), (6, 100.0, "kg"))
        clock.now += timedelta(days=2)
        card = await cy.say("/workout Heavy hip thrust day")
        assert "Target: 4-6 reps @ 100 kg (RPE 8)\nLast time, set 1: 6 × 100 kg\n" in card
        assert "📈 From last time: 2 of 5 sets done, sets 3, 4 and 5 not done → stay at 100 kg" in card


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_lighter_set_short_of_its_reps_holds_the_load(backend, tmp_path, fixture_engine):
    """5 and 5 at 100 kg, then 3 at 90 kg: the old rule stepped up to 102.5 kg on the two heavy sets."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(306, 306, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        for typed in ("5", "5", "3x90"):
            await ann.say(typed)
        line = "back squat 5 reps: 100 kg (set 3 went 3 at 90 kg, short of 5; 100 kg went 5, 5 → stay at 100 kg)"
        assert f"➡️ Next time, {line}" in ann.text
        assert await ann.stored() == sets(SQ, (5, 100.0, "kg"), (5, 100.0, "kg"), (3, 90.0, "kg"))
        clock.now += timedelta(days=2)
        card = await ann.say("/workout squat 3x5")
        assert "Target: 5 reps @ 100 kg" in card and "📈 From last time: set 3 went 3 at 90 kg, short of 5" in card


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_rep_short_and_sets_left_both_said(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(307, 307, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        await ann.say("4")
        summary = await finish(ann)
        assert (
            "➡️ Next time, back squat 5 reps: 100 kg (one rep short of 5: 4 at 100 kg; "
            "1 of 3 sets done, sets 2 and 3 not done → same load next time)"
        ) in summary
        assert await ann.stored() == sets(SQ, (4, 100.0, "kg"))
        clock.now += timedelta(days=2)
        assert "Target: 5 reps @ 100 kg" in await ann.say("/workout squat 3x5")


async def test_a_session_stored_before_this_change_reads_the_same(tmp_path, fixture_engine):
    """Nothing new is stored: which sets were not done is replayed from the plan and log every version
    kept, so a session finished early before this change now holds the load too (the card says why)."""
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(308, 308, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        await ann.say("5")
        await finish(ann)
        [done] = await repo.workouts.recent_sessions(308, 1)
        oldest = ("exercise", "set_number", "set_count", "reps_min", "reps_max", "load", "unit", "rpe", "rest_seconds")
        legacy = replace(done, plan=[{k: row[k] for k in oldest} for row in done.plan])

        class OldStore:
            async def get_session(self, session_id):
                return legacy if session_id == done.id else None

            async def events(self, session_id):
                return await repo.workouts.events(session_id)

        history = await SessionLog(repo.workouts).history(308)
        undone = await SessionLog(OldStore()).not_done(history, [(SQ, 5, 5)])
        assert undone == {done.id: {(SQ, 5, 5): (2, 3)}}
        plan = tuple(PlannedSet(SQ, n, 3, 5, 5, None, "kg", None, 0, loaded=True) for n in (1, 2, 3))
        prepared = prepare_plan(plan, history, "kg", 2.5, None, undone)
        assert [(p.load, p.unit) for p in prepared] == [(100.0, "kg")] * 3
        assert prepared[0].note == "From last time: 1 of 3 sets done, sets 2 and 3 not done → stay at 100 kg"
        # without the replayed plan, the sets alone: the old rule stepped up
        assert [(p.load, p.unit) for p in prepare_plan(plan, history, "kg", 2.5)] == [(102.5, "kg")] * 3
