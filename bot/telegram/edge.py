"""What enters from Telegram is cleaned and classified once, here.

- No NUL characters in any user text (PostgreSQL refuses them; one such row failed a whole group
  commit) and no bidirectional controls in names we echo back (a first name with U+202E would
  reverse the rest of our greeting).
- Updates we do not serve: channel posts (nobody to coach, and an error reply would be public) and
  Telegram Business updates (answering them needs business_connection_id; not supported).
- Shared senders: anonymous group admins all arrive as GroupAnonymousBot, channel posts forwarded
  into a linked group as 777000, posts on behalf of a channel as Channel_Bot. Many people share
  each id, so no personal state may be keyed on them.
"""

from __future__ import annotations

from telegram import Message, Update

_NUL = {0: None}
_BIDI_CONTROLS = (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_NAME = {0: None} | {c: None for c in _BIDI_CONTROLS}
GROUP_ANONYMOUS_BOT, TELEGRAM_SERVICE, CHANNEL_BOT = 1087968824, 777000, 136817688
SHARED_SENDER_IDS = frozenset({GROUP_ANONYMOUS_BOT, TELEGRAM_SERVICE, CHANNEL_BOT})
SHARED_IDENTITY = (
    "I can't tell who you are when you post anonymously or as a channel, so workouts, reminders and "
    "settings need you to post as yourself. Questions work: mention me with one."
)
READS_TEXT = "I only read text: type a question, or a set like <code>5x100</code>."


def clean_text(text: str | None) -> str:
    if not text:
        return ""
    return text.translate(_NUL) if "\x00" in text else text


def clean_name(name: str | None) -> str:
    return (name or "").translate(_NAME).strip()


def unsupported(update: Update) -> bool:
    """Channel posts and Telegram Business updates: not handled at all (silently)."""
    return any(
        getattr(update, kind, None) is not None
        for kind in (
            "channel_post",
            "edited_channel_post",
            "business_connection",
            "business_message",
            "edited_business_message",
            "deleted_business_messages",
        )
    )


def is_shared_sender(message: Message) -> bool:
    return message.sender_chat is not None or (
        message.from_user is not None and message.from_user.id in SHARED_SENDER_IDS
    )


def message_text(message: Message) -> str:
    """The text of a message, or the caption of a photo (or other media) that has one."""
    return clean_text(message.text if message.text is not None else message.caption)


__all__ = [
    "READS_TEXT",
    "SHARED_IDENTITY",
    "SHARED_SENDER_IDS",
    "clean_name",
    "clean_text",
    "is_shared_sender",
    "message_text",
    "unsupported",
]
