"""Error reports for the admin chat: the same error at most once a minute (with a count of the
repeats), and never with user data from SQL parameters."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ALERT_EVERY_SECONDS = 60.0
_OUR_CODE = str(Path(__file__).resolve().parents[1])  # the bot package
MAX_TRACKED = 512  # distinct errors remembered; the oldest are forgotten beyond this


@dataclass
class _Seen:
    last_sent: float
    suppressed: int = 0


class ErrorThrottle:
    """`admit(key)` -> None to stay quiet, or the number of repeats suppressed since the last report."""

    def __init__(self, every: float = ALERT_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.every = every
        self._clock = clock
        self._seen: dict[tuple[str, ...], _Seen] = {}

    def admit(self, key: tuple[str, ...]) -> int | None:
        now = self._clock()
        seen = self._seen.get(key)
        if seen is not None and now - seen.last_sent < self.every:
            seen.suppressed += 1
            return None
        suppressed = seen.suppressed if seen is not None else 0
        self._seen.pop(key, None)
        self._seen[key] = _Seen(now)  # re-inserted: the dict stays in order of last report
        if len(self._seen) > MAX_TRACKED:
            del self._seen[next(iter(self._seen))]
        return suppressed


def error_key(error: BaseException | None) -> tuple[str, ...]:
    """The same error: the same exception type raised at the same place (not the same message,
    which usually carries the data that differs between taps)."""
    if error is None:
        return ("None",)
    where, tb = "", error.__traceback__
    while tb is not None:  # the deepest frame in our own code: library frames are shared by unrelated bugs
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(_OUR_CODE) or not where:
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return (f"{type(error).__module__}.{type(error).__qualname__}", where)


def hide_sql_parameters(error: BaseException | None) -> None:
    """SQLAlchemy prints `[parameters: ...]` (user text, ids) in its errors; hide them in the whole
    chain, whatever engine raised it."""
    from sqlalchemy.exc import StatementError

    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, StatementError):
            error.hide_parameters = True
        error = error.__cause__ or error.__context__


__all__ = ["ALERT_EVERY_SECONDS", "ErrorThrottle", "error_key", "hide_sql_parameters"]
