"""/plates <weight>: which plates go on each side, with the user's bar and plates, in their unit."""

from __future__ import annotations

from ..training.plates import plates_per_side
from ..training.units import convert, split_unit
from .model import Reply, esc
from .preferences import Preferences

PLATES_USAGE = (
    "Usage: /plates &lt;weight&gt;, e.g. <code>/plates 142.5</code> (uses your bar and plates from /settings)"
)


def plates_reply(prefs: Preferences, args: str) -> Reply:
    text, unit = split_unit(" ".join(args.split()).lower().replace(",", ".")[:40], prefs.unit)
    try:
        target = float(text)
    except ValueError:
        return Reply(PLATES_USAGE)
    if target != target:
        return Reply(PLATES_USAGE)
    typed = ""
    gear = prefs.gear_unit  # the plates' own unit: kilo plates make kilo loads, whatever unit is read
    if unit != gear:  # "/plates 100kg" for an lb user with lb plates: their own bar and plates, in lb
        typed = f"{target:g} {unit} is {convert(target, unit, gear):.1f} {gear}. "
        target = round(convert(target, unit, gear), 2)
    bar, plates = prefs.gear
    try:
        loadout = plates_per_side(target, bar=bar, plates=plates)
    except ValueError as exc:
        return Reply(f"{esc(str(exc))}\n{PLATES_USAGE}")
    side = " + ".join(f"{p:g}" for p in loadout.per_side) or "nothing (just the bar)"
    note = "" if loadout.exact else f"\n(Closest I can make with your plates: {loadout.total:g} {gear}.)"
    shown = f" ({convert(loadout.total, gear, prefs.unit):.1f} {prefs.unit})" if gear != prefs.unit else ""
    return Reply(f"🏋️ {typed}{loadout.total:g} {gear}{shown} = {bar:g} {gear} bar + per side: <b>{side}</b>{note}")


__all__ = ["PLATES_USAGE", "plates_reply"]
