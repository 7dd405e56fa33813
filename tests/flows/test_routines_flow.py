"""/routine and starting routines through the Coach (wire_coach), on SQLite and PostgreSQL: every step
asserts the reply and what the database then holds."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from support.paths import REPO
from support.storage_backends import repository
from support.workout_chat import stored_routines

from bot.composition import wire_coach
from bot.conversation.model import User
from bot.history.setlog import fold
from bot.training.catalogue import default_catalogue
from bot.training.programs import load_programs
from bot.training.routine_render import render_lines
from bot.training.routines import RoutineLine

ANN = User(id=61, chat_id=61, first_name="Ann")
EVE = User(id=62, chat_id=62, first_name="Eve")
PUSH_A = (
    "/routine new Push A\n"
    "bench press 3x5 80kg\n"
    "overhead press 3x8-10\n"
    "dips 3xAMRAP\n"
    "plank 3x45s\n"
    "superset: curl 3x12 / triceps pushdown 3x12 rest 60"
)
PUSH_A_STORED = (
    "bench press 3x5 80kg\n"
    "overhead press 3x8-10\n"
    "dip 3xAMRAP\n"
    "plank 3x45s\n"
    "superset: biceps curl 3x12 / triceps pushdown 3x12 rest 60"
)


LEGS = "back squat 3x5 100kg\nromanian deadlift 3x8 80kg rest 90\nhip thrust 3x8 120kg"


class Clock:
    def __init__(self):
        self.now = datetime.now(UTC)

    def __call__(self):
        return self.now


@pytest.fixture(params=["sqlite", "postgres"])
async def repo(request, tmp_path):
    async with repository(request.param, tmp_path) as repo:
        yield repo


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def coach(fixture_engine, repo, clock):
    return wire_coach(fixture_engine, repo, load_programs(REPO / "knowledge" / "programs"), clock)


def data_of(reply):
    return [b.data for row in reply.buttons for b in row]


def labels(reply):
    return [b.label for row in reply.buttons for b in row]


async def stored(repo, user=ANN):
    """{name: routine text} as the database holds it."""
    return await stored_routines(repo, user.id)


async def say(coach, text, user=ANN):
    return await coach.dispatch(user, text)


async def test_create_in_one_message_list_and_share_text_that_creates_it_again(coach, repo):
    [saved] = await say(coach, PUSH_A)
    assert "✅ Saved <b>Push A</b> (6 exercises)" in saved.text and "/workout Push A" in saved.text
    assert await stored(repo) == {"Push A": PUSH_A_STORED}
    [listing] = await say(coach, "/routine")
    assert "1. Push A — 6 exercises" in listing.text and "Heavy hip thrust day" in listing.text
    [routine] = await repo.routines.list_routines(ANN.id)
    assert data_of(listing)[:2] == [f"w:go:my-{routine.id}", f"rt:ed:{routine.id}:0:"]
    assert "rt:cp:0:0:heavy-hip-thrust-day" in data_of(listing)
    [shared] = await say(coach, "/routine share push a")
    text = html.unescape(re.search(r"<code>(.*)</code>", shared.text, re.S).group(1))
    assert text == "/routine new Push A\n" + PUSH_A_STORED
    [again] = await say(coach, text, user=EVE)  # the shared text, sent by someone else
    assert "Saved <b>Push A</b>" in again.text
    assert await stored(repo, EVE) == await stored(repo, ANN)
    [taken] = await say(coach, text)
    assert "You already have <b>Push A</b>" in taken.text and len(await repo.routines.list_routines(ANN.id)) == 1


async def test_lines_sent_after_the_prompt_and_bad_input_changes_nothing(coach, repo):
    [prompt] = await say(coach, "/routine new Legs")
    assert "Send the exercises for <b>Legs</b>" in prompt.text
    [bad] = await say(coach, "squat 3x5 100kg\nromanian deadlift 3x")
    assert (
        bad.text.startswith("Line 2 (“romanian deadlift 3x”): I can't find the sets")
        and "Nothing was saved" in bad.text
    )
    assert await stored(repo) == {}
    [unknown] = await say(coach, "squat 3x5 100kg\nromanian deadlifft row 3x8")
    assert "I don't know the exercise “romanian deadlifft row” (line 2)" in unknown.text
    assert "The closest I know is <b>romanian deadlift</b>" in unknown.text and await stored(repo) == {}
    # one of their own is added first (a stranger's "flibber jabber" got no pointer to /exercise)
    assert "add it first: <code>/exercise new romanian deadlifft row weight</code>." in unknown.text
    [saved] = await say(coach, "squat 3x5 100kg\nRDL 3x8 80kg rest 90")  # the prompt stayed open
    assert "Saved <b>Legs</b>" in saved.text
    assert await stored(repo) == {"Legs": "back squat 3x5 100kg\nromanian deadlift 3x8 80kg rest 90"}
    # Lines sent one message at a time (the terminal chat) keep coming: the editor is open.
    assert "Send more lines to add them" in saved.text
    [added] = await say(coach, "hip thrust 3x8 120kg")
    assert "3. hip thrust 3x8 120kg" in added.text
    [done] = await say(coach, "done")
    assert "Done editing <b>Legs</b>" in done.text
    assert all("Saved" not in r.text for r in await say(coach, "squat 3x5 100kg"))  # closed now
    assert await stored(repo) == {"Legs": LEGS}
    for args, fragment in [
        ("new", "What should the new routine be called?"),  # asked, and the next message is the name
        ("new Push <A>", "letters, digits and spaces"),
        ("new " + "x" * 41, "under 40 characters"),
        ("new Arms 3x10", "put the exercises on the lines after it"),
        ("frobnicate", "<b>Routines</b>"),
        ("edit Nope", "I don't know your routine “Nope”"),
        ("delete Heavy hip thrust day", "is built in"),
        ("share Nope", "I don't know the routine"),
        ("rotation Legs, Nope", "rotation is unchanged"),
        ("rotation " + ", ".join(["Legs"] * 11), "1 to 10 routines"),
    ]:
        [reply] = await say(coach, f"/routine {args}")
        assert fragment in reply.text, args
    assert await stored(repo) == {"Legs": LEGS}
    assert await repo.routines.get_rotation(ANN.id) == []


async def test_a_typo_is_saved_as_typed_and_asked_about(coach, repo):
    saved, ask = await say(coach, "/routine new Pull A\nlat pulldwn 3x10\nbarbell row 3x8 60kg")
    assert "Saved <b>Pull A</b>" in saved.text
    assert "“lat pulldwn” (line 1): did you mean <b>lat pulldown</b>?" in ask.text
    yes, no = data_of(ask)
    assert await stored(repo) == {"Pull A": "lat pulldwn 3x10\nbarbell row 3x8 60kg"}
    declined = (await coach.callback(ANN, no)).replies[0]
    assert "“lat pulldwn” stays as you typed it" in declined.text
    assert await stored(repo) == {"Pull A": "lat pulldwn 3x10\nbarbell row 3x8 60kg"}
    changed = (await coach.callback(ANN, yes)).replies[0]  # changed their mind: ✅ still works
    assert "“lat pulldwn” is now <b>lat pulldown</b> in <b>Pull A</b>" in changed.text
    assert await stored(repo) == {"Pull A": "lat pulldown 3x10\nbarbell row 3x8 60kg"}
    assert (await coach.callback(ANN, yes)).toast  # nothing left to change
    assert (await coach.callback(EVE, yes)).toast and await stored(repo, EVE) == {}  # never another user's


async def test_edit_by_typing_and_by_buttons(coach, repo):
    await say(coach, PUSH_A)
    [view] = await say(coach, "/routine edit Push A")
    assert "1. bench press 3x5 80kg" in view.text and "5. superset: biceps curl" in view.text
    [r] = await repo.routines.list_routines(ANN.id)
    [edited] = await say(coach, "2: overhead press 4x6-8 40kg")
    assert "2. overhead press 4x6-8 40kg" in edited.text
    [edited] = await say(coach, "1: 5x3 85kg")  # sets, reps and load changed; the exercise kept
    assert "1. bench press 5x3 85kg" in edited.text
    # a stranger's slips while editing: a one-line error names no "Line 1", a mistyped command gets the help
    [wrong] = await say(coach, "9: face pull")
    assert wrong.text.startswith("There is no line 9; the routine has") and "Line 1" not in wrong.text
    [slip] = await say(coach, "mvoe 1 to 2")
    assert slip.text.startswith("I couldn't read “mvoe 1 to 2” as a change. Type e.g. <code>move 4 to 1</code>")
    await say(coach, "face pull 3x15 rest 45")
    await say(coach, "remove 3")
    await say(coach, "move 5 to 1")
    assert (await stored(repo))["Push A"] == (
        "face pull 3x15 rest 45\n"
        "bench press 5x3 85kg\n"
        "overhead press 4x6-8 40kg\n"
        "plank 3x45s\n"
        "superset: biceps curl 3x12 / triceps pushdown 3x12 rest 60"
    )
    [bad] = await say(coach, "remove 9")
    assert "There is no line 9" in bad.text and "Nothing changed" in bad.text
    [renamed] = await say(coach, "rename Push B")
    assert "✏️ <b>Push B</b>" in renamed.text and list(await stored(repo)) == ["Push B"]
    current = (await repo.routines.get_routine(ANN.id, r.id)).version
    down = next(d for d in data_of(renamed) if d == f"rt:dn:{r.id}:{current}:1")
    moved = (await coach.callback(ANN, down)).replies[0]
    assert moved.edit and "1. bench press 5x3 85kg\n2. face pull" in moved.text
    stale = (await coach.callback(ANN, down)).replies[0]  # the old message's button: the routine moved on
    assert "out of date" in stale.text and (await stored(repo))["Push B"].startswith("bench press 5x3 85kg\nface")
    remove = next(d for d in data_of(moved) if d.startswith(f"rt:rm:{r.id}:") and d.endswith(":2"))
    removed = (await coach.callback(ANN, remove)).replies[0]
    assert ". face pull" not in removed.text and "face pull" not in (await stored(repo))["Push B"]
    foreign = await coach.callback(EVE, next(d for d in data_of(removed) if d.startswith("rt:rm:")))
    assert foreign.toast == "That routine is gone." and len((await stored(repo))["Push B"].splitlines()) == 4
    [done] = await say(coach, "done")
    assert "Done editing <b>Push B</b>" in done.text
    assert all("Saved" not in x.text for x in await say(coach, "remove 1"))  # the editor is closed
    assert len((await stored(repo))["Push B"].splitlines()) == 4


async def test_duplicate_a_built_in_then_delete_with_confirmation(coach, repo):
    copied = (await coach.callback(ANN, "rt:cp:0:0:heavy-hip-thrust-day")).replies[0]
    assert "Saved <b>Heavy hip thrust day</b>" in copied.text
    program = load_programs(REPO / "knowledge" / "programs")["heavy-hip-thrust-day"]
    [copy] = await repo.routines.list_routines(ANN.id)
    assert [(x["exercise"], x["sets"], x["rest_s"]) for x in copy.lines] == [
        (b.exercise, b.sets, b.rest_seconds) for b in program.blocks
    ]
    [second] = await say(coach, "/routine copy heavy hip thrust day")
    assert "Saved <b>Heavy hip thrust day 2</b>" in second.text
    [first, _] = await repo.routines.list_routines(ANN.id)
    await say(coach, "/routine rotation Heavy hip thrust day, Heavy hip thrust day 2, Full lower-body day")
    [ask] = await say(coach, "/routine delete Heavy hip thrust day")
    assert "Delete <b>Heavy hip thrust day</b>?" in ask.text
    keep = (await coach.callback(ANN, data_of(ask)[1])).replies[0]
    assert "Kept" in keep.text and len(await repo.routines.list_routines(ANN.id)) == 2
    gone = (await coach.callback(ANN, data_of(ask)[0])).replies[0]
    assert "Deleted <b>Heavy hip thrust day</b>" in gone.text
    assert list(await stored(repo)) == ["Heavy hip thrust day 2"]
    [second_copy] = await repo.routines.list_routines(ANN.id)
    assert await repo.routines.get_rotation(ANN.id) == [second_copy.program_id, "full-lower-body"]  # left the rotation
    assert first.program_id != second_copy.program_id
    assert (await coach.callback(ANN, data_of(ask)[0])).toast == "That routine is gone."


async def test_rotation_drives_workout_menu_and_todays_plan(coach, repo, clock):
    await say(coach, PUSH_A)
    await say(coach, "/routine new Pull A\nbarbell row 3x8 60kg\npull-up 3x6")
    await say(coach, "/routine new Legs\nsquat 3x5 100kg")
    push, pull, legs = await repo.routines.list_routines(ANN.id)
    [set_] = await say(coach, "/routine rotation push a, Pull A → legz")
    assert "(I read “legz” as <b>Legs</b>.)" in set_.text and "Next up: <b>Push A</b>" in set_.text
    assert await repo.routines.get_rotation(ANN.id) == [push.program_id, pull.program_id, legs.program_id]
    [menu] = await say(coach, "/workout")
    assert labels(menu)[0] == "⏭ Next up: Push A" and data_of(menu)[0] == f"w:go:{push.program_id}"
    intro, card = (await coach.callback(ANN, data_of(menu)[0])).replies
    assert "<b>Push A</b>" in intro.text and "Bench press" in card.text
    active = await repo.workouts.active_session(ANN.id)
    assert active.program_id == push.program_id and active.title == "Push A"
    await coach.callback(ANN, f"w:end:{active.id}:0:0:")  # finish it
    assert (await repo.workouts.get_session(active.id)).status == "finished"
    clock.now += timedelta(minutes=5)
    [menu] = await say(coach, "/workout")
    assert labels(menu)[0] == "⏭ Next up: Pull A"
    await say(coach, "/remind daily 18:30")
    [reminder] = await repo.schedule.reminders_of(ANN.id)
    clock.now = reminder.next_fire_at + timedelta(seconds=5)
    [note] = await coach.due(clock.now)
    assert "Today's plan: <b>Pull A</b>" in note.reply.text and data_of(note.reply)[0] == f"w:go:{pull.program_id}"
    [off] = await say(coach, "/routine rotation off")
    assert "stopped" in off.text and await repo.routines.get_rotation(ANN.id) == []


async def reminder_note(coach, repo, clock):
    await say(coach, "/remind daily 18:30")
    [reminder] = await repo.schedule.reminders_of(ANN.id)
    clock.now = reminder.next_fire_at + timedelta(seconds=5)
    [note] = await coach.due(clock.now)
    return note.reply


async def test_a_reminder_suggests_a_template_only_to_template_users_and_newcomers(coach, repo, clock):
    # A stranger who did only quick workouts and had a routine of their own was told "Today's plan: Beginner
    # bodyweight glutes" every day.
    await say(coach, "/workout bench press 1x5 60kg rest 0")
    await say(coach, "5")
    note = await reminder_note(coach, repo, clock)
    assert "Today's plan" not in note.text and data_of(note)[0] == "w:menu" and labels(note)[0] == "▶️ Start a workout"


async def test_a_reminder_without_workouts_suggests_nothing_to_someone_with_routines(coach, repo, clock):
    await say(coach, "/routine new Legs\nsquat 3x5 100kg")
    note = await reminder_note(coach, repo, clock)
    assert "Today's plan" not in note.text and data_of(note)[0] == "w:menu"


async def test_a_newcomers_reminder_suggests_the_first_template(coach, repo, clock):
    note = await reminder_note(coach, repo, clock)
    first = next(iter(load_programs(REPO / "knowledge" / "programs").values()))
    assert f"Today's plan: <b>{first.title}</b>" in note.text and data_of(note)[0] == f"w:go:{first.id}"


async def test_a_rotation_takes_template_titles_with_commas_in_them(coach, repo):
    """A stranger's "/routine rotation Legs Heavy, Full body B: deadlift, press, pulldown" got "I don't know the
    routine “Full body B: deadlift”": the title's own commas were read as separators."""
    await say(coach, "/routine new Legs Heavy\nsquat 3x5 100kg")
    [legs] = await repo.routines.list_routines(ANN.id)
    [set_] = await say(coach, "/routine rotation Legs Heavy, Full body B: deadlift, press, pulldown, full body a")
    assert "🔁 Rotation: Legs Heavy → Full body B: deadlift, press, pulldown → Full body A: squat, bench, row" in (
        set_.text
    )
    assert await repo.routines.get_rotation(ANN.id) == [legs.program_id, "full-body-b", "full-body-a"]
    [bad] = await say(coach, "/routine rotation Legs Heavy, Full body B: deadlift, presss, zzz")
    assert "I don't know the routine" in bad.text and "the rotation is unchanged" in bad.text
    assert await repo.routines.get_rotation(ANN.id) == [legs.program_id, "full-body-b", "full-body-a"]


