"""`/routine new` without a name asks for it and takes the next message as it (or the exercises, kept for
the name); a question typed instead is answered and the name still asked for; /cancel closes what is
asked. A bare "yes", "no" or "ok" that answers nothing gets a short reply and changes nothing. Through the
Coach on SQLite and PostgreSQL, with what the database holds after each step."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat
from support.workout_chat import stored_routines as routines

from bot.conversation.model import User
from bot.conversation.stray_answers import bare_answer
from bot.training.catalogue import default_catalogue
from bot.training.routine_render import render_lines
from bot.training.routines import RoutineLine

ASK_NAME = "What should the new routine be called?"
NOTHING_ASKED = "Nothing is waiting for a yes or no right now."


async def prompt(repo, user_id):
    return await repo.prompts.get_prompt(user_id)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_routine_new_without_a_name_asks_for_it(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(401, 401, "Ann"))
        assert ASK_NAME in await ann.say("/routine new")
        assert (await prompt(repo, 401))["waiting_for"] == {"step": "name", "lines": ""}

        # a question typed instead is answered as one; the name is still asked for
        answer = await ann.say("how many exercises should a routine have?")
        assert ASK_NAME not in answer and "Saved" not in answer and "Send the exercises" not in answer
        assert (await prompt(repo, 401))["waiting_for"]["step"] == "name"
        assert "I need the routine's name" in await ann.say("ok")  # no routine called "ok"
        assert "Keep the routine name under 40 characters." in await ann.say(
            "My very long push day with all the extras in it"
        )
        assert "Send just the name" in ann.text
        assert await routines(repo, 401) == {}

        assert "Send the exercises for <b>Push A</b>" in await ann.say("Push A")
        assert (await prompt(repo, 401))["waiting_for"] == {"step": "lines", "name": "Push A", "from_prompt": False}
        assert "✅ Saved <b>Push A</b>" in await ann.say("bench press 3x5 80kg")
        assert await routines(repo, 401) == {"Push A": "bench press 3x5 80kg"}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_name_with_its_exercises_or_the_exercises_first(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(402, 402, "Bob"))
        await bob.say("/routine new")
        assert "✅ Saved <b>Legs</b>" in await bob.say("Legs\nsquat 3x5 225lb")
        assert await routines(repo, 402) == {"Legs": "back squat 3x5 225lb"}
        assert await prompt(repo, 402) is None

        # the exercises sent first are kept for the name (and checked before they are kept)
        await bob.say("/routine new")
        assert "Sets go from 1 to 20." in await bob.say("squat 0x5")
        assert "Nothing was saved" in bob.text and (await prompt(repo, 402))["waiting_for"]["lines"] == ""
        assert "Got the exercises" in await bob.say("bench press 3x5 185lb")
        assert "You already have <b>legs</b>" in await bob.say("legs")  # taken: another name is asked for
        assert "Send another name, or /cancel." in bob.text
        assert "✅ Saved <b>Push</b>" in await bob.say("Push")
        assert await routines(repo, 402) == {"Legs": "back squat 3x5 225lb", "Push": "bench press 3x5 185lb"}

        # and on the lines after the command
        assert "Got the exercises" in await bob.say("/routine new\ndeadlift 1x5 315lb")
        assert "✅ Saved <b>Pull</b>" in await bob.say("Pull")
        assert (await routines(repo, 402))["Pull"] == "deadlift 1x5 315lb"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_cancel_closes_what_was_asked(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(403, 403, "Ann"))
        await ann.say("/routine new")
        assert await ann.say("/cancel") == "OK, no new routine; nothing was saved."
        assert await prompt(repo, 403) is None
        assert await ann.say("/cancel") == "Nothing to cancel: I'm not waiting for an answer from you."
        await ann.say("/routine new")
        assert "OK, no new routine" in await ann.say("never mind")
        assert await prompt(repo, 403) is None and await routines(repo, 403) == {}
        # after /cancel a name is a question again, not a routine
        assert "Legs" not in await routines(repo, 403)

        await ann.say("/workout squat 3x5 100kg")
        assert "Your workout is still on" in await ann.say("/cancel")
        assert await repo.workouts.active_session(403) is not None and await ann.stored() == []


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_stray_yes_or_no_changes_nothing(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(404, 404, "Ann"))
        for word in ("yes", "No", "OK!", "okay.", "sure", "yep", "nope", " Y ", "n"):
            reply = await ann.say(word)
            assert reply.startswith(NOTHING_ASKED) and "send /workout to train" in reply, word
        assert await prompt(repo, 404) is None

        await ann.say("/workout squat 3x5 100kg")
        reply = await ann.say("yes")
        assert reply == (
            f"{NOTHING_ASKED} You're on set 1 of back squat: type it like <code>5x100kg</code> or tap ✅ on the card."
        )
        assert ann.labels() == ["↩️ Back to set 1 of back squat"]
        assert await ann.stored() == []
        await ann.say("5")
        await ann.tap("Skip rest ⏭")
        assert "set 2 of back squat" in await ann.say("ok")
        assert await ann.stored() == [("back squat", "working", 5, 100.0, "kg", None, None, None)]

        # a yes that answers "Log it anyway?" still logs the set
        assert "Log it anyway?" in await ann.say("5x300")
        assert "✅" in await ann.say("yes")
        assert [s[3] for s in await ann.stored()] == [100.0, 300.0]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_typed_yes_to_did_you_mean_still_saves(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(405, 405, "Bob"))
        assert "did you mean" in await bob.say("/routine new Pull\nbarbel row 3x8 135lb")
        assert await routines(repo, 405) == {"Pull": "barbel row 3x8 135lb"}  # saved as typed meanwhile
        assert "“barbel row” is now <b>barbell row</b> in <b>Pull</b>" in await bob.say("yes")
        assert await routines(repo, 405) == {"Pull": "barbell row 3x8 135lb"}
        assert (await bob.say("yes")).startswith(NOTHING_ASKED)  # nothing asked any more


def test_only_bare_answers_are_stray():
    for text in ("yes", "YES!!", "no.", "ok", "Okay", "sure", "yep", "nope", "y", "N", "ok 👍", "yes?"):
        assert bare_answer(text), text
    for text in ("yes please", "no pain in my knee", "is it ok to squat daily", "okay so how deep", "", "5", "nah bro"):
        assert not bare_answer(text), text
    assert not bare_answer("yes" + "!" * 4096) and not bare_answer("y" * 4096)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_word_the_editor_reads_as_a_command_is_no_routine_name(backend, tmp_path, fixture_engine):
    # A stranger sent the exercises first, then "done" to finish: "✅ Saved done (1 exercise)".
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(402, 402, "Ann"))
        await ann.say("/routine new")
        assert "Got the exercises. What should the routine be called?" in await ann.say("back squat 3x5 100kg")
        refused = await ann.say("done")
        assert "“done” is a word the routine editor uses; call the routine something else." in refused
        assert await routines(repo, 402) == {}
        assert "✅ Saved <b>Leg Day</b>" in await ann.say("Leg Day")
        assert await routines(repo, 402) == {"Leg Day": "back squat 3x5 100kg"}
        assert "“Cancel” is a word" in await ann.say("/routine new Cancel\nsquat 3x5 100kg")
        assert list(await routines(repo, 402)) == ["Leg Day"]
