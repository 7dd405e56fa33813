"""/timezone's answers: the zones at the user's offset (every one of them, a page at a time, and the
fixed offset itself), near misses to tap, and what a set zone means for reminders."""

from __future__ import annotations

from datetime import datetime

from ..scheduling.zones import changes_clocks, fixed_offset_name, zones_with_offset
from .callbacks import ReminderButton
from .model import Button, Reply, esc

PAGE = 8  # zones per page of the picker
TYPE_IT = (
    "Not there? Type your city (e.g. <code>Kolkata</code>), a zone (<code>Asia/Kolkata</code>) "
    "or an offset (<code>UTC+5:30</code>)."
)


def zone_button(zone: str, label: str | None = None) -> Button:
    return Button(label or zone, ReminderButton("tz", zone=zone).pack())


def picker(offset: int, utc_now: datetime, page: int = 0, *, edit: bool = False) -> Reply:
    """The zones whose clock is at this UTC offset now, a page at a time, then the plain offset. No zone
    there (a clock a little off): the zones of the nearest offset that has some."""
    fixed = fixed_offset_name(offset)
    zones, lead = zones_with_offset(offset, utc_now), f"So you're at {fixed} now."
    for delta in (15, -15, 30, -30, 45, -45, 60, -60):
        if zones:
            break
        if zones := zones_with_offset(offset + delta, utc_now):
            nearest = fixed_offset_name(offset + delta)
            lead = f"No place is at {fixed} right now; the nearest is {nearest}."
            fixed = nearest  # the plain offset offered is one some place uses, not the clock's slip
    pages = max(1, (len(zones) + PAGE - 1) // PAGE)
    page = min(max(page, 0), pages - 1)
    shown = zones[page * PAGE : (page + 1) * PAGE]
    rows = [tuple(zone_button(z) for z in shown[i : i + 2]) for i in range(0, len(shown), 2)]
    nav = []
    if page > 0:
        nav.append(Button("◀ Back", ReminderButton("tzp", offset=offset, page=page - 1).pack()))
    if page < pages - 1:
        nav.append(
            Button(
                f"More ({len(zones) - (page + 1) * PAGE}) ▶", ReminderButton("tzp", offset=offset, page=page + 1).pack()
            )
        )
    if nav:
        rows.append(tuple(nav))
    if fixed != "UTC":
        rows.append((zone_button(fixed, f"Just {fixed} (no daylight saving)"),))
    which = "Which of these is yours?" + (f" (Page {page + 1} of {pages}.)" if pages > 1 else "")
    return Reply(f"{lead} {which} {TYPE_IT}", tuple(rows), edit=edit)


def suggestions(message: str, zones: list[str], labels: list[str] | None = None) -> Reply:
    """An unknown or ambiguous zone: the near misses (or the zones it may mean) as buttons; nothing was changed."""
    return Reply(esc(message), tuple((zone_button(z, label),) for z, label in zip(zones, labels or zones, strict=True)))


def dst_note(zone: str, now: datetime) -> str:
    """What a set zone means for reminders, true of that zone: daylight saving is named only where clocks
    change in the coming year (Europe/Berlin), or, for a fixed offset, where some place at it does."""
    fixed = zone == "UTC" or zone.startswith(("UTC+", "UTC-"))
    if not changes_clocks(zone, now):
        return "Reminders follow it."
    if fixed:
        return "A fixed offset has no daylight saving: if your clocks change, set your city instead."
    return "Reminders follow it, including daylight-saving changes."