async def test_workout_starts_a_routine_by_name_with_typos_and_units(coach, repo):
    await say(coach, "/settings unit lb")
    await say(coach, "/routine new Push A\nbench press 3x5 185\nsquat 3x5 100kg\nplank 3x45s")
    assert (await stored(repo))["Push A"] == "bench press 3x5 185lb\nback squat 3x5 100kg\nplank 3x45s"
    intro, card = await say(coach, "/workout push aa")
    assert intro.text.startswith("(I read “push aa” as <b>Push A</b>.)")
    active = await repo.workouts.active_session(ANN.id)
    plan = [(p["exercise"], p["load"], p["unit"]) for p in active.plan]
    assert plan[0] == ("bench press", 185.0, "lb") and plan[3] == ("back squat", 100.0, "kg")
    await coach.callback(ANN, f"w:discardok:{active.id}")
    intro, _ = await say(coach, "/workout full lower body day")  # a built-in one, by (nearly) its title
    assert "Full lower-body day" in intro.text
    active = await repo.workouts.active_session(ANN.id)
    assert active.program_id == "full-lower-body"
    await coach.callback(ANN, f"w:discardok:{active.id}")
    unknown = (await say(coach, "/workout zzz"))[0]
    assert unknown.text.startswith("I have no routine or exercise called “zzz”, so nothing started.")
    assert await repo.workouts.active_session(ANN.id) is None
    push = (await say(coach, "/workout Push B"))[0]  # a routine that does not exist is no push-up (a stranger's)
    assert push.text.startswith("I have no routine or exercise called “Push B”") and "/workout" in push.text


