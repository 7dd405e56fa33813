"""Reminders through the coach: buttons, typed times, time zones, firing exactly once."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.conversation.coach import Coach
from bot.conversation.model import User
from bot.conversation.qa import QuestionFlow
from bot.conversation.reminders import ReminderFlow

ANN = User(id=21, chat_id=21, first_name="Ann")
BOB = User(id=22, chat_id=22, first_name="Bob")


class FakeClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))  # Tuesday


@pytest.fixture
async def coach(fixture_engine, sqlite_repo, clock):
    async def next_workout(user_id):
        return ("heavy-hip-thrust-day", "Heavy hip thrust day")

    return Coach(
        QuestionFlow(fixture_engine, sqlite_repo.questions),
        sqlite_repo,
        flows=[ReminderFlow(sqlite_repo.schedule, sqlite_repo.users, clock, next_workout)],
    )


async def test_set_a_reminder_with_buttons_then_a_typed_time(coach, sqlite_repo):
    overview = (await coach.command(ANN, "remind", ""))[0]
    assert "no training reminders" in overview.text
    picked = (await coach.callback(ANN, "r:d:0:0")).replies[0]  # Monday
    assert picked.edit and picked.buttons[0][0].label == "✅ Mon"
    picked = (await coach.callback(ANN, "r:d:1:2")).replies[0]  # + Wednesday
    asked = (await coach.callback(ANN, "r:n:5")).replies[0]
    assert "Mon, Wed: what time?" in asked.text
    done = (await coach.text(ANN, "6:30pm"))[0]
    assert "Reminder set: Mon, Wed at 18:30 (UTC)" in done.text
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert (reminder.days, reminder.at) == ([0, 2], "18:30")
    assert reminder.next_fire_at == datetime(2026, 11, 25, 18, 30, tzinfo=UTC)
    # The pending question is answered: the next message is a normal question again.
    assert (await coach.text(ANN, "db hip thrust ok?"))[0].text.startswith("<b>")


async def test_a_question_typed_while_asked_for_a_time_is_answered_and_the_prompt_stays(coach, sqlite_repo):
    await coach.callback(ANN, "r:d:0:0")
    assert "what time?" in (await coach.callback(ANN, "r:n:5")).replies[0].text
    answer = (await coach.text(ANN, "can I do hip thrusts with a dumbbell instead of a barbell?"))[0]
    assert answer.text.startswith("<b>") and "to set no new reminder" not in answer.text
    assert await sqlite_repo.schedule.reminders_of(ANN.id) == []
    refused = (await coach.text(ANN, "banana"))[0]  # short enough to be a reply: told how to answer
    assert "(Or send <code>cancel</code> to set no new reminder.)" in refused.text
    assert "Reminder set:" in (await coach.text(ANN, "7am"))[0].text
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert reminder.at == "07:00"


async def test_cancel_ends_the_time_prompt_and_remind_off_never_leaves_one_open(coach, sqlite_repo):
    [kept] = await coach.command(ANN, "remind", "mon 18:00")
    assert "Reminder set" in kept.text
    await coach.callback(ANN, "r:d:0:2")  # Wednesday
    await coach.callback(ANN, "r:n:4")
    [cancelled] = await coach.text(ANN, "cancel")
    assert cancelled.text == "OK, nothing changed. No new reminder."
    assert [r.days for r in await sqlite_repo.schedule.reminders_of(ANN.id)] == [[0]]  # the Monday one is kept
    assert await sqlite_repo.prompts.get_prompt(ANN.id) is None
    assert "Reminder set" not in (await coach.text(ANN, "19:00"))[0].text
    await coach.callback(ANN, "r:d:0:2")
    await coach.callback(ANN, "r:n:4")
    [off] = await coach.command(ANN, "remind", "off")  # removes them all, and the half-made one too
    assert "removed 1 reminder" in off.text
    assert await sqlite_repo.prompts.get_prompt(ANN.id) is None
    assert "Reminder set" not in (await coach.text(ANN, "19:00"))[0].text
    assert await sqlite_repo.schedule.reminders_of(ANN.id) == []


async def test_one_line_reminder_and_timezone_change_keep_local_time(coach, sqlite_repo):
    await coach.command(ANN, "remind", "mon,wed,fri 07:00")
    reply = (await coach.command(ANN, "timezone", "Europe/Berlin"))[0]
    assert "Europe/Berlin" in reply.text
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert reminder.timezone == "Europe/Berlin"
    assert reminder.next_fire_at == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 07:00 CET


async def test_timezone_from_local_time_offers_matching_zones(coach, sqlite_repo):
    await coach.command(ANN, "timezone", "")
    offer = (await coach.text(ANN, "13:00"))[0]  # UTC+1 in November
    labels = [b.label for row in offer.buttons for b in row]
    assert "Europe/Berlin" in labels
    outcome = await coach.callback(ANN, "r:tz:Europe/Berlin")
    assert "Time zone set to <b>Europe/Berlin</b>" in outcome.replies[0].text


async def test_setting_the_time_zone_mid_reminder_comes_back_to_it(coach, sqlite_repo):
    await coach.callback(ANN, "r:d:0:0")  # Monday
    assert "Mon: what time?" in (await coach.callback(ANN, "r:n:1")).replies[0].text
    await coach.command(ANN, "timezone", "")  # the time prompt says to set the zone first: the days are kept
    await coach.text(ANN, "13:00")
    chosen = (await coach.callback(ANN, "r:tz:Europe/Berlin")).replies[0].text
    assert chosen.endswith("Mon: what time for your reminder?")
    assert "Reminder set: Mon at 18:00 (Europe/Berlin)" in (await coach.text(ANN, "18:00"))[0].text
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert (reminder.days, reminder.at, reminder.timezone) == ([0], "18:00", "Europe/Berlin")
    assert reminder.next_fire_at == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # Monday 18:00 in Berlin
    assert await sqlite_repo.prompts.get_prompt(ANN.id) is None


async def test_remind_closes_a_time_zone_question(coach, sqlite_repo):
    await coach.command(ANN, "timezone", "")
    await coach.command(ANN, "remind", "")  # the days picker is on screen now
    [reply] = await coach.text(ANN, "15:28")
    assert "Which of these is yours?" not in reply.text
    assert (await sqlite_repo.users.get_settings(ANN.id)).get("timezone", "UTC") == "UTC"


@pytest.mark.parametrize(
    ("name", "args", "fragment"),
    [
        ("remind", "someday 18:30", "didn't understand the day"),
        ("remind", "mon 25:00", "valid time"),
        ("timezone", "lime", "Did you mean Africa/Lome, America/Lima"),
        ("timezone", "Mars/Base", "don't know"),
        ("timezone", "UTC+25", "UTC offsets go from UTC-12:00 to UTC+14:00"),
        ("timezone", "UTC+5:20", "in quarter hours"),
        ("timezone", "UTC-13", "UTC offsets go from UTC-12:00"),
        ("remind", ",", "Usage: /remind"),
        ("remind", "mon " * 20 + "7:00", "Usage: /remind"),
    ],
)
async def test_bad_arguments_get_usage_and_change_nothing(coach, sqlite_repo, name, args, fragment):
    reply = (await coach.command(ANN, name, args))[0]
    assert fragment in reply.text
    assert await sqlite_repo.schedule.reminders_of(ANN.id) == []
    assert (await sqlite_repo.users.get_settings(ANN.id)).get("timezone", "UTC") == "UTC"


async def test_reminder_fires_once_with_todays_plan_even_across_restart(coach, sqlite_repo, clock, fixture_engine):
    await coach.command(ANN, "remind", "daily 18:30")
    clock.now = datetime(2026, 11, 24, 18, 30, 5, tzinfo=UTC)
    [note] = await coach.due(clock.now)
    assert note.chat_id == ANN.chat_id and "Heavy hip thrust day" in note.reply.text
    assert [b.data for row in note.reply.buttons for b in row] == ["w:go:heavy-hip-thrust-day", "r:z:1", "r:s:1"]
    assert await coach.due(clock.now) == []
    restarted = Coach(
        QuestionFlow(fixture_engine, sqlite_repo.questions),
        sqlite_repo,
        flows=[ReminderFlow(sqlite_repo.schedule, sqlite_repo.users, clock)],
    )
    assert await restarted.due(clock.now + timedelta(seconds=30)) == []
    # next day it fires again
    clock.now += timedelta(days=1)
    assert len(await restarted.due(clock.now)) == 1


async def test_restart_hours_after_reminder_skips_it_instead_of_sending_late(coach, sqlite_repo, clock):
    await coach.command(ANN, "remind", "daily 18:30")
    late = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert await coach.due(late) == []
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert reminder.next_fire_at == datetime(2026, 11, 25, 18, 30, tzinfo=UTC)


async def test_snooze_fires_again_after_30_minutes_and_is_per_user(coach, sqlite_repo, clock):
    await coach.command(ANN, "remind", "daily 18:30")
    clock.now = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)
    await coach.due(clock.now)
    assert (
        "older" in (await coach.callback(BOB, "r:z:1")).toast
        or "no longer" in (await coach.callback(BOB, "r:z:1")).toast
    )
    assert "Snoozed" in (await coach.callback(ANN, "r:z:1")).replies[0].text
    assert await coach.due(clock.now + timedelta(minutes=29)) == []
    assert len(await coach.due(clock.now + timedelta(minutes=31))) == 1


async def test_remind_off_removes_all(coach, sqlite_repo):
    await coach.command(ANN, "remind", "mon 07:00")
    await coach.command(ANN, "remind", "fri 19:00")
    assert "removed 2 reminders" in (await coach.command(ANN, "remind", "off"))[0].text
    assert await sqlite_repo.schedule.reminders_of(ANN.id) == []


async def test_one_reminder_is_removed_by_its_own_button_and_the_others_stay(coach, sqlite_repo):
    """A stranger's walk-through: with two reminders /remind offered only "Remove all", and /remind delete
    said "I couldn't read that time"."""
    await coach.command(ANN, "remind", "mon,wed,fri 18:30")
    await coach.command(ANN, "remind", "21:00")
    [listed] = await coach.command(ANN, "remind", "delete")
    assert "1. Mon, Wed, Fri at 18:30 (UTC)\n2. every day at 21:00 (UTC)" in listed.text
    assert labels(listed)[-3:] == [
        "🗑 Remove Mon, Wed, Fri at 18:30 (UTC)",
        "🗑 Remove every day at 21:00 (UTC)",
        "🗑 Remove all",
    ]
    monday = next(b.data for row in listed.buttons for b in row if b.label.startswith("🗑 Remove Mon"))
    [after] = (await coach.callback(ANN, monday)).replies
    assert after.edit and after.text.startswith("🗑 Removed: Mon, Wed, Fri at 18:30 (UTC).\n<b>Your reminders</b>")
    assert labels(after)[-1] == "🗑 Remove every day at 21:00 (UTC)" and "🗑 Remove all" not in labels(after)
    [left] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert (left.days, left.at) == ([0, 1, 2, 3, 4, 5, 6], "21:00")
    # the same button again (an old message) removes nothing more
    again = await coach.callback(ANN, monday)
    assert again.replies == [] and again.toast == "That reminder was already removed."
    assert len(await sqlite_repo.schedule.reminders_of(ANN.id)) == 1
    # another user's reminder id in a forged button is not theirs to remove
    await coach.command(BOB, "remind", "tue 07:00")
    [bobs] = await sqlite_repo.schedule.reminders_of(BOB.id)
    forged = await coach.callback(ANN, f"r:rm:{bobs.id}")
    assert forged.replies == [] and len(await sqlite_repo.schedule.reminders_of(BOB.id)) == 1


@pytest.mark.parametrize(
    "data",
    [
        "r:d:x:1",
        "r:d:1",
        "r:n:abc",
        "r:z:",
        "r:z:999",
        "r:rm:",
        "r:rm:999",
        "r:tz:Not/AZone",
        "r:tz:Europe/Berln",  # a button names its zone exactly: a typo in one is no button of ours
        "r:tz:UTC+25:00",
        "r:tzp:900:0",
        "r:tzp:60:x",
        "r:??",
    ],
)
async def test_forged_buttons_change_nothing(coach, sqlite_repo, data):
    outcome = await coach.callback(ANN, data)
    assert outcome.replies == [] and outcome.toast
    assert await sqlite_repo.schedule.pending_timers() == [] and await sqlite_repo.schedule.reminders_of(ANN.id) == []


async def zone(sqlite_repo):
    return (await sqlite_repo.users.get_settings(ANN.id)).get("timezone", "UTC")


def labels(reply):
    return [b.label for row in reply.buttons for b in row]


async def test_any_zone_at_the_users_offset_can_be_picked_page_by_page_or_the_offset_itself(coach, sqlite_repo):
    """A stranger's walk-through: the picker offered 5 zones, so most people at UTC+1 couldn't pick theirs."""
    from bot.scheduling.zones import zones_with_offset

    await coach.command(ANN, "timezone", "")
    offer = (await coach.text(ANN, "13:00"))[0]  # UTC+1 on 24 Nov
    everyone = zones_with_offset(60, datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    assert len(everyone) > 20 and {"Europe/Berlin", "Europe/Paris", "Africa/Lagos", "Europe/Oslo"} <= set(everyone)
    assert offer.text.startswith("So you're at UTC+01:00 now. Which of these is yours? (Page 1 of ")
    assert "Type your city (e.g. <code>Kolkata</code>)" in offer.text
    seen, page = [], offer
    while True:
        seen += [label for label in labels(page) if "/" in label]
        assert "Just UTC+01:00 (no daylight saving)" in labels(page)
        more = next((b.data for row in page.buttons for b in row if b.label.startswith("More")), None)
        if more is None:
            break
        page = (await coach.callback(ANN, more)).replies[0]
        assert page.edit
    assert seen == everyone  # every zone at the offset, each once, common ones first
    assert await zone(sqlite_repo) == "UTC"  # paging changes nothing
    fixed = next(b.data for row in page.buttons for b in row if b.label.startswith("Just"))
    chosen = (await coach.callback(ANN, fixed)).replies[0].text
    assert chosen.startswith("🌍 Time zone set to <b>UTC+01:00</b> (your time now: 13:00). A fixed offset has no")
    assert await zone(sqlite_repo) == "UTC+01:00"


async def test_typed_offsets_cities_with_typos_and_near_misses(coach, sqlite_repo):
    set_to = (await coach.command(ANN, "timezone", "UTC+5:30"))[0].text
    assert set_to.startswith("🌍 Time zone set to <b>UTC+05:30</b> (your time now: 17:30).")
    assert await zone(sqlite_repo) == "UTC+05:30"
    assert "Reminder set: Mon at 18:00 (UTC+05:30)" in (await coach.command(ANN, "remind", "mon 18:00"))[0].text
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert (reminder.timezone, reminder.next_fire_at) == ("UTC+05:30", datetime(2026, 11, 30, 12, 30, tzinfo=UTC))

    # a city with a typo, typed after /timezone asked for the time: offered with a button, set by the tap only
    await coach.command(ANN, "timezone", "")
    [typo] = await coach.text(ANN, "Kolkatta")
    assert typo.text == (
        'I don\'t know the time zone "Kolkatta", so nothing changed yet. '
        "Did you mean Asia/Kolkata? Tap it, or type your city again."
    )
    assert labels(typo) == ["Asia/Kolkata"] and await zone(sqlite_repo) == "UTC+05:30"
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert (reminder.timezone, reminder.next_fire_at) == ("UTC+05:30", datetime(2026, 11, 30, 12, 30, tzinfo=UTC))
    tapped = (await coach.callback(ANN, typo.buttons[0][0].data)).replies[0].text
    assert tapped.startswith("🌍 Time zone set to <b>Asia/Kolkata</b>")
    assert await zone(sqlite_repo) == "Asia/Kolkata"
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert (reminder.timezone, reminder.next_fire_at) == ("Asia/Kolkata", datetime(2026, 11, 30, 12, 30, tzinfo=UTC))

    assert (await coach.command(ANN, "timezone", "+3"))[0].text.startswith("🌍 Time zone set to <b>UTC+03:00</b>")
    assert (await coach.command(ANN, "timezone", "GMT-4"))[0].text.startswith("🌍 Time zone set to <b>UTC-04:00</b>")
    assert await zone(sqlite_repo) == "UTC-04:00"

    # near two zones: asked with buttons, nothing changed until one is tapped
    near = (await coach.command(ANN, "timezone", "lime"))[0]
    assert 'I don\'t know the time zone "lime", so nothing changed.' in near.text
    assert labels(near)[:2] == ["Africa/Lome", "America/Lima"] and await zone(sqlite_repo) == "UTC-04:00"
    lima = next(b.data for row in near.buttons for b in row if b.label == "America/Lima")
    assert "Time zone set to <b>America/Lima</b>" in (await coach.callback(ANN, lima)).replies[0].text
    assert await zone(sqlite_repo) == "America/Lima"


async def test_abbreviations_and_cities_are_read_and_ambiguous_ones_asked_with_buttons(coach, sqlite_repo):
    """A stranger's walk-through: /timezone EST, IST, Mumbai, San Francisco were all refused."""
    est = (await coach.command(ANN, "timezone", "EST"))[0].text
    assert est.startswith(
        "(I read “EST” as <b>America/New_York</b>, US Eastern time. "
        "Not yours? Send /timezone with your city or an offset like UTC-5.)\n"
        "🌍 Time zone set to <b>America/New_York</b> (your time now: 07:00)."
    )
    assert await zone(sqlite_repo) == "America/New_York"
    assert "Reminder set: Mon at 18:00 (America/New_York)" in (await coach.command(ANN, "remind", "mon 18:00"))[0].text
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert (reminder.timezone, reminder.next_fire_at) == ("America/New_York", datetime(2026, 11, 30, 23, 0, tzinfo=UTC))

    # IST is India, Ireland or Israel: asked, nothing changed until a tap
    ist = (await coach.command(ANN, "timezone", "IST"))[0]
    assert (
        ist.text
        == '"IST" could be India, Ireland or Israel, so nothing changed yet. Which one? Tap it, or type your city.'
    )
    assert labels(ist) == ["India: Asia/Kolkata", "Ireland: Europe/Dublin", "Israel: Asia/Jerusalem"]
    assert await zone(sqlite_repo) == "America/New_York"
    india = next(b.data for row in ist.buttons for b in row if b.label.startswith("India"))
    tapped = (await coach.callback(ANN, india)).replies[0].text
    assert tapped.startswith("🌍 Time zone set to <b>Asia/Kolkata</b> (your time now: 17:30).")
    assert await zone(sqlite_repo) == "Asia/Kolkata"
    [reminder] = await sqlite_repo.schedule.reminders_of(ANN.id)  # still Monday 18:00, now in India
    assert (reminder.timezone, reminder.next_fire_at) == ("Asia/Kolkata", datetime(2026, 11, 30, 12, 30, tzinfo=UTC))

    # a big city without a zone of its own, typed after /timezone asked for the local time
    await coach.command(ANN, "timezone", "")
    sf = (await coach.text(ANN, "San Francisco"))[0].text
    assert sf.startswith("(I read “San Francisco” as <b>America/Los_Angeles</b>, US Pacific time.")
    assert await zone(sqlite_repo) == "America/Los_Angeles"
    # an old alias is stored as its canonical zone
    assert (await coach.command(ANN, "timezone", "Asia/Calcutta"))[0].text.startswith(
        "🌍 Time zone set to <b>Asia/Kolkata</b>"
    )
    assert await zone(sqlite_repo) == "Asia/Kolkata"


