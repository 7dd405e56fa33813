"""Time zones: an IANA name from what a user types, suggestions, and zones matching a local time."""

from __future__ import annotations

import difflib
from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from .time_of_day import ClockInputError, collapse

MAX_ZONE_CHARS = 64  # the longest IANA name is 32 characters


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {
        name.lower(): name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/"))
    }


def resolve_timezone(text: str) -> str:
    """A valid IANA name for the user's input, or ClockInputError with suggestions."""
    collapsed = collapse(text)
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


def suggest_timezones(text: str, limit: int = 3) -> list[str]:
    zones = _zones()
    query = collapse(text)[:MAX_ZONE_CHARS].lower().replace(" ", "_")
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