async def test_multi_exercise_quick_workout(coach, repo):
    [bad] = await say(coach, "/workout squat 3x5 100kg; romanian deadlift 3x")
    assert (
        bad.text.startswith("Exercise 2 (“romanian deadlift 3x”)")
        and await repo.workouts.active_session(ANN.id) is None
    )
    intro, card = await say(coach, "/workout squat 3x5 100kg; romanain deadlift 3x8 180lb; plank 1x1")
    assert "(I read “romanain deadlift” as <b>romanian deadlift</b>.)" in intro.text
    active = await repo.workouts.active_session(ANN.id)
    assert active.title == "Quick: back squat + romanian deadlift + plank"
    plan = [(p["exercise"], p["load"], p["unit"]) for p in active.plan]
    assert plan == [("back squat", 100.0, "kg")] * 3 + [("romanian deadlift", 180.0, "lb")] * 3 + [
        ("plank", None, "kg")
    ]


async def test_a_quick_list_keeps_each_parts_time_and_distance(coach, repo):
    # The list's copy of the one-exercise block builder dropped them: "plank 3x45s" showed "Target: 0:00 hold".
    await say(coach, "/workout squat 1x5 100kg; plank 2x45s; running 1x3mi")
    active = await repo.workouts.active_session(ANN.id)
    plan = [(p["exercise"], p.get("duration_s"), p.get("distance_m"), p.get("distance_unit")) for p in active.plan]
    assert plan[1:3] == [("plank", 45.0, None, None)] * 2
    assert plan[3][0] == "running" and plan[3][2] == pytest.approx(4828.032) and plan[3][3] == "mi"
    [logged] = await say(coach, "5")
    assert "Next: plank, set 1 of 2." in logged.text
    skip = next(b.data for row in logged.buttons for b in row if b.label.startswith("Skip rest"))
    outcome = await coach.callback(ANN, skip)
    assert any("Target: 0:45 hold" in r.text for r in outcome.replies), [r.text for r in outcome.replies]


