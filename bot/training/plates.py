"""Which plates to load on each side of the bar for a target weight."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce
from math import gcd

DEFAULT_PLATES = {"kg": (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25), "lb": (45.0, 35.0, 25.0, 10.0, 5.0, 2.5)}
DEFAULT_BAR = {"kg": 20.0, "lb": 45.0}
MAX_PLATES_PER_SIDE = 30


@dataclass(frozen=True)
class PlateLoadout:
    per_side: tuple[float, ...]  # heaviest first
    total: float
    exact: bool


def plates_per_side(target: float, *, bar: float, plates: Sequence[float]) -> PlateLoadout:
    """The closest load to `target` the plates can make (the lighter one on a tie), with as few plates
    as possible (exact, not greedy)."""
    if not target == target or target <= 0 or target > 1500:
        raise ValueError("Send a weight between the bar and 1500, e.g. /plates 142.5")
    if target < bar:
        raise ValueError(f"That's less than the bar ({bar:g}). Send a heavier weight.")
    return _loadout(round((target - bar) * 100 / 2), bar, tuple(sorted({round(p * 100) for p in plates if p > 0})))


@lru_cache(maxsize=4096)  # every set card shows its plates: the same few loads again and again
def _loadout(per_side_goal: int, bar: float, sizes: tuple[int, ...]) -> PlateLoadout:
    """`per_side_goal` and `sizes` in hundredths, so 1.25 and 2.5 plates add up exactly. Every sum of
    plates is a multiple of their greatest common divisor, so the search steps by it: 32 steps for
    100 kg with standard plates instead of 4,000 (a card's plates took milliseconds before)."""
    step = reduce(gcd, sizes) if sizes else 1
    units = [size // step for size in reversed(sizes)]  # heaviest first
    ceiling = (per_side_goal + (sizes[0] if sizes else 0)) // step  # the next load up can be the closer one
    fewest: list[int | None] = [0] + [None] * ceiling
    last: list[int] = [0] * (ceiling + 1)
    for amount in range(1, ceiling + 1):
        for size in units:
            if size <= amount and fewest[amount - size] is not None:
                count = fewest[amount - size] + 1  # type: ignore[operator]
                if fewest[amount] is None or count < fewest[amount]:  # type: ignore[operator]
                    fewest[amount], last[amount] = count, size
    floor_goal = min(per_side_goal // step, ceiling)
    below = next(a for a in range(floor_goal, -1, -1) if fewest[a] is not None)
    first_up = -(-per_side_goal // step)
    above = next((a for a in range(first_up, ceiling + 1) if fewest[a] is not None), None)
    closer_above = above is not None and above * step - per_side_goal < per_side_goal - below * step
    reachable = above if closer_above and above is not None else below
    chosen: list[float] = []
    amount = reachable
    while amount > 0:
        chosen.append(last[amount] * step / 100)
        amount -= last[amount]
    if len(chosen) > MAX_PLATES_PER_SIDE:
        raise ValueError("That needs more plates than fit on a bar.")
    total = bar + 2 * reachable * step / 100
    return PlateLoadout(tuple(sorted(chosen, reverse=True)), total, reachable * step == per_side_goal)
