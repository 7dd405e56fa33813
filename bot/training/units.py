"""Loads are stored exactly as entered (value + unit); conversion happens only for maths and derived figures.

A number the user typed is always shown back as typed, in the unit typed (`show_load`), whatever unit
they read in now: "100 kg" never becomes "220.5 lb". Only figures computed from sets (volume, an
estimated 1RM, a suggested next load) are given in the user's current unit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Unit = Literal["kg", "lb"]
KG_PER_LB = 0.45359237


def to_kg(value: float, unit: str) -> float:
    return value * KG_PER_LB if unit == "lb" else value


def from_kg(kg: float, unit: str) -> float:
    return kg / KG_PER_LB if unit == "lb" else kg


def round_to_step(value: float, step: float) -> float:
    return round(round(value / step) * step, 4) if step > 0 else value


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
