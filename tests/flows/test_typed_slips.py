"""A typed set with a slip in it ("5x10O", "5xl00", "5x100kgg") in a workout: a friendly reply that says
nothing was logged, not an answer about the lift (a stranger's walk-through got "Squat setup" for
"5x10O"). Questions that merely start with sets are still answered."""

from datetime import timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User
from bot.conversation.preferences import Preferences, save_preferences

USAGE = 'Send reps, or reps x load: "5", "5x100", "5 @ 102.5" or "5x100 rpe 8".'


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_set_with_a_slip_is_refused_and_logs_nothing(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(71, 71, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        for slip in ("5x10O", "5xl00", "5×1OO", "5 x 100kgg", "1e9", "5E3"):  # "1e9" got the squat-setup answer
            await ann.say(slip)
            assert ann.text == f"I couldn't read “{slip}” as a set, so nothing was logged. {USAGE}", slip
            assert ann.labels() == ["↩️ Back to set 1 of back squat"]
            assert await ann.stored() == []
        await ann.say("5x100")
        assert ann.text.startswith("✅ Back squat set 1: 5 × 100 kg")
        await ann.say("4x10O")  # on the next set, too
        assert ann.text.startswith("I couldn't read “4x10O” as a set") and "Back to set 2" in ann.labels()[0]
        assert await ann.stored() == [("back squat", "working", 5, 100, "kg", None, None, None)]
        # a question that starts with sets is still a question
        await ann.say("5x5 or 3x8 for strength?")
        assert "couldn't read" not in ann.text
        assert await ann.stored() == [("back squat", "working", 5, 100, "kg", None, None, None)]


async def test_a_slip_on_a_pull_up_or_a_run_card_gets_that_kinds_usage(tmp_path, fixture_engine):
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        bo = Lifter(coach, repo, User(72, 72, "Bo"))
        await bo.say("/workout pull-up 2x8")
        await bo.say("8x1O")
        assert bo.text == (
            "I couldn't read “8x1O” as a set, so nothing was logged. Pull-up is logged in reps. "
            'Send reps, with added load or assistance if any: "8", "8 +10kg", "8 -20kg" or "8 assist 20".'
        )
        await bo.say("/workout")  # still on set 1: nothing was logged
        assert "(pull-up, set 1 of 2)" in bo.text
        assert await bo.stored() == []


@pytest.mark.parametrize("backend", BACKENDS)
async def test_load_and_reps_swapped_are_offered_the_right_way_round_in_one_tap(backend, tmp_path, fixture_engine):
    """A stranger's "135x5" on an lb bench got "did you mean 5x135?" with only ↩️ Back to tap."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        user = User(74, 74, "Lu")
        await save_preferences(repo.users, user, Preferences(unit="lb"))
        lu = Lifter(coach, repo, user)
        await lu.say("/workout bench 3x5 135 rest 0")
        assert await lu.say("135x5") == "That's more than 100 reps. Reps come first: did you mean 5 × 135 lb?"
        assert lu.labels() == ["✅ 5 × 135 lb", "✏️ Neither, I'll retype"] and await lu.stored() == []
        await lu.tap("✅ 5 × 135 lb")
        assert await lu.stored() == [("bench press", "working", 5, 135.0, "lb", None, None, None)]
        await lu.say("140x5")
        assert (await lu.say("yes")).startswith("✅ Bench press set 2: 5 × 140 lb")
        await lu.say("5000x5")  # 5,000 lb is no load either: too many reps either way round, nothing to offer
        assert lu.text.startswith("That's more than 100 reps.") and "✅" not in " ".join(lu.labels())
        assert [r[2:5] for r in await lu.stored()] == [(5, 135.0, "lb"), (5, 140.0, "lb")]


SQ = "back squat"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_working_set_far_below_the_target_asks_before_logging(backend, tmp_path, fixture_engine):
    """ "5x10" on a 100 kg target (a dropped zero) was logged silently: only loads far above were checked."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(73, 73, "Ann"))
        await ann.say("/workout squat 3x5 100kg rest 0")
        await ann.say("5x10")
        assert ann.text == "10 kg is less than half this set's target (100 kg). Log it anyway?"
        assert ann.labels() == ["✅ 5 × 10 kg", "✏️ Neither, I'll retype"]
        assert await ann.stored() == []  # nothing stored until answered
        await ann.say("no")  # typed instead of tapped: nothing logged, the card again
        assert ann.text.startswith("👌 Nothing logged. Send the set again.\n\n🏋️ <b>Back squat</b> — set 1 of 3")
        assert "Target: 5 reps @ 100 kg" in ann.text and "✅ Done 5 × 100 kg" in ann.labels()
        assert await ann.stored() == []
        await ann.say("5x10")
        slip = ann.last
        await ann.say("yes")  # exactly what was typed
        assert ann.text.startswith("✅ Back squat set 1: 5 × 10 kg")
        assert await ann.stored() == [(SQ, "working", 5, 10.0, "kg", None, None, None)]
        ann.last = slip  # the question's button, tapped after the typed yes: logged once
        await ann.tap("✅ 5 × 10 kg")
        assert ann.toast == "Already logged: 5 × 10 kg ✅"
        assert await ann.stored() == [(SQ, "working", 5, 10.0, "kg", None, None, None)]
        # the next card carries 10 kg: a slip confirmed is not asked about again
        await ann.say("5x10")
        assert ann.text.startswith("✅ Back squat set 2: 5 × 10 kg")
        await ann.say("5x4")
        assert ann.text == "4 kg is less than half this set's target (10 kg). Log it anyway?"
        clock.now += timedelta(minutes=16)
        await ann.say("yes")  # too late: the question is over, and says so
        assert ann.text.startswith("That question is over, so nothing changed. Here is where you are:")
        assert "Back squat</b> — set 3 of 3" in ann.text and len(await ann.stored()) == 2
        await ann.say("5x4")
        await ann.tap("✏️ Neither, I'll retype")
        await ann.say("yes")  # "Neither" answered it: a yes after it logs nothing
        assert len(await ann.stored()) == 2
        await ann.say("5x4")
        await ann.say("5x4O")  # typed again (with a slip): the question is over
        assert ann.text.startswith("I couldn't read “5x4O” as a set")
        await ann.say("yes")
        await ann.say("5x4")
        await ann.say("100x5")  # another question, of two readings: a yes answers neither
        assert ann.labels() == ["✅ 5 × 100 kg", "✅ 100 × 5 kg", "✏️ Neither, I'll retype"]
        await ann.say("yes")
        assert len(await ann.stored()) == 2


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_set_far_below_the_target_in_lb_is_confirmed_by_its_button(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(74, 74, "Bob"))
        await bob.say("/settings unit lb")
        await bob.say("/workout squat 3x5 225 rest 0")
        await bob.say("5x22.5")
        assert bob.text == "22.5 lb is less than half this set's target (225 lb). Log it anyway?"
        assert await bob.stored() == []
        await bob.tap("✏️ Neither, I'll retype")
        assert "Target: 5 reps @ 225 lb" in bob.text and await bob.stored() == []
        await bob.say("5x225")  # the retyped set logs, and the old question is over
        assert bob.text.startswith("✅ Back squat set 1: 5 × 225 lb")
        await bob.say("5x100")  # 100 lb on 225 lb: under half
        assert bob.text == "100 lb is less than half this set's target (225 lb). Log it anyway?"
        await bob.tap("✅ 5 × 100 lb")
        assert await bob.stored() == [
            (SQ, "working", 5, 225.0, "lb", None, None, None),
            (SQ, "working", 5, 100.0, "lb", None, None, None),
        ]


async def test_drop_sets_burnouts_warmups_and_bodyweight_sets_are_not_asked_about(tmp_path, fixture_engine):
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(75, 75, "Cy"))
        await cy.say("/workout squat 4x5 100kg rest 0")
        await cy.tap("🔥 Warm-up sets")
        await cy.say("10x15")  # lighter than the 20 kg warm-up: still a warm-up
        assert cy.text.startswith("🔥 Back squat warm-up 1: 10 × 15 kg")
        await cy.say("5x100")  # past the ramp: the working sets
        await cy.say("drop 8x40")
        assert cy.text.startswith("✅ Back squat set 2: 8 × 40 kg (drop set)")
        await cy.say("15x40 failure")
        assert cy.text.startswith("✅ Back squat set 3: 15 × 40 kg (to failure)")
        assert [s[:5] for s in await cy.stored()] == [
            (SQ, "warmup", 10, 15.0, "kg"),
            (SQ, "working", 5, 100.0, "kg"),
            (SQ, "drop", 8, 40.0, "kg"),
            (SQ, "failure", 15, 40.0, "kg"),
        ]
        await cy.say("/workout")
        await cy.tap("🏁 Finish")
        await cy.say("/workout pull-up 2x8 +20kg rest 0")
        await cy.say("8 +5kg")  # a bodyweight lift's added load has no "far below"
        assert cy.text.startswith("✅ Pull-up set 1: 8 reps +5 kg")
        await cy.say("8 assist 20")
        assert cy.text.startswith("✅ Pull-up set 2: 8 reps, 20 kg assistance")


def benches(*sets):
    return [("bench press", "working", reps, load, unit, None, None, None) for reps, load, unit in sets]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_bare_number_on_a_card_in_the_other_unit_offers_the_cards_unit_first(backend, tmp_path, fixture_engine):
    """A kg user who started "bench 3x5 185lb" and typed 5x185: the only offer was "5 × 185 kg", a stranger
    tapped it, and with 185 kg as the best, 5x190 then went in as 190 kg without a question."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        kim = Lifter(coach, repo, User(73, 73, "Kim"))
        await kim.say("/workout bench 3x5 185lb rest 0")
        await kim.say("5x185")
        assert kim.text == "185 kg is more than 1.5× this set's target (185 lb). Log it anyway?"
        assert kim.labels() == ["✅ 5 × 185 lb", "✅ 5 × 185 kg", "✏️ Neither, I'll retype"]
        assert await kim.stored() == []
        await kim.tap("✅ 5 × 185 lb")
        assert kim.text.startswith("✅ Bench press set 1: 5 × 185 lb")
        assert await kim.stored() == benches((5, 185, "lb"))
        await kim.say("5x190")  # asked again: bare numbers are kg for this user, and 190 kg is no slip to wave through
        assert kim.text == "190 kg is more than 1.5× your best bench press (185 lb). Log it anyway?"
        assert kim.labels()[:2] == ["✅ 5 × 190 lb", "✅ 5 × 190 kg"]
        await kim.tap("✅ 5 × 190 lb")
        await kim.say("5x190lb")  # the unit typed: no question, logged as typed
        assert kim.text.startswith("✅ Bench press set 3: 5 × 190 lb")
        # the summary speaks the sets' unit throughout (its e1RM was "100.5 kg" beside "volume 2825 lb")
        assert "volume 2825 lb" in kim.text and "• Bench press: 3 sets, 15 reps, best e1RM 221.7 lb" in kim.text
        assert await kim.stored() == benches((5, 185, "lb"), (5, 190, "lb"), (5, 190, "lb"))
        # a slip in the card's unit too (500 lb is far above 190 lb) gets no card-unit offer
        await kim.say("/workout bench 1x5 185lb rest 0")
        await kim.say("5x500")
        assert kim.labels() == ["✅ 5 × 500 kg", "✏️ Neither, I'll retype"]
        assert len(await kim.stored()) == 3


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_typed_yes_or_no_to_a_question_with_two_readings(backend, tmp_path, fixture_engine):
    # A stranger typed "no" and "yes" to "✅ 8 × 232 lb / ✅ 8 × 232 kg?" and got "Nothing is waiting for a yes or no".
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        kim = Lifter(coach, repo, User(74, 74, "Kim"))
        await kim.say("/workout hip thrust 3x8 225lb rest 0")
        await kim.say("8x232")
        assert kim.labels() == ["✅ 8 × 232 lb", "✅ 8 × 232 kg", "✏️ Neither, I'll retype"]
        await kim.say("yes")
        assert kim.text == "Which one? Tap the reading you meant, or send the set again."
        assert kim.labels() == ["✅ 8 × 232 lb", "✅ 8 × 232 kg", "✏️ Neither, I'll retype"]
        assert await kim.stored() == []
        await kim.say("no")
        assert kim.text.startswith("👌 Nothing logged. Send the set again.") and "set 1 of 3" in kim.text
        assert await kim.stored() == []
        await kim.say("8x232")
        await kim.say("yes")
        await kim.tap("✅ 8 × 232 lb")  # the question's button still answers it after a typed yes
        assert kim.text.startswith("✅ Hip thrust set 1: 8 × 232 lb")
        assert await kim.stored() == [("hip thrust", "working", 8, 232, "lb", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_weighted_dip_with_an_rpe_is_logged_whole_and_the_next_line_is_not_taken_for_it(
    backend, tmp_path, fixture_engine
):
    """ "8 +12.5kg rpe 9" got the usage and left the dip card open; the stranger's next line, "12x15" meant for curls,
    went in as "Dip set 3: 12 reps +15 kg" and set the next load."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        mo = Lifter(coach, repo, User(171, 171, "Mo"))
        await mo.say("/workout dips 2x8 rest 0")
        assert (await mo.say("8 +12.5kg rpe 9")).startswith("✅ Dip set 1: 8 reps +12.5 kg @ RPE 9")
        records = await mo.records()
        assert [(r.reps, r.load, r.unit, r.rpe) for r in records] == [(8, 12.5, "kg", 9.0)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_planned_load_after_a_lighter_set_is_not_taken_for_a_slip(backend, tmp_path, fixture_engine):
    """A walker's 5x60 then 5x100 on a 3x5 100 kg plan got "100 kg is more than 1.5× your best (60 kg)"; the same
    on weighted pull-ups (+5, then the planned +10). 1.5× the plan is still asked about."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        uma = Lifter(coach, repo, User(76, 76, "Uma"))
        await uma.say("/workout squat 3x5 100kg rest 0")
        assert (await uma.say("5x60")).startswith("✅ Back squat set 1: 5 × 60 kg")
        assert await uma.say("5x160") == "160 kg is more than 1.5× your target (100 kg). Log it anyway?"
        assert await uma.stored() == [("back squat", "working", 5, 60.0, "kg", None, None, None)]
        assert (await uma.say("5x100")).startswith("✅ Back squat set 2: 5 × 100 kg")
        assert await uma.stored() == [
            ("back squat", "working", 5, 60.0, "kg", None, None, None),
            ("back squat", "working", 5, 100.0, "kg", None, None, None),
        ]
        vic = Lifter(coach, repo, User(77, 77, "Vic"))
        await vic.say("/workout pull-ups 3x8 +10kg rest 0")
        assert (await vic.say("8 +5")).startswith("✅ Pull-up set 1: 8 reps +5 kg")
        assert (await vic.say("8 +10kg")).startswith("✅ Pull-up set 2: 8 reps +10 kg")
        assert await vic.stored() == [
            ("pull-up", "working", 8, 5.0, "kg", None, None, None),
            ("pull-up", "working", 8, 10.0, "kg", None, None, None),
        ]
