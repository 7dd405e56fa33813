"""/workout takes what a routine line takes: AMRAP sets and distances, which the quick form alone
rejected ("dips 3xAMRAP", "running 5km"). Through the Coach, asserting replies and stored sets."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


@pytest.mark.parametrize("backend", BACKENDS)
async def test_amrap_dips_from_the_quick_form(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(91, 91, "Ann"))
        await ann.say("/workout dips 3xAMRAP")
        assert "(I read" not in ann.text  # "dips" is the dip, not a typo
        assert "<b>Dip</b> — set 1 of 3" in ann.text and "AMRAP: type the reps you got" in ann.text
        await ann.say("12")
        assert "✅ Dip set 1: 12 reps" in ann.text
        await ann.say("9")
        assert [(r.exercise, r.set_number, r.reps, r.load) for r in await ann.records()] == [
            ("dip", 1, 12, None),
            ("dip", 2, 9, None),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_single_run_from_the_quick_form_and_typos(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bo = Lifter(coach, repo, User(92, 92, "Bo"))
        await bo.say("/workout runing 5km")
        assert bo.text.startswith("(I read “runing” as <b>running</b>.)")
        assert "<b>Running</b> — set 1 of 1" in bo.text
        await bo.say("5k 25:30")
        assert [(r.exercise, r.distance_m, r.duration_s) for r in await bo.records()] == [("running", 5000, 1530)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_5k_and_10k_read_in_workouts_and_routines_as_in_typed_runs(backend, tmp_path, fixture_engine):
    """A stranger's walk-through: "/workout running 5k" got the usage line and a routine refused
    "running 1x10k" ("I don't understand “k” there"), though a typed run reads "5k 25:30"."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        di = Lifter(coach, repo, User(94, 94, "Di"))
        await di.say("/workout running 5k")
        assert "<b>Running</b> — set 1 of 1\nTarget: 5 km." in di.text
        await di.say("5k 24:10")
        assert "✅ Running set 1: 5 km in 24:10" in di.text
        assert await di.stored() == [("running", "working", 1, None, "kg", 1450, 5000, None)]
        await di.say("/routine new Race prep\nrunning 1x10k\nrowing 2x2k")
        assert "✅ Saved <b>Race prep</b> (2 exercises):\n<code>running 1x10km\nrowing machine 2x2km</code>" in di.text
        [routine] = await repo.routines.list_routines(94)
        assert [(x["exercise"], x["sets"], x["distance_m"], x["distance_unit"]) for x in routine.lines] == [
            ("running", 1, 10000.0, "km"),
            ("rowing machine", 2, 2000.0, "km"),
        ]
        await di.say("/workout running 10k")
        assert "<b>Running</b> — set 1 of 1\nTarget: 10 km." in di.text  # starting logs nothing
        assert await di.stored() == [("running", "working", 1, None, "kg", 1450, 5000, None)]


async def test_what_neither_form_reads_still_gets_the_usage_and_starts_nothing(tmp_path, fixture_engine):
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(93, 93, "Cy"))
        await cy.say("/workout running 3.2 km 18:00")  # a finished run's time is logged in a workout, not planned
        assert "Usage: /workout &lt;exercise&gt; &lt;sets&gt;x&lt;reps&gt;" in cy.text
        assert await repo.workouts.active_session(93) is None
        await cy.say("/workout squat 3x")
        assert "Usage: /workout" in cy.text and await repo.workouts.active_session(93) is None


async def test_a_bare_number_for_a_hold_is_seconds_on_the_card_and_in_the_log(tmp_path, fixture_engine):
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        dee = Lifter(coach, repo, User(94, 94, "Dee"))
        await dee.say("/workout plank 3x45")
        assert "Target: 0:45 hold" in dee.text and "✅ Done 0:45" in dee.labels()
        await dee.tap("✅ Done 0:45")
        assert [(r.exercise, r.reps, r.duration_s) for r in await dee.records()] == [("plank", 1, 45)]


async def test_a_typo_of_an_alias_is_caught_in_the_quick_form(tmp_path, fixture_engine):
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        eve = Lifter(coach, repo, User(96, 96, "Eve"))
        await eve.say("/workout sqaut 3x5 100kg")
        assert eve.text.startswith("(I read “sqaut” as <b>back squat</b>.)") and "🔥 Warm-up sets" in eve.labels()
        await eve.say("5")
        assert [(r.exercise, r.reps, r.load) for r in await eve.records()] == [("back squat", 5, 100)]
        # "dumbbell bench" was no alias, so "dumbell bench" became an exercise of its own (a stranger's typo)
        await eve.say("/finish")
        await eve.tap("🏁 Finish now")
        await eve.say("/workout dumbell bench 3x10 30kg")
        assert eve.text.startswith("(I read “dumbell bench” as <b>dumbbell bench press</b>.)")
        await eve.say("10")
        assert sorted((r.exercise, r.reps, r.load) for r in await eve.records()) == [
            ("back squat", 5, 100),
            ("dumbbell bench press", 10, 30),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_routine_line_with_a_time_or_a_distance_and_no_set_count_is_one_set(backend, tmp_path, fixture_engine):
    """ "running 5km" typed as a routine's line was answered as a training question ("I don't know that one
    yet"): the routine prompt did not take it, and the line parser wanted "1x"."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ed = Lifter(coach, repo, User(95, 95, "Ed"))
        await ed.say("/routine new Cardio")
        await ed.say("running 5km\nplank 60s\nrowing 2000m")
        assert ed.text.startswith(
            "✅ Saved <b>Cardio</b> (3 exercises):\n<code>running 1x5km\nplank 1x1min\nrowing machine 1x2000m</code>"
        )
        [routine] = await repo.routines.list_routines(95)
        assert [(x["exercise"], x["sets"], x["distance_m"], x["duration_s"]) for x in routine.lines] == [
            ("running", 1, 5000.0, None),
            ("plank", 1, None, 60),
            ("rowing machine", 1, 2000.0, None),
        ]
        await ed.say("plank 1:30")  # the routine is still open for more lines: one at a time, too
        assert "plank 1x90s" in ed.text
        await ed.say("squat 5")  # a bare number is not read as one set: nothing added
        assert "Saved" not in ed.text
        [routine] = await repo.routines.list_routines(95)
        assert [x["exercise"] for x in routine.lines] == ["running", "plank", "rowing machine", "plank"]
        await ed.say("done")
        await ed.say("/workout plank 45s")  # the quick form takes it too
        assert "<b>Plank</b> — set 1 of 1\nTarget: 0:45 hold." in ed.text
        await ed.say("50s")
        assert await ed.stored() == [("plank", "working", 1, None, "kg", 50, None, None)]
