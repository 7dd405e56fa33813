"""Routine lines written back as text: what `routines.parse_lines` reads back to the same lines (a property
test holds us to it). A one-set time or distance is written with its "1x" ("running 1x5km"), so the
user sees how the line was read. Pure domain code: no Telegram, no database."""

from __future__ import annotations

from collections.abc import Iterable

from .catalogue import Catalogue
from .distances import show_distance
from .routines import RoutineLine, groups


def render_lines(lines: Iterable[RoutineLine], catalogue: Catalogue | None = None) -> str:
    """The text `parse_lines` reads back to these lines. With a catalogue, a bodyweight exercise's load
    is written as added load ("+10kg")."""
    return "\n".join(render_entry(entry, catalogue) for entry in groups(lines))


def render_entry(entry: tuple[RoutineLine, ...], catalogue: Catalogue | None = None) -> str:
    if len(entry) > 1:
        return "superset: " + " / ".join(_render_one(line, catalogue) for line in entry)
    return _render_one(entry[0], catalogue)


def sets_and_target(line: RoutineLine) -> str:
    """ "3x8-10", "3x45s", "1x5km", "3xAMRAP": a line's sets and target as typed."""
    if line.amrap:
        target = "AMRAP"
    elif line.duration_s is not None:
        target = f"{line.duration_s // 60}min" if line.duration_s % 60 == 0 else f"{line.duration_s}s"
    elif line.distance_m is not None:
        target = show_distance(line.distance_m, line.distance_unit).replace(" ", "")
    else:
        target = f"{line.reps_min}" if line.reps_min == line.reps_max else f"{line.reps_min}-{line.reps_max}"
    return f"{line.sets}x{target}"


def _render_one(line: RoutineLine, catalogue: Catalogue | None) -> str:
    parts = [f"{line.exercise} {sets_and_target(line)}"]
    if line.load is not None:
        found = catalogue.resolve(line.exercise) if catalogue is not None else None
        plus = "+" if found is not None and not found.kind.takes_load else ""
        parts.append(f"{plus}{_fmt(line.load)}{line.unit}")
    if line.rpe is not None:
        parts.append(f"rpe {_fmt(line.rpe)}")
    if line.rest_s is not None:
        parts.append(f"rest {line.rest_s}")
    if line.warmup:
        parts.append("warmup")
    return " ".join(parts)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
