"""Warm-up ramps: rounded to the user's plates (kg and lb), shown with the plate breakdown, logged as
warm-ups, and never counted in the summary, records or next time's load. Through the Coach, on
SQLite and PostgreSQL, asserting the replies and the rows after each step."""

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User
from bot.conversation.preferences import Preferences, save_preferences
from bot.training.plates import DEFAULT_PLATES
from bot.training.programs import ExerciseBlock, Program
from bot.training.warmups import plate_text, warmup_ramp


def test_ramp_in_kg_rounds_each_step_to_the_plates():
    kg = DEFAULT_PLATES["kg"]
    assert warmup_ramp(100, bar=20, plates=kg) == [(10, 20), (5, 40), (3, 60), (1, 80)]
    # 57 -> 57.5, 85.5 -> 85, 114 -> 115: the closest loads 1.25 kg plates make
    assert warmup_ramp(142.5, bar=20, plates=kg) == [(10, 20), (5, 57.5), (3, 85), (1, 115)]
    # only 20, 10 and 5 kg plates: 57 -> 60, 85.5 -> 90, 114 -> 110
    assert warmup_ramp(142.5, bar=20, plates=[20, 10, 5]) == [(10, 20), (5, 60), (3, 90), (1, 110)]
    # a light working load: steps that round to the bar (or repeat) are dropped
    assert warmup_ramp(30, bar=20, plates=kg) == [(10, 20), (1, 25)]
    assert warmup_ramp(20, bar=20, plates=kg) == [] and warmup_ramp(15, bar=20, plates=kg) == []


def test_ramp_in_lb_uses_the_lb_bar_and_plates():
    lb = DEFAULT_PLATES["lb"]
    assert warmup_ramp(225, bar=45, plates=lb) == [(10, 45), (5, 90), (3, 135), (1, 180)]
    # 126 -> 125, 189 -> 190, 252 -> 250: 5 lb steps (2.5 lb a side), the closer one
    assert warmup_ramp(315, bar=45, plates=lb) == [(10, 45), (5, 125), (3, 190), (1, 250)]
    assert plate_text(135, bar=45, plates=lb, unit="lb") == "🏋️ 45 lb bar + per side: 45"
    assert plate_text(45, bar=45, plates=lb, unit="lb") == "🏋️ Just the bar (45 lb)"
    assert plate_text(46, bar=45, plates=lb, unit="lb") == ""  # not a load the plates make: no breakdown


