"""A few Prometheus-style metrics without a dependency: counters and histograms, text exposition."""

from __future__ import annotations

import threading
from collections import defaultdict

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
LAG_BUCKETS = (1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0)


class Counter:
    def __init__(self, name: str, help_text: str):
        self.name, self.help = name, help_text
        self._values: dict[tuple[tuple[str, str], ...], float] = defaultdict(float)
        self._lock = threading.Lock()

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        with self._lock:
            self._values[tuple(sorted(labels.items()))] += amount

    def value(self, **labels: str) -> float:
        return self._values.get(tuple(sorted(labels.items())), 0.0)

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        for labels, value in sorted(self._values.items()):
            lines.append(f"{self.name}{_labels(labels)} {value:g}")
        return lines


class Histogram:
    def __init__(self, name: str, help_text: str, buckets: tuple[float, ...]):
        self.name, self.help, self.buckets = name, help_text, buckets
        self._counts = [0] * len(buckets)
        self._sum = 0.0
        self._count = 0
        self._lock = threading.Lock()

    def observe(self, value: float) -> None:
        with self._lock:
            self._sum += value
            self._count += 1
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    self._counts[i] += 1

    @property
    def count(self) -> int:
        return self._count

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        for bound, count in zip(self.buckets, self._counts):
            lines.append(f'{self.name}_bucket{{le="{bound:g}"}} {count}')
        lines += [
            f'{self.name}_bucket{{le="+Inf"}} {self._count}',
            f"{self.name}_sum {self._sum:.6f}",
            f"{self.name}_count {self._count}",
        ]
        return lines


class Metrics:
    def __init__(self) -> None:
        self.updates = Counter("liftcoach_updates_total", "Telegram updates handled")
        self.questions = Counter(
            "liftcoach_questions_total", "Questions answered, by outcome (answer, unknown, off_topic)"
        )
        self.answer_latency = Histogram(
            "liftcoach_answer_latency_seconds", "Time to answer a question", LATENCY_BUCKETS
        )
        self.reminder_lag = Histogram(
            "liftcoach_reminder_lag_seconds", "Delay between a reminder's time and sending it", LAG_BUCKETS
        )

    def render(self, gauge_values: dict[str, float] | None = None) -> str:
        lines: list[str] = []
        for metric in (self.updates, self.questions, self.answer_latency, self.reminder_lag):
            lines += metric.render()
        for name, value in sorted((gauge_values or {}).items()):
            lines += [f"# TYPE {name} gauge", f"{name} {value:g}"]
        return "\n".join(lines) + "\n"


def _labels(labels: tuple[tuple[str, str], ...]) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{v}"' for k, v in labels)
    return "{" + inner + "}"


METRICS = Metrics()