async def test_forget_removes_routines_and_rotation(coach, repo):
    await say(coach, PUSH_A)
    await say(coach, "/routine rotation Push A")
    await repo.users.forget_user(ANN.id)
    assert await repo.routines.list_routines(ANN.id) == [] and await repo.routines.get_rotation(ANN.id) == []


async def test_hostile_text_in_the_editor_and_at_the_prompt_changes_nothing(coach, repo):
    from support.adversarial_inputs import INPUTS

    await say(coach, PUSH_A)
    await say(coach, "/routine edit Push A")
    for label in ("set-like words", "exercise words", "5 x runs", "colons"):
        for reply in await say(coach, INPUTS[label]):
            assert len(reply.text) <= 4096 and "went wrong" not in reply.text
    assert await stored(repo) == {"Push A": PUSH_A_STORED}
    await say(coach, "/routine new Legs")
    [reply] = await say(coach, "superset: " + "curl 3x12 / " * 300)
    assert "at most 15 exercises" in reply.text and list(await stored(repo)) == ["Push A"]


async def test_routine_store_names_versions_and_limit(repo):
    from bot.storage.repository import RoutineNameTaken
    from bot.storage.routines import MAX_ROUTINES

    lines = [{"exercise": "plank", "sets": 3, "duration_s": 45}]
    made = await repo.routines.create_routine(ANN.id, "Core", "core", lines)
    with pytest.raises(RoutineNameTaken):
        await repo.routines.create_routine(ANN.id, "CORE", "core", lines)
    assert await repo.routines.create_routine(EVE.id, "Core", "core", lines) is not None  # names are per user
    changed = await repo.routines.update_routine(ANN.id, made.id, made.version, "Core 2", "core 2", lines * 2)
    assert (changed.name, changed.version, len(changed.lines)) == ("Core 2", 2, 2)
    assert await repo.routines.update_routine(ANN.id, made.id, made.version, "Core 3", "core 3", lines) is None
    assert await repo.routines.update_routine(EVE.id, made.id, 2, "Mine", "mine", lines) is None  # not Eve's
    assert not await repo.routines.delete_routine(ANN.id, made.id, made.version)  # a stale version
    assert (await repo.routines.get_routine(ANN.id, made.id)).name == "Core 2"
    for n in range(MAX_ROUTINES - 1):
        assert await repo.routines.create_routine(ANN.id, f"R{n}", f"r{n}", lines) is not None
    assert await repo.routines.create_routine(ANN.id, "One more", "one more", lines) is None
    assert len(await repo.routines.list_routines(ANN.id)) == MAX_ROUTINES
    assert await repo.routines.delete_routine(ANN.id, made.id, 2)
    assert await repo.routines.get_routine(ANN.id, made.id) is None


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_did_you_mean_answered_by_typing(backend, tmp_path, fixture_engine):
    from support.workout_chat import Lifter, chat

    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(95, 95, "Ann"))

        async def names():
            [routine] = await repo.routines.list_routines(95)
            return [line["exercise"] for line in routine.lines]

        await ann.say("/routine new Leg Day")
        await ann.say("squat 3x5")
        await ann.say("bench pres 3x8")
        assert "did you mean <b>bench press</b>?" in ann.text
        assert await names() == ["back squat", "bench pres"]  # saved as typed meanwhile
        await ann.say("yes")  # typed instead of tapped
        assert await names() == ["back squat", "bench press"]
        await ann.say("overhed press 3x8")
        assert "did you mean" in ann.text
        await ann.say("no")
        assert "stays as you typed it" in ann.text and await names() == ["back squat", "bench press", "overhed press"]
        await ann.say("leg pres 3x10")
        assert "did you mean" in ann.text
        await ann.say("deadlift 1x5")  # another line instead of an answer: both kept
        assert "not saved" not in ann.text and "4. leg pres 3x10\n5. deadlift 1x5" in ann.text
        assert await names() == ["back squat", "bench press", "overhed press", "leg pres", "deadlift"]


