"""Reading a time of day a user types ("18:30", "6pm"). Linear on any input (see MAX_TIME_CHARS)."""

from __future__ import annotations

import re
from datetime import time

# Every parser here is linear on any input: whitespace is collapsed to single spaces, a text longer
# than anything valid (a time is "12:15 p.m." at most) is rejected by its length before any regex
# runs, and the patterns have no nested or adjacent unbounded quantifiers.
MAX_TIME_CHARS = 16
_TIME = re.compile(r"(\d{1,2})(?:[:.h ]?(\d{2}))? ?(am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE)


class ClockInputError(ValueError):
    """Bad user input; the message is a friendly usage hint."""


def parse_time_of_day(text: str) -> time:
    """'18:30', '6:30pm', '6pm', '18.30', '18h30', '0630' -> a time of day."""
    collapsed = collapse(text)
    match = _TIME.fullmatch(collapsed) if len(collapsed) <= MAX_TIME_CHARS else None
    if not match:
        raise ClockInputError('I couldn\'t read that time. Try "18:30" or "6:30pm".')
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise ClockInputError('With am/pm the hour goes from 1 to 12, e.g. "6:30pm".')
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ClockInputError('That isn\'t a valid time. Try "18:30" or "6:30pm".')
    return time(hour, minute)


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces (linear; callers check the length before any regex)."""
    return " ".join(text.split())
