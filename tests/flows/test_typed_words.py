"""Words typed on a set card ("done", "same", "skip", "next", "finish") do what the card's buttons do. A Strong
user's "done" had been answered with an article on the bench press bar path, and nothing was logged. Through the
Coach, on SQLite and PostgreSQL: the replies and the stored sets after each step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User

BENCH = ("bench press", "working", 5, 185.0, "lb", None, None, None)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_done_same_and_skip_log_like_the_buttons(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        fay = Lifter(coach, repo, User(161, 161, "Fay"))
        await fay.say("/workout bench press 4x5 185lb rest 0")
        assert (await fay.say("done")).startswith("✅ Bench press set 1: 5 × 185 lb")
        assert await fay.stored() == [BENCH]
        await fay.say("6x190lb")
        assert (await fay.say("Same!")).startswith("✅ Bench press set 3: 6 × 190 lb")  # the set before, again
        assert await fay.stored() == [BENCH, *[("bench press", "working", 6, 190.0, "lb", None, None, None)] * 2]
        skipped = await fay.say("skip")
        assert "Set 4 of 3" not in skipped and await fay.stored() == [
            BENCH,
            *[("bench press", "working", 6, 190.0, "lb", None, None, None)] * 2,
        ]
        assert "Nothing is logged" not in skipped


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_redelivered_done_logs_one_set(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        gus = Lifter(coach, repo, User(162, 162, "Gus"))
        await gus.say("/workout bench press 3x5 185lb rest 0")
        await coach.text(gus.user, "done", message_id=500)
        again = await coach.text(gus.user, "done", message_id=500)  # Telegram sent the same update twice
        assert await gus.stored() == [BENCH]
        assert not any("✅ Bench press set 2" in r.text for r in again)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_next_asks_and_finish_asks_before_ending(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ida = Lifter(coach, repo, User(163, 163, "Ida"))
        await ida.say("/workout bench press 3x5 185lb rest 0")
        nxt = await ida.say("next")
        assert nxt == (
            "“next”: you're on set 1 of bench press. Tap ✅ to log it as the card shows, or ⏭ to skip it. "
            "Nothing is logged yet."
        )
        assert await ida.stored() == []
        assert (await ida.tap("✅ Log it as on the card")).startswith("✅ Bench press set 1: 5 × 185 lb")
        finish = await ida.say("finish")
        assert finish.startswith("Finish now? 2 sets not done yet") and "🏁 Finish now" in ida.labels()
        assert await ida.stored() == [BENCH]
        assert (await repo.workouts.active_session(ida.user.id)) is not None  # asked, not ended


@pytest.mark.parametrize("backend", BACKENDS)
async def test_skip_during_a_rest_skips_the_rest_not_the_next_set(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        jo = Lifter(coach, repo, User(164, 164, "Jo"))
        await jo.say("/workout bench press 3x5 185lb rest 120")
        assert "⏱ Rest 2:00" in await jo.say("done")
        card = await jo.say("skip")
        assert "<b>Bench press</b> — set 2 of 3" in card and "Target: 5 reps @ 185 lb" in card
        assert await jo.stored() == [BENCH]
        assert (await jo.say("done")).startswith("✅ Bench press set 2: 5 × 185 lb")  # set 2 was not skipped
        assert await jo.stored() == [BENCH, BENCH]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_words_with_no_workout_or_inside_a_question_are_questions(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        kim = Lifter(coach, repo, User(165, 165, "Kim"))
        assert "✅" not in await kim.say("done")  # no workout: nothing to log, nothing crashes
        await kim.say("/workout bench press 3x5 185lb rest 0")
        await kim.say("is it ok to skip leg day")  # a question that contains a word
        assert await kim.stored() == []
        amrap = Lifter(coach, repo, User(166, 166, "Lu"))
        await amrap.say("/workout squat 3xAMRAP 100kg rest 0")
        reply = await amrap.say("done")
        assert "Nothing is logged yet" in reply and "Type it" in reply and await amrap.stored() == []


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_time_typed_on_a_reps_card_says_so_and_logs_nothing(backend, tmp_path, fixture_engine):
    """ "1:00" on a dip card got "no workout or question is waiting for one" in the middle of a workout."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ned = Lifter(coach, repo, User(167, 167, "Ned"))
        await ned.say("/workout dips 2x8 rest 0")
        reply = await ned.say("1:00")
        assert reply == (
            "“1:00” doesn't fit the card for dip, so nothing was logged. "
            "Type the set the way the card asks, or tap ✅ on it."
        )
        assert ned.labels() == ["↩️ Back to set 1 of dip"] and await ned.stored() == []


