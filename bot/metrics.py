"""The bot's Prometheus metrics (prometheus-client), in a registry of our own with the standard
process, platform and garbage-collector metrics, plus gauges computed when /metrics is scraped."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
LAG_BUCKETS = (1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0)


class _ScrapeGauges(Collector):
    """Gauges read from the database at scrape time (active workouts): the caller sets them just before
    rendering, so no background task keeps them fresh between scrapes."""

    def __init__(self) -> None:
        self.values: dict[str, float] = {}

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for name, value in sorted(self.values.items()):
            yield GaugeMetricFamily(name, name.replace("_", " "), value=value)


class BotMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        for collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
            self.registry.register(collector)
        self.updates = Counter("liftcoach_updates", "Telegram updates handled", registry=self.registry)
        self.questions = Counter(
            "liftcoach_questions",
            "Questions answered, by outcome (answer, unknown, off_topic)",
            ["kind"],
            registry=self.registry,
        )
        self.answer_latency = Histogram(
            "liftcoach_answer_latency_seconds",
            "Time to answer a question",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.reminder_lag = Histogram(
            "liftcoach_reminder_lag_seconds",
            "Delay between a reminder's time and sending it",
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self._gauges = _ScrapeGauges()
        self.registry.register(self._gauges)

    def render(self, gauge_values: dict[str, float] | None = None) -> str:
        self._gauges.values = dict(gauge_values or {})
        return generate_latest(self.registry).decode()


METRICS = BotMetrics()
