"""A routine edit changes only what was typed ("2: 3x8-10" keeps the load, rest, RPE and warm-up), and a
likely typo is saved as typed and asked about alongside, so lines sent while "did you mean ...?" waits
are never dropped. Through the Coach on SQLite and PostgreSQL: the reply and the stored routine after
every step."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat
from support.workout_chat import stored_routines as routines

from bot.conversation.model import User
from bot.training.catalogue import default_catalogue
from bot.training.routine_render import render_lines
from bot.training.routines import RoutineLine

STRAY = "Nothing is waiting for a yes or no right now."


async def asks(repo, user_id):
    prompt = await repo.prompts.get_prompt(user_id)
    return None if prompt is None else prompt["waiting_for"].get("asks")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_an_edit_of_sets_and_reps_keeps_the_load_and_says_what_changed(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(501, 501, "Ann"))
        await ann.say("/routine new Push A\nbench press 3x8 60kg rest 120 warmup\noverhead press 3x8 40kg rpe 8")
        await ann.say("/routine edit push A")
        reply = await ann.say("2: 3x8-10")
        assert "2. overhead press 3x8-10 40kg rpe 8 (was 3x8 40kg rpe 8)" in reply
        assert "1. bench press 3x8 60kg rest 120 warmup\n" in reply  # untouched: no "was"
        stored = {"Push A": "bench press 3x8 60kg rest 120 warmup\noverhead press 3x8-10 40kg rpe 8"}
        assert await routines(repo, 501) == stored
        reply = await ann.say("1: 5x5")  # rest and warm-up stay too
        assert "1. bench press 5x5 60kg rest 120 warmup (was 3x8 60kg rest 120 warmup)" in reply
        reply = await ann.say("2: 4x6 42.5kg rpe 9")  # a typed load and RPE replace the old ones
        assert "2. overhead press 4x6 42.5kg rpe 9 (was 3x8-10 40kg rpe 8)" in reply
        stored = {"Push A": "bench press 5x5 60kg rest 120 warmup\noverhead press 4x6 42.5kg rpe 9"}
        assert await routines(repo, 501) == stored
        reply = await ann.say("2: overhead press 3x8")  # the whole line retyped replaces it whole
        assert "2. overhead press 3x8 (was 4x6 42.5kg rpe 9)" in reply
        assert (await routines(repo, 501))["Push A"].endswith("\noverhead press 3x8")
        before = await routines(repo, 501)
        assert "Nothing changed" in await ann.say("2: 3x")
        assert "Nothing changed" in await ann.say("2: 3x8 -5kg")
        assert "Nothing changed" in await ann.say("2: 3x8 " + "9" * 4000)
        assert await routines(repo, 501) == before


@pytest.mark.parametrize("backend", BACKENDS)
async def test_an_edit_keeps_a_pound_load_and_a_typed_load_keeps_its_unit(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(502, 502, "Bob"))  # his default unit is kg
        await bob.say("/routine new Push B\nbench press 3x8 135lb\noverhead press 3x8 95lb")
        await bob.say("/routine edit push b")
        assert "2. overhead press 3x8-10 95lb (was 3x8 95lb)" in await bob.say("2: 3x8-10")
        assert await routines(repo, 502) == {"Push B": "bench press 3x8 135lb\noverhead press 3x8-10 95lb"}
        assert "2. overhead press 3x8 100lb (was 3x8-10 95lb)" in await bob.say("2: 3x8 100lb")
        assert "2. overhead press 3x8 100kg (was 3x8 100lb)" in await bob.say("2: 3x8 100")  # a bare load: his unit
        assert "2. overhead press 3x8 45kg (was 3x8 100kg)" in await bob.say("2: 3x8 45kg")
        assert await routines(repo, 502) == {"Push B": "bench press 3x8 135lb\noverhead press 3x8 45kg"}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_lines_sent_while_did_you_mean_waits_are_all_kept(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(503, 503, "Cy"))
        await cy.say("/routine new Push A")
        await cy.say("bench press 4x6 80kg")
        reply = await cy.say("incline dumbell press 3x10 24kg")
        assert "2. incline dumbell press 3x10 24kg" in reply
        assert "“incline dumbell press”: did you mean <b>incline dumbbell press</b>?" in reply
        assert cy.labels()[-2:] == ["✅ Yes, change it", "✖ No, keep mine"]
        assert await routines(repo, 503) == {"Push A": "bench press 4x6 80kg\nincline dumbell press 3x10 24kg"}
        first_question = cy.last
        reply = await cy.say("overhead pres 3x8 40kg")
        assert "not saved" not in reply and "3. overhead pres 3x8 40kg" in reply
        assert "did you mean <b>overhead press</b>?" in reply
        reply = await cy.say("tricep pushdowns 3x12")  # a plural and an alias: the same name, not a guess
        assert "4. triceps pushdown 3x12" in reply and "did you mean" not in reply
        await cy.say("lateral raise 3x15 8kg")
        assert await asks(repo, 503) == [["incline dumbell press"], ["overhead pres"]]
        assert await routines(repo, 503) == {
            "Push A": "bench press 4x6 80kg\nincline dumbell press 3x10 24kg\noverhead pres 3x8 40kg\n"
            "triceps pushdown 3x12\nlateral raise 3x15 8kg"
        }
        # a typed "yes" answers the latest question; the earlier one is asked again
        reply = await cy.say("yes")
        assert reply.startswith("✅ “overhead pres” is now <b>overhead press</b> in <b>Push A</b>.")
        assert "“incline dumbell press”: did you mean <b>incline dumbbell press</b>?" in reply
        assert (await routines(repo, 503))["Push A"].splitlines()[2] == "overhead press 3x8 40kg"
        # a wrong tap on ✖ is undone by the button it leaves
        assert "“incline dumbell press” stays as you typed it" in await cy.tap("✖ No, keep mine")
        assert (await routines(repo, 503))["Push A"].splitlines()[1] == "incline dumbell press 3x10 24kg"
        kept = cy.last
        assert (await cy.say("no")).startswith(STRAY) and await asks(repo, 503) == []  # answered already
        cy.last = kept
        assert "is now <b>incline dumbbell press</b>" in await cy.tap("↩️ Change it after all")
        cy.last = first_question  # the first question's ✅, tapped late: nothing left to change
        await cy.tap("✅ Yes, change it")
        assert cy.toast == "Already answered, or that line was changed or removed."
        assert "Done editing <b>Push A</b> (5 exercises)" in await cy.say("done")
        assert await routines(repo, 503) == {
            "Push A": "bench press 4x6 80kg\nincline dumbbell press 3x10 24kg\noverhead press 3x8 40kg\n"
            "triceps pushdown 3x12\nlateral raise 3x15 8kg"
        }
        assert await repo.prompts.get_prompt(503) is None


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_typo_in_one_message_is_saved_as_typed_and_done_leaves_it(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        di = Lifter(coach, repo, User(504, 504, "Di"))
        reply = await di.say("/routine new Pull A\nlat pulldwn 3x10\nbarbell row 3x8 60kg")
        assert "✅ Saved <b>Pull A</b> (2 exercises)" in reply
        assert "“lat pulldwn” (line 1): did you mean <b>lat pulldown</b>?" in reply
        assert await routines(repo, 504) == {"Pull A": "lat pulldwn 3x10\nbarbell row 3x8 60kg"}
        assert await asks(repo, 504) == [["lat pulldwn"]]
        await di.say("/routine edit pull a")  # opening the editor drops the typed answer, not the line
        reply = await di.say("done")
        assert "Done editing" in reply and await routines(repo, 504) == {
            "Pull A": "lat pulldwn 3x10\nbarbell row 3x8 60kg"
        }
        assert (await di.say("yes")).startswith(STRAY)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_sets_of_an_exercise_kept_as_typed_are_found_by_progress_under_either_spelling(
    backend, tmp_path, fixture_engine
):
    """A routine line "incline dumbell press" was saved as typed; after two logged sets, /progress under the typo and
    under the right name both said "I have no logged sets of incline dumbbell press yet"."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bo = Lifter(coach, repo, User(511, 511, "Bo"))
        await bo.say("/routine new Arms\nincline dumbell press 2x10 25kg rest 0")
        await bo.say("/workout Arms")
        await bo.say("10")
        await bo.say("10")
        assert await bo.stored() == [("incline dumbell press", "working", 10, 25.0, "kg", None, None, None)] * 2
        for typed in ("incline dumbell press", "Incline Dumbbell Press"):
            shown = await bo.say(f"/progress {typed}")
            assert "no logged sets" not in shown and "1 session" in shown and "25 kg" in shown, typed
