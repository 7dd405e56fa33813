"""Builders for realistic Update JSON, as Telegram sends it."""

from __future__ import annotations

import itertools
import time
from typing import Any

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def user(user_id: int, first_name: str = "Ann") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}


def message(user_id: int, text: str, *, chat_id: int | None = None, chat_type: str = "private", reply_to: dict | None = None,
            entities: list[dict] | None = None, message_id: int | None = None) -> dict[str, Any]:
    chat_id = chat_id if chat_id is not None else user_id
    msg: dict[str, Any] = {
        "message_id": message_id or next(_message_ids), "date": int(time.time()), "text": text, "from": user(user_id),
        "chat": {"id": chat_id, "type": chat_type, **({"title": "Gym group"} if chat_type != "private" else {"first_name": "Ann"})},
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
    return message(user_id, full, chat_id=chat_id, chat_type="supergroup", entities=[{"type": "mention", "offset": 0, "length": len(username) + 1}])


def callback(user_id: int, data: str, *, message_id: int = 1000, chat_id: int | None = None, query_id: str | None = None) -> dict[str, Any]:
    chat_id = chat_id if chat_id is not None else user_id
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": query_id or f"q{next(_update_ids)}", "from": user(user_id), "chat_instance": "ci", "data": data,
            "message": {"message_id": message_id, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                        "text": "previous message", "from": {"id": 12345, "is_bot": True, "first_name": "LiftCoach"}},
        },
    }


def inline_query(user_id: int, query: str) -> dict[str, Any]:
    return {"update_id": next(_update_ids), "inline_query": {"id": f"iq{next(_update_ids)}", "from": user(user_id), "query": query, "offset": ""}}


def document(user_id: int, file_id: str, file_name: str, size: int) -> dict[str, Any]:
    upd = message(user_id, "")
    del upd["message"]["text"]
    upd["message"]["document"] = {"file_id": file_id, "file_unique_id": file_id, "file_name": file_name, "mime_type": "text/csv", "file_size": size}
    return upd