@pytest.mark.parametrize("backend", BACKENDS)
async def test_same_after_a_drop_set_is_another_drop_set_and_keeps_the_working_load(backend, tmp_path, fixture_engine):
    """ "same" after a drop set logged 6 x 40 kg as a working set: the next card dropped to 40 kg's neighbourhood."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ada = Lifter(coach, repo, User(168, 168, "Ada"))
        await ada.say("/workout bench press 4x8 60kg rest 0")
        await ada.say("done")
        await ada.say("drop 6x40")
        assert (await ada.say("same")).startswith("✅ Bench press set 3: 6 × 40 kg (drop set)")
        assert await ada.stored() == [
            ("bench press", "working", 8, 60.0, "kg", None, None, None),
            ("bench press", "drop", 6, 40.0, "kg", None, None, None),
            ("bench press", "drop", 6, 40.0, "kg", None, None, None),
        ]
        assert "Target: 8 reps @ 60 kg" in ada.text  # set 4's card keeps the working load


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_drop_set_heavier_than_the_card_is_refused(backend, tmp_path, fixture_engine):
    """ "drop 8x80" in the rest after the squats went onto the 60 kg bench card, and became bench's best e1RM."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bea = Lifter(coach, repo, User(169, 169, "Bea"))
        await bea.say("/workout squat 2x5 100kg; bench press 2x8 60kg")
        await bea.say("done")
        clock.now += timedelta(minutes=3)  # the rest, then set 2
        await bea.say("done")
        reply = await bea.say("drop 8x80")
        assert reply == (
            "80 kg is heavier than this card's 60 kg (bench press), so it can't be a drop set of it, and nothing was "
            "logged. To log it as a set of this card, send it without “drop”."
        )
        assert await bea.stored() == [("back squat", "working", 5, 100.0, "kg", None, None, None)] * 2


