"""A warm-up ramp before the first working set of a barbell lift, rounded to loads the user's plates make.

The ramp is the empty bar for 10, then 40 %, 60 % and 80 % of the working load for 5, 3 and 1: enough
practice at the pattern and enough load to feel the heavy sets coming, without tiring them. A step
that rounds to the bar or to the previous step is dropped (a light working load needs fewer steps)."""

from __future__ import annotations

from collections.abc import Sequence

from .plates import plates_per_side

RAMP = ((0.0, 10), (0.4, 5), (0.6, 3), (0.8, 1))  # (fraction of the working load, reps); 0 is the empty bar


def warmup_ramp(working: float, *, bar: float, plates: Sequence[float]) -> list[tuple[int, float]]:
    """[(reps, load), ...] in the unit of `working`, `bar` and `plates`; empty when the working load is
    no heavier than the bar."""
    if not working == working or working <= bar:
        return []
    out: list[tuple[int, float]] = []
    for fraction, reps in RAMP:
        load = bar if fraction == 0 else plates_per_side(max(bar, working * fraction), bar=bar, plates=plates).total
        if load >= working or (out and load <= out[-1][1]):
            continue
        out.append((reps, round(load, 2)))
    return out


def plate_text(load: float, *, bar: float, plates: Sequence[float], unit: str) -> str:
    """ "bar + per side 20 + 2.5" for a load the plates can make, "" otherwise (or below the bar)."""
    if load < bar or load > 1500:
        return ""
    loadout = plates_per_side(load, bar=bar, plates=plates)
    if not loadout.exact:
        return ""
    if not loadout.per_side:
        return f"🏋️ Just the bar ({bar:g} {unit})"
    return f"🏋️ {bar:g} {unit} bar + per side: {' + '.join(f'{p:g}' for p in loadout.per_side)}"
