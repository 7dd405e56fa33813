"""Loads are stored exactly as entered (value + unit); conversion happens only for maths and display."""

from __future__ import annotations

from typing import Literal

Unit = Literal["kg", "lb"]
KG_PER_LB = 0.45359237


def to_kg(value: float, unit: str) -> float:
    return value * KG_PER_LB if unit == "lb" else value


def from_kg(kg: float, unit: str) -> float:
    return kg / KG_PER_LB if unit == "lb" else kg


def format_load(value: float | None, unit: str) -> str:
    if value is None:
        return "bodyweight"
    return f"{round(value, 2):g} {unit}"


def round_to_step(value: float, step: float) -> float:
    return round(round(value / step) * step, 4) if step > 0 else value
