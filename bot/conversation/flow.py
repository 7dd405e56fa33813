"""The shape of a feature's conversation (questions, workouts, reminders, settings...), so Coach can route to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .model import CallbackOutcome, Reply
from .turn import Turn

STALE_BUTTON = "That button is from an older message. Ask again and I'll answer fresh."


@dataclass(frozen=True)
class Notification:
    """A message the bot sends on its own (a reminder, a finished rest timer)."""

    chat_id: int
    reply: Reply
    edit_message_id: int | None = None  # with reply.edit: the message to edit (a running countdown)


class Flow:
    """A feature's conversation. Every hook has a do-nothing default, so a flow overrides only what
    it handles and the Coach routes without asking what a flow can do. Hooks get the update's `Turn`:
    the user, with settings and open prompt read once for all flows."""

    commands: tuple[str, ...] = ()
    button_prefixes: tuple[str, ...] = ()  # callback data "<prefix>:..." is routed here
    personal = True  # False: works for a chat's shared identity (an anonymous admin, a channel)
    bulk_notifications = False  # True: due() may send storms (reminders), drained apart from timers

    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        """`message_id` (the command's own message, when there is one) makes a re-delivered command harmless."""
        return []

    async def on_button(
        self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        """`data` is the callback data with its "<prefix>:" kept, so one flow can own several prefixes.
        `tap_id` identifies one tap (Telegram's callback query id), so a re-delivered tap is not applied twice;
        `message_id` is the message the button is on, for a flow that edits it later (a countdown)."""
        return CallbackOutcome(toast=STALE_BUTTON)

    async def on_text(self, turn: Turn, text: str, message_id: int | None = None) -> list[Reply] | None:
        """Replies if this flow is waiting for typed input from the user, else None."""
        return None

    async def on_document(self, turn: Turn, filename: str, data: bytes) -> list[Reply] | None:
        """Replies if this flow takes uploaded files (CSV imports), else None."""
        return None

    async def due(self, now: datetime, limit: int | None = None) -> list[Notification]:
        """Messages whose time has come, at most `limit`; each is claimed so it goes out exactly once."""
        return []
