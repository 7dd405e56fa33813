"""Progress charts as PNG bytes (matplotlib, headless), sized to read well on a phone."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from .records import KG_PER_LB, SetRecord


def progress_png(records: Sequence[SetRecord], exercise: str, unit: str = "kg") -> bytes:
    """Estimated 1RM and top set per session over time, PRs marked, plus weekly volume."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    per_day: dict[date, list[SetRecord]] = defaultdict(list)
    for r in records:
        if r.exercise == exercise and r.load is not None and r.reps > 0:
            per_day[r.performed_at.date()].append(r)
    days = sorted(per_day)
    factor = 1.0 if unit == "kg" else 1 / KG_PER_LB
    e1rm = [max(r.e1rm_kg for r in per_day[d]) * factor for d in days]
    top = [max(r.load_kg for r in per_day[d]) * factor for d in days]
    prs = [i for i, value in enumerate(e1rm) if value > max(e1rm[:i], default=0)]

    weekly: dict[date, float] = defaultdict(float)
    for r in records:
        if r.exercise == exercise:
            week = r.performed_at.date() - timedelta(days=r.performed_at.weekday())
            weekly[week] += r.reps * r.load_kg * factor

    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6, 7.5), dpi=120, gridspec_kw={"height_ratios": [3, 2]})
    ax1.plot(days, e1rm, "-o", color="#2b6cb0", label="estimated 1RM", linewidth=2.5, markersize=5)
    ax1.plot(days, top, "-s", color="#9c4221", label="top set", linewidth=1.8, markersize=4, alpha=0.85)
    if prs:
        ax1.scatter([days[i] for i in prs], [e1rm[i] for i in prs], s=160, marker="*", color="#d69e2e", zorder=5, label="PR")
    ax1.set_title(f"{exercise.title()} progress", fontsize=15, fontweight="bold")
    ax1.set_ylabel(unit, fontsize=12)
    ax1.grid(alpha=0.3)
    ax1.legend(fontsize=10, loc="upper left")
    weeks = sorted(weekly)
    ax2.bar(weeks, [weekly[w] for w in weeks], width=5, color="#38a169")
    ax2.set_title("Weekly volume (reps × load)", fontsize=12)
    ax2.set_ylabel(unit, fontsize=11)
    ax2.grid(alpha=0.3, axis="y")
    from matplotlib.dates import AutoDateLocator, DateFormatter

    for ax in (ax1, ax2):
        ax.xaxis.set_major_locator(AutoDateLocator(maxticks=6))
        ax.xaxis.set_major_formatter(DateFormatter("%d %b"))
        ax.tick_params(labelsize=10)
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
