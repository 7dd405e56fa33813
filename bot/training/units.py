"""Loads are stored exactly as entered (value + unit); conversion happens only for maths and display."""

from __future__ import annotations

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
    """A load as the user sees it: exact in the unit it was typed in, else converted to 0.1."""
    return round(value, 2) if unit == display else round(convert(value, unit, display), 1)


def show_load(value: float | None, unit: str, display: str) -> str:
    """ "102.5 kg" in the user's unit; None is bodyweight."""
    return "bodyweight" if value is None else f"{shown(value, unit, display):g} {display}"
