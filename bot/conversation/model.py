"""What the conversation layer returns: replies with text and buttons, independent of Telegram."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for inline button data


def esc(text: str) -> str:
    """Escape user or corpus text for Telegram HTML (quotes need no escaping outside attributes)."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class User:
    id: int
    chat_id: int
    first_name: str = ""


@dataclass(frozen=True)
class Button:
    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode()) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"callback data too long: {self.data!r}")


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML: only <b>, <i>, <code>, <a>; everything else escaped
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False  # replace the message whose button was tapped instead of sending a new one
    photo: bytes | None = None
    document: tuple[str, bytes] | None = None  # (file name, content)


@dataclass(frozen=True)
class CallbackOutcome:
    replies: list[Reply] = field(default_factory=list)
    toast: str | None = None  # the short notice Telegram shows on the tapped button
