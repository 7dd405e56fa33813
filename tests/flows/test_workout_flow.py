"""Guided workouts through the coach, against a real database and a controllable clock."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from support.paths import FIXTURE_KNOWLEDGE, REPO

from bot.composition import wire_coach
from bot.conversation.model import User
from bot.history.setlog import fold
from bot.retrieval.corpus import load_corpus
from bot.training.programs import load_programs

ANN = User(id=41, chat_id=41, first_name="Ann")
EVE = User(id=42, chat_id=42, first_name="Eve")


class FakeClock:
    def __init__(self):
        # Starts at the real time: the database stamps updated_at with the wall clock, and the idle
        # nudge compares that with this clock.
        self.now = datetime.now(UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


def make_coach(engine, repo, clock):
    corpus = load_corpus(FIXTURE_KNOWLEDGE)
    return wire_coach(
        engine,
        repo,
        load_programs(REPO / "knowledge" / "programs"),
        clock,
        cues_for=corpus.cues_for,
        alternatives_for=corpus.alternatives_for,
    )


@pytest.fixture
async def coach(fixture_engine, sqlite_repo, clock):
    return make_coach(fixture_engine, sqlite_repo, clock)


def data_of(reply):
    return [b.data for row in reply.buttons for b in row]


def button(reply, prefix):
    return next(d for d in data_of(reply) if d.startswith(prefix))


async def stored(repo, user=ANN):
    """The user's sets as the database holds them after corrections: (reps, load, unit, rpe)."""
    return [(r.reps, r.load, r.unit, r.rpe) for r in fold(await repo.workouts.set_events(user.id))]


async def start_quick(coach, user=ANN, spec="hip thrust 3x5 100kg rest 90"):
    intro, card = await coach.command(user, "workout", spec)
    return card


async def test_menu_offers_templates(coach):
    menu = (await coach.command(ANN, "workout", ""))[0]
    assert "w:go:heavy-hip-thrust-day" in data_of(menu) and "w:go:full-body-a" in data_of(menu)
    assert len(data_of(menu)) == 8  # one button per file in knowledge/programs/


async def test_template_card_shows_target_rest_and_a_cue(coach):
    intro, card = (await coach.callback(ANN, "w:go:heavy-hip-thrust-day")).replies
    assert "Heavy hip thrust day" in intro.text
    assert "<b>Hip thrust</b> — set 1 of 5" in card.text and "Target: 4-6 reps (RPE 8)" in card.text
    assert (
        "What's your working weight?" in card.text and "bodyweight" not in card.text
    )  # a loaded lift never says bodyweight
    assert not any(d.startswith("w:done:") for d in data_of(card))
    assert "Rest after: 3:00" in card.text and ("💡 Chin tucked." in card.text or "💡 Ribs down." in card.text)


async def test_log_sets_by_button_and_typing_without_duplicates(coach, sqlite_repo):
    card = await start_quick(coach)
    done = button(card, "w:done:")
    first = await coach.callback(ANN, done, tap_id="tap1")
    assert first.replies[0].edit and first.replies[0].text == "✅ Hip thrust set 1: 5 × 100 kg"
    assert "Rest 1:30" in first.replies[1].text
    again = await coach.callback(ANN, done, tap_id="tap2")  # the same button tapped twice
    assert again.replies == [] and "Already logged" in again.toast
    [typed] = await coach.text(ANN, "4x102.5 rpe 9", message_id=500)  # one message: the set, then what's next
    assert typed.text.startswith(
        "✅ Hip thrust set 2: 4 × 102.5 kg @ RPE 9\n\n⏱ Rest 1:30. Next: hip thrust, set 3 of 3."
    )
    assert button(typed, "w:rest:")  # the rest message's buttons come along
    assert await coach.text(ANN, "4x102.5 rpe 9", message_id=500) == []  # re-delivered update
    assert await stored(sqlite_repo) == [(5, 100.0, "kg", None), (4, 102.5, "kg", 9.0)]
    [last] = await coach.text(ANN, "3", message_id=501)  # reps only: the carried 102.5 kg
    assert last.text.startswith("✅ Hip thrust set 3: 3 × 102.5 kg\n\n🏁 ") and "3 sets, 12 reps" in last.text
    assert await stored(sqlite_repo) == [(5, 100.0, "kg", None), (4, 102.5, "kg", 9.0), (3, 102.5, "kg", None)]


