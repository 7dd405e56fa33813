"""Weekly reminders: when each one fires next, DST-aware and pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from .zones import zone_of

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # index = date.weekday()
LATE_GRACE = timedelta(hours=1)  # a reminder missed by less than this (e.g. during a restart) still goes out


@dataclass(frozen=True)
class Schedule:
    """A weekly reminder: local time-of-day on some weekdays, in a time zone."""

    days: frozenset[int]  # 0=Monday ... 6=Sunday (date.weekday())
    at: time
    timezone: str  # an IANA name, "UTC" or a fixed offset such as "UTC+05:30" (see zones.zone_of)

    def next_fire(self, after: datetime) -> datetime:
        """The first firing instant strictly after `after` (aware), returned in UTC."""
        if not self.days:
            raise ValueError("a schedule needs at least one day")
        zone = zone_of(self.timezone)
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


def local_instant(day: date, at: time, zone: tzinfo) -> datetime:
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
