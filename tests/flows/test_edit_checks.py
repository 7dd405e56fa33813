"""/edit checks a correction as the card checks a typed set. A walker's "5x1000" for a 100 kg squat was stored at
once (best e1RM 1166.7 kg, "next time 1000 kg"); an lb account's "8x135" on a 60 kg bench set became 135 kg; and a
correction equal to the set got no reply at all. Through the Coach, on SQLite and PostgreSQL: the replies and the
stored sets after each step."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User

SQUAT = "back squat"
NEITHER = "✏️ Neither, I'll retype"


def squat(reps: int, load: float, unit: str = "kg") -> tuple:
    return (SQUAT, "working", reps, load, unit, None, None, None)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_an_edit_far_above_the_best_is_asked_about_and_changes_nothing_until_confirmed(
    backend, tmp_path, fixture_engine
):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(141, 141, "Ann"))
        await ann.say("/workout squat 3x5 100kg rest 0")
        await ann.say("5")
        await ann.say("/edit")
        await ann.tap("back squat set 1: 5 × 100 kg")
        asked = await ann.say("5x1000")
        assert asked == "1000 kg is more than 1.5× your best back squat (100 kg). Log it anyway?"
        assert ann.labels() == ["✅ 5 × 1000 kg", NEITHER]
        assert await ann.stored() == [squat(5, 100)]

        # "Neither" asks for the correction again: what is typed next corrects set 1, it is not set 2
        again = await ann.tap(NEITHER)
        assert again.startswith("✏️ Back squat set 1 is logged as 5 × 100 kg. Send the corrected set")
        assert (await ann.say("6x100")).startswith("✏️ Back squat set 1: 6 × 100 kg (was 5 × 100 kg).")
        assert await ann.stored() == [squat(6, 100)]

        # a typed "no" changes nothing and asks for the correction again
        await ann.say("/edit")
        await ann.tap("back squat set 1: 6 × 100 kg")
        assert (await ann.say("6x1000")).endswith("Log it anyway?")
        refused = await ann.say("no")
        assert refused.startswith("👌 Nothing changed.\n\n✏️ Back squat set 1 is logged as 6 × 100 kg."), refused
        assert await ann.stored() == [squat(6, 100)]

        # the tap stores it; a second tap on the same button changes nothing more
        assert (await ann.say("6x1000")).endswith("Log it anyway?")
        confirm = next(b.data for r in ann.last for row in r.buttons for b in row if b.label == "✅ 6 × 1000 kg")
        done = await ann.tap("✅ 6 × 1000 kg")
        assert done == "✏️ Back squat set 1: 6 × 1000 kg (was 6 × 100 kg)."
        assert ann.labels() == ["↩️ Back to set 2 of back squat"]
        assert await ann.stored() == [squat(6, 1000)]
        second = await coach.callback(ann.user, confirm, tap_id="second-tap")
        assert (second.replies, second.toast) == ([], "Already corrected ✅")
        assert await ann.stored() == [squat(6, 1000)]

        # and the workout goes on at set 2 at the card's 100 kg
        assert (await ann.say("5")).startswith("✅ Back squat set 2: 5 × 100 kg")
        assert await ann.stored() == [squat(6, 1000), squat(5, 100)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_typed_yes_confirms_an_edit_and_an_edit_far_below_the_target_is_asked_too(
    backend, tmp_path, fixture_engine
):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bea = Lifter(coach, repo, User(142, 142, "Bea"))
        await bea.say("/workout squat 3x5 100kg rest 0")
        await bea.say("5")
        await bea.say("5")
        await bea.say("/edit")
        await bea.tap("back squat set 2: 5 × 100 kg")
        assert await bea.say("5x1000") == "1000 kg is more than 1.5× your best back squat (100 kg). Log it anyway?"
        assert await bea.stored() == [squat(5, 100), squat(5, 100)]
        yes = await bea.say("yes")
        assert yes == "✏️ Back squat set 2: 5 × 1000 kg (was 5 × 100 kg)."
        assert await bea.stored() == [squat(5, 100), squat(5, 1000)]

        # a dropped digit is asked about as on the card
        await bea.say("/edit")
        await bea.tap("back squat set 1: 5 × 100 kg")
        assert await bea.say("5x10") == "10 kg is less than half this set's target (100 kg). Log it anyway?"
        assert bea.labels() == ["✅ 5 × 10 kg", NEITHER]
        assert await bea.stored() == [squat(5, 100), squat(5, 1000)]
        # a set typed instead of an answer is the next set of the workout, and the question is over
        assert (await bea.say("5x100")).startswith("✅ Back squat set 3: 5 × 100 kg")
        assert (await bea.say("yes")).startswith("Nothing is waiting for a yes or no")
        assert await bea.stored() == [squat(5, 100), squat(5, 1000), squat(5, 100)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_bare_number_in_an_edit_is_the_accounts_unit(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        # the walker's lb account: a set typed in kg, corrected with a bare number meant in lb
        cal = Lifter(coach, repo, User(143, 143, "Cal"))
        await cal.say("/settings unit lb")
        await cal.say("/workout bench press 3x5 rest 0")
        assert (await cal.say("8 reps 60kg")).startswith("✅ Bench press set 1: 8 × 60 kg")
        assert await cal.stored() == [("bench press", "working", 8, 60.0, "kg", None, None, None)]
        await cal.say("/edit")
        await cal.tap("bench press set 1: 8 × 60 kg")
        fixed = await cal.say("8x135")
        assert fixed == "✏️ Bench press set 1: 8 × 135 lb (was 8 × 60 kg)."
        assert await cal.stored() == [("bench press", "working", 8, 135.0, "lb", None, None, None)]

        # a bare number that is a slip in the account's unit offers the set's own unit first, as the card does
        dan = Lifter(coach, repo, User(144, 144, "Dan"))
        await dan.say("/workout hip thrust 3x8 225lb rest 0")
        await dan.say("8")
        await dan.say("/edit")
        await dan.tap("hip thrust set 1: 8 × 225 lb")
        asked = await dan.say("8x232")
        assert asked == "232 kg is more than 1.5× your best hip thrust (225 lb). Log it anyway?"
        assert dan.labels() == ["✅ 8 × 232 lb", "✅ 8 × 232 kg", NEITHER]
        assert await dan.stored() == [("hip thrust", "working", 8, 225.0, "lb", None, None, None)]
        assert (await dan.say("yes")).startswith("Which one? Tap the reading you meant")
        assert await dan.stored() == [("hip thrust", "working", 8, 225.0, "lb", None, None, None)]
        assert (await dan.tap("✅ 8 × 232 lb")) == "✏️ Hip thrust set 1: 8 × 232 lb (was 8 × 225 lb)."
        assert await dan.stored() == [("hip thrust", "working", 8, 232.0, "lb", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_an_edit_that_changes_nothing_says_so_and_the_prompt_stays_open(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        eve = Lifter(coach, repo, User(145, 145, "Eve"))
        await eve.say("/workout squat 3x5 rest 0")
        assert (await eve.say("5x135")).startswith("✅ Back squat set 1: 5 × 135 kg")
        await eve.say("/edit")
        await eve.tap("back squat set 1: 5 × 135 kg")
        [same] = await coach.text(eve.user, "5x135", message_id=900)
        assert same.text == (
            "That's what back squat set 1 already says (5 × 135 kg), so nothing changed. "
            "For pounds, type <code>5x135lb</code>."
        )
        assert await eve.stored() == [squat(5, 135)]
        events = [e.type for e in await repo.workouts.events((await repo.workouts.active_session(145)).id)]
        assert "set_edited" not in events
        assert await coach.text(eve.user, "5x135", message_id=900) == []  # the same update delivered again
        assert await eve.stored() == [squat(5, 135)]
        # the prompt is still open: the pounds go to set 1, not to set 2
        fixed = await eve.say("5x135lb")
        assert fixed == "✏️ Back squat set 1: 5 × 135 lb (was 5 × 135 kg)."
        assert await eve.stored() == [squat(5, 135, "lb")]

        # a unit typed with it names no other unit
        await eve.say("/edit")
        await eve.tap("back squat set 1: 5 × 135 lb")
        assert await eve.say("5x135lb") == (
            "That's what back squat set 1 already says (5 × 135 lb), so nothing changed."
        )
        assert await eve.stored() == [squat(5, 135, "lb")]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_finished_workouts_edit_from_history_is_asked_about_too_and_cancel_keeps_the_set(
    backend, tmp_path, fixture_engine
):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        fay = Lifter(coach, repo, User(146, 146, "Fay"))
        await fay.say("/workout squat 2x5 100kg rest 0")
        await fay.say("5")
        assert "🏁" in await fay.say("5")
        assert await fay.stored() == [squat(5, 100), squat(5, 100)]
        await fay.say("/history")
        await fay.tap("1")
        await fay.tap("✏️ Edit a set")
        await fay.tap("back squat set 2: 5 × 100 kg")
        assert await fay.say("5x1000") == "1000 kg is more than 1.5× your best back squat (100 kg). Log it anyway?"
        assert await fay.say("/cancel") == "OK, the set stays as it was."
        assert (await fay.say("yes")).startswith("Nothing is waiting for a yes or no")
        assert await fay.stored() == [squat(5, 100), squat(5, 100)]

        await fay.say("/history")
        await fay.tap("1")
        await fay.tap("✏️ Edit a set")
        await fay.tap("back squat set 2: 5 × 100 kg")
        assert (await fay.say("5x1000")).endswith("Log it anyway?")
        assert await fay.tap("✅ 5 × 1000 kg") == "✏️ Back squat set 2: 5 × 1000 kg (was 5 × 100 kg)."
        assert fay.labels() == []  # no workout running: no way back to one
        assert await fay.stored() == [squat(5, 100), squat(5, 1000)]