async def test_the_picker_lists_canonical_zones_only(coach, sqlite_repo):
    await coach.command(ANN, "timezone", "")
    offer = (await coach.text(ANN, "17:30"))[0]  # UTC+5:30
    assert [label for label in labels(offer) if "/" in label] == ["Asia/Kolkata", "Asia/Colombo"]  # no Asia/Calcutta
    assert await zone(sqlite_repo) == "UTC"


async def test_the_daylight_saving_sentence_is_said_only_for_zones_where_clocks_change(coach, sqlite_repo):
    """Asia/Kolkata was told "Reminders follow it, including daylight-saving changes", and UTC+05:30 "if
    your clocks change, set your city instead": India has no daylight saving."""
    kolkata = (await coach.command(ANN, "timezone", "Asia/Kolkata"))[0].text
    assert kolkata == "🌍 Time zone set to <b>Asia/Kolkata</b> (your time now: 17:30). Reminders follow it."
    fixed = (await coach.command(ANN, "timezone", "UTC+5:30"))[0].text
    assert fixed == "🌍 Time zone set to <b>UTC+05:30</b> (your time now: 17:30). Reminders follow it."
    assert await zone(sqlite_repo) == "UTC+05:30"
    phoenix = (await coach.command(ANN, "timezone", "America/Phoenix"))[0].text
    assert phoenix.endswith("(your time now: 05:00). Reminders follow it.")
    berlin = (await coach.command(ANN, "timezone", "Europe/Berlin"))[0].text
    assert berlin.endswith("(your time now: 13:00). Reminders follow it, including daylight-saving changes.")
    plus_one = (await coach.command(ANN, "timezone", "UTC+1"))[0].text  # Berlin's offset now: a city would be better
    assert plus_one.endswith("A fixed offset has no daylight saving: if your clocks change, set your city instead.")
    assert await zone(sqlite_repo) == "UTC+01:00"


