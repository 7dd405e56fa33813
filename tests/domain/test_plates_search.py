"""The plate search steps by the plates' common divisor; it must pick exactly what the plain search
over every hundredth picks (the reference below is the earlier implementation, kept as the oracle)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.training.plates import MAX_PLATES_PER_SIDE, plates_per_side


def reference(target: float, bar: float, plates: tuple[float, ...]) -> tuple[tuple[float, ...], float, bool]:
    per_side_goal = round((target - bar) * 100 / 2)
    sizes = sorted({round(p * 100) for p in plates if p > 0}, reverse=True)
    ceiling = per_side_goal + (min(sizes) if sizes else 0)
    fewest: list[int | None] = [0] + [None] * ceiling
    last = [0] * (ceiling + 1)
    for amount in range(1, ceiling + 1):
        for size in sizes:
            if size <= amount and fewest[amount - size] is not None:
                count = fewest[amount - size] + 1  # type: ignore[operator]
                if fewest[amount] is None or count < fewest[amount]:  # type: ignore[operator]
                    fewest[amount], last[amount] = count, size
    below = next(a for a in range(per_side_goal, -1, -1) if fewest[a] is not None)
    above = next((a for a in range(per_side_goal, ceiling + 1) if fewest[a] is not None), None)
    reachable = above if above is not None and above - per_side_goal < per_side_goal - below else below
    chosen: list[float] = []
    amount = reachable
    while amount > 0:
        chosen.append(last[amount] / 100)
        amount -= last[amount]
    return tuple(sorted(chosen, reverse=True)), bar + 2 * reachable / 100, reachable == per_side_goal


PLATE = st.sampled_from([0.25, 0.5, 1, 1.25, 2.5, 5, 10, 15, 20, 25, 35, 45, 0.75, 3, 7.5])


@settings(max_examples=300, deadline=None)
@given(
    target=st.floats(20, 400, allow_nan=False).map(lambda x: round(x, 2)),
    bar=st.sampled_from([15.0, 20.0, 45.0, 10.0]),
    plates=st.lists(PLATE, min_size=1, max_size=7).map(tuple),
)
def test_the_stepped_search_picks_what_the_plain_search_picks(target, bar, plates):
    if target < bar:
        return
    per_side, total, exact = reference(target, bar, plates)
    if len(per_side) > MAX_PLATES_PER_SIDE:
        return  # both refuse: "more plates than fit on a bar"
    loadout = plates_per_side(target, bar=bar, plates=plates)
    assert (loadout.per_side, loadout.exact) == (per_side, exact)
    assert abs(loadout.total - total) < 1e-9
