"""Distances as typed: metres for the maths, and the unit typed ("m", "km" or "mi") to show them back.

3 mi is kept as 4828.032 m and the unit "mi", so it reads "3 mi" again (never "4.83 km"); a sum or
pace over distances typed in different units is given in the user's unit (miles for lb users)."""

from __future__ import annotations

from .units import exact

METRES_PER = {"m": 1.0, "km": 1000.0, "mi": 1609.344}  # the international mile, exactly
UNITS = tuple(METRES_PER)  # how a distance can be typed and is stored: "m", "km", "mi"
WORDS = {
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "k": "km",
    "km": "km",
    "kms": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
}
MAX_METRES = 1_000_000.0


def to_metres(value: float, unit: str) -> float:
    """Metres for a typed distance; rounded to the micrometre only to drop float noise (3 mi = 4828.032)."""
    return round(value * METRES_PER[unit], 6)


def reading_unit(load_unit: str) -> str:
    """The distance unit a user reads in: miles with pounds, kilometres with kilograms."""
    return "mi" if load_unit == "lb" else "km"


def show_distance(metres: float, unit: str | None) -> str:
    """ "3 mi", "5 km", "400 m": in the unit typed; sets stored before units were kept read as before."""
    if unit not in METRES_PER:
        return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    return f"{exact(round(metres / METRES_PER[unit], 6))} {unit}"


def pace_unit(unit: str | None) -> str:
    """Pace is per mile for a distance in miles, else per kilometre."""
    return "mi" if unit == "mi" else "km"


def seconds_per(seconds: float, metres: float, unit: str | None) -> float:
    return seconds * METRES_PER[pace_unit(unit)] / metres


def pace_per(seconds_per_km: float, unit: str) -> float:
    """A pace stored per kilometre, per `unit` ("mi": per mile)."""
    return seconds_per_km * METRES_PER[unit] / 1000


def show_total(metres: float, units: list[str | None], load_unit: str) -> str:
    """A sum of distances: exact in their unit when they share one (or all are metric); else in the
    user's unit, to 0.01, and marked as the conversion it is ("about 3.05 mi")."""
    distinct = set(units)
    if len(distinct) == 1:
        return show_distance(metres, distinct.pop())
    if distinct <= {None, "m", "km"}:  # metres and kilometres add up exactly
        return show_distance(metres, "km" if metres >= 1000 else "m")
    unit = reading_unit(load_unit)
    return f"about {exact(round(metres / METRES_PER[unit], 2))} {unit}"