@pytest.mark.parametrize("backend", BACKENDS)
async def test_done_after_the_workout_ended_says_nothing_is_running(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(170, 170, "Cy"))
        await cy.say("/workout bench press 1x5 60kg rest 0")
        assert "🏁" in await cy.say("done")  # the last set ends the workout
        for word in ("done", "same", "finish", "skip exercise"):
            assert await cy.say(word) == (
                "No workout is running, so nothing was logged. Your last one is in /history; /workout starts another."
            )
        assert await cy.stored() == [("bench press", "working", 5, 60.0, "kg", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_skip_exercise_skips_the_sets_left_of_it_and_moves_to_the_next(backend, tmp_path, fixture_engine):
    """ "skip exercise" and "next exercise" on a set card got articles, and nothing was skipped."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        dot = Lifter(coach, repo, User(172, 172, "Dot"))
        await dot.say("/workout squat 3x5 100kg; bench press 2x8 60kg rest 0")
        await dot.say("done")
        reply = await dot.say("skip exercise")
        assert reply.startswith("⏭ Skipped the rest of back squat (2 sets); /undo brings back the last.")
        assert "<b>Bench press</b> — set 1 of 2" in reply and "Target: 8 reps @ 60 kg" in reply
        assert await dot.stored() == [("back squat", "working", 5, 100.0, "kg", None, None, None)]
        assert (await dot.say("done")).startswith("✅ Bench press set 1: 8 × 60 kg")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_done_right_after_a_typed_set_asks_before_logging_another(backend, tmp_path, fixture_engine):
    """A walker typed "5x100" and then "done" (done with that set): the "done" logged set 2 one second later."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        max_ = Lifter(coach, repo, User(167, 167, "Max"))
        await max_.say("/workout squat 3x5 100kg rest 180")
        assert (await max_.say("5x100")).startswith("✅ Back squat set 1: 5 × 100 kg")
        asked = await max_.say("done")
        assert asked.startswith("“done”: your last set was logged just now, so I haven't logged set 2 of back squat")
        assert await max_.stored() == [("back squat", "working", 5, 100.0, "kg", None, None, None)]
        assert (await max_.tap("✅ Log it as on the card")).startswith("✅ Back squat set 2: 5 × 100 kg")  # catching up
        assert await max_.stored() == [("back squat", "working", 5, 100.0, "kg", None, None, None)] * 2
        clock.now += timedelta(seconds=150)  # resting, then the set: "done" logs it
        assert (await max_.say("done")).startswith("✅ Back squat set 3: 5 × 100 kg")
        assert await max_.stored() == [("back squat", "working", 5, 100.0, "kg", None, None, None)] * 3


@pytest.mark.parametrize("backend", BACKENDS)
async def test_same_after_warm_ups_asks_instead_of_logging_a_warm_up_as_a_work_set(backend, tmp_path, fixture_engine):
    """A walker's "same" on set 1 after four warm-ups logged the last warm-up's 1 × 65 kg as a work set."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ned = Lifter(coach, repo, User(173, 173, "Ned"))
        await ned.say("/workout bench press 3x5 80kg rest 0")
        await ned.tap("🔥 Warm-up sets")
        warmups = 0
        while "<b>Bench press</b> — set 1 of 3" not in ned.text and warmups < 6:
            await ned.tap(next(label for label in ned.labels() if label.startswith("✅ Done")))
            warmups += 1
            if "Skip rest ⏭" in ned.labels():
                await ned.tap("Skip rest ⏭")
        stored = await ned.stored()
        assert warmups >= 2 and all(row[1] == "warmup" for row in stored) and len(stored) == warmups
        reply = await ned.say("same")
        assert reply.startswith("“same”: there's no earlier work set of bench press in this workout to repeat, so")
        assert "nothing is logged" in reply and await ned.stored() == stored
        assert (await ned.say("5x80")).startswith("✅ Bench press set 1: 5 × 80 kg")
        assert (await ned.say("same")).startswith("✅ Bench press set 2: 5 × 80 kg")  # now there is one
        assert await ned.stored() == [*stored, *[("bench press", "working", 5, 80.0, "kg", None, None, None)] * 2]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_same_as_last_time_logs_the_set_the_card_shows_from_last_time(backend, tmp_path, fixture_engine):
    """ "same as last" logged this session's target (8 × 62.5 kg) though the card said last time was 8 × 60 kg, and
    "same as last time" got an article."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ora = Lifter(coach, repo, User(174, 174, "Ora"))
        first = await ora.say("/workout bench press 2x8 60lb rest 0")
        assert "60 lb" in first
        for _ in range(2):
            await ora.say("8")
        clock.now += timedelta(days=2)
        await ora.say("/workout bench press")
        assert "Last time, set 1: 8 × 60 lb" in ora.text
        assert (await ora.say("same as last time")).startswith("✅ Bench press set 1: 8 × 60 lb")
        none_yet = Lifter(coach, repo, User(175, 175, "Pia"))
        await none_yet.say("/workout bench press 2x5 50kg rest 0")
        reply = await none_yet.say("same as last time")
        assert reply.startswith("“same as last time”: there's no last time for set 1 of bench press yet, so nothing")
        assert await none_yet.stored() == []
        history = [r for r in await ora.stored() if r[0] == "bench press"]
        assert history == [("bench press", "working", 8, 60.0, "lb", None, None, None)] * 3
