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