async def test_bad_typed_set_gets_a_hint_and_questions_still_work(coach, sqlite_repo):
    await start_quick(coach)
    hint = (await coach.text(ANN, "5x", message_id=1))[0]
    assert "5x100" in hint.text
    answer = (await coach.text(ANN, "can i use a db for hip thrusts?", message_id=2))[0]
    assert "Source:" in answer.text and button(answer, "w:resume:")  # the way back to the set card
    for question in ("10 reps or 12?", "3 sets enough for glutes?"):  # questions that start with a number
        reply = (await coach.text(ANN, question, message_id=3))[0]
        assert "couldn't read" not in reply.text and button(reply, "w:resume:")
    assert await stored(sqlite_repo) == []


async def test_adjust_target_then_done_uses_adjusted_values(coach, sqlite_repo):
    card = await start_quick(coach)
    plus = next(d for d in data_of(card) if d.endswith(":l+"))
    minus_rep = next(d for d in data_of(card) if d.endswith(":r-"))
    edited = (await coach.callback(ANN, plus, tap_id="a")).replies[0]
    edited = (await coach.callback(ANN, minus_rep, tap_id="b")).replies[0]
    assert (
        edited.edit
        and "Target: 5 reps @ 102.5 kg" in edited.text
        and "✅ Done 4 × 102.5 kg" in [b.label for r in edited.buttons for b in r]
    )
    await coach.callback(ANN, button(edited, "w:done:"), tap_id="c")
    assert await stored(sqlite_repo) == [(4, 102.5, "kg", None)]


async def test_rest_timer_pings_once_and_can_be_extended_or_skipped(coach, clock):
    card = await start_quick(coach)
    rest_msg = (await coach.callback(ANN, button(card, "w:done:"))).replies[1]
    assert await coach.due(clock.now + timedelta(seconds=60)) == []
    add = button(rest_msg, "w:rest:")
    assert "+30 s" in (await coach.callback(ANN, add)).toast
    assert await coach.due(clock.now + timedelta(seconds=100)) == []
    [note] = await coach.due(clock.now + timedelta(seconds=121))
    assert note.chat_id == ANN.chat_id and "Rest over" in note.reply.text and "set 2 of 3" in note.reply.text
    assert await coach.due(clock.now + timedelta(seconds=200)) == []
    # after the next set, skipping rest shows the next card at once
    rest_msg = (await coach.callback(ANN, button(note.reply, "w:done:"))).replies[1]
    skip = [d for d in data_of(rest_msg) if d.endswith(":skip")][0]
    assert "set 3 of 3" in (await coach.callback(ANN, skip)).replies[0].text
    assert await coach.due(clock.now + timedelta(hours=1)) == []


async def test_finishing_gives_summary_pr_and_next_suggestion(coach, sqlite_repo, clock):
    card = await start_quick(coach, spec="hip thrust 2x5 100kg rest 0")
    out = await coach.callback(ANN, button(card, "w:done:"))
    out = await coach.callback(ANN, button(out.replies[1], "w:done:"))
    summary = out.replies[-1].text
    assert "2 sets, 10 reps, volume 1000 kg" in summary and "first log" in summary and "PR" not in summary
    assert "Next time, hip thrust 5 reps: 102.5 kg (both sets reached 5 at 100 kg → 102.5 kg)" in summary
    clock.now += timedelta(days=2)
    card = await start_quick(coach, spec="hip thrust 2x5 rest 0")
    assert "📈 From last time: both sets reached 5 at 100 kg → 102.5 kg" in card.text and "@ 102.5 kg" in card.text
    assert "Last time, set 1: 5 × 100 kg" in card.text
    out = await coach.callback(ANN, button(card, "w:done:"))  # 5 x 102.5 beats last time's best
    summary = (await coach.callback(ANN, button(out.replies[1], "w:done:"))).replies[-1].text
    assert (
        "🏆 e1RM PR: 119.6 kg" in summary
        and "🏆 heaviest for 5+ reps: 102.5 kg" in summary
        and "first log" not in summary
    )
    assert await stored(sqlite_repo) == [(5, 100.0, "kg", None)] * 2 + [(5, 102.5, "kg", None)] * 2


async def test_swap_offers_alternatives_from_the_knowledge_base(coach):
    card = await start_quick(coach)
    options = (await coach.callback(ANN, button(card, "w:swap:"))).replies[0]
    assert [b.label for row in options.buttons for b in row] == ["↔️ glute bridge", "✖ Keep hip thrust"]
    # changed my mind: the way back shows the card as it was (a stranger found no way out of the menu)
    kept = (await coach.callback(ANN, data_of(options)[1], tap_id="k")).replies[0]
    assert "<b>Hip thrust</b> — set 1 of 3" in kept.text and "Target: 5 reps @ 100 kg" in kept.text
    swapped = (await coach.callback(ANN, data_of(options)[0], tap_id="s")).replies[0]
    assert "<b>Glute bridge</b> — set 1 of 3" in swapped.text


