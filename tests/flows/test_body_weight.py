"""/bw through the coach and the database (SQLite and PostgreSQL), and the body-weight chart in /progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.paths import REPO
from support.storage_backends import repository

from bot.composition import wire_coach
from bot.conversation.bodyweight import parse_body_weight
from bot.conversation.model import User
from bot.training.programs import load_programs

ANN = User(id=71, chat_id=71, first_name="Ann")
START = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
async def repo(request, tmp_path):
    async with repository(request.param, tmp_path) as repo:
        yield repo


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
async def coach(fixture_engine, repo, clock):
    return wire_coach(fixture_engine, repo, load_programs(REPO / "knowledge" / "programs"), clock)


async def stored(repo):
    return [(e.value, e.unit, e.measured_at) for e in await repo.body_weights.body_weights(ANN.id)]


async def test_bw_logs_in_the_users_unit_and_shows_the_trend(coach, repo, clock):
    assert "No body weight logged yet" in (await coach.command(ANN, "bw", ""))[0].text
    for day, value in enumerate(["84", "83.6", "83,4"]):
        clock.now = START + timedelta(days=day)
        reply = (await coach.command(ANN, "bw", value, message_id=100 + day))[0]
    assert reply.text.startswith("✅ Logged 83.4 kg.")
    clock.now = START + timedelta(days=35)
    await coach.command(ANN, "bw", "82.4", message_id=110)
    assert await stored(repo) == [
        (84.0, "kg", START),
        (83.6, "kg", START + timedelta(days=1)),
        (83.4, "kg", START + timedelta(days=2)),
        (82.4, "kg", START + timedelta(days=35)),
    ]
    shown = (await coach.command(ANN, "bw", ""))[0].text
    assert "Latest: <b>82.4 kg</b> (Thu 05 Nov)" in shown
    assert "7-day average: 82.4 kg (1 entry)" in shown  # the October entries are over a week older
    assert "Since 03 Oct: -1.0 kg" in shown  # the last entry at least 30 days before the latest


async def test_bw_in_pounds_is_kept_in_pounds_and_a_redelivered_command_adds_nothing(coach, repo):
    await coach.command(ANN, "settings", "")  # a kg user by default
    first = (await coach.command(ANN, "bw", "181 lb", message_id=7))[0]
    assert first.text.startswith("✅ Logged 181 lb.") and "Latest: <b>181 lb</b>" in first.text  # not "82.1 kg"
    again = (await coach.command(ANN, "bw", "181 lb", message_id=7))[0]
    assert again.text.startswith("Already logged.")
    assert await stored(repo) == [(181.0, "lb", START)]


@pytest.mark.parametrize("args", ["abc", "-80", "0", "82.4 stone", "5000", "82.456", "1e3", "8" * 5000, "82 kg kg"])
async def test_bad_body_weight_gets_usage_and_changes_nothing(coach, repo, args):
    reply = (await coach.command(ANN, "bw", args))[0]
    assert "couldn't read that as a body weight" in reply.text and "Usage: <code>/bw 82.4</code>" in reply.text
    assert await stored(repo) == []


def test_parse_body_weight():
    assert parse_body_weight("82.4", "kg") == (82.4, "kg")
    assert parse_body_weight("181", "lb") == (181.0, "lb")
    assert parse_body_weight("82.4kg", "lb") == (82.4, "kg")
    assert parse_body_weight("181 lbs", "kg") == (181.0, "lb")
    assert parse_body_weight("19", "kg") is None and parse_body_weight("900", "lb") is None


@pytest.mark.parametrize("args", ["bw", "body weight", "Body  Weight"])
async def test_progress_bw_draws_the_body_weight_chart(coach, clock, args):
    assert "No body weight logged yet" in (await coach.command(ANN, "progress", args))[0].text
    for day in range(10):
        clock.now = START + timedelta(days=day)
        await coach.command(ANN, "bw", f"{84 - day * 0.2:.1f}")
    chart = (await coach.command(ANN, "progress", args))[0]
    assert chart.photo.startswith(b"\x89PNG") and "Latest: <b>82.2 kg</b>" in chart.text
    assert "7-day average: 82.8 kg (7 entries)" in chart.text


async def test_bodyweight_lifts_e1rm_counts_the_body_weight_and_none_is_shown_without_one(coach, repo, clock):
    """A stranger's walk-through: "+10 kg" pull-ups had a "best e1RM 12 kg" (the belt alone) and the
    next load read "12.5 kg"; /bw was ignored. Epley: (80 + 10) x (1 + 6/30) = 108 kg."""
    from support.workout_chat import Lifter

    ann = Lifter(coach, repo, ANN)
    await ann.say("/workout pull-up 2x5 +10kg rest 0")
    await ann.say("5 +10kg")
    first = await ann.say("6 +10kg")
    assert "• Pull-up: 2 sets, 11 reps\n" in first and "e1RM" not in first  # no body weight: no estimate
    assert "⚖️ Log your body weight with /bw and pull-ups, dips and the like get an estimated 1RM too." in first
    assert "Next time, pull-up 5 reps: +12.5 kg (both sets reached 5 at +10 kg → +12.5 kg)" in first
    assert "e1RM" not in await ann.say("/progress pull-up")

    await ann.say("/bw 80")
    assert await stored(repo) == [(80.0, "kg", START)]
    clock.now += timedelta(days=2)
    card = await ann.say("/workout pull-up 2x5 +10kg rest 0")
    assert "Target: 5 reps @ bodyweight + 10 kg" in card and "Last time, set 1: 5 reps +10 kg" in card
    await ann.say("5")
    summary = await ann.say("6")
    assert "• Pull-up: 2 sets, 11 reps, best e1RM 108 kg (with your body weight)" in summary
    assert "⚖️ Log your body weight" not in summary and "e1RM PR" not in summary  # the same as last time
    progress = await ann.say("/progress pull-up")
    assert "• best e1RM: 108 kg (6 reps +10 kg, with your body weight)" in progress
    assert [(r.reps, r.load, r.unit) for r in await ann.records()] == [(5, 10.0, "kg"), (6, 10.0, "kg")] * 2
    listed = await ann.say("/history")
    assert "Quick: pull-up: 2 sets, top 6 reps +10 kg" in listed  # as on the card, not "6 × 10 kg"

    # plain bodyweight reps: the body weight alone, 80 x (1 + 8/30) = 101.3 kg; no "volume 0 kg"
    clock.now += timedelta(days=1)
    await ann.say("/workout dips 1x8 rest 0")
    dips = await ann.say("8")
    assert "🏁 <b>Quick: dip</b> done in under a minute: 1 set, 8 reps." in dips and "volume" not in dips
    assert "• Dip: 1 set, 8 reps, best e1RM 101.3 kg (with your body weight)" in dips

    # "am I progressing?" reads the same estimates: 3 sessions, 108 kg -> (80 + 12.5) x 1.2 = 111 kg
    clock.now += timedelta(days=1)
    await ann.say("/workout pull-up 1x6 +12.5kg rest 0")
    await ann.say("6")
    trend = await ann.say("am I progressing on pull-ups?")
    assert trend.startswith("Pull-up, last 3 sessions: estimated 1RM 108 kg → 111 kg (+2.8%), going up.")


async def test_a_far_off_entry_is_confirmed_before_it_is_logged_in_the_unit_tapped(coach, repo, clock):
    await coach.callback(ANN, "s:unit:lb")
    await coach.command(ANN, "bw", "181.5", message_id=1)
    clock.now = START + timedelta(days=1)
    ask = (await coach.command(ANN, "bw", "81,5", message_id=2))[0]  # a comma: typed by a kg habit
    assert ask.text.startswith("81.5 lb is far below your last entry, 181.5 lb (01 Oct). Nothing is logged")
    labels = [row[0].label for row in ask.buttons]
    assert labels == ["✅ 81.5 kg = 179.7 lb", "✅ 81.5 lb"]
    assert await stored(repo) == [(181.5, "lb", START)]  # nothing yet
    tapped = await coach.callback(ANN, ask.buttons[0][0].data, message_id=50)
    assert tapped.replies[0].text.startswith("✅ Logged 81.5 kg.") and tapped.replies[0].edit
    assert "Since 01 Oct: -1.8 lb" in tapped.replies[0].text
    again = await coach.callback(ANN, ask.buttons[1][0].data, message_id=50)  # the other reading, too late
    assert again.replies[0].text.startswith("Already logged.")
    assert await stored(repo) == [(181.5, "lb", START), (81.5, "kg", START + timedelta(days=1))]


async def test_a_far_off_number_with_no_unit_that_fits_offers_only_itself(coach, repo, clock):
    await coach.command(ANN, "bw", "82", message_id=1)
    ask = (await coach.command(ANN, "bw", "28", message_id=2))[0]  # 28 lb = 12.7 kg: no better reading either
    assert ask.text.startswith("28 kg is far below your last entry, 82 kg")
    assert [row[0].label for row in ask.buttons] == ["✅ 28 kg"]
    await coach.callback(ANN, ask.buttons[0][0].data)
    assert await stored(repo) == [(82.0, "kg", START), (28.0, "kg", START)]


async def test_a_real_change_or_an_old_last_entry_is_logged_without_asking(coach, repo, clock):
    await coach.command(ANN, "bw", "82", message_id=1)
    clock.now = START + timedelta(days=30)
    assert (await coach.command(ANN, "bw", "75", message_id=2))[0].text.startswith("✅ Logged 75 kg.")  # -8.5 %
    clock.now = START + timedelta(days=100)  # months without an entry: the last one says little
    assert (await coach.command(ANN, "bw", "60", message_id=3))[0].text.startswith("✅ Logged 60 kg.")
    assert [v for v, _, _ in await stored(repo)] == [82.0, 75.0, 60.0]


@pytest.mark.parametrize("data", ["b:81.5:st:0", "b:81.5.5:kg:0", "b:9999:kg:0", "b:²:kg:0", "b:80:kg", "b:80:kg:x"])
async def test_forged_body_weight_buttons_change_nothing(coach, repo, data):
    outcome = await coach.callback(ANN, data)
    assert outcome.toast == "That button is from an older message." and not outcome.replies
    assert await stored(repo) == []
