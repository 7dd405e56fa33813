"""/bw: log body weight in the user's unit (or the one typed), and see the latest with a trend."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from ..storage.repository import BodyWeight, BodyWeightStore, UserStore
from ..training.units import Unit, convert, show_load
from .callbacks import BadCallback, BodyWeightButton
from .flow import Flow
from .model import Button, CallbackOutcome, Reply
from .turn import Turn

USAGE = (
    "Usage: <code>/bw 82.4</code> logs your body weight in your unit (<code>/bw 181 lb</code> or "
    "<code>/bw 82.4 kg</code> to say which); <code>/bw</code> shows the latest and the trend; "
    "<code>/progress bw</code> draws the chart."
)
# One number (at most 3 digits, 2 decimals) and an optional unit: no nested repetition, so linear time.
_ENTRY = re.compile(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(kg|kgs|lb|lbs)?")
RANGE_KG = (20.0, 400.0)
TREND_DAYS = 7
# A change this large from an entry this recent is more likely a typo or the wrong unit ("81,5" on a lb
# account) than a real change, so it is confirmed before it enters the trend.
FAR_OFF_SHARE = 0.12
FAR_OFF_DAYS = 60


def parse_body_weight(text: str, unit: Unit) -> tuple[float, Unit] | None:
    """ "82.4" -> (82.4, unit); "181 lb" -> (181.0, "lb"); None for anything else or an impossible weight."""
    text = text.strip().lower()
    if len(text) > 20 or (match := _ENTRY.fullmatch(text)) is None:
        return None
    value = float(match.group(1).replace(",", "."))
    chosen: Unit = "lb" if (match.group(2) or unit).startswith("lb") else "kg"
    low, high = RANGE_KG
    return (value, chosen) if low <= convert(value, chosen, "kg") <= high else None


def far_off(entries: Sequence[BodyWeight], value: float, unit: Unit, now: datetime) -> BodyWeight | None:
    """The recent entry that `value` is implausibly far from, if any."""
    if not entries or entries[-1].measured_at < now - timedelta(days=FAR_OFF_DAYS):
        return None
    latest = entries[-1]
    before = convert(latest.value, latest.unit, "kg")
    return latest if abs(convert(value, unit, "kg") - before) > FAR_OFF_SHARE * before else None


def in_unit(entry: BodyWeight, unit: Unit) -> float:
    return entry.value if entry.unit == unit else round(convert(entry.value, entry.unit, unit), 1)


def moving_average(entries: Sequence[BodyWeight], unit: Unit, days: int = TREND_DAYS) -> list[float]:
    """For each entry, the mean of the entries of the `days` days up to it (oldest first). Linear: a sliding window."""
    out: list[float] = []
    start, total = 0, 0.0
    for i, entry in enumerate(entries):
        total += in_unit(entry, unit)
        while entries[start].measured_at <= entry.measured_at - timedelta(days=days):
            total -= in_unit(entries[start], unit)
            start += 1
        out.append(total / (i - start + 1))
    return out


def trend_text(entries: Sequence[BodyWeight], unit: Unit, local: Callable[[datetime], datetime] = lambda at: at) -> str:
    """`local` puts a time on the user's clock (Preferences.local), so the dates are the user's days."""
    latest = entries[-1]
    lines = [f"⚖️ Latest: <b>{show_load(latest.value, latest.unit)}</b> ({local(latest.measured_at):%a %d %b})"]
    if len(entries) > 1:
        average = moving_average(entries, unit)[-1]
        recent = sum(e.measured_at > latest.measured_at - timedelta(days=TREND_DAYS) for e in entries)
        lines.append(f"{TREND_DAYS}-day average: {average:.1f} {unit} ({recent} entr{'ies' if recent != 1 else 'y'})")
        month_ago = latest.measured_at - timedelta(days=30)
        before = [e for e in entries if e.measured_at <= month_ago]
        base = before[-1] if before else entries[0]
        change = in_unit(latest, unit) - in_unit(base, unit)
        lines.append(f"Since {local(base.measured_at):%d %b}: {change:+.1f} {unit}")
    lines.append("/progress bw draws the chart.")
    return "\n".join(lines)


def _reading_label(value: float, unit: Unit, shown: Unit) -> str:
    label = f"✅ {show_load(value, unit)}"
    return label if unit == shown else f"{label} = {convert(value, unit, shown):.1f} {shown}"


class BodyWeightFlow(Flow):
    commands = ("bw",)
    button_prefixes = ("b",)

    def __init__(self, body_weights: BodyWeightStore, users: UserStore, clock: Callable[[], datetime]):
        self.body_weights, self.users, self.clock = body_weights, users, clock

    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        user = turn.user
        prefs = await turn.preferences()
        if not args.strip():
            entries = await self.body_weights.body_weights(user.id)
            if not entries:
                return [Reply("No body weight logged yet.\n" + USAGE)]
            return [Reply(trend_text(entries, prefs.unit, prefs.local))]
        parsed = parse_body_weight(args, prefs.unit)
        if parsed is None:
            return [Reply("I couldn't read that as a body weight (20–400 kg or 45–880 lb).\n" + USAGE)]
        value, unit = parsed
        entries = await self.body_weights.body_weights(user.id)
        latest = far_off(entries, value, unit, self.clock())
        if latest is None:
            return [await self._log(turn, value, unit, message_id)]
        return [
            self._confirm(
                replace(latest, measured_at=prefs.local(latest.measured_at)), value, unit, message_id, prefs.unit
            )
        ]

    async def on_button(
        self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        try:
            b = BodyWeightButton.unpack(data.partition(":")[2])
        except BadCallback:
            return CallbackOutcome(toast="That button is from an older message.")
        # The /bw message's id keys the entry, so a second tap on either reading logs nothing more.
        reply = await self._log(turn, b.value, "lb" if b.unit == "lb" else "kg", b.message or message_id)
        return CallbackOutcome([Reply(reply.text, edit=True)])

    async def _log(self, turn: Turn, value: float, unit: Unit, message_id: int | None) -> Reply:
        added = await self.body_weights.add_body_weight(turn.user.id, value, unit, self.clock(), message_id)
        entries = await self.body_weights.body_weights(turn.user.id)
        text = f"✅ Logged {value:g} {unit}." if added else "Already logged."
        prefs = await turn.preferences()
        return Reply(text + "\n" + trend_text(entries, prefs.unit, prefs.local))

    @staticmethod
    def _confirm(latest: BodyWeight, value: float, unit: Unit, message_id: int | None, shown: Unit) -> Reply:
        other: Unit = "kg" if unit == "lb" else "lb"
        readings = [(value, unit)]
        if far_off([latest], value, other, latest.measured_at) is None:
            readings.insert(0, (value, other))  # the same number in the other unit fits: likely the meant one
        direction = "above" if convert(value, unit, "kg") > convert(latest.value, latest.unit, "kg") else "below"
        text = (
            f"{show_load(value, unit)} is far {direction} your last entry, {show_load(latest.value, latest.unit)} "
            f"({latest.measured_at:%d %b}). Nothing is logged until you tap the one you meant; if neither, "
            f"send /bw again."
        )
        buttons = tuple(
            (Button(_reading_label(v, u, shown), BodyWeightButton(v, u, message_id or 0).pack()),) for v, u in readings
        )
        return Reply(text, buttons=buttons)
