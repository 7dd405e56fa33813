"""Time zones: an IANA name or a UTC offset from what a user types (typos in a zone's city tolerated),
and the zones whose clock shows a given local time.

A fixed offset is stored as "UTC+05:30" (no daylight saving); `zone_of` turns any stored name into a
tzinfo. Linear on any input: the text is collapsed and its length checked before any regex runs, the
offset pattern has no nested quantifiers, and fuzzy matching compares at most 64 characters."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from .time_of_day import ClockInputError, collapse
from .zone_names import CITIES, canonical_zones, links, meanings

MAX_ZONE_CHARS = 64  # the longest IANA name is 32 characters
EXAMPLE = "Example: /timezone Europe/Berlin, /timezone Kolkata or /timezone UTC+5:30"
_OFFSET = re.compile(r"(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?")
_FIXED = re.compile(r"UTC([+-])(\d{2}):(\d{2})")
SURE = 0.8  # a typo this close to one zone's name, and clearly closer than to any other, is offered alone
NEAR = 0.6  # close enough to suggest


class ZoneSuggestions(ClockInputError):
    """An unknown zone with near misses, or an ambiguous name with its zones, to offer as buttons (with
    their labels); the message says it changed nothing."""

    def __init__(self, message: str, zones: list[str], labels: list[str] | None = None):
        super().__init__(message)
        self.zones = zones
        self.labels = labels or zones


@dataclass(frozen=True)
class ZoneReading:
    zone: str  # an IANA name, "UTC" or a fixed offset "UTC+05:30"
    corrected: bool = False  # not typed as the zone's name (an abbreviation, a table city): the reply says how read
    meaning: str = ""  # read from an abbreviation or a city of the table: what it stands for ("US Eastern time")


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Every IANA name in lower case -> its canonical zone ("asia/calcutta" -> Asia/Kolkata)."""
    aliases = links()
    return {
        name.lower(): aliases.get(name, name)
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/"))
    }


@lru_cache(maxsize=1)
def _listed() -> tuple[str, ...]:
    """The canonical zones (no alias like Asia/Calcutta beside Asia/Kolkata), by name: what pickers list."""
    return tuple(sorted(z for z in set(_zones().values()) if z in canonical_zones()))


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """ "kolkata" -> Asia/Kolkata, "new_york" -> America/New_York, "calcutta" -> Asia/Kolkata (the last
    part of each name; a canonical zone's city wins over an alias's)."""
    zones = _zones()
    by_alias = {name.rsplit("/", 1)[-1]: zone for name, zone in sorted(zones.items()) if name != zone.lower()}
    return by_alias | {name.rsplit("/", 1)[-1]: zone for name, zone in sorted(zones.items()) if name == zone.lower()}


def fixed_offset_name(minutes: int) -> str:
    """ "UTC+05:30" for 330, "UTC-03:00" for -180, "UTC" for 0."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def zone_of(name: str) -> tzinfo:
    """The tzinfo of a stored zone name: IANA, "UTC" or a fixed offset."""
    if name == "UTC":
        return UTC
    if fixed := _FIXED.fullmatch(name):
        minutes = int(fixed.group(2)) * 60 + int(fixed.group(3))
        return timezone(timedelta(minutes=minutes if fixed.group(1) == "+" else -minutes), name)
    return ZoneInfo(name)


def _offset(compact: str) -> str | None:
    """ "utc+5:30", "gmt-4", "+3", "+0530" -> a fixed-offset name; None if it isn't an offset at all."""
    if compact in ("utc", "gmt"):
        return "UTC"
    match = _OFFSET.fullmatch(compact)
    if match is None:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if minutes not in (0, 15, 30, 45) or hours * 60 + minutes > 14 * 60:
        raise ClockInputError(
            "UTC offsets go from UTC-12:00 to UTC+14:00 in quarter hours, e.g. UTC+5:30 or +3. " + EXAMPLE
        )
    total = (hours * 60 + minutes) * (1 if match.group(1) == "+" else -1)
    if total < -12 * 60:
        raise ClockInputError("UTC offsets go from UTC-12:00 to UTC+14:00, e.g. UTC-3 or UTC+5:30. " + EXAMPLE)
    return fixed_offset_name(total)


def read_timezone(text: str) -> ZoneReading:
    """What the user means: an IANA name, a city of one, an abbreviation or big city of the table, or an
    offset. ClockInputError otherwise, friendly; ZoneSuggestions with the near misses to tap (a clear typo
    offers its one zone)."""
    collapsed = collapse(text)
    if not collapsed:
        raise ClockInputError("Which time zone? " + EXAMPLE)
    if len(collapsed) > MAX_ZONE_CHARS:
        raise ClockInputError("That is too long for a time zone name. " + EXAMPLE)
    cleaned = collapsed.replace(" ", "_").lower()
    zones, cities = _zones(), _cities()
    if cleaned in zones:
        return ZoneReading(zones[cleaned])
    if known := meanings(collapsed):  # EST, IST, Mumbai, San Francisco: the table, read as said or asked
        if len(known) == 1:
            return ZoneReading(known[0].zone, corrected=True, meaning=known[0].label)
        places = [m.label for m in known]
        which = f"{', '.join(places[:-1])} or {places[-1]}"
        raise ZoneSuggestions(
            f'"{collapsed}" could be {which}, so nothing changed yet. Which one? Tap it, or type your city.',
            [m.zone for m in known],
            [f"{m.label}: {m.zone}" for m in known],
        )
    if cleaned in cities:
        return ZoneReading(cities[cleaned])
    if (fixed := _offset(cleaned.replace("_", "").replace("−", "-"))) is not None:
        return ZoneReading(fixed)
    ranked = _ranked(cleaned)
    if ranked and ranked[0][0] >= SURE and all(ranked[0][0] - score >= 0.05 for score, _ in ranked[1:]):
        # A close spelling is asked, never set: "Mars" is near Madras and "Atlantis" near Atlantic time, and a
        # zone read wrong would move every reminder without the lifter noticing. One tap confirms a real typo.
        raise ZoneSuggestions(
            f'I don\'t know the time zone "{collapsed[:40]}", so nothing changed yet. '
            f"Did you mean {ranked[0][1]}? Tap it, or type your city again.",
            [ranked[0][1]],
        )
    suggestions = [zone for score, zone in ranked if score >= NEAR][:3]
    if suggestions:
        raise ZoneSuggestions(
            f'I don\'t know the time zone "{collapsed[:40]}", so nothing changed. '
            f"Did you mean {', '.join(suggestions)}? Tap one, or type it again.",
            suggestions,
        )
    raise ClockInputError(f'I don\'t know the time zone "{collapsed[:40]}", so nothing changed. {EXAMPLE}')


