"""Per-user rate limiting: one person's flood must not cost anyone else their reply time.

A token bucket per user: `burst` updates at once, then `rate` per second. Updates beyond that are
dropped. The first drop of a burst asks for one polite "slow down" reply; the user is warned again
only once their bucket has filled up completely (they paused), so a flood of 1,000 messages gets
one warning, not 980.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

SLOW_DOWN = (
    "Whoa, that's a lot of messages at once! I skipped some of them. "
    "Please wait a moment, then send one message at a time."
)
PRUNE_EVERY = 1024  # look for idle users to forget after this many new ones


class Verdict(enum.Enum):
    ADMIT = "admit"
    DROP_AND_WARN = "drop_and_warn"  # the first drop of a burst: tell the user once
    DROP = "drop"


@dataclass
class _Bucket:
    tokens: float
    at: float
    warned: bool = False


class UserRateLimiter:
    """`rate` updates per second per key after an initial `burst`; rate 0 turns limiting off."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        if rate < 0 or burst < 1:
            raise ValueError("rate must be >= 0 and burst >= 1")
        self.rate = rate
        self.burst = float(burst)
        self._clock = clock
        self._buckets: dict[object, _Bucket] = {}
        self._new_since_prune = 0

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def admit(self, key: object) -> Verdict:
        if not self.enabled:
            return Verdict.ADMIT
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.burst, now)
            self._new_since_prune += 1
            if self._new_since_prune >= PRUNE_EVERY:
                self._prune(now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
        if bucket.tokens >= self.burst:
            bucket.warned = False  # a full bucket: they paused, so a new burst may be warned once again
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Verdict.ADMIT
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.DROP_AND_WARN

    def tracked(self) -> int:
        return len(self._buckets)

    def _prune(self, now: float) -> None:
        """Forget users whose bucket has refilled: they are indistinguishable from new ones."""
        self._new_since_prune = 0
        full_after = self.burst / self.rate
        for key in [k for k, b in self._buckets.items() if now - b.at >= full_after]:
            del self._buckets[key]


__all__ = ["SLOW_DOWN", "UserRateLimiter", "Verdict"]