async def test_a_reminder_typed_in_words_is_stored_as_said_and_bad_days_change_nothing(coach, sqlite_repo):
    await coach.command(ANN, "timezone", "Europe/Berlin")
    bad = (await coach.command(ANN, "remind", "every funday at 7"))[0]
    assert bad.text.startswith("I didn't understand the day “funday”.")
    assert await sqlite_repo.schedule.reminders_of(ANN.id) == []
    # "every day at 7" used to be refused ("I didn't understand the day “every”")
    reply = (await coach.command(ANN, "remind", "every day at 7"))[0]
    assert "Reminder set: every day at 07:00 (Europe/Berlin)" in reply.text
    weekdays = (await coach.command(ANN, "remind", "mon-fri 6 pm"))[0]
    assert "Reminder set: weekdays at 18:00 (Europe/Berlin)" in weekdays.text
    daily, evenings = sorted(await sqlite_repo.schedule.reminders_of(ANN.id), key=lambda r: r.at)
    assert (daily.days, daily.at, daily.timezone) == ([0, 1, 2, 3, 4, 5, 6], "07:00", "Europe/Berlin")
    assert daily.next_fire_at == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # Wednesday 07:00 CET
    assert (evenings.days, evenings.at) == ([0, 1, 2, 3, 4], "18:00")
    assert evenings.next_fire_at == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # today, Tuesday 18:00 CET


