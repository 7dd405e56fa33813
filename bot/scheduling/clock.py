"""Time parsing, time-zone lookup and reminder firing times, all DST-aware and pure."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # index = date.weekday()
LATE_GRACE = timedelta(hours=1)  # a reminder missed by less than this (e.g. during a restart) still goes out

# Every parser here is linear on any input: whitespace is collapsed to single spaces, a text longer
# than anything valid (a time is "12:15 p.m." at most) is rejected by its length before any regex
# runs, and the patterns have no nested or adjacent unbounded quantifiers.
MAX_TIME_CHARS = 16
MAX_ZONE_CHARS = 64  # the longest IANA name is 32 characters
_TIME = re.compile(r"(\d{1,2})(?:[:.h ]?(\d{2}))? ?(am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE)


class ClockInputError(ValueError):
    """Bad user input; the message is a friendly usage hint."""


def parse_time_of_day(text: str) -> time:
    """'18:30', '6:30pm', '6pm', '18.30', '18h30', '0630' -> a time of day."""
    collapsed = _collapse(text)
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


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {
        name.lower(): name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/"))
    }


def resolve_timezone(text: str) -> str:
    """A valid IANA name for the user's input, or ClockInputError with suggestions."""
    collapsed = _collapse(text)
    if not collapsed:
        raise ClockInputError("Which time zone? Example: /timezone Europe/Berlin")
    if len(collapsed) > MAX_ZONE_CHARS:
        raise ClockInputError("That is too long for a time zone name. Example: /timezone Europe/Berlin")
    cleaned = collapsed.replace(" ", "_")
    zones = _zones()
    if cleaned.lower() in zones:
        return zones[cleaned.lower()]
    if cleaned.upper() == "UTC":
        return "UTC"
    # "berlin" -> Europe/Berlin: match the city part.
    cities = {name.rsplit("/", 1)[-1].lower(): name for name in zones.values()}
    if cleaned.lower() in cities:
        return cities[cleaned.lower()]
    suggestions = suggest_timezones(cleaned)
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise ClockInputError(f'I don\'t know the time zone "{collapsed[:40]}".{hint} Example: /timezone Europe/Berlin')


def _collapse(text: str) -> str:
    """Whitespace collapsed to single spaces (linear; callers check the length before any regex)."""
    return " ".join(text.split())


def suggest_timezones(text: str, limit: int = 3) -> list[str]:
    zones = _zones()
    query = _collapse(text)[:MAX_ZONE_CHARS].lower().replace(" ", "_")
    cities = {name.rsplit("/", 1)[-1].lower(): name for name in zones.values()}
    found = difflib.get_close_matches(query, list(zones), n=limit, cutoff=0.6)
    found += [cities[c] for c in difflib.get_close_matches(query, list(cities), n=limit, cutoff=0.7)]
    return list(dict.fromkeys(zones.get(f, f) for f in found))[:limit]


COMMON_ZONES = (
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Athens",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
)


def zones_for_local_time(local_now: time, utc_now: datetime, limit: int = 5) -> list[str]:
    """Time zones whose clock shows `local_now` at `utc_now` (to the nearest 15 minutes)."""
    utc_minutes = utc_now.hour * 60 + utc_now.minute
    offset = (local_now.hour * 60 + local_now.minute - utc_minutes) % (24 * 60)
    offset = round(offset / 15) * 15
    if offset > 14 * 60:  # -10:00 and +14:00 meet here; prefer the negative side
        offset -= 24 * 60
    wanted = timedelta(minutes=offset)
    matches = [z for z in COMMON_ZONES if utc_now.astimezone(ZoneInfo(z)).utcoffset() == wanted]
    if len(matches) < limit:
        others = sorted(
            z for z in _zones().values() if z not in matches and utc_now.astimezone(ZoneInfo(z)).utcoffset() == wanted
        )
        matches += others[: limit - len(matches)]
    return matches[:limit]


def is_valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False


@dataclass(frozen=True)
class Schedule:
    """A weekly reminder: local time-of-day on some weekdays, in a time zone."""

    days: frozenset[int]  # 0=Monday ... 6=Sunday (date.weekday())
    at: time
    timezone: str

    def next_fire(self, after: datetime) -> datetime:
        """The first firing instant strictly after `after` (aware), returned in UTC."""
        if not self.days:
            raise ValueError("a schedule needs at least one day")
        zone = ZoneInfo(self.timezone)
        local_day = after.astimezone(zone).date()
        for offset in range(0, 8 + 1):
            day = local_day + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            candidate = local_instant(day, self.at, zone)
            if candidate > after:
                return candidate.astimezone(UTC)
        raise AssertionError("unreachable: a weekday repeats within 8 days")

    def describe(self) -> str:
        if self.days == frozenset(range(7)):
            days = "every day"
        elif self.days == frozenset(range(5)):
            days = "weekdays"
        else:
            days = ", ".join(DAY_NAMES[d] for d in sorted(self.days))
        return f"{days} at {self.at:%H:%M} ({self.timezone})"


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The real instant for a wall-clock time, DST-safe.

    In the spring-forward gap (02:30 that never happens) it moves forward by the gap;
    in the autumn overlap (01:30 twice) it takes the first occurrence, so it fires once.
    """
    # fold=0 means: in a gap, use the offset from before the jump (so 02:30 becomes 03:30);
    # in an overlap, the earlier of the two instants.
    return datetime.combine(day, at).replace(tzinfo=zone, fold=0)


def due_action(next_fire_at: datetime, now: datetime) -> str:
    """What to do with a stored firing time at start-up or on a tick: 'wait', 'fire' or 'skip'."""
    if next_fire_at > now:
        return "wait"
    return "fire" if now - next_fire_at <= LATE_GRACE else "skip"
