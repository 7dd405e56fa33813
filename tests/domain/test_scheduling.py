"""Reminder maths: parsing times and zones, firing at local time across DST changes."""

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.scheduling.schedules import Schedule, due_action
from bot.scheduling.time_of_day import ClockInputError, parse_time_of_day
from bot.scheduling.zones import (
    ZoneReading,
    ZoneSuggestions,
    changes_clocks,
    offset_for_local_time,
    read_timezone,
    resolve_timezone,
    zone_of,
    zones_for_local_time,
    zones_with_offset,
)

UTC = UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", time(18, 30)),
        ("6:30pm", time(18, 30)),
        ("6pm", time(18)),
        ("12am", time(0)),
        ("12:15 pm", time(12, 15)),
        ("18.30", time(18, 30)),
        ("18h30", time(18, 30)),
        ("0630", time(6, 30)),
        ("7", time(7)),
        ("6:05 a.m.", time(6, 5)),
    ],
)
def test_parse_time_of_day(text, expected):
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["25:00", "18:75", "13pm", "soon", "", "6:3", "-1:00"])
def test_bad_times_get_a_usage_hint(text):
    with pytest.raises(ClockInputError, match="18:30|1 to 12"):
        parse_time_of_day(text)


def test_resolve_timezone_accepts_names_cities_and_suggests_near_misses():
    assert resolve_timezone("Europe/Berlin") == "Europe/Berlin"
    assert resolve_timezone("europe/berlin") == "Europe/Berlin"
    assert resolve_timezone("berlin") == "Europe/Berlin"
    assert resolve_timezone("New York") == "America/New_York"
    with pytest.raises(ClockInputError, match="Did you mean Europe/Berlin"):
        resolve_timezone("Europe/Berln")  # a typo clearly nearest one zone: offered alone, not set
    with pytest.raises(ClockInputError, match="Africa/Lome, America/Lima"):
        resolve_timezone("lime")  # near two: asked, not guessed
    with pytest.raises(ClockInputError, match="don't know"):
        resolve_timezone("Middle/Earth")


def test_zones_from_the_users_local_time():
    utc_now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # summer: Berlin is UTC+2
    assert "Europe/Berlin" in zones_for_local_time(time(14, 1), utc_now)
    assert "America/New_York" in zones_for_local_time(time(8, 0), utc_now)
    assert "Asia/Kolkata" in zones_for_local_time(time(17, 29), utc_now)  # +05:30


def test_fires_at_local_time_on_chosen_days():
    schedule = Schedule(frozenset({0, 2}), time(18, 30), "Europe/Berlin")  # Mon, Wed
    after = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday
    fire = schedule.next_fire(after)
    assert fire.astimezone(BERLIN) == datetime(2026, 11, 25, 18, 30, tzinfo=BERLIN)
    assert schedule.next_fire(fire).astimezone(BERLIN).date().isoformat() == "2026-11-30"


def test_dst_spring_forward_gap_moves_to_the_first_valid_instant():
    # Europe/Berlin skips 02:00-03:00 on 2026-03-29.
    schedule = Schedule(frozenset(range(7)), time(2, 30), "Europe/Berlin")
    fire = schedule.next_fire(datetime(2026, 3, 28, 23, 0, tzinfo=UTC))
    assert fire == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 local summer time
    assert fire.astimezone(BERLIN).hour == 3


def test_dst_autumn_overlap_fires_once():
    # America/New_York repeats 01:00-02:00 on 2026-11-01.
    schedule = Schedule(frozenset(range(7)), time(1, 30), "America/New_York")
    first = schedule.next_fire(datetime(2026, 11, 1, 0, 0, tzinfo=UTC))
    second = schedule.next_fire(first)
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # the first 01:30 (EDT)
    assert second.astimezone(NEW_YORK).date().isoformat() == "2026-11-02"


def test_same_local_time_either_side_of_dst_change():
    schedule = Schedule(frozenset(range(7)), time(18, 0), "Europe/Berlin")
    before = schedule.next_fire(datetime(2026, 10, 24, 0, 0, tzinfo=UTC))
    after = schedule.next_fire(datetime(2026, 10, 26, 0, 0, tzinfo=UTC))
    assert (before.hour, after.hour) == (16, 17)  # UTC shifts, local stays 18:00
    assert before.astimezone(BERLIN).hour == after.astimezone(BERLIN).hour == 18