async def test_swap_works_after_an_undo(coach, sqlite_repo):
    # The swap buttons carried no undo epoch, so after any /undo every swap tap was "from an older message"
    # for the rest of the workout (a stranger's walk-through).
    card = await start_quick(coach)
    await coach.text(ANN, "5", message_id=5)
    assert await stored(sqlite_repo) == [(5, 100.0, "kg", None)]
    back = (await coach.command(ANN, "undo", ""))[0]
    assert "Undone" in back.text and await stored(sqlite_repo) == []
    options = (await coach.callback(ANN, button(back, "w:swap:"))).replies[0]
    assert [b.label for row in options.buttons for b in row] == ["↔️ glute bridge", "✖ Keep hip thrust"]
    swapped = (await coach.callback(ANN, data_of(options)[0], tap_id="s")).replies[0]
    assert "<b>Glute bridge</b> — set 1 of 3" in swapped.text
    # ...and a swap menu from before the undo is stale, not applied to the card as it is now.
    stale = (await coach.callback(ANN, button(card, "w:swap:"))).toast
    assert stale == "That button is from an older message."


async def test_one_active_session_resume_or_discard(coach, sqlite_repo):
    await start_quick(coach)
    prompt = (await coach.command(ANN, "workout", "rdl 3x8"))[0]
    assert "in progress" in prompt.text
    resume = (await coach.callback(ANN, button(prompt, "w:resume:"))).replies[0]
    assert "set 1 of 3" in resume.text
    await coach.text(ANN, "5", message_id=9)
    confirm = (await coach.callback(ANN, button(prompt, "w:discard:"))).replies[0]
    assert "Discard <b>Quick: hip thrust</b> and its 1 logged set?" in confirm.text  # one tap never loses sets
    assert (await sqlite_repo.workouts.active_session(ANN.id)) is not None and len(await stored(sqlite_repo)) == 1
    discarded = (await coach.callback(ANN, button(confirm, "w:discardok:"))).replies[0]
    assert "discarded" in discarded.text and await sqlite_repo.workouts.active_session(ANN.id) is None


async def test_a_set_typed_after_asking_for_another_workout_is_not_logged_to_the_running_one(coach, sqlite_repo):
    # A stranger sent "/workout barbell curl ..." mid-bench, then "10" for the curls: it became bench set 2.
    await start_quick(coach, spec="bench press 3x5 100kg rest 0")
    await coach.text(ANN, "5", message_id=1)
    prompt = (await coach.command(ANN, "workout", "barbell curl 2x10 20kg"))[0]
    assert "You have a workout in progress: <b>Quick: bench press</b> (bench press, set 2 of 3)." in prompt.text
    assert "Then send <code>/workout barbell curl 2x10 20kg</code> again to start it." in prompt.text
    held = (await coach.text(ANN, "10", message_id=2))[0]
    assert held.text.startswith("Not logged: you asked for <code>/workout barbell curl 2x10 20kg</code>")
    assert "Tap ▶️ Resume to log sets to it" in held.text and button(held, "w:resume:")
    assert await stored(sqlite_repo) == [(5, 100.0, "kg", None)]
    # Resumed: the next set typed is the bench's again.
    card = (await coach.callback(ANN, button(held, "w:resume:"))).replies[0]
    assert "set 2 of 3" in card.text
    logged = (await coach.text(ANN, "5", message_id=3))[0]
    assert "Bench press set 2: 5 × 100 kg" in logged.text
    assert await stored(sqlite_repo) == [(5, 100.0, "kg", None), (5, 100.0, "kg", None)]


async def test_another_users_buttons_cannot_touch_my_session(coach, sqlite_repo):
    card = await start_quick(coach)
    for data in data_of(card):
        outcome = await coach.callback(EVE, data)
        assert outcome.replies == [] and outcome.toast
    assert await stored(sqlite_repo) == [] and (await sqlite_repo.workouts.active_session(ANN.id)).status == "active"


async def test_restart_resumes_at_the_right_set(fixture_engine, sqlite_repo, clock, coach):
    card = await start_quick(coach)
    await coach.callback(ANN, button(card, "w:done:"))
    restarted = make_coach(fixture_engine, sqlite_repo, clock)
    prompt = (await restarted.command(ANN, "workout", ""))[0]
    assert "set 2 of 3" in prompt.text


