"""The shape of a feature's conversation (workouts, reminders, settings...), so Coach can route to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from .model import CallbackOutcome, Reply, User


@dataclass(frozen=True)
class Notification:
    """A message the bot sends on its own (a reminder, a finished rest timer)."""

    chat_id: int
    reply: Reply


class Flow(Protocol):
    commands: tuple[str, ...]
    button_prefix: str  # callback data "<prefix>:..." is routed here

    async def command(self, user: User, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        """`message_id` (the command's own message, when there is one) makes a re-delivered command harmless."""
        ...

    async def on_button(self, user: User, data: str, tap_id: str | None = None) -> CallbackOutcome:
        """`tap_id` identifies one tap (Telegram's callback query id), so a re-delivered tap is not applied twice."""
        ...

    async def on_text(self, user: User, text: str, message_id: int | None = None) -> list[Reply] | None:
        """Replies if this flow is waiting for typed input from the user, else None."""
        ...

    async def due(self, now: datetime) -> list[Notification]:
        """Messages whose time has come; each is claimed so it goes out exactly once."""
        ...
