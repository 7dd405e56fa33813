"""A reminder typed in one line, the way people write it."""

from datetime import time

import pytest

from bot.scheduling.typed_schedule import ScheduleInputError, read_days_and_time

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
EVERY_DAY = frozenset(range(7))


@pytest.mark.parametrize(
    "typed, days, at",
    [
        ("mon,wed,fri 18:30", {MON, WED, FRI}, time(18, 30)),
        ("every day at 7", EVERY_DAY, time(7, 0)),
        ("everyday 7am", EVERY_DAY, time(7, 0)),
        ("daily 6:30pm", EVERY_DAY, time(18, 30)),
        ("at 6 pm", EVERY_DAY, time(18, 0)),
        ("weekdays 6 pm", {MON, TUE, WED, THU, FRI}, time(18, 0)),
        ("weekends at 9:00", {SAT, SUN}, time(9, 0)),
        ("me every monday, wednesday and friday at 6:30 pm", {MON, WED, FRI}, time(18, 30)),
        ("Mondays & Thursdays 06:30", {MON, THU}, time(6, 30)),
        ("tuesday thursday 6:30am", {TUE, THU}, time(6, 30)),
        ("mon-fri 07:00", {MON, TUE, WED, THU, FRI}, time(7, 0)),
        ("fri-mon 10am", {FRI, SAT, SUN, MON}, time(10, 0)),
        ("18:30", EVERY_DAY, time(18, 30)),
        # times in words (a stranger's re-check: "I didn't understand the day “6:30”")
        ("every weekday at 6:30 in the morning", {MON, TUE, WED, THU, FRI}, time(6, 30)),
        ("every day at 7 in the morning", EVERY_DAY, time(7, 0)),
        ("mon wed fri at half past six pm", {MON, WED, FRI}, time(18, 30)),
        ("saturday at noon", {SAT}, time(12, 0)),
        ("tuesdays at seven in the evening", {TUE}, time(19, 0)),
        ("sun quarter to seven", {SUN}, time(6, 45)),
        ("every day at 10 at night", EVERY_DAY, time(22, 0)),
        ("sat 9 o'clock", {SAT}, time(9, 0)),
        ("weekends at midnight", {SAT, SUN}, time(0, 0)),
        # a review: "at night" is not always pm, and "quarter to one" is before 1:00 as "one" is 1:00
        ("at 12 at night", EVERY_DAY, time(0, 0)),
        ("at 1 at night", EVERY_DAY, time(1, 0)),
        ("half past eleven at night", EVERY_DAY, time(23, 30)),
        ("quarter to one", EVERY_DAY, time(0, 45)),
        ("quarter to one pm", EVERY_DAY, time(12, 45)),
    ],
)
def test_typed_reminders_read_as_people_mean_them(typed, days, at):
    assert read_days_and_time(typed) == (frozenset(days), at)


@pytest.mark.parametrize(
    "typed, said",
    [
        ("funday 18:30", "I didn't understand the day “funday”."),
        ("mon-xyz 18:30", "I didn't understand the day “mon-xyz”."),
        ("mon 25:00", "That isn't a valid time."),
        ("mon 13pm", "With am/pm the hour goes from 1 to 12"),
        ("every day", "I couldn't read a time in that."),
        ("  ", "I couldn't read a time in that."),
        ("every day 6:30 tomorrow", "Put the time last"),  # the time, not "the day “6:30”"
        ("half past", "I didn't understand the day “half”."),
    ],
)
def test_what_cannot_be_read_is_said(typed, said):
    with pytest.raises(ScheduleInputError) as caught:
        read_days_and_time(typed)
    assert str(caught.value).startswith(said)


def test_a_long_text_is_refused_by_its_word_count():
    with pytest.raises(ScheduleInputError, match="too long"):
        read_days_and_time("mon " * 1000 + "18:30")
    with pytest.raises(ScheduleInputError):
        read_days_and_time("mon" + " " * 4000 + "z")