@settings(max_examples=300, deadline=None)
@given(
    days=st.frozensets(st.integers(0, 6), min_size=1),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    zone=st.sampled_from(
        ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC", "Pacific/Chatham"]
    ),
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1)),
)
def test_next_fire_is_always_later_on_a_chosen_day_within_a_week(days, hour, minute, zone, start):
    schedule = Schedule(days, time(hour, minute), zone)
    after = start.replace(tzinfo=UTC)
    fire = schedule.next_fire(after)
    assert after < fire <= after + timedelta(days=8)
    local = fire.astimezone(ZoneInfo(zone))
    assert local.weekday() in days or (local - timedelta(hours=1)).weekday() in days  # gap shifts forward <= 1h
    assert schedule.next_fire(fire) > fire  # never the same instant twice


def test_restart_near_reminder_time_neither_skips_nor_repeats():
    due = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    assert due_action(due, due - timedelta(seconds=1)) == "wait"
    assert due_action(due, due + timedelta(minutes=5)) == "fire"  # restarted just after: still sent
    assert due_action(due, due + timedelta(hours=3)) == "skip"  # hours late: move on to the next one


@pytest.mark.parametrize(
    "typed, zone",
    [
        ("UTC+5:30", "UTC+05:30"),
        ("utc +05:30", "UTC+05:30"),
        ("GMT+5:45", "UTC+05:45"),
        ("+0530", "UTC+05:30"),
        ("+3", "UTC+03:00"),
        ("UTC-4", "UTC-04:00"),
        ("UTC−3", "UTC-03:00"),  # a typographic minus
        ("UTC-12", "UTC-12:00"),
        ("UTC+14", "UTC+14:00"),
        ("UTC", "UTC"),
        ("GMT", "UTC"),
        ("+0", "UTC"),
    ],
)
def test_utc_offsets_are_read_as_fixed_zones(typed, zone):
    assert read_timezone(typed) == ZoneReading(zone)


@pytest.mark.parametrize("typed", ["UTC+15", "UTC+5:20", "-13", "UTC+14:30", "+99:99"])
def test_impossible_offsets_are_refused(typed):
    with pytest.raises(ClockInputError, match="UTC offsets go from UTC-12:00 to UTC\\+14:00"):
        read_timezone(typed)


def _offered(typed: str) -> list[str]:
    with pytest.raises(ZoneSuggestions) as asked:
        read_timezone(typed)
    assert "so nothing changed" in str(asked.value)
    return asked.value.zones


def test_a_fixed_offset_fires_at_its_local_time_and_typos_are_offered_not_set():
    assert zone_of("UTC+05:30").utcoffset(None) == timedelta(hours=5, minutes=30)
    assert zone_of("UTC-03:00").utcoffset(None) == timedelta(hours=-3) and zone_of("UTC") == UTC
    fire = Schedule(frozenset({0}), time(18, 0), "UTC+05:30").next_fire(datetime(2026, 11, 24, 12, tzinfo=UTC))
    assert fire == datetime(2026, 11, 30, 12, 30, tzinfo=UTC)  # Monday 18:00 at +05:30
    assert _offered("Kolkatta") == ["Asia/Kolkata"]
    assert _offered("Asia/Kolkatta") == ["Asia/Kolkata"]
    assert _offered("new yrok") == ["America/New_York"]
    # a stranger's "Mars" and "Atlantis" were set as India and Atlantic time: close spellings are only offered
    assert _offered("Mars") == ["Asia/Kolkata"] and _offered("Atlantis") == ["America/Halifax"]
    assert read_timezone("kolkata") == ZoneReading("Asia/Kolkata")  # a city exactly: nothing to say
    with pytest.raises(ZoneSuggestions) as asked:
        read_timezone("lime")
    assert asked.value.zones[:2] == ["Africa/Lome", "America/Lima"]


def test_every_zone_at_an_offset_is_listed_not_five():
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    at_one = zones_with_offset(60, winter)
    assert at_one[0] == "Europe/Berlin" and {"Europe/Paris", "Europe/Rome", "Africa/Lagos"} <= set(at_one)
    assert len(at_one) == len(set(at_one)) > 20
    at_india = zones_with_offset(330, winter)
    assert at_india[0] == "Asia/Kolkata" and "Asia/Colombo" in at_india and "Europe/Berlin" not in at_india
    assert offset_for_local_time(time(17, 29), winter) == 330  # 12:00 UTC, a clock a minute slow


def test_zone_reading_is_fast_on_long_hostile_input():
    import time as clock

    for text in ("+" * 4096, "utc" + "+5" * 2000, "a" * 4096, "Europe/" * 600, "x y " * 1000):
        started = clock.perf_counter()
        with pytest.raises(ClockInputError):
            read_timezone(text)
        assert clock.perf_counter() - started < 0.05