async def test_idle_session_gets_one_nudge_and_can_be_closed_with_sets_kept(coach, sqlite_repo, clock):
    card = await start_quick(coach)
    await coach.callback(ANN, button(card, "w:done:"))
    [nudge] = [n for n in await coach.due(clock.now + timedelta(hours=4)) if "finish" in n.reply.text]
    assert await coach.due(clock.now + timedelta(hours=5)) == []
    closed = (await coach.callback(ANN, button(nudge.reply, "w:end:"))).replies[-1]
    assert "1 set, 5 reps" in closed.text
    assert await stored(sqlite_repo) == [(5, 100.0, "kg", None)]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ("142.5", "per side: <b>25 + 25 + 10 + 1.25</b>"),
        ("315lb", "315 lb is 142.9 kg. 142.5 kg = 20 kg bar"),
        ("10", "less than the bar"),
        ("heavy", "Usage: /plates"),
    ],
)
async def test_plates(coach, args, fragment):
    assert fragment in (await coach.command(ANN, "plates", args))[0].text


@pytest.mark.parametrize("spec", ["hip thrust 99x5", "4x6", "hip thrust 3x5 99999kg"])
async def test_bad_quick_workouts_answer_with_usage_and_start_nothing(coach, sqlite_repo, spec):
    assert "Usage: /workout" in (await coach.command(ANN, "workout", spec))[0].text
    assert await sqlite_repo.workouts.active_session(ANN.id) is None


async def test_recent_workouts_can_be_repeated_from_the_menu(coach):
    card = await start_quick(coach, spec="hip thrust 1x5 100kg rest 0")
    await coach.callback(ANN, button(card, "w:done:"))
    menu = (await coach.command(ANN, "workout", ""))[0]
    again = button(menu, "w:again:")
    intro, card = (await coach.callback(ANN, again)).replies
    assert "Quick: hip thrust" in intro.text and "set 1 of 1" in card.text
    assert "Target: 5 reps @ 102.5 kg" in card.text  # again, with last time's progression


async def test_a_question_mid_workout_is_about_the_lift_being_trained(real_engine, sqlite_repo, clock):
    coach = wire_coach(real_engine, sqlite_repo, load_programs(REPO / "knowledge" / "programs"), clock)
    before = (await coach.text(ANN, "how deep should i go", message_id=1))[0]
    assert "Source: Back squat" in before.text  # no workout: the plain reading
    await start_quick(coach)
    during = (await coach.text(ANN, "how deep should i go", message_id=2))[0]
    assert "Source: Performing the hip thrust" in during.text and button(during, "w:resume:")
    named = (await coach.text(ANN, "how deep should I squat?", message_id=3))[0]
    assert "Source: Back squat" in named.text  # a question naming another lift keeps its own subject


async def test_typed_rest_commands_change_the_running_rest(coach, sqlite_repo, clock):
    # A stranger typed "rest 0" and "skip rest" mid-rest and got articles about the bench press.
    await start_quick(coach, spec="bench press 3x5 100kg rest 120")
    rest = (await coach.text(ANN, "5", message_id=1))[0]
    assert "⏱ Rest 2:00. Next: bench press, set 2 of 3." in rest.text
    [timer] = await sqlite_repo.schedule.pending_timers("rest")
    assert timer.due_at == clock.now + timedelta(seconds=120)
    shorter = (await coach.text(ANN, "rest 30", message_id=2))[0]
    assert shorter.text == "⏱ Rest: 0:30 from now. I'll ping you when it's up."
    [timer] = await sqlite_repo.schedule.pending_timers("rest")
    assert timer.due_at == clock.now + timedelta(seconds=30)
    assert (await coach.text(ANN, "rest 1:30", message_id=3))[0].text.startswith("⏱ Rest: 1:30 from now.")
    assert (await coach.text(ANN, "rest 2 min", message_id=4))[0].text.startswith("⏱ Rest: 2:00 from now.")
    [timer] = await sqlite_repo.schedule.pending_timers("rest")
    assert timer.due_at == clock.now + timedelta(minutes=2)
    card = (await coach.text(ANN, "skip rest", message_id=5))[0]
    assert "Bench press</b> — set 2 of 3" in card.text and await sqlite_repo.schedule.pending_timers("rest") == []
    assert await coach.due(clock.now + timedelta(minutes=3)) == []  # the skipped rest never pings
    again = (await coach.text(ANN, "rest 0", message_id=6))[0]
    assert again.text.startswith("No rest timer is running.") and "set 2 of 3" in again.text
    assert await stored(sqlite_repo) == [(5, 100.0, "kg", None)]  # nothing logged by any of it


async def test_rest_words_without_a_workout_are_questions(coach, sqlite_repo):
    reply = (await coach.text(ANN, "rest 90"))[0]
    assert "No rest timer" not in reply.text and await sqlite_repo.schedule.pending_timers("rest") == []