async def test_the_local_time_can_come_with_the_command(coach, sqlite_repo):
    # A stranger typed "/timezone 9:15pm" and was told it is no zone; it is the answer /timezone asks for.
    offer = (await coach.command(ANN, "timezone", "1pm"))[0]  # UTC+1 on 24 Nov
    assert offer.text.startswith("So you're at UTC+01:00 now. Which of these is yours?")
    assert "Europe/Berlin" in labels(offer) and await zone(sqlite_repo) == "UTC"  # nothing set before a tap
    berlin = next(b.data for row in offer.buttons for b in row if b.label == "Europe/Berlin")
    assert (await coach.callback(ANN, berlin)).replies[0].text.startswith("🌍 Time zone set to <b>Europe/Berlin</b>")
    assert await zone(sqlite_repo) == "Europe/Berlin"
    offset = (await coach.command(ANN, "timezone", "+5:30"))[0].text  # an offset is still an offset
    assert offset.startswith("🌍 Time zone set to <b>UTC+05:30</b>")


async def test_a_clock_a_little_off_is_offered_the_nearest_real_offset(coach, sqlite_repo):
    # A stranger's re-check: 13:45 at 12:00 UTC offered "Just UTC+01:45", an offset no place uses.
    await coach.command(ANN, "timezone", "")
    offer = (await coach.text(ANN, "13:45"))[0]
    assert offer.text.startswith("No place is at UTC+01:45 right now; the nearest is UTC+02:00.")
    assert "Just UTC+02:00 (no daylight saving)" in labels(offer) and not any("01:45" in x for x in labels(offer))
    assert await zone(sqlite_repo) == "UTC"