async def test_a_one_letter_routine_and_a_heavy_lb_load_start(coach, repo):
    """A stranger's findings: "A" and "B" (StrongLifts days) saved but "can't be started any more", and a
    1100 lb leg press (499 kg) crashed /workout because the 1,000 limit was read in lb."""
    await say(coach, "/routine new A\nsquat 3x5 100kg\nleg press 4x10 1100lb")
    assert await stored(repo) == {"A": "back squat 3x5 100kg\nleg press 4x10 1100lb"}
    intro, card = await say(coach, "/workout A")
    assert intro.text.startswith("💪 <b>A</b> — 7 sets") and "Target: 5 reps @ 100 kg" in card.text
    active = await repo.workouts.active_session(ANN.id)
    assert [(p["exercise"], p["load"], p["unit"]) for p in active.plan][3] == ("leg press", 1100.0, "lb")
    await coach.callback(ANN, f"w:discardok:{active.id}")
    intro, card = await say(coach, "/workout leg press 4x10 1100lb")
    assert "Target: 10 reps @ 1100 lb" in card.text
    active = await repo.workouts.active_session(ANN.id)
    assert {(p["load"], p["unit"]) for p in active.plan} == {(1100.0, "lb")}
    await coach.callback(ANN, f"w:discardok:{active.id}")
    [refused] = await say(coach, "/workout leg press 4x10 2300lb")  # 1,043 kg: a slip
    assert "looks impossible" in refused.text and await repo.workouts.active_session(ANN.id) is None


