"""Changing a running workout and marking sets: drop and failure sets, an added or removed set, an added
exercise (/add and ➕ Exercise), a replaced exercise from the catalogue's alternatives. Each is an event
in the session's log; bad input changes nothing. Through the Coach, on SQLite and PostgreSQL."""

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


async def event_types(repo, user_id):
    session = await repo.workouts.active_session(user_id)
    return [e.type for e in await repo.workouts.events(session.id)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_drop_and_failure_sets(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        jo = Lifter(coach, repo, User(101, 101, "Jo"))
        await jo.say("/workout hip thrust 4x8 100kg")
        assert ["💥 Done, to failure", "⬇️ Drop set…"] == [b for b in jo.labels() if b.startswith(("💥", "⬇️"))]
        # the drop set's lighter weight is typed: the button once logged the card's 100 kg as the drop set
        await jo.tap("⬇️ Drop set…")
        assert jo.text.startswith("⬇️ Type the drop set with the lighter weight you used, e.g. <code>drop 10x80</code>")
        assert jo.labels() == ["↩️ Back to set 1 of hip thrust"] and await jo.stored() == []
        await jo.tap("↩️ Back to set 1 of hip thrust")
        await jo.tap("💥 Done, to failure")
        assert jo.last[0].text == "✅ Hip thrust set 1: 8 × 100 kg (to failure)"
        assert (await jo.say("drop 10x60")).startswith("✅ Hip thrust set 2: 10 × 60 kg (drop set)")
        assert "0 reps doesn't log a set" in await jo.say("drop 0x60")
        assert (await jo.say("7x100 to failure")).startswith("✅ Hip thrust set 3: 7 × 100 kg (to failure)")
        assert (await jo.say("8")).startswith("✅ Hip thrust set 4: 8 × 100 kg")
        assert [(r[0], r[1], r[2], r[3]) for r in await jo.stored()] == [
            ("hip thrust", "failure", 8, 100),
            ("hip thrust", "drop", 10, 60),
            ("hip thrust", "failure", 7, 100),
            ("hip thrust", "working", 8, 100),
        ]
        # drop and failure sets are work: they count in the summary
        assert "4 sets, 33 reps, volume 2900 kg." in jo.text


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_set_typed_after_the_drop_set_button_is_the_drop_set(backend, tmp_path, fixture_engine):
    # A stranger tapped ⬇️ Drop set… and typed "6x95": it went in as a working set, "short of 8" in the summary.
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        jo = Lifter(coach, repo, User(102, 102, "Jo"))
        await jo.say("/workout hip thrust 3x8 100kg rest 0")
        await jo.say("8")
        await jo.tap("⬇️ Drop set…")
        assert (await jo.say("10x80")).startswith("✅ Hip thrust set 2: 10 × 80 kg (drop set)")
        # tapped, then back to the card: the next set typed is a plain one
        await jo.tap("⬇️ Drop set…")
        await jo.tap("↩️ Back to set 3 of hip thrust")
        assert (await jo.say("8")).startswith("✅ Hip thrust set 3: 8 × 100 kg")
        assert [(r[1], r[2], r[3]) for r in await jo.stored()] == [
            ("working", 8, 100),
            ("drop", 10, 80),
            ("working", 8, 100),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_add_and_remove_sets_survive_an_undo(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        kit = Lifter(coach, repo, User(102, 102, "Kit"))
        await kit.say("/workout squat 2x5 100kg")
        await kit.tap("➕ Set")
        assert kit.last[0].edit and kit.text.startswith(
            "➕ Added a set of back squat: 3 to go.\n\n🏋️ <b>Back squat</b> — set 1 of 3"
        )
        await kit.say("5")
        await kit.tap("Skip rest ⏭")
        assert "set 2 of 3" in kit.text
        await kit.tap("➖ Set")
        assert kit.text.startswith("➖ Removed a set of back squat: 1 to go.\n\n🏋️ <b>Back squat</b> — set 2 of 2")
        # an undo takes back the set, not the change to the plan
        assert (await kit.say("/undo")).startswith("↩️ Undone: Back squat set 1 (5 × 100 kg).")
        assert "set 1 of 2" in kit.text
        assert await event_types(repo, 102) == ["set_added", "set_logged", "set_removed", "set_undone"]
        assert await kit.stored() == []
        await kit.say("5")
        await kit.tap("Skip rest ⏭")
        # the last set of the workout can't be removed (tap End instead): nothing changes
        await kit.tap("➖ Set")
        assert kit.toast == "There is no set of this exercise left to remove."
        assert await event_types(repo, 102) == ["set_added", "set_logged", "set_removed", "set_undone", "set_logged"]
        await kit.say("5")
        assert "2 sets, 10 reps, volume 1000 kg." in kit.text


@pytest.mark.parametrize("backend", BACKENDS)
async def test_add_an_exercise_by_command_or_button(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        lu = Lifter(coach, repo, User(103, 103, "Lu"))
        assert "No workout in progress." in await lu.say("/add lat pulldown 3x10")
        await lu.say("/workout bench press 1x5 60kg")
        assert "I couldn't read that, so nothing was added." in await lu.say("/add 3x10")
        assert await event_types(repo, 103) == []
        await lu.say("/add lat pulldwn 2x10 50kg")  # a typo of a catalogue name is read as the name
        assert lu.text.startswith("➕ Added <b>lat pulldown</b>: 2 sets, after the rest of this workout.")
        assert "🏋️ <b>Bench press</b> — set 1 of 1" in lu.text
        await lu.tap("➕ Exercise")
        assert lu.text.startswith("➕ Which exercise? Send the exercise like <code>lat pulldown 3x10</code>")
        await lu.say("plank 1x30s")
        assert lu.text.startswith("➕ Added <b>plank</b>: 1 set, after the rest of this workout.")
        assert await event_types(repo, 103) == ["exercise_added", "exercise_added"]
        await lu.say("5")
        await lu.tap("Skip rest ⏭")
        assert "<b>Lat pulldown</b> — set 1 of 2\nTarget: 10 reps @ 50 kg" in lu.text
        await lu.say("10")
        await lu.say("10")
        await lu.tap("Skip rest ⏭")
        assert "<b>Plank</b> — set 1 of 1\nTarget: 0:30 hold." in lu.text
        await lu.tap("✅ Done 0:30")
        assert [(r[0], r[2], r[3], r[5]) for r in await lu.stored()] == [
            ("bench press", 5, 60, None),
            ("lat pulldown", 10, 50, None),
            ("lat pulldown", 10, 50, None),
            ("plank", 1, None, 30.0),
        ]
        assert "4 sets, 25 reps, volume 1300 kg." in lu.text


@pytest.mark.parametrize("backend", BACKENDS)
async def test_replace_an_exercise_with_a_catalogue_alternative(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        mo = Lifter(coach, repo, User(104, 104, "Mo"))
        await mo.say("/workout bench press 3x8 60kg")
        await mo.say("8")
        await mo.tap("Skip rest ⏭")
        await mo.tap("🔁 Swap")
        assert mo.text == "Swap <b>bench press</b> for:" and mo.labels() == [
            "↔️ dumbbell bench press",
            "↔️ push-up",
            "↔️ machine chest press",
            "↔️ close-grip bench press",
            "✖ Keep bench press",
        ]
        await mo.tap("↔️ push-up")
        # a bodyweight exercise: no weight asked, its own numbering
        assert "🏋️ <b>Push-up</b> — set 1 of 2\nTarget: 8 reps @ bodyweight" in mo.text
        assert (await mo.say("12")).startswith("✅ Push-up set 1: 12 reps")
        assert (await mo.say("10 +10kg")).startswith("✅ Push-up set 2: 10 reps +10 kg")
        assert [(r[0], r[2], r[3]) for r in await mo.stored()] == [
            ("bench press", 8, 60),
            ("push-up", 12, None),
            ("push-up", 10, 10),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_add_question_lets_a_set_or_a_question_through(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ned = Lifter(coach, repo, User(105, 105, "Ned"))
        await ned.say("/workout squat 2x5 100kg")
        await ned.tap("➕ Exercise")
        assert (await ned.say("5")).startswith("✅ Back squat set 1: 5 × 100 kg")  # a set, not an exercise
        await ned.tap("Skip rest ⏭")
        await ned.tap("➕ Exercise")
        reply = await ned.say("how deep should I squat?")
        assert "nothing was added" not in reply and "↩️ Back to set 2 of back squat" in ned.labels()
        assert await ned.say("leg press 3x12") != ""  # the question closed the prompt: not taken as an exercise
        assert "exercise_added" not in await event_types(repo, 105)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_add_a_run_or_a_hold_without_a_set_count(backend, tmp_path, fixture_engine):
    # A stranger's "/add running 3mi" and "/add plank 45s" were refused; /workout and routines read them as one set.
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        jo = Lifter(coach, repo, User(103, 103, "Jo"))
        await jo.say("/workout squat 1x5 100kg rest 0")
        assert "➕ Added <b>running</b>: 1 set" in await jo.say("/add running 3mi")
        assert "➕ Added <b>plank</b>: 1 set" in await jo.say("/add plank 45s")
        await jo.say("5")
        assert (await jo.say("3 mi 27:00")).startswith("✅ Running set 1: 3 mi in 27:00 (9:00 /mi)")
        await jo.say("45s")
        assert [(r[0], r[2], r[5], r[6]) for r in await jo.stored()] == [
            ("back squat", 5, None, None),
            ("running", 1, 1620, 4828.032),
            ("plank", 1, 45, None),
        ]
        assert "I couldn't read that, so nothing was added." in await jo.say("/add running")
