"""Reading a reminder typed in one line: "mon,wed,fri 18:30", "every day at 7", "weekdays 6 pm",
"mondays and thursdays at 6:30am", "mon-fri 07:00". Linear: a bounded number of words, each looked up."""

from __future__ import annotations

from datetime import time

from .schedules import DAY_NAMES
from .time_of_day import ClockInputError, parse_time_of_day

MAX_WORDS = 16  # "remind me every monday, wednesday and friday at 6:30 pm" is 11

DAY_WORDS = {name.lower(): i for i, name in enumerate(DAY_NAMES)} | {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
GROUPS = {
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
    "weekdays": frozenset(range(5)),
    "weekday": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "weekend": frozenset({5, 6}),
}
# Words around the days and the time that say nothing themselves ("every day" is every day because no
# day is named; a reminder without days is daily).
FILLER = frozenset({"me", "every", "each", "day", "days", "at", "on", "and", "&", "@", "the", "to", "train"})
_MERIDIEM = frozenset({"am", "pm", "a.m.", "p.m."})


# Times said in words ("7 in the morning", "noon", "half past six pm"), rewritten to what the clock reads.
_HOURS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}
_SAID = {  # phrases, longest first at each word: what they stand for ("" drops them)
    ("in", "the", "morning"): "am",
    ("in", "the", "afternoon"): "pm",
    ("in", "the", "evening"): "pm",
    ("at", "night"): "night",  # pm, but "12 at night" is midnight and "2 at night" the small hours (below)
    ("o'clock",): "",
    ("oclock",): "",
    ("noon",): "12:00",
    ("midday",): "12:00",
    ("midnight",): "00:00",
}
_PAST = {"half": 30, "quarter": 15}


class ScheduleInputError(ValueError):
    """Bad user input; the message says what could not be read."""


def read_days_and_time(text: str) -> tuple[frozenset[int], time]:
    """Days (0 = Monday; all seven when none is named) and the time of day, the time last."""
    words = [w for w in _in_digits(text.replace(",", " ").lower().split(None, MAX_WORDS)) if w not in FILLER]
    if not words:  # "every day": no time given
        raise ScheduleInputError('I couldn\'t read a time in that. Try "every day 18:30" or "mon,thu 6:30pm".')
    if len(words) > MAX_WORDS:
        raise ScheduleInputError("That is too long for a reminder.")
    *day_words, time_text = words
    if time_text in _MERIDIEM and day_words:  # "6 pm" arrives as two words
        time_text = f"{day_words.pop()}{time_text}"
    days: set[int] = set()
    for word in day_words:
        found = _days_of(word)
        if found is None and any(ch.isdigit() for ch in word):  # a time that is not last: say so
            raise ScheduleInputError('Put the time last, e.g. "mon,thu 6:30pm" or "every day at 7 in the morning".')
        if found is None:
            raise ScheduleInputError(f"I didn't understand the day “{word[:20]}”.")
        days |= found
    try:
        at = parse_time_of_day(time_text)
    except ClockInputError as exc:
        raise ScheduleInputError(str(exc)) from exc
    return frozenset(days or range(7)), at


def _days_of(word: str) -> frozenset[int] | None:
    if word in GROUPS:
        return GROUPS[word]
    start, dash, end = word.partition("-")
    if dash:  # "mon-fri": the days from one to the other, through the weekend if it wraps
        first, last = _day(start), _day(end)
        if first is None or last is None:
            return None
        return frozenset((first + i) % 7 for i in range((last - first) % 7 + 1))
    day = _day(word)
    return None if day is None else frozenset({day})


def _day(word: str) -> int | None:
    if word in DAY_WORDS:
        return DAY_WORDS[word]
    return DAY_WORDS.get(word[:-1]) if word.endswith("s") else None  # "mondays"


def _in_digits(words: list[str]) -> list[str]:
    """ "7 in the morning" -> 7 am, "half past six" -> 6:30, "quarter to seven" -> 6:45, "noon" -> 12:00,
    "six" -> 6. One pass over at most MAX_WORDS + 1 words, each step a look-up."""
    out: list[str] = []
    i = 0
    while i < len(words):
        phrase = next((words[i : i + n] for n in (3, 2, 1) if tuple(words[i : i + n]) in _SAID), None)
        hour = _hour(words[i + 2]) if i + 2 < len(words) and words[i + 1] in ("past", "to") else None
        if phrase is not None:
            said = _SAID[tuple(phrase)]
            if said == "night":
                said = _at_night(out)
            out += [said] if said else []
            i += len(phrase)
        elif words[i] in _PAST and hour is not None:
            minutes = _PAST[words[i]]
            past, meridiem = words[i + 1] == "past", i + 3 < len(words) and words[i + 3] in _MERIDIEM
            before = hour - 1 or (12 if meridiem else 0)  # "quarter to one" is 0:45, "quarter to one pm" 12:45
            out.append(f"{hour}:{minutes:02d}" if past else f"{before}:{60 - minutes:02d}")
            i += 3
        else:
            out.append(str(_HOURS.get(words[i], words[i])))
            i += 1
    return out


def _at_night(out: list[str]) -> str:
    """What "at night" makes of the hour before it: midnight at 12, the small hours up to 4, else pm."""
    hour = out[-1].partition(":")[0] if out else ""
    if hour == "12":
        out[-1] = "0" + out[-1][2:]
        return ""
    return "am" if hour.isdigit() and int(hour) <= 4 else "pm"


def _hour(word: str) -> int | None:
    hour = _HOURS.get(word, int(word) if word.isdigit() and len(word) <= 2 else None)
    return hour if hour is not None and 1 <= hour <= 12 else None