@pytest.mark.parametrize("backend", BACKENDS)
async def test_warmups_offered_on_a_barbell_lift_logged_as_warmups_and_left_out_of_the_work(
    backend, tmp_path, fixture_engine
):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(71, 71, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        assert "<b>Back squat</b> — set 1 of 3" in ann.text and "🔥 Warm-up sets" in ann.labels()
        await ann.tap("🔥 Warm-up sets")
        card = ann.last[0]
        assert card.edit and card.text.splitlines()[:3] == [
            "🔥 <b>Back squat</b> — warm-up 1 of 4",
            "Target: 10 reps @ 20 kg",
            "🏋️ Just the bar (20 kg)",
        ]
        assert "🔥 Warm-up sets" not in ann.labels() and "➕ Set" not in ann.labels()  # offered once, ramp as a whole
        assert await ann.stored() == []  # planning the ramp logs nothing
        await ann.tap("✅ Done 10 × 20 kg")
        assert ann.last[0].text == "🔥 Back squat warm-up 1: 10 × 20 kg"
        assert "Next: back squat, warm-up 2 of 4." in ann.last[1].text and "Rest 1:00" in ann.last[1].text
        await ann.tap("Skip rest ⏭")
        assert "Target: 5 reps @ 40 kg\n🏋️ 20 kg bar + per side: 10" in ann.text
        await ann.say("5")
        await ann.tap("Skip rest ⏭")
        assert "Target: 3 reps @ 60 kg\n🏋️ 20 kg bar + per side: 20" in ann.text
        await ann.say("3")
        await ann.tap("Skip rest ⏭")
        assert "Target: 1 rep @ 80 kg\n🏋️ 20 kg bar + per side: 25 + 5" in ann.text
        await ann.say("1")
        assert "Next: back squat, set 1 of 3." in ann.text
        await ann.tap("Skip rest ⏭")
        # the working set after the ramp keeps its load (a warm-up never carries into it) and shows its plates
        assert "set 1 of 3\nTarget: 5 reps @ 100 kg\n🏋️ 20 kg bar + per side: 25 + 15" in ann.text
        warmups = [
            ("back squat", "warmup", 10, 20, "kg", None, None, None),
            ("back squat", "warmup", 5, 40, "kg", None, None, None),
            ("back squat", "warmup", 3, 60, "kg", None, None, None),
            ("back squat", "warmup", 1, 80, "kg", None, None, None),
        ]
        assert await ann.stored() == warmups
        for reps in ("5", "5", "5"):
            await ann.say(reps)
        summary = ann.last[0].text
        # 3 working sets, 15 reps, 1500 kg: the 4 warm-ups (19 reps, 340 kg) are listed apart and count for nothing
        assert "3 sets, 15 reps, volume 1500 kg. Plus 4 warm-up sets." in summary
        assert "• Back squat: 3 sets, 15 reps, best e1RM 116.7 kg" in summary
        assert "Next time, back squat 5 reps: 102.5 kg (all 3 sets reached 5 at 100 kg → 102.5 kg)" in summary
        assert await ann.stored() == warmups + [("back squat", "working", 5, 100, "kg", None, None, None)] * 3
        records = await ann.records()
        assert [r.counts for r in records] == [False] * 4 + [True] * 3
        await ann.say("/history")  # counts the sets the way the summary does
        assert "Quick: back squat: 3 sets + 4 warm-ups, top 5 × 100 kg" in ann.text

        # Next session starts from the working sets' progression, not from a warm-up
        await ann.say("/workout squat 3x5")
        assert "Target: 5 reps @ 102.5 kg" in ann.text and "📈 From last time: all 3 sets reached 5" in ann.text
        assert "🔥 Warm-up sets" in ann.labels()  # offered again: this time's ramp comes from 102.5 kg
        await ann.tap("🔥 Warm-up sets")
        assert "warm-up 4 of 4" not in ann.text and "Target: 10 reps @ 20 kg" in ann.text
        session = await repo.workouts.active_session(71)
        assert [(e.type, e.payload["sets"]) for e in await repo.workouts.events(session.id)] == [
            ("warmups_added", [[10, 20.0], [5, 40.0], [3, 62.5], [1, 82.5]])  # 41 -> 40, 61.5 -> 62.5, 82 -> 82.5
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_warmups_in_lb_with_the_users_own_bar_and_plates(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        user = User(72, 72, "Bo")
        await save_preferences(repo.users, user, Preferences(unit="lb", bar_weight=35, plates=[45, 25, 10, 5]))
        bo = Lifter(coach, repo, user)
        await bo.say("/workout bench press 3x5 185lb")
        await bo.tap("🔥 Warm-up sets")
        # 74 -> 75 (35 + 2 x 20), 111 -> 115 (35 + 2 x 40), 148 -> 145 (35 + 2 x 55)
        assert bo.text.splitlines()[:3] == [
            "🔥 <b>Bench press</b> — warm-up 1 of 4",
            "Target: 10 reps @ 35 lb",
            "🏋️ Just the bar (35 lb)",
        ]
        cards = []
        for reps in ("10", "5", "3", "1"):
            cards.append(bo.text.splitlines()[1:3])
            await bo.say(reps)
            await bo.tap("Skip rest ⏭")
        assert cards == [
            ["Target: 10 reps @ 35 lb", "🏋️ Just the bar (35 lb)"],
            ["Target: 5 reps @ 75 lb", "🏋️ 35 lb bar + per side: 10 + 10"],
            ["Target: 3 reps @ 115 lb", "🏋️ 35 lb bar + per side: 25 + 10 + 5"],
            ["Target: 1 rep @ 145 lb", "🏋️ 35 lb bar + per side: 45 + 10"],
        ]
        assert [(r.set_type, r.reps, r.load, r.unit) for r in await bo.records()] == [
            ("warmup", 10, 35, "lb"),
            ("warmup", 5, 75, "lb"),
            ("warmup", 3, 115, "lb"),
            ("warmup", 1, 145, "lb"),
        ]
        assert "set 1 of 3\nTarget: 5 reps @ 185 lb\n🏋️ 35 lb bar + per side: 45 + 25 + 5" in bo.text


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_block_that_asks_for_warmups_gets_them_once_its_weight_is_known(backend, tmp_path, fixture_engine):
    programs = {
        "strength": Program(
            id="strength",
            title="Strength day",
            blocks=[
                ExerciseBlock(exercise="deadlift", sets=2, reps_min=5, reps_max=5, warmup=True, rest_seconds=180),
                ExerciseBlock(exercise="hip thrust", sets=1, reps_min=8, reps_max=8, load=80, warmup=True),
            ],
        )
    }
    async with chat(backend, tmp_path, fixture_engine, programs) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(73, 73, "Cy"))
        await cy.say("/workout")
        await cy.tap("📋 Strength day")
        # the hip thrust's block gives its load, so its ramp is planned now; the deadlift's weight is not known yet
        assert "💪 <b>Strength day</b> — 3 sets and 4 warm-up sets." in cy.text
        assert "What's your working weight?" in cy.text and "🔥 Warm-up sets" not in cy.labels()
        await cy.tap("100 kg")
        assert cy.last[0].text.splitlines()[:3] == [
            "🔥 <b>Deadlift</b> — warm-up 1 of 4",
            "Target: 10 reps @ 20 kg",
            "🏋️ Just the bar (20 kg)",
        ]
        for reps in ("10", "5", "3", "1", "5", "5"):
            await cy.say(reps)
        # the hip thrust (a barbell lift whose load the block gives) had its ramp planned from the start
        assert "Next: hip thrust, warm-up 1 of 4." in cy.text
        stored = [(r.exercise, r.set_type, r.reps, r.load) for r in await cy.records()]
        assert stored == [
            ("deadlift", "warmup", 10, 20),
            ("deadlift", "warmup", 5, 40),
            ("deadlift", "warmup", 3, 60),
            ("deadlift", "warmup", 1, 80),
            ("deadlift", "working", 5, 100),
            ("deadlift", "working", 5, 100),
        ]
        for reps in ("10", "5", "3", "1", "8"):
            await cy.say(reps)
        assert (
            "🏁 <b>Strength day</b>" in cy.text and "3 sets, 18 reps, volume 1640 kg. Plus 8 warm-up sets." in cy.text
        )
        # the same workout again: both ramps planned afresh from this time's loads, none carried over
        await cy.say("/workout")
        await cy.tap("🔁 Again: Strength day")
        assert "💪 <b>Strength day</b> — 3 sets and 8 warm-up sets." in cy.text
        assert "🔥 <b>Deadlift</b> — warm-up 1 of 4" in cy.text


@pytest.mark.parametrize("backend", BACKENDS)
async def test_undoing_a_warm_up_says_warm_up(backend, tmp_path, fixture_engine):
    """Seen in a stranger's run: /undo of a warm-up said "Bench press set 2"."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ivy = Lifter(coach, repo, User(96, 96, "Ivy"))
        await ivy.say("/workout bench press 3x5 100kg")
        await ivy.tap("🔥 Warm-up sets")
        assert (await ivy.say("10")).startswith("🔥 Bench press warm-up 1: 10 × 20 kg")
        assert (await ivy.say("/undo")).startswith("↩️ Undone: Bench press warm-up 1 (10 × 20 kg).")
        assert await ivy.stored() == []


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_working_weight_typed_on_a_warmup_card_skips_the_ramp_and_counts(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        user = User(73, 73, "Cy")
        await save_preferences(repo.users, user, Preferences(unit="lb"))
        cy = Lifter(coach, repo, user)
        await cy.say("/workout bench press 3x5 185lb")
        await cy.tap("🔥 Warm-up sets")
        await cy.say("10")  # the bar, as the ramp says
        await cy.tap("Skip rest ⏭")
        assert "Target: 5 reps @ 75 lb" in cy.text
        await cy.say("5x185")  # straight to the working weight
        assert cy.text.splitlines()[:2] == [
            "🔥 That's your working weight, so I skipped the 3 warm-ups left.",
            "✅ Bench press set 1: 5 × 185 lb",
        ]
        assert "Next: bench press, set 2 of 3." in cy.text
        assert [(r.set_type, r.set_number, r.reps, r.load, r.unit) for r in await cy.records()] == [
            ("warmup", 1, 10, 45, "lb"),
            ("working", 1, 5, 185, "lb"),
        ]
        await cy.say("/undo")  # takes back the working set only; the skips stay skipped
        assert "Undone: Bench press set 1 (5 × 185 lb)" in cy.text and "set 1 of 3" in cy.text
        assert [(r.set_type, r.reps, r.load) for r in await cy.records()] == [("warmup", 10, 45)]
        await cy.say("5x185")
        await cy.tap("Skip rest ⏭")
        await cy.say("5x95")  # a light set typed on a working card is just that set, no ramp logic
        assert [(r.set_type, r.set_number, r.reps, r.load) for r in await cy.records()][1:] == [
            ("working", 1, 5, 185),
            ("working", 2, 5, 95),
        ]
        await cy.tap("Skip rest ⏭")
        await cy.say("5x185")
        assert "🏁" in cy.text and "skipped" not in cy.text  # the warm-ups passed over are not "skipped sets"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_warmup_weight_typed_on_a_warmup_card_stays_a_warmup(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        dee = Lifter(coach, repo, User(74, 74, "Dee"))
        await dee.say("/workout squat 3x5 100kg")
        await dee.tap("🔥 Warm-up sets")
        await dee.say("10x20")
        assert "🔥 Back squat warm-up 1: 10 × 20 kg" in dee.text and "skipped" not in dee.text
        await dee.tap("Skip rest ⏭")
        await dee.say("5x50")  # heavier than the ramp says, still far from 100 kg: a warm-up
        assert [(r.set_type, r.reps, r.load) for r in await dee.records()] == [("warmup", 10, 20), ("warmup", 5, 50)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_warmups_are_called_warm_ups_in_edit_skip_undo_back_buttons_and_history(
    backend, tmp_path, fixture_engine
):
    """A stranger's walk-through: /edit listed warm-up 1 as "back squat set 1", the name of the first
    working set too, and the back button said "set 2" on a warm-up."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(73, 73, "Cy"))
        warm = [("back squat", "warmup", 10, 20.0, "kg", None, None, None)]
        await cy.say("/workout squat 2x5 100kg rest 0")
        await cy.tap("🔥 Warm-up sets")
        await cy.tap("✅ Done 10 × 20 kg")
        assert cy.last[0].text == "🔥 Back squat warm-up 1: 10 × 20 kg" and "↩️ Undo warm-up 1" in cy.labels()
        await cy.tap("Skip rest ⏭")
        assert (await cy.tap("⏭ Skip set")).startswith("⏭ Skipped back squat warm-up 2.")
        assert "↩️ Undo skip of warm-up 2" in cy.labels() and "set 2" not in " ".join(cy.labels())
        assert await cy.stored() == warm

        assert await cy.say("/edit") == "Which set do you want to correct?"
        assert cy.labels() == ["back squat warm-up 1: 10 × 20 kg"]
        prompt = await cy.tap("back squat warm-up 1: 10 × 20 kg")
        assert prompt.startswith("✏️ Back squat warm-up 1 is logged as 10 × 20 kg.")
        assert await cy.say("8x20") == "✏️ Back squat warm-up 1: 8 × 20 kg (was 10 × 20 kg)."
        assert cy.labels() == ["↩️ Back to warm-up 3 of back squat"]
        assert await cy.stored() == [("back squat", "warmup", 8, 20.0, "kg", None, None, None)]
        assert "(back squat, warm-up 3 of 4)" in await cy.say("/workout")

        await cy.tap("▶️ Resume")
        await cy.tap("✅ Done 3 × 60 kg")
        await cy.tap("Skip rest ⏭")
        await cy.tap("✅ Done 1 × 80 kg")
        await cy.tap("Skip rest ⏭")
        await cy.tap("✅ Done 5 × 100 kg")
        assert cy.last[0].text == "✅ Back squat set 1: 5 × 100 kg"
        await cy.say("/edit")
        assert cy.labels() == [
            "back squat warm-up 1: 8 × 20 kg",
            "back squat warm-up 3: 3 × 60 kg",
            "back squat warm-up 4: 1 × 80 kg",
            "back squat set 1: 5 × 100 kg",
        ]
        await cy.tap("back squat warm-up 4: 1 × 80 kg")
        assert (await cy.tap("🗑 Delete this set")).startswith("Delete Back squat warm-up 4 (1 × 80 kg)?")
        assert (await cy.tap("🗑 Yes, delete it")).startswith("🗑 Deleted Back squat warm-up 4 (1 × 80 kg).")
        assert cy.labels() == ["↩️ Back to set 2 of back squat"]
        await cy.say("5")  # the last set: the workout ends
        assert await cy.stored() == [
            ("back squat", "warmup", 8, 20.0, "kg", None, None, None),
            ("back squat", "warmup", 3, 60.0, "kg", None, None, None),
            ("back squat", "working", 5, 100.0, "kg", None, None, None),
            ("back squat", "working", 5, 100.0, "kg", None, None, None),
        ]
        await cy.say("/history")
        opened = await cy.tap("1")
        assert (
            "• back squat warm-up 1: 8 × 20 kg\n• back squat warm-up 3: 3 × 60 kg\n"
            "• back squat set 1: 5 × 100 kg\n• back squat set 2: 5 × 100 kg\n"
        ) in opened


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_idle_nudge_counts_warmups_apart_from_the_work(backend, tmp_path, fixture_engine):
    from datetime import UTC, datetime

    from support.workout_chat import Clock, due_texts

    # The real time: the database stamps a session's last change with the wall clock (idle is measured from it).
    async with chat(backend, tmp_path, fixture_engine, clock=Clock(datetime.now(UTC))) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(72, 72, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        await ann.tap("🔥 Warm-up sets")
        await ann.tap("✅ Done 10 × 20 kg")
        await ann.tap("Skip rest ⏭")
        await ann.say("5")
        await ann.tap("Skip rest ⏭")
        assert [(r.reps, r.load, r.set_type) for r in await ann.records()] == [
            (10, 20.0, "warmup"),
            (5, 40.0, "warmup"),
        ]
        nudges = [text for text, _, _ in await due_texts(coach, clock, 4 * 3600) if "Did you finish" in text]
        assert len(nudges) == 1 and "Your logged 0 sets + 2 warm-ups are saved." in nudges[0]
