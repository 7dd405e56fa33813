"""What each kind of timer carries, typed: written by the flow that sets the timer, read back when it
is due or tapped. A body that does not validate (a timer from an older version) reads as None and the
timer is skipped rather than crashing the tick."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..storage.repository import Timer


class RestBody(BaseModel):
    """Rest after a set: the card of `position` comes back when it is over."""

    session: str
    position: int
    started: datetime | None = None  # when the set before it was logged (older timers lack it)


class CountdownBody(BaseModel):
    """A timed set's countdown; `message` is the card it edits each tick."""

    session: str
    position: int
    epoch: int
    ends: datetime
    started: datetime
    message: int | None = None


class SnoozeBody(BaseModel):
    """A reminder snoozed for half an hour."""

    reminder: int


Body = TypeVar("Body", bound=BaseModel)


def body_of(timer: Timer, kind: type[Body]) -> Body | None:
    try:
        return kind.model_validate(timer.payload)
    except ValidationError:
        return None


def as_payload(body: BaseModel) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude_none=True)
