"""Questions about the user's own log ("why is my hip thrust stuck?", "am I progressing?", "what did I lift
last week?"), answered through the Coach from sessions seeded in the database, for kg and lb users."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.composition import wire_coach
from bot.conversation.model import User
from bot.conversation.own_log import PROGRESS, RECENT, own_log_kind
from bot.conversation.qa import NUMBERS_HINT
from bot.history.records import SetRecord
from bot.history.trends import trend
from bot.storage.repository import StoredSession

KG = User(id=41, chat_id=41, first_name="Kim")
LB = User(id=42, chat_id=42, first_name="Lee")
NEW = User(id=43, chat_id=43, first_name="Nia")
NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
async def coach(real_engine, sqlite_repo):
    return wire_coach(real_engine, sqlite_repo, {}, lambda: NOW)


async def seed(repo, user, days_ago, exercise, sets, unit, title="Glutes"):
    """One finished session `days_ago` days before NOW: sets are (reps, load, rpe)."""
    start = NOW - timedelta(days=days_ago)
    sid = f"s-{user.id}-{exercise.replace(' ', '-')}-{days_ago}"
    session = StoredSession(sid, user.id, user.chat_id, "import", title, [], {}, "finished", start, start, start)
    events = [
        (
            f"{sid}-{n}",
            "set_logged",
            {"exercise": exercise, "set_number": n, "reps": reps, "load": load, "unit": unit, "rpe": rpe},
            start + timedelta(minutes=3 * n),
        )
        for n, (reps, load, rpe) in enumerate(sets, 1)
    ]
    await repo.workouts.import_sessions(user.id, [(session, events)], max_sets=10_000)


async def set_unit(repo, user, unit):
    await repo.users.touch_user(user.id, user.chat_id, user.first_name)
    await repo.users.save_settings(user.id, {"unit": unit})


async def test_a_stuck_hip_thrust_is_read_from_the_kg_log_with_the_numbers_and_a_deload_passage(coach, sqlite_repo):
    await set_unit(sqlite_repo, KG, "kg")
    # Four sessions a week apart: the top set stays at 100 kg x 8 while RPE climbs 7 -> 9.
    for days, rpe in ((21, 7.0), (14, 7.5), (7, 8.5), (1, 9.0)):
        await seed(sqlite_repo, KG, days, "hip thrust", [(8, 100, rpe), (8, 100, rpe), (8, 100, rpe)], "kg")
    reply = (await coach.text(KG, "why is my hip thrust stuck?"))[0]
    # e1RM = 100 x (1 + 8/30) = 126.67 -> 126.7 kg, to one decimal as the workout summary and /progress show it
    # (it was rounded to the half kilogram, 126.5); volume 3 x 8 x 100 = 2,400 kg.
    assert "Hip thrust, last 4 sessions: estimated 1RM 126.7 kg → 126.7 kg (+0.0%), flat." in reply.text
    assert "1.4 sessions a week." in reply.text  # 4 sessions over 20 days
    assert "Volume per session 2,400 → 2,400 kg." in reply.text
    assert "Average RPE up 1.5." in reply.text  # (8.5 + 9) / 2 - (7 + 7.5) / 2
    assert "Source: Deloads, sleep and recovery › When to deload" in reply.text  # RPE rising on a flat lift: deload
    assert reply.buttons and reply.buttons[0][0].data.startswith("t:")
    stats = await sqlite_repo.questions.question_stats()
    assert stats.questions == 1


async def test_am_i_progressing_for_an_lb_user_shows_pounds(coach, sqlite_repo):
    await set_unit(sqlite_repo, LB, "lb")
    for days, load in ((15, 185), (10, 195), (5, 205)):
        await seed(sqlite_repo, LB, days, "bench press", [(5, load, None), (5, load, None)], "lb", title="Push")
    reply = (await coach.text(LB, "am I progressing?"))[0]
    # e1RM = load x (1 + 5/30): 185 -> 215.83 (215.8 shown), 205 -> 239.17 (239.2 shown); +10.8 %.
    assert "Bench press, last 3 sessions: estimated 1RM 215.8 lb → 239.2 lb (+10.8%), going up." in reply.text
    assert "Volume per session 1,850 → 2,050 lb." in reply.text
    assert "kg" not in reply.text.split("<b>")[0]
    assert "RPE" not in reply.text.split("<b>")[0]  # no RPE logged, none invented


async def test_a_lift_with_fewer_than_three_sessions_is_not_guessed_at(coach, sqlite_repo):
    await set_unit(sqlite_repo, KG, "kg")
    await seed(sqlite_repo, KG, 6, "back squat", [(5, 100, 8.0)], "kg", title="Legs")
    await seed(sqlite_repo, KG, 2, "back squat", [(5, 90, 9.0)], "kg", title="Legs")
    reply = (await coach.text(KG, "why is my squat stuck?"))[0]
    assert "Your log has only 2 sessions of back squat, so I won't guess at a trend." in reply.text
    assert "1RM" not in reply.text and "→" not in reply.text
    # and still what to check when a lift stalls, not only a button to it (a stranger's "why is my bench going
    # backwards?" got two buttons and no answer)
    assert "<b>When progress stalls</b>" in reply.text and "Source: Tracking your progress › When" in reply.text
    assert all(b.data.startswith("t:") for row in reply.buttons for b in row) and reply.buttons


async def test_is_my_bench_going_up_with_no_bench_logged_says_so_from_the_log(coach, sqlite_repo):
    await seed(sqlite_repo, KG, 7, "hip thrust", [(8, 100, 8.0)], "kg")
    reply = (await coach.text(KG, "is my bench going up?"))[0]
    assert "no sessions of bench press" in reply.text and "Which one do you mean?" not in reply.text


async def test_only_the_askers_own_log_is_read(coach, sqlite_repo):
    for days in (21, 14, 7):
        await seed(sqlite_repo, KG, days, "hip thrust", [(8, 100, 8.0)], "kg")
    reply = (await coach.text(NEW, "am I progressing?"))[0]
    assert "no sessions" in reply.text and "100" not in reply.text and "hip thrust" not in reply.text
    last_week = (await coach.text(NEW, "what did I lift last week?"))[0]
    assert "You haven't logged any sets in the last 7 days. Your log is empty so far." in last_week.text


async def test_what_did_i_lift_last_week_lists_the_sets_in_the_users_unit(coach, sqlite_repo):
    await set_unit(sqlite_repo, LB, "lb")
    await seed(sqlite_repo, LB, 10, "deadlift", [(5, 300, None)], "lb", title="Pull")  # older than a week
    await seed(sqlite_repo, LB, 3, "hip thrust", [(10, 100, None), (8, 110, None)], "kg")  # typed in kg
    await seed(sqlite_repo, LB, 1, "bench press", [(5, 185, 8.0), (5, 185, 8.5), (4, 185, 9.0)], "lb", title="Push")
    reply = (await coach.text(LB, "what did I lift last week?"))[0]
    assert "deadlift" not in reply.text
    assert "• hip thrust: 2 sets, reps 10/8, top 110 kg" in reply.text  # as typed, not "242.5 lb"
    assert "• bench press: 3 sets, reps 5/5/4, top 185 lb" in reply.text
    # (100 x 10 + 110 x 8) kg = 1,880 kg = 4,144.7 lb, plus 185 x 14 = 2,590 lb.
    assert "Total volume: 6,735 lb in 2 sessions." in reply.text
    assert reply.text.index("hip thrust") < reply.text.index("bench press")  # oldest first


def test_own_log_questions_are_told_apart_from_technique_questions():
    assert own_log_kind("why is my hip thrust stuck?") == PROGRESS
    assert own_log_kind("Am I progressing?") == PROGRESS
    assert own_log_kind("my bench has stalled for a month") == PROGRESS
    assert own_log_kind("what did I lift last week?") == RECENT
    assert own_log_kind("is my bench going up?") == PROGRESS
    assert own_log_kind("are my squats getting stronger") == PROGRESS
    assert own_log_kind("is going up on hip thrusts weekly too fast?") is None  # no "my": a programming question
    assert own_log_kind("why does my bar get stuck halfway up on bench?") is None
    assert own_log_kind("how many sets for hip thrusts?") is None
    assert own_log_kind("my " + "a" * 4000 + " stuck") is None  # linear, and a long run is no lift name
    # Strangers' ways of asking about their log without naming a lift got articles; sleep "hurting my progress" is
    # a question about sleep, not about the log (it got "your log has no sessions of any lift").
    assert own_log_kind("look at my log") == RECENT
    assert own_log_kind("check my last few workouts, am i training enough?") == RECENT
    assert own_log_kind("what does my log say, should i increase the weight") == RECENT
    assert own_log_kind("can you look at my log and tell me if my deadlift is going up") == PROGRESS
    assert own_log_kind("how is my progress on bench") == PROGRESS
    assert own_log_kind("i only sleep about 6 hrs bc of work, how much is that hurting my progress") is None
    assert own_log_kind("will cutting carbs hurt my progress") is None
    assert own_log_kind("whats better for football bench or incline, and how often should i test my max") is None
    assert own_log_kind("what were my bench numbers last week") == RECENT
    assert own_log_kind("what's my max bench") is not None


def test_warm_ups_do_not_count_in_a_trend():
    day = datetime(2026, 11, 1, tzinfo=UTC)
    records = [
        SetRecord(day + timedelta(days=7 * i), f"s{i}", "w", "hip thrust", 1, 8, 100.0, "kg", None) for i in range(3)
    ] + [SetRecord(day + timedelta(days=15), "s2", "w", "hip thrust", 0, 20, 200.0, "kg", None, set_type="warmup")]
    t = trend(records, "hip thrust")
    assert t.enough and t.direction == "flat" and t.sessions[-1].sets == 1


def test_own_log_patterns_never_see_an_unbounded_text(monkeypatch):
    from support.adversarial_inputs import INPUTS

    from bot.conversation import own_log

    seen: list[int] = []
    for name in ("_PROGRESS", "_RECENT", "_TECHNIQUE"):
        pattern = getattr(own_log, name)

        class Spy:
            def __init__(self, p):
                self.p = p

            def search(self, text, *args):
                seen.append(len(text))
                return self.p.search(text, *args)

        monkeypatch.setattr(own_log, name, Spy(pattern))
    for text in [*INPUTS.values(), "my " * 1400 + "stuck", "what did i " * 400]:
        own_log_kind(text)
    assert seen and max(seen) <= 500


async def test_what_was_my_best_bench_is_answered_from_the_users_records(coach, sqlite_repo):
    await set_unit(sqlite_repo, KG, "kg")
    await seed(sqlite_repo, KG, 9, "bench press", [(5, 80, None), (3, 90, None)], "kg", title="Push")
    await seed(sqlite_repo, KG, 2, "bench press", [(8, 80, None), (1, 95, None)], "kg", title="Push")
    await seed(sqlite_repo, KG, 4, "hip thrust", [(8, 140, None)], "kg")
    reply = (await coach.text(KG, "what was my best bench?"))[0]
    # e1RM: 8 x 80 kg -> 80 x (1 + 8/30) = 101.3; 1 x 95 -> 98.2; 3 x 90 -> 99. Heaviest: 1 x 95 kg.
    assert reply.text.startswith("🏆 Bench press: best e1RM 101")
    assert "heaviest set 1 × 95 kg" in reply.text and "29 Nov 2026" in reply.text
    assert "Hip thrust" not in reply.text  # only the lift asked about
    both = (await coach.text(KG, "what are my PRs"))[0].text  # no lift named: the most trained lifts
    assert "🏆 Bench press" in both and "🏆 Hip thrust" in both


async def test_records_of_a_lift_never_logged_say_so(coach, sqlite_repo):
    await seed(sqlite_repo, NEW, 3, "hip thrust", [(8, 100, None)], "kg")
    reply = (await coach.text(NEW, "what's my deadlift PR?"))[0]
    assert reply.text == "Your log has no sets of deadlift yet, so no record."


async def test_a_short_lift_name_never_answers_with_another_lift(coach, sqlite_repo):
    await seed(sqlite_repo, NEW, 3, "back squat", [(5, 100, None)], "kg", title="Legs")
    best = (await coach.text(NEW, "what was my best bench?"))[0]
    assert best.text == "Your log has no sets of bench press yet, so no record."
    trend = (await coach.text(NEW, "am i progressing on bench?"))[0]
    assert "no sessions of bench press" in trend.text and "squat" not in trend.text.lower()
    squat = (await coach.text(NEW, "what was my best squat?"))[0]
    assert squat.text.startswith("🏆 Back squat: best e1RM 116.7 kg (5 × 100 kg)")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("what was my best bench?", "records"),
        ("my heaviest squat ever", "records"),
        ("what is my hip thrust 1rm", "records"),
        ("what is my best option for cardio", None),
        ("my max heart rate", None),
        ("what is the best way to bench", None),
    ],
)
def test_records_questions_are_told_apart_from_other_uses_of_best_and_max(text, kind):
    assert own_log_kind(text) == kind


@pytest.mark.parametrize("number", ["12", "100kg", "8 reps", "5x5", " 62.5 "])
async def test_a_bare_number_outside_a_workout_gets_a_hint_not_a_follow_up_answer(coach, number):
    await coach.text(KG, "how far should my feet be for hip thrusts?")  # an answer a follow-up could attach to
    reply = (await coach.text(KG, number))[0]
    assert reply.text == NUMBERS_HINT
    assert "Taking that as" not in reply.text and "Source:" not in reply.text


async def test_what_did_i_bench_last_week_lists_that_lift_from_the_log(coach, sqlite_repo):
    """A stranger's "what did I bench last week" got the passage on how often to bench."""
    await set_unit(sqlite_repo, LB, "lb")
    await seed(sqlite_repo, LB, 3, "back squat", [(5, 100, None)], "kg", title="Legs")
    await seed(sqlite_repo, LB, 1, "bench press", [(5, 185, 8.0), (4, 185, 9.0)], "lb", title="Push")
    reply = (await coach.text(LB, "what did I bench last week?"))[0]
    assert "• bench press: 2 sets, reps 5/4, top 185 lb" in reply.text and "back squat" not in reply.text
    assert "Total volume: 1,665 lb in 1 session." in reply.text and "Source:" not in reply.text
    squat = (await coach.text(LB, "how much did i squat this week"))[0]
    assert "• back squat: 1 set, reps 5, top 100 kg" in squat.text and "bench press" not in squat.text
    # a lift never logged: the whole week, not an empty list
    rows = (await coach.text(LB, "what did i row last week"))[0]
    assert "bench press" in rows.text and "back squat" in rows.text