async def test_a_quick_list_takes_amrap_and_a_bare_distance_like_one_exercise_does(coach, repo):
    # "dips 3xAMRAP" and "running 5km" started alone but were refused in a list, with a usage naming them.
    intro, _ = await say(coach, "/workout squat 3x5 100kg; dips 3xAMRAP; running 5km")
    assert intro.text.startswith("💪 <b>Quick: back squat + dip + running</b> — 7 sets")
    active = await repo.workouts.active_session(ANN.id)
    plan = [(p["exercise"], p["load"], p.get("amrap", False), p.get("distance_m")) for p in active.plan]
    assert plan == [("back squat", 100.0, False, None)] * 3 + [("dip", None, True, None)] * 3 + [
        ("running", None, False, 5000.0)
    ]


async def test_starting_a_workout_closes_the_routine_editor(coach, repo):
    # A stranger left "send more lines" open, started the routine, and every set typed after the workout
    # went to the editor ("Put the exercise name first"), or into the routine ("bench press 3x5 80kg").
    await say(coach, "/routine new Legs")
    [saved] = await say(coach, "squat 3x5 100kg")
    assert "Send more lines to add them" in saved.text
    await say(coach, "/workout Legs")
    [logged] = await say(coach, "5")
    assert logged.text.startswith("✅ Back squat set 1: 5 × 100 kg")
    await say(coach, "5")
    await say(coach, "5")
    await say(coach, "bench press 3x5 80kg")
    assert await stored(repo) == {"Legs": "back squat 3x5 100kg"}
    sets = fold(await repo.workouts.set_events(ANN.id))
    assert [(r.exercise, r.reps, r.load, r.unit) for r in sets] == [("back squat", 5, 100.0, "kg")] * 3


async def test_an_own_exercise_can_be_used_in_a_routine_and_trained(coach, repo):
    """A stranger's '/exercise new my press weight' then '/routine new Mine' + 'my press 3x5 60kg' was refused
    ("I don't know the exercise “my press”... add it first: /exercise new my press weight")."""
    await say(coach, "/exercise new my press weight")
    [saved] = await say(coach, "/routine new Mine\nmy press 3x5 60kg\nsquat 3x5 100kg")
    assert saved.text.startswith("✅ Saved <b>Mine</b> (2 exercises)")
    assert (await stored(repo))["Mine"] == "my press 3x5 60kg\nback squat 3x5 100kg"
    _intro, card = await say(coach, "/workout Mine")
    assert "<b>My press</b> — set 1 of 3\nTarget: 5 reps @ 60 kg" in card.text
    await say(coach, "5")
    from bot.conversation.workout_log import SessionLog

    logged = await SessionLog(repo.workouts).history(ANN.id)
    assert [(r.exercise, r.reps, r.load, r.unit) for r in logged] == [("my press", 5, 60.0, "kg")]
