"""/workout with a name that may mean several exercises ("row", "press") asks which one, with a button
each, instead of starting an exercise called "row" with a history of its own. Exact names and aliases
start at once. Through the Coach, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User

ROWS = [  # the rows most lifters mean first (upright row led, in catalogue order), then the catalogue's
    "Barbell row 3x8 60kg",
    "Dumbbell row 3x8 60kg",
    "Upright row 3x8 60kg",
    "Pendlay row 3x8 60kg",
    "Seated cable row 3x8 60kg",
    "Chest-supported row 3x8 60kg",
    "T-bar row 3x8 60kg",
    "Inverted row 3x8 60kg",
]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_an_ambiguous_name_asks_which_exercise_and_a_tap_starts_it(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(111, 111, "Ann"))
        asked = await ann.say("/workout row 3x8 60kg")
        assert asked == (
            "“row” could be any of these, so nothing started yet. "
            "Which one? Tap it, or send it again with its full name."
        )
        assert ann.labels() == [*ROWS, "🆕 “row”, my own exercise"]
        assert await repo.workouts.active_session(111) is None and await ann.stored() == []
        question = ann.last
        await ann.tap("Dumbbell row 3x8 60kg")
        assert "🏋️ <b>Dumbbell row</b> — set 1 of 3\nTarget: 8 reps @ 60 kg" in ann.text
        await ann.say("8")
        assert await ann.stored() == [("dumbbell row", "working", 8, 60.0, "kg", None, None, None)]
        ann.last = question  # a second tap on the old question starts nothing
        await ann.tap("Barbell row 3x8 60kg")
        assert ann.toast == "That question is over. Send the exercise again."
        assert (await repo.workouts.active_session(111)).title == "Quick: dumbbell row"

        # exact names and aliases start at once
        await ann.say("/workout")
        await ann.tap("🏁 Finish")
        assert "🏋️ <b>Barbell row</b> — set 1 of 3" in await ann.say("/workout barbell row 3x8 60kg")
        await ann.say("/workout")
        await ann.tap("🗑 Discard")
        await ann.tap("🗑 Yes, discard")
        assert "🏋️ <b>Biceps curl</b> — set 1 of 3" in await ann.say("/workout curl 3x10 12kg")
        await ann.say("/workout")
        await ann.tap("🗑 Discard")
        await ann.tap("🗑 Yes, discard")
        # the one they have done is offered first
        await ann.say("/workout rows 2xAMRAP")  # routine-line syntax asks too
        assert ann.labels()[:2] == ["Dumbbell row 2xAMRAP", "Barbell row 2xAMRAP"]
        assert await ann.stored() == [("dumbbell row", "working", 8, 60.0, "kg", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_name_as_typed_can_be_kept_as_an_own_exercise_in_lb(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(112, 112, "Bob"))
        await bob.say("/settings unit lb")
        asked = await bob.say("/workout press 3x5 95")
        assert asked.endswith("(4 more have “press” in their name.)")
        assert len(bob.labels()) == 9 and bob.labels()[-1] == "🆕 “press”, my own exercise"
        assert "Overhead press 3x5 95" in bob.labels()
        await bob.tap("🆕 “press”, my own exercise")
        assert "🏋️ <b>Press</b> — set 1 of 3\nTarget: 5 reps @ 95 lb" in bob.text
        await bob.say("5")
        assert await bob.stored() == [("press", "working", 5, 95.0, "lb", None, None, None)]
        await bob.say("/workout")
        await bob.tap("🏁 Finish")
        # their own "press" is known now: it starts at once
        assert "🏋️ <b>Press</b> — set 1 of 3" in await bob.say("/workout press 3x5 100")

        # without sets, the names to choose from, and nothing started
        await bob.say("/workout")
        await bob.tap("🗑 Discard")
        await bob.tap("🗑 Yes, discard")
        assert (await bob.say("/workout row")).startswith("“row” could be barbell row, dumbbell row, upright row")
        assert bob.labels() == []
        bare = await bob.say("/workout carry")
        assert bare == (
            "“carry” could be farmer's carry. Send the one you mean with its sets, "
            "e.g. <code>/workout farmer's carry 1x400m</code>."
        )
        assert await repo.workouts.active_session(112) is None
        single = await bob.say("/workout carry 3x40s")
        assert single == "Did you mean <b>farmer's carry</b>? Nothing started yet: tap the one you mean."
        await bob.tap("Farmer's carry 3x40s")
        assert "🏋️ <b>Farmer's carry</b> — set 1 of 3\nTarget: 0:40 hold." in bob.text
        assert await bob.stored() == [("press", "working", 5, 95.0, "lb", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_list_and_add_ask_too_one_name_at_a_time(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(113, 113, "Cy"))
        await cy.say("/workout row 3x8 60kg; press 3x5 40kg")
        assert cy.text.startswith("“row” could be any of these, so nothing started yet.")
        await cy.tap("🆕 “row”, my own exercise")
        assert cy.text.startswith("“press” could be any of these, so nothing started yet.")  # the next one
        assert await repo.workouts.active_session(113) is None
        await cy.tap("Bench press 3x5 40kg")
        assert "💪 <b>Quick: row + bench press</b> — 6 sets." in cy.text
        assert "🏋️ <b>Row</b> — set 1 of 3\nTarget: 8 reps @ 60 kg" in cy.text
        await cy.say("8")

        await cy.say("/add raise 3x15 8kg")
        assert cy.text.startswith("“raise” could be any of these, so nothing was added yet. Which one?")
        assert cy.labels()[:3] == [
            "Standing calf raise 3x15 8kg",
            "Seated calf raise 3x15 8kg",
            "Lateral raise 3x15 8kg",
        ]
        await cy.tap("Lateral raise 3x15 8kg")
        assert cy.text.startswith("➕ Added <b>lateral raise</b>: 3 sets, after the rest of this workout.")
        session = await repo.workouts.active_session(113)
        assert [p.exercise for p in (await coach.flows[0].log.state(session)).plan].count("lateral raise") == 3
        assert await cy.stored() == [("row", "working", 8, 60.0, "kg", None, None, None)]