def test_a_lift_as_the_verb_with_a_time_is_a_question_about_the_log():
    for asked in ("what did I bench last week?", "how much did i squat on thursday", "what did i deadlift yesterday"):
        assert own_log_kind(asked) == RECENT, asked
    for general in ("how much should i bench", "what did i do wrong on my squat", "how heavy should I squat?"):
        assert own_log_kind(general) != RECENT, general


async def test_sessions_closer_than_a_week_are_counted_not_turned_into_a_weekly_rate(coach, sqlite_repo):
    """Our own walk-through: three squat sessions on one day read "3.0 sessions a week"."""
    for days_ago in (0.2, 0.1, 0.0):  # three sessions on one day
        await seed(sqlite_repo, NEW, days_ago, "back squat", [(5, 100, None)] * 3, "kg", title=f"S{days_ago}")
    [same_day] = [r for r in await coach.text(NEW, "am I progressing on squat?") if "last 3 sessions" in r.text]
    assert "All on one day." in same_day.text and "a week" not in same_day.text.split("Volume")[0]
    for days_ago in (3, 5):
        await seed(sqlite_repo, NEW, days_ago, "back squat", [(5, 95, None)] * 3, "kg", title=f"T{days_ago}")
    [week] = [r for r in await coach.text(NEW, "am I progressing on squat?") if "sessions:" in r.text]
    assert "sessions in 6 days." in week.text, week.text