async def test_a_local_time_with_timezone_keeps_a_reminder_half_made(coach, sqlite_repo):
    # A review: "/timezone 1pm" while /remind waited for a time dropped the picked days; bare /timezone kept them.
    await coach.callback(ANN, "r:d:0:0")  # Monday
    assert "Mon: what time?" in (await coach.callback(ANN, "r:n:1")).replies[0].text
    await coach.command(ANN, "timezone", "1pm")  # UTC+1
    chosen = (await coach.callback(ANN, "r:tz:Europe/Berlin")).replies[0].text
    assert chosen.endswith("Mon: what time for your reminder?")
    assert "Reminder set: Mon at 18:00 (Europe/Berlin)" in (await coach.text(ANN, "18:00"))[0].text


async def test_remove_by_number_and_a_reminder_an_existing_one_covers(coach, sqlite_repo):
    # A stranger's: "/remind remove 1" said "I didn't understand the day 'remove'", and "/remind mon 18:30" was
    # added beside "Mon, Wed, Fri at 18:30" (two pings on Monday).
    await coach.command(ANN, "remind", "mon,wed,fri 18:30")
    covered = (await coach.command(ANN, "remind", "mon 18:30"))[0]
    assert covered.text == "You already have that reminder: Mon, Wed, Fri at 18:30 (UTC)."
    assert "Reminder set" in (await coach.command(ANN, "remind", "tue 18:30"))[0].text
    assert len(await sqlite_repo.schedule.reminders_of(ANN.id)) == 2
    missing = (await coach.command(ANN, "remind", "remove 3"))[0]
    assert missing.text == "There is no reminder 3. You have 2 reminders. /remind lists them with their numbers."
    removed = (await coach.command(ANN, "remind", "remove 1"))[0]
    assert removed.text.startswith("🗑 Removed: Mon, Wed, Fri at 18:30 (UTC).\n<b>Your reminders</b>\n1. Tue at 18:30")
    [left] = await sqlite_repo.schedule.reminders_of(ANN.id)
    assert (left.days, left.at) == ([1], "18:30")


async def test_asking_to_change_a_reminder_says_how_and_changes_nothing(coach, sqlite_repo):
    """A stranger's "/remind change the daily one to 7am" got "I didn't understand the day “change”"."""
    await coach.command(ANN, "remind", "every day at 6pm")
    before = await sqlite_repo.schedule.reminders_of(ANN.id)
    reply = (await coach.command(ANN, "remind", "change the daily one to 7am"))[0]
    assert reply.text.startswith("To change a reminder, remove it here and set the new time, e.g. ")
    assert "1. every day at 18:00 (UTC)" in reply.text
    assert any(b.label.startswith("🗑 Remove every day at 18:00") for row in reply.buttons for b in row)
    assert await sqlite_repo.schedule.reminders_of(ANN.id) == before