def resolve_timezone(text: str) -> str:
    """A valid zone name for the user's input (see read_timezone)."""
    return read_timezone(text).zone


@lru_cache(maxsize=1)
def _keys() -> tuple[tuple[str, str, float], ...]:
    """(name, zone, the least score it counts at): every zone's full name and city, then the table's
    cities of one zone spelled as the query is ("san_francisco"), which catch typos but suggest nothing."""
    table = [(key.replace(" ", "_"), known[0].zone, SURE) for key, known in CITIES.items() if len(known) == 1]
    return (*((k, z, NEAR) for k, z in (*_zones().items(), *_cities().items())), *table)


def _ranked(query: str) -> list[tuple[float, str]]:
    """Zones by how close their full name or city is to the query, best first, one entry per zone."""
    best: dict[str, float] = {}
    matcher = difflib.SequenceMatcher(b=query, autojunk=False)
    for key, zone, least in _keys():
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() < least or matcher.quick_ratio() < least:
            continue
        score = matcher.ratio()
        if score >= least and score > best.get(zone, 0.0):
            best[zone] = score
    return sorted(((score, zone) for zone, score in best.items()), key=lambda pair: (-pair[0], pair[1]))


def suggest_timezones(text: str, limit: int = 3) -> list[str]:
    query = collapse(text)[:MAX_ZONE_CHARS].lower().replace(" ", "_")
    return [zone for _, zone in _ranked(query)][:limit]


COMMON_ZONES = (  # listed first at their offset: the most populous places, roughly
    "America/Los_Angeles",
    "America/Vancouver",
    "America/Denver",
    "America/Phoenix",
    "America/Chicago",
    "America/Mexico_City",
    "America/New_York",
    "America/Toronto",
    "America/Bogota",
    "America/Lima",
    "America/Halifax",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Africa/Nairobi",
    "Asia/Riyadh",
    "Asia/Tehran",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Hong_Kong",
    "Asia/Manila",
    "Australia/Perth",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Adelaide",
    "Australia/Sydney",
    "Australia/Brisbane",
    "Pacific/Auckland",
    "UTC",
)


def offset_for_local_time(local_now: time, utc_now: datetime) -> int:
    """The UTC offset in minutes (to the nearest 15) of a clock showing `local_now` at `utc_now`."""
    utc_minutes = utc_now.hour * 60 + utc_now.minute
    offset = (local_now.hour * 60 + local_now.minute - utc_minutes) % (24 * 60)
    offset = round(offset / 15) * 15
    if offset > 14 * 60:  # -10:00 and +14:00 meet here; prefer the negative side
        offset -= 24 * 60
    return offset


def zones_with_offset(offset: int, utc_now: datetime) -> list[str]:
    """Every zone at this offset now: the common ones first, then the rest by name."""
    wanted = timedelta(minutes=offset)
    matches = [z for z in COMMON_ZONES if utc_now.astimezone(zone_of(z)).utcoffset() == wanted]
    others = [z for z in _listed() if z not in matches and utc_now.astimezone(ZoneInfo(z)).utcoffset() == wanted]
    return matches + others


def zones_for_local_time(local_now: time, utc_now: datetime, limit: int = 5) -> list[str]:
    """Time zones whose clock shows `local_now` at `utc_now` (to the nearest 15 minutes)."""
    return zones_with_offset(offset_for_local_time(local_now, utc_now), utc_now)[:limit]


def changes_clocks(name: str, start: datetime) -> bool:
    """Whether clocks in this zone change (daylight saving) in the year from `start`. A fixed offset's own
    clock never does, so for one ("UTC+05:30", "UTC") this asks whether any place at that offset now
    changes its clocks: only then is "set your city instead" worth saying."""
    if name == "UTC" or _FIXED.fullmatch(name):
        offset = start.astimezone(zone_of(name)).utcoffset() or timedelta(0)
        return any(_offset_changes(z, start) for z in zones_with_offset(int(offset.total_seconds()) // 60, start))
    return _offset_changes(name, start)


def _offset_changes(name: str, start: datetime) -> bool:
    """The zone's UTC offset, sampled every two weeks for a year: no clock change lasts a season shorter
    than that (Morocco's Ramadan pause, the shortest, is about a month)."""
    tz = zone_of(name)
    return len({(start + timedelta(days=d)).astimezone(tz).utcoffset() for d in range(0, 367, 14)}) > 1
