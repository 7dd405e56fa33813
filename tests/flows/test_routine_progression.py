"""A routine's typed load is where an exercise starts: the next session's card takes the load the last
summary announced ("Next time: 102.5 kg"), while the routine keeps its text as typed. A load changed in
the routine since is a new starting point. Through the Coach, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User
from bot.conversation.workout_log import SessionLog, prepare_plan
from bot.training.catalogue import default_catalogue
from bot.training.engine import PlannedSet
from bot.training.routine_render import render_lines
from bot.training.routines import RoutineLine

SQ = "back squat"


async def routine_text(repo, user_id):
    [routine] = await repo.routines.list_routines(user_id)
    return render_lines([RoutineLine.from_json(x) for x in routine.lines], default_catalogue())


async def train(lifter, clock, sets):
    clock.now += timedelta(days=2)
    card = await lifter.say("/workout Legs")
    for reps in sets:
        await lifter.say(reps)
    return card


def loads(stored):
    return [(reps, load, unit) for _, _, reps, load, unit, *_ in stored]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_next_card_takes_the_load_the_summary_announced(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(101, 101, "Ann"))
        await ann.say("/routine new Legs\nsquat 3x5 100kg rest 0")
        card = await train(ann, clock, ["5", "5", "5"])
        assert "Target: 5 reps @ 100 kg" in card and "📈" not in card
        assert "➡️ Next time, back squat 5 reps: 102.5 kg (all 3 sets reached 5 at 100 kg → 102.5 kg)" in ann.text

        card = await train(ann, clock, ["5", "5", "4"])  # the announced load, with its reason
        assert "Target: 5 reps @ 102.5 kg\nLast time, set 1: 5 × 100 kg\n" in card
        assert "📈 From last time: all 3 sets reached 5 at 100 kg → 102.5 kg" in card
        assert "Next time, back squat 5 reps: 102.5 kg (one rep short of 5 on set 3" in ann.text
        card = await train(ann, clock, ["5", "5", "5"])  # a rep short: the same load, as announced
        assert "Target: 5 reps @ 102.5 kg" in card and "→ same load next time" in card
        assert "Next time, back squat 5 reps: 105 kg" in ann.text
        assert (
            loads(await ann.stored())
            == [(5, 100.0, "kg")] * 3 + [(5, 102.5, "kg")] * 2 + [(4, 102.5, "kg")] + [(5, 102.5, "kg")] * 3
        )
        assert await routine_text(repo, 101) == "back squat 3x5 100kg rest 0"  # the routine stays as typed

        # a load changed in the routine is a new starting point, then progresses from there
        await ann.say("/routine edit Legs")
        await ann.say("1: squat 3x5 110kg rest 0")
        await ann.say("done")
        card = await train(ann, clock, ["5", "5", "5"])
        assert "Target: 5 reps @ 110 kg" in card and "📈" not in card
        card = await train(ann, clock, ["5"])
        assert "Target: 5 reps @ 112.5 kg" in card and "→ 112.5 kg" in card
        assert loads(await ann.stored())[-4:] == [(5, 110.0, "kg")] * 3 + [(5, 112.5, "kg")]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_routine_in_lb_progresses_in_lb_and_a_quick_workouts_typed_load_stays(
    backend, tmp_path, fixture_engine
):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(102, 102, "Bob"))
        await bob.say("/settings unit lb")
        await bob.say("/routine new Legs\nsquat 2x5 225 rest 0")
        await train(bob, clock, ["5", "5"])
        assert "Next time, back squat 5 reps: 230 lb" in bob.text
        card = await train(bob, clock, ["5", "5"])
        assert "Target: 5 reps @ 230 lb" in card and "📈 From last time: both sets reached 5 at 225 lb → 230 lb" in card
        assert loads(await bob.stored()) == [(5, 225.0, "lb")] * 2 + [(5, 230.0, "lb")] * 2
        assert await routine_text(repo, 102) == "back squat 2x5 225lb rest 0"
        # a load typed for a quick workout is the load itself
        clock.now += timedelta(days=2)
        assert "Target: 5 reps @ 225 lb" in await bob.say("/workout squat 2x5 225 rest 0")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_quick_workout_between_two_routine_sessions_moves_the_routine_on(backend, tmp_path, fixture_engine):
    # A stranger's: the routine earned 102.5, a quick workout at 110 announced 112.5, and the routine's card went
    # back to its typed 100 kg (the last session had not started from the routine's load).
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(104, 104, "Ann"))
        await ann.say("/routine new Legs\nsquat 3x5 100kg rest 0")
        await train(ann, clock, ["5", "5", "5"])
        clock.now += timedelta(days=2)
        await ann.say("/workout squat 3x5 110kg rest 0")
        for reps in ("5", "5", "5"):
            await ann.say(reps)
        assert "Next time, back squat 5 reps: 112.5 kg (all 3 sets reached 5 at 110 kg → 112.5 kg)" in ann.text
        card = await train(ann, clock, ["5", "5", "5"])
        assert "Target: 5 reps @ 112.5 kg\nLast time, set 1: 5 × 110 kg\n" in card
        assert loads(await ann.stored()) == [(5, 100.0, "kg")] * 3 + [(5, 110.0, "kg")] * 3 + [(5, 112.5, "kg")] * 3
        assert await routine_text(repo, 104) == "back squat 3x5 100kg rest 0"
        # ...and a load changed in the routine is still a new starting point
        await ann.say("/routine edit Legs")
        await ann.say("1: squat 3x5 90kg rest 0")
        await ann.say("done")
        card = await train(ann, clock, ["5"])
        assert "Target: 5 reps @ 90 kg" in card


async def test_a_session_from_before_starts_were_kept_started_from_its_plans_load(tmp_path, fixture_engine):
    """Sessions stored before this change have no "start" in their plan: their plan's load was the
    routine's typed load (history never moved a typed load then), so the routine progresses at once."""
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(103, 103, "Ann"))
        await ann.say("/routine new Legs\nsquat 2x5 100kg rest 0")
        await train(ann, clock, ["5", "5"])
        [done] = await repo.workouts.recent_sessions(103, 1)
        legacy = replace(done, plan=[{k: v for k, v in row.items() if k != "start"} for row in done.plan])

        class OldStore:
            async def get_session(self, session_id):
                return legacy if session_id == done.id else None

        log = SessionLog(OldStore())
        history = await coach.flows[0].log.history(103)
        plan = tuple(PlannedSet(SQ, n, 2, 5, 5, 100.0, "kg", None, 0, loaded=True) for n in (1, 2))
        starts = await log.starts(history, plan)
        assert starts == {done.id: {(SQ, 5, 5): {"load": 100.0, "unit": "kg"}}}
        prepared = prepare_plan(plan, history, "kg", 2.5, starts)
        assert [(p.load, p.unit, p.start) for p in prepared] == [(102.5, "kg", {"load": 100.0, "unit": "kg"})] * 2