@pytest.mark.parametrize(
    "typed, zone, meaning",
    [
        ("EST", "America/New_York", "US Eastern time"),
        ("pst", "America/Los_Angeles", "US Pacific time"),
        ("CET", "Europe/Berlin", "Central European time (the clock of Paris, Rome, Madrid too)"),
        ("Mumbai", "Asia/Kolkata", "India"),
        ("Bangalore", "Asia/Kolkata", "India"),
        ("Beijing", "Asia/Shanghai", "China"),
        ("San Francisco", "America/Los_Angeles", "US Pacific time"),
        ("san_francisco", "America/Los_Angeles", "US Pacific time"),
        ("Washington, D.C.", "America/New_York", "US Eastern time"),
        ("Boston", "America/New_York", "US Eastern time"),
        ("Miami", "America/New_York", "US Eastern time"),
        ("Munich", "Europe/Berlin", "Germany"),
        ("Barcelona", "Europe/Madrid", "Spain"),
    ],
)
def test_abbreviations_and_big_cities_without_a_zone_are_read_and_say_what_they_mean(typed, zone, meaning):
    assert read_timezone(typed) == ZoneReading(zone, corrected=True, meaning=meaning)


@pytest.mark.parametrize(
    "typed, zones",
    [
        ("IST", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
        ("cst", ["America/Chicago", "Asia/Shanghai"]),
        ("MST", ["America/Denver", "America/Phoenix"]),
        ("Washington", ["America/New_York", "America/Los_Angeles"]),
    ],
)
def test_an_ambiguous_abbreviation_or_city_is_asked_not_guessed(typed, zones):
    with pytest.raises(ZoneSuggestions) as asked:
        read_timezone(typed)
    assert asked.value.zones == zones and "so nothing changed yet" in str(asked.value)


def test_old_aliases_are_read_as_their_canonical_zone_and_never_listed():
    assert read_timezone("Asia/Calcutta") == ZoneReading("Asia/Kolkata")
    assert read_timezone("Calcutta") == ZoneReading("Asia/Kolkata")
    assert read_timezone("US/Eastern") == ZoneReading("America/New_York")
    assert read_timezone("Europe/Kiev") == ZoneReading("Europe/Kyiv")
    assert read_timezone("Europe/Amsterdam") == ZoneReading("Europe/Amsterdam")  # a country's own zone stays
    utc_now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert zones_with_offset(330, utc_now) == ["Asia/Kolkata", "Asia/Colombo"]  # no Asia/Calcutta
    cet = zones_with_offset(60, utc_now)
    assert "Europe/Amsterdam" in cet and "Europe/Oslo" in cet
    assert "Europe/Belfast" not in zones_with_offset(0, utc_now) and "Europe/London" in zones_with_offset(0, utc_now)
    assert not {"US/Eastern", "America/Montreal", "Canada/Eastern"} & set(zones_with_offset(-300, utc_now))
    assert "America/Toronto" in zones_with_offset(-300, utc_now)
    # typos in a table city are read; a table city never turns up as a mere suggestion
    assert _offered("Bangalor") == ["Asia/Kolkata"]
    with pytest.raises(ZoneSuggestions) as near:
        read_timezone("lime")
    assert "America/New_York" not in near.value.zones


@pytest.mark.parametrize(
    ("zone", "winter", "summer"),
    [
        ("Europe/Berlin", True, True),
        ("Australia/Sydney", True, True),
        ("Africa/Casablanca", True, True),  # no summer time, but clocks change for Ramadan
        ("Asia/Kolkata", False, False),
        ("America/Phoenix", False, False),
        ("Asia/Tehran", False, False),  # daylight saving abolished in 2022
        ("UTC+05:30", False, False),  # India and Sri Lanka: nobody at +05:30 changes clocks
        ("UTC+09:00", False, False),
        ("UTC+01:00", True, True),  # Berlin in winter, London in summer
        ("UTC+03:00", False, True),  # Moscow and Riyadh in winter; Athens and Kyiv in summer
        ("UTC", True, True),  # London in winter, Reykjavik and the Azores in summer
    ],
)
def test_clocks_change_only_where_they_do_in_the_coming_year(zone, winter, summer):
    assert changes_clocks(zone, datetime(2026, 11, 24, 12, tzinfo=UTC)) is winter
    assert changes_clocks(zone, datetime(2026, 7, 1, 12, tzinfo=UTC)) is summer
