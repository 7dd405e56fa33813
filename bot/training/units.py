"""Loads are stored exactly as entered (value + unit); conversion happens only for maths and derived figures.

A number the user typed is always shown back as typed, in the unit typed (`show_load`), whatever unit
they read in now: "100 kg" never becomes "220.5 lb". Only figures computed from sets (volume, an
estimated 1RM, a suggested next load) are given in the user's current unit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Unit = Literal["kg", "lb"]
KG_PER_LB = 0.45359237
MAX_LOAD_KG = 1000.0  # anything heavier is a slip: no lift, leg press included, comes near it
# What typing a load in the other unit rounds away (100 kg is 220.46 lb; "220.5 lb" is 17 g more, 185 lb is
# 83.91 kg): loads this close are the same weight. Real plate steps (0.25 kg, 0.5 lb) are larger.
SAME_LOAD_KG = 0.12
# A load typed in the other unit lands on that unit's plates: 62.5 kg is 137.8 lb, loaded as 137.5 lb (0.13 kg
# less). Across units, loads within half the smallest usual lb step (1.25 lb, 0.57 kg) are the same weight.
SAME_LOAD_ACROSS_UNITS_KG = 0.57


def to_kg(value: float, unit: str) -> float:
    return value * KG_PER_LB if unit == "lb" else value


def from_kg(kg: float, unit: str) -> float:
    return kg / KG_PER_LB if unit == "lb" else kg


def round_to_step(value: float, step: float) -> float:
    return round(round(value / step) * step, 4) if step > 0 else value


# The load steps a gym's plates make in each unit, to step a target in the unit the user doesn't read in.
USUAL_STEPS: dict[str, tuple[float, ...]] = {"kg": (0.5, 1.0, 1.25, 2.5, 5.0, 10.0), "lb": (1.0, 2.5, 5.0, 10.0, 20.0)}


def adjust_step(target_unit: str | None, unit: Unit, step: float) -> tuple[float, Unit]:
    """The step and unit of a card's ± load buttons: the user's step, except on a target in the other
    unit (100 kg on an lb user's card), which keeps its unit and steps by that unit's usual step nearest
    to the user's (5 lb -> 2.5 kg, 2.5 lb -> 1.25 kg, 2.5 kg -> 5 lb): 102.5 kg, not 225 lb. `target_unit`:
    the unit of the target's load or assistance, None when it has neither."""
    if target_unit not in ("kg", "lb") or target_unit == unit:
        return step, unit
    wanted = convert(step, unit, target_unit)
    return min(USUAL_STEPS[target_unit], key=lambda s: (abs(s - wanted), s)), target_unit  # type: ignore[return-value]


def split_unit(text: str, default: Unit) -> tuple[str, Unit]:
    """A number with its unit typed after it ("35lb", "20 kg", "100kgs"), else in `default`."""
    suffixes: tuple[tuple[str, Unit], ...] = (("kgs", "kg"), ("kg", "kg"), ("lbs", "lb"), ("lb", "lb"))
    for suffix, unit in suffixes:
        if text.endswith(suffix):
            return text[: -len(suffix)].strip(), unit
    return text, default


def convert(value: float, unit: str, to: str) -> float:
    return value if unit == to else from_kg(to_kg(value, unit), to)


def shown(value: float, unit: str, display: str) -> float:
    """A computed figure in the user's unit: exact when no conversion is needed, else to 0.1."""
    return round(value, 2) if unit == display else round(convert(value, unit, display), 1)


def exact(value: float) -> str:
    """A typed number as typed: "100", "102.5", "0.25" (never "1e+03", never rounded)."""
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(float(value))


def show_load(value: float | None, unit: str) -> str:
    """ "102.5 kg": a load exactly as typed, in the unit it was typed in; None is bodyweight."""
    return "bodyweight" if value is None else f"{exact(value)} {unit}"


def show_total(parts: Iterable[tuple[float, str]], display: str) -> str:
    """A sum of loads (a volume): in the unit they were all typed in, exact to 0.1; when units are
    mixed, converted to the user's unit, whole, and marked as the conversion it is."""
    items = list(parts)
    if not items:
        return f"0 {display}"
    units = {unit for _, unit in items}
    if len(units) == 1:
        (unit,) = units
        return f"{exact(round(sum(v for v, _ in items), 1))} {unit}"
    total = sum(convert(v, unit, display) for v, unit in items)
    return f"about {round(total)} {display}"
