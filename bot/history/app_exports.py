"""Rows of the Strong and Hevy apps' CSV exports, read into `RawSet`s.

Strong: "Date","Workout Name","Duration","Exercise Name","Set Order","Weight","Reps","Distance",
"Seconds","Notes","Workout Notes","RPE" (older files, often `;`-separated, add "Weight Unit" and
"Distance Unit"). "Set Order" is the set's number, or W (warm-up), D (drop set), F (failure); newer
files also carry "Rest Timer" rows, which are not sets. Weight and distance are in the app's units
(no unit column): we take the user's unit, and km with kg, miles with lb.
Hevy: "title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",
"set_index" (from 0),"set_type" (normal, warmup, dropset, failure),"weight_kg" or "weight_lbs","reps",
"distance_km" or "distance_miles","duration_seconds","rpe"; times like "26 Jul 2025, 07:06".
"""

from __future__ import annotations

from ..training.distances import METRES_PER
from .raw_sets import RawSet, count, exercise_name, number, parse_date, rpe, set_number, unit

STRONG_HEADER = frozenset({"date", "exercise name", "reps", "weight"})
HEVY_HEADER = frozenset({"start_time", "exercise_title", "set_index", "set_type", "reps"})
UNIT_OF = {"km": "km", "kilometers": "km", "m": "m", "meters": "m", "mi": "mi", "miles": "mi"}  # as the apps write them
METRES = {word: METRES_PER[unit] for word, unit in UNIT_OF.items()}
STRONG_SET_TYPES = {"w": "warmup", "d": "drop", "f": "failure"}
HEVY_SET_TYPES = {"normal": "working", "warmup": "warmup", "dropset": "drop", "failure": "failure"}
MAX_REPS = 1000


def strong_row(row: dict[str, str], default_unit: str) -> RawSet | None:
    order = row.get("set order") or "1"
    if order.lower() == "rest timer":
        return None
    set_type = STRONG_SET_TYPES.get(order.lower(), "working")
    weight_unit = unit(row.get("weight unit") or default_unit)
    distance_unit = (row.get("distance unit") or ("km" if default_unit == "kg" else "mi")).lower().rstrip(".")
    if distance_unit not in METRES:
        raise ValueError(f"unknown distance unit “{distance_unit[:8]}”")
    distance = number(row.get("distance", ""), "distance")
    workout = row.get("workout name") or "Strong workout"
    date = row["date"]
    return RawSet(
        when=parse_date(date),
        session=f"strong-{date}-{workout}"[:36],  # the key earlier versions used: re-imports stay no-ops
        workout=workout,
        name=exercise_name(row["exercise name"]),
        set_number=set_number(order) if set_type == "working" else 1,
        set_type=set_type,
        reps=count(row["reps"], "reps", MAX_REPS),
        weight=number(row.get("weight", ""), "weight"),
        unit=weight_unit,
        rpe=rpe(row.get("rpe", "")),
        duration_s=number(row.get("seconds", ""), "seconds"),
        distance_m=None if distance is None else distance * METRES[distance_unit],
        distance_unit=UNIT_OF[distance_unit],
    )


def hevy_row(row: dict[str, str], default_unit: str) -> RawSet:
    kind = (row.get("set_type") or "normal").lower()
    if kind not in HEVY_SET_TYPES:
        raise ValueError(f"set type “{kind[:12]}” is not one of {', '.join(HEVY_SET_TYPES)}")
    if "weight_kg" in row or "weight_lbs" not in row:
        weight, weight_unit = number(row.get("weight_kg", ""), "weight"), "kg"
    else:
        weight, weight_unit = number(row.get("weight_lbs", ""), "weight"), "lb"
    if "distance_miles" in row and "distance_km" not in row:
        distance, per, distance_unit = number(row.get("distance_miles", ""), "distance"), METRES["mi"], "mi"
    else:
        distance, per, distance_unit = number(row.get("distance_km", ""), "distance"), METRES["km"], "km"
    start, title = row.get("start_time", ""), row.get("title") or "Hevy workout"
    return RawSet(
        when=parse_date(start),
        session=f"hevy-{start}-{title}"[:80],
        workout=title,
        name=exercise_name(row.get("exercise_title", "")),
        set_number=set_number(str(count(row.get("set_index") or "0", "set_index", 10_000) + 1)),
        set_type=HEVY_SET_TYPES[kind],
        reps=count(row.get("reps", ""), "reps", MAX_REPS),
        weight=weight,
        unit=weight_unit,
        rpe=rpe(row.get("rpe", "")),
        duration_s=number(row.get("duration_seconds", ""), "duration"),
        distance_m=None if distance is None else distance * per,
        distance_unit=distance_unit,
    )
