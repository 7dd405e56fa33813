"""Every text entry point of the Coach survives 4,096-character adversarial input with a valid reply,
and the patterns we own never see an unbounded text (no timings here: bench/bench_adversarial.py)."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, time, timezone

import pytest
from support.adversarial_inputs import INPUTS, LIMIT, entry_points
from support.html import well_formed_html
from support.paths import REPO

from bot.composition import wire_coach
from bot.conversation import coach as coach_module
from bot.conversation.coach import SMALL_TALK_MAX_CHARS
from bot.conversation.model import User
from bot.scheduling import time_of_day as clock
from bot.scheduling import zones
from bot.training.programs import load_programs

_ids = itertools.count(5_000)


@pytest.fixture
async def coach(fixture_engine, sqlite_repo):
    now = lambda: datetime(2026, 11, 24, 12, tzinfo=UTC)  # noqa: E731
    return wire_coach(fixture_engine, sqlite_repo, load_programs(REPO / "knowledge" / "programs"), now)


def test_inputs_are_full_size():
    assert all(len(text) == LIMIT for text in INPUTS.values())


@pytest.mark.parametrize("label", list(INPUTS))
async def test_every_entry_point_answers_adversarial_text(coach, label):
    text = INPUTS[label]
    for point in entry_points():
        user_id = next(_ids)
        user = User(user_id, user_id, "Mallory")
        if point.setup is not None:
            await point.setup(coach, user)
        replies = await point.call(coach, user, text)
        assert replies, (label, point.name)
        for reply in replies:
            assert reply.text.strip(), (label, point.name)
            assert len(reply.text) <= LIMIT, (label, point.name)
            assert well_formed_html(reply.text), (label, point.name, reply.text[:200])
            assert "went wrong" not in reply.text


async def test_the_prompts_stay_usable_after_adversarial_text(coach):
    """A 4,096-character message at the /timezone prompt neither crashes nor sets a zone; a real answer still works."""
    user = User(next(_ids), 1, "Ann")
    await coach.command(user, "timezone", "")
    [reply] = await coach.text(user, INPUTS["zone-like"])
    assert "Time zone set" not in reply.text
    [reply] = await coach.text(user, "Europe/Berlin")
    assert "Time zone set to <b>Europe/Berlin</b>" in reply.text
    [reply] = await coach.command(user, "remind", "mon " + " " * 4000 + "18:30")
    assert "Reminder set: Mon at 18:30 (Europe/Berlin)" in reply.text


class SpyPattern:
    """Wraps a compiled pattern and records the length of every text it is asked to match."""

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        self.lengths: list[int] = []

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        method = getattr(self.pattern, name)

        def spy(text: str, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.lengths.append(len(text))
            return method(text, *args, **kwargs)

        return spy


def test_time_pattern_never_sees_an_unbounded_text(monkeypatch):
    spy = SpyPattern(clock._TIME)
    monkeypatch.setattr(clock, "_TIME", spy)
    for text in INPUTS.values():
        with pytest.raises(clock.ClockInputError):
            clock.parse_time_of_day(text)
    assert clock.parse_time_of_day("  6:30 \t\n pm ") == time(18, 30)  # whitespace collapsed, still read
    assert clock.parse_time_of_day("6:30" + " " * 4000) == time(6, 30)
    with pytest.raises(clock.ClockInputError):
        clock.parse_time_of_day("6:30" + " " * 4000 + "z")  # what follows a long run still counts
    assert spy.lengths and max(spy.lengths) <= clock.MAX_TIME_CHARS


def test_small_talk_pattern_never_sees_an_unbounded_text(monkeypatch):
    spy = SpyPattern(coach_module.SMALL_TALK._PATTERN)
    monkeypatch.setattr(coach_module.SMALL_TALK, "_PATTERN", spy)
    for text in INPUTS.values():
        assert coach_module.SMALL_TALK.match(text) is None
    for text in ("thanks   a lot,coach 🙏", "hi ,  there!", "Good\tmorning\n", "thank you so much again"):
        assert coach_module.SMALL_TALK.match(text) is not None, text
    for text in ("thanks, and how many sets?", "hi coach coach", "good morning" + " coach" * 20):
        assert coach_module.SMALL_TALK.match(text) is None, text
    assert spy.lengths and max(spy.lengths) <= SMALL_TALK_MAX_CHARS


def test_long_time_zone_names_are_refused_without_fuzzy_matching(monkeypatch):
    calls: list[str] = []
    real = zones.suggest_timezones
    monkeypatch.setattr(zones, "suggest_timezones", lambda text, limit=3: calls.append(text) or real(text, limit))
    with pytest.raises(clock.ClockInputError, match="too long"):
        zones.resolve_timezone(INPUTS["zone-like"])
    assert calls == []  # difflib never ran on 4,096 characters
    assert zones.resolve_timezone("  new \t york ") == "America/New_York"
