"""Builders for realistic Update JSON, as Telegram sends it."""

from __future__ import annotations

import itertools
import time
from typing import Any

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def user(user_id: int, first_name: str = "Ann") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}


def message(
    user_id: int,
    text: str,
    *,
    chat_id: int | None = None,
    chat_type: str = "private",
    reply_to: dict | None = None,
    entities: list[dict] | None = None,
    message_id: int | None = None,
) -> dict[str, Any]:
    chat_id = chat_id if chat_id is not None else user_id
    msg: dict[str, Any] = {
        "message_id": message_id or next(_message_ids),
        "date": int(time.time()),
        "text": text,
        "from": user(user_id),
        "chat": {
            "id": chat_id,
            "type": chat_type,
            **({"title": "Gym group"} if chat_type != "private" else {"first_name": "Ann"}),
        },
    }
    if text.startswith("/"):
        command = text.split()[0]
        msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    if entities:
        msg["entities"] = entities
    if reply_to:
        msg["reply_to_message"] = reply_to
    return {"update_id": next(_update_ids), "message": msg}


def mention(user_id: int, text: str, username: str, chat_id: int) -> dict[str, Any]:
    full = f"@{username} {text}"
    return message(
        user_id,
        full,
        chat_id=chat_id,
        chat_type="supergroup",
        entities=[{"type": "mention", "offset": 0, "length": len(username) + 1}],
    )


def callback(
    user_id: int, data: str, *, message_id: int = 1000, chat_id: int | None = None, query_id: str | None = None
) -> dict[str, Any]:
    chat_id = chat_id if chat_id is not None else user_id
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": query_id or f"q{next(_update_ids)}",
            "from": user(user_id),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "previous message",
                "from": {"id": 12345, "is_bot": True, "first_name": "LiftCoach"},
            },
        },
    }


def inline_query(user_id: int, query: str) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "inline_query": {"id": f"iq{next(_update_ids)}", "from": user(user_id), "query": query, "offset": ""},
    }


def document(user_id: int, file_id: str, file_name: str, size: int) -> dict[str, Any]:
    upd = message(user_id, "")
    del upd["message"]["text"]
    upd["message"]["document"] = {
        "file_id": file_id,
        "file_unique_id": file_id,
        "file_name": file_name,
        "mime_type": "text/csv",
        "file_size": size,
    }
    return upd


GROUP_ANONYMOUS_BOT = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
TELEGRAM_SERVICE = {"id": 777000, "is_bot": False, "first_name": "Telegram"}


def _command_entities(text: str) -> list[dict]:
    return [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []


def _mention_entities(text: str, username: str) -> list[dict]:
    at = text.find(f"@{username}")
    return (
        [{"type": "mention", "offset": at, "length": len(username) + 1}] if at >= 0 and not text.startswith("/") else []
    )


def channel_post(text: str, *, channel_id: int = -1009001, username: str = "LiftCoachTestBot") -> dict[str, Any]:
    post = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": channel_id, "type": "channel", "title": "Gains"},
        "sender_chat": {"id": channel_id, "type": "channel", "title": "Gains"},
        "text": text,
        "entities": _command_entities(text) + _mention_entities(text, username),
    }
    return {"update_id": next(_update_ids), "channel_post": post}


def anonymous_admin(text: str, group_id: int, *, username: str = "LiftCoachTestBot") -> dict[str, Any]:
    """An anonymous group admin: from GroupAnonymousBot, sender_chat is the group itself."""
    group = {"id": group_id, "type": "supergroup", "title": f"Group {group_id}"}
    msg = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "from": GROUP_ANONYMOUS_BOT,
        "sender_chat": group,
        "chat": group,
        "text": text,
        "entities": _command_entities(text) + _mention_entities(text, username),
    }
    return {"update_id": next(_update_ids), "message": msg}


def automatic_forward(
    text: str, group_id: int, channel_id: int = -1009001, *, username: str = "LiftCoachTestBot"
) -> dict[str, Any]:
    """A channel post copied into the channel's discussion group: from 777000."""
    msg = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "from": TELEGRAM_SERVICE,
        "is_automatic_forward": True,
        "sender_chat": {"id": channel_id, "type": "channel", "title": "Gains"},
        "chat": {"id": group_id, "type": "supergroup", "title": "Talk"},
        "text": text,
        "entities": _command_entities(text) + _mention_entities(text, username),
    }
    return {"update_id": next(_update_ids), "message": msg}


def photo(
    user_id: int,
    caption: str | None = None,
    *,
    chat_id: int | None = None,
    chat_type: str = "private",
    username: str = "LiftCoachTestBot",
) -> dict[str, Any]:
    upd = message(user_id, "", chat_id=chat_id, chat_type=chat_type)
    msg = upd["message"]
    del msg["text"]
    msg.pop("entities", None)
    msg["photo"] = [{"file_id": "ph1", "file_unique_id": "ph1u", "width": 90, "height": 90, "file_size": 1200}]
    if caption is not None:
        msg["caption"] = caption
        if entities := _mention_entities(caption, username):
            msg["caption_entities"] = entities
    return upd


def sticker(user_id: int, *, chat_id: int | None = None, chat_type: str = "private") -> dict[str, Any]:
    upd = message(user_id, "", chat_id=chat_id, chat_type=chat_type)
    del upd["message"]["text"]
    upd["message"]["sticker"] = {
        "file_id": "st1",
        "file_unique_id": "st1u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "💪",
    }
    return upd


def business_message(user_id: int, text: str) -> dict[str, Any]:
    upd = message(user_id, text)
    msg = upd.pop("message")
    msg["business_connection_id"] = "bc1"
    return {**upd, "business_message": msg}
