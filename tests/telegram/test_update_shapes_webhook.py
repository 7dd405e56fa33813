"""Every kind of Telegram update through the real webhook: for each shape, the reply (or silence),
and the error handler never runs. Shapes follow the Bot API's Update fields."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy import text
from support.fake_api import BOT, FakeBotApi
from support.serving import TOKEN, bot_settings, serving

from bot.telegram import handlers

PRIVATE = 9100  # each shape gets its own user / chat: 9100 + index, groups -9100 - index
ME = "LiftCoachTestBot"


def user(uid: int) -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": f"U{uid}", "language_code": "en"}


def chat(cid: int) -> dict[str, Any]:
    return (
        {"id": cid, "type": "private", "first_name": "U"}
        if cid > 0
        else {"id": cid, "type": "supergroup", "title": "G"}
    )


def msg(cid: int, uid: int, **fields: Any) -> dict[str, Any]:
    return {
        "message_id": 1000 + abs(cid) % 1000,
        "date": int(time.time()),
        "chat": chat(cid),
        "from": user(uid),
        **fields,
    }


def command(body: str) -> dict[str, Any]:
    return {"text": body, "entities": [{"type": "bot_command", "offset": 0, "length": len(body.split()[0])}]}


def mention(body: str) -> dict[str, Any]:
    full = f"@{ME} {body}"
    return {"text": full, "entities": [{"type": "mention", "offset": 0, "length": len(ME) + 1}]}


Q = "can I use a dumbbell for hip thrusts?"
PHOTO = [{"file_id": "p", "file_unique_id": "pu", "width": 9, "height": 9}]


def shapes(i: int) -> list[tuple[str, str, dict[str, Any], int]]:
    """(name, update field, payload builder result, replies expected in the shape's chat)."""
    p, g = PRIVATE, -PRIVATE  # offsets; the shape's index is added below
    anon = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
    bot_msg = {"message_id": 5, "date": 0, "chat": chat(g), "from": BOT, "text": "earlier answer"}
    return [
        ("private question", "message", msg(p, p, text=Q), 1),
        ("private command", "message", msg(p, p, **command("/help")), 1),
        ("private unknown command", "message", msg(p, p, **command("/dance")), 1),
        ("command split by newline", "message", msg(p, p, **command("/plates\n100")), 1),
        ("command for this bot", "message", msg(g, p, **command(f"/help@{ME}")), 1),
        ("command for another bot", "message", msg(g, p, **command("/help@OtherBot")), 0),
        ("group chatter", "message", msg(g, p, text="nice session today"), 0),
        ("group mention", "message", msg(g, p, **mention(Q)), 1),
        ("reply to the bot", "message", msg(g, p, text=Q, reply_to_message=bot_msg), 1),
        ("group unknown command", "message", msg(g, p, **command("/dance")), 0),
        ("edited question", "edited_message", msg(p, p, text=Q, edit_date=int(time.time())), 0),
        ("edited command", "edited_message", msg(p, p, edit_date=int(time.time()), **command("/workout")), 0),
        ("photo with a question", "message", msg(p, p, photo=PHOTO, caption=Q), 1),
        ("photo alone", "message", msg(p, p, photo=PHOTO), 1),
        ("photo in a group", "message", msg(g, p, photo=PHOTO, caption="look"), 0),
        (
            "sticker",
            "message",
            msg(
                p,
                p,
                sticker={
                    "file_id": "s",
                    "file_unique_id": "su",
                    "type": "regular",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                },
            ),
            1,
        ),
        ("voice", "message", msg(p, p, voice={"file_id": "v", "file_unique_id": "vu", "duration": 2}), 1),
        (
            "video note",
            "message",
            msg(p, p, video_note={"file_id": "n", "file_unique_id": "nu", "length": 1, "duration": 1}),
            1,
        ),
        ("location", "message", msg(p, p, location={"latitude": 1.0, "longitude": 2.0}), 1),
        ("contact", "message", msg(p, p, contact={"phone_number": "+100", "first_name": "X"}), 1),
        ("dice", "message", msg(p, p, dice={"emoji": "🎲", "value": 3}), 1),
        ("new members (service)", "message", msg(g, p, new_chat_members=[user(p)]), 0),
        ("left member (service)", "message", msg(g, p, left_chat_member=user(p)), 0),
        ("pinned (service)", "message", msg(g, p, pinned_message=bot_msg), 0),
        ("anonymous admin mention", "message", {**msg(g, 0, **mention(Q)), "from": anon, "sender_chat": chat(g)}, 1),
        (
            "anonymous admin /workout",
            "message",
            {**msg(g, 0, **command("/workout")), "from": anon, "sender_chat": chat(g)},
            1,
        ),
        (
            "channel post",
            "channel_post",
            {**msg(g, 0, **command(f"/help@{ME}")), "chat": {"id": g, "type": "channel", "title": "C"}},
            0,
        ),
        (
            "edited channel post",
            "edited_channel_post",
            {**msg(g, 0, text="x", edit_date=1), "chat": {"id": g, "type": "channel", "title": "C"}},
            0,
        ),
        ("business message", "business_message", {**msg(p, p, text=Q), "business_connection_id": "b1"}, 0),
        (
            "edited business message",
            "edited_business_message",
            {**msg(p, p, text=Q, edit_date=1), "business_connection_id": "b1"},
            0,
        ),
        (
            "business connection",
            "business_connection",
            {"id": "b1", "user": user(p), "user_chat_id": p, "date": 0, "is_enabled": True},
            0,
        ),
        (
            "deleted business messages",
            "deleted_business_messages",
            {"business_connection_id": "b1", "chat": chat(p), "message_ids": [1]},
            0,
        ),
        (
            "stale button",
            "callback_query",
            {
                "id": f"cq{i}",
                "from": user(p),
                "chat_instance": "c",
                "data": "zz:1",
                "message": {"message_id": 1, "date": 0, "chat": chat(p), "text": "old"},
            },
            0,
        ),
        (
            "button without message",
            "callback_query",
            {"id": f"cr{i}", "from": user(p), "chat_instance": "c", "data": "w:menu", "inline_message_id": "im1"},
            1,
        ),  # answered in the user's private chat
        (
            "tap on a message too old to access",
            "callback_query",
            {
                "id": f"co{i}",
                "from": user(p),
                "chat_instance": "c",
                "data": "zz:1",
                "message": {"message_id": 2, "date": 0, "chat": chat(p)},
            },
            0,
        ),
        ("inline query", "inline_query", {"id": f"iq{i}", "from": user(p), "query": "hip thrust", "offset": ""}, 0),
        ("chosen inline result", "chosen_inline_result", {"result_id": "r", "from": user(p), "query": "hip"}, 0),
        (
            "bot added to a group",
            "my_chat_member",
            {
                "chat": chat(g),
                "from": user(p),
                "date": 0,
                "old_chat_member": {"status": "left", "user": BOT},
                "new_chat_member": {"status": "member", "user": BOT},
            },
            0,
        ),
        (
            "member joined",
            "chat_member",
            {
                "chat": chat(g),
                "from": user(p),
                "date": 0,
                "old_chat_member": {"status": "left", "user": user(p)},
                "new_chat_member": {"status": "member", "user": user(p)},
            },
            0,
        ),
        ("join request", "chat_join_request", {"chat": chat(g), "from": user(p), "user_chat_id": p, "date": 0}, 0),
        (
            "poll state",
            "poll",
            {
                "id": "pl",
                "question": "?",
                "options": [{"text": "a", "voter_count": 1, "persistent_id": "o1"}],
                "total_voter_count": 1,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
                "allows_revoting": False,
                "members_only": False,
            },
            0,
        ),
        (
            "poll answer",
            "poll_answer",
            {"poll_id": "pl", "user": user(p), "option_ids": [0], "option_persistent_ids": ["o1"]},
            0,
        ),
        (
            "reaction",
            "message_reaction",
            {
                "chat": chat(p),
                "message_id": 1,
                "date": 0,
                "user": user(p),
                "old_reaction": [],
                "new_reaction": [{"type": "emoji", "emoji": "👍"}],
            },
            0,
        ),
        ("reaction count", "message_reaction_count", {"chat": chat(g), "message_id": 1, "date": 0, "reactions": []}, 0),
        (
            "chat boost",
            "chat_boost",
            {
                "chat": chat(g),
                "boost": {
                    "boost_id": "b",
                    "add_date": 0,
                    "expiration_date": 1,
                    "source": {"source": "premium", "user": user(p)},
                },
            },
            0,
        ),
        (
            "pre-checkout query",
            "pre_checkout_query",
            {"id": "pc", "from": user(p), "currency": "XTR", "total_amount": 1, "invoice_payload": "x"},
            0,
        ),
    ]


def relocate(shape: dict[str, Any], index: int) -> dict[str, Any]:
    """Give every shape its own user and chat ids, so replies can be told apart."""
    import json

    raw = json.dumps(shape)
    return json.loads(raw.replace(str(PRIVATE), str(PRIVATE + index)))


async def test_every_update_shape_through_the_webhook(tmp_path, monkeypatch):
    errors: list[BaseException | None] = []
    real_on_error = handlers.on_error

    async def spy(update, context):  # type: ignore[no-untyped-def]
        errors.append(context.error)
        await real_on_error(update, context)

    monkeypatch.setattr(handlers, "on_error", spy)
    settings, _ = bot_settings(tmp_path, monkeypatch, webhook=True)
    async with FakeBotApi(TOKEN) as api, serving(settings, api, webhook=True, tick_seconds=0.2) as running:
        cases = []
        for index, (name, field, payload, expected) in enumerate(shapes(0)):
            body = relocate({field: payload}, index)
            update_id = await api.post_update(body)
            cases.append((name, update_id, index, expected))
        assert len(cases) >= 40
        ids = [update_id for _, update_id, _, _ in cases]
        for _ in range(200):  # bounded: until every update is handled (marked done in the inbox)
            async with running.coach.storage.db.engine.connect() as conn:
                done = (
                    await conn.execute(
                        text(
                            f"SELECT COUNT(*) FROM update_inbox WHERE done AND update_id IN ({','.join(map(str, ids))})"
                        )
                    )
                ).scalar()
            if done == len(ids) and not api._tasks:
                break
            await asyncio.sleep(0.1)
        if done != len(ids):
            async with running.coach.storage.db.engine.connect() as conn:
                left = {r[0] for r in await conn.execute(text("SELECT update_id FROM update_inbox WHERE NOT done"))}
            stored = {
                r[0]
                for r in await (await running.coach.storage.db.engine.connect()).execute(
                    text("SELECT update_id FROM update_inbox")
                )
            }
            raise AssertionError(
                (
                    [name for name, uid, _, _ in cases if uid in left],
                    [name for name, uid, _, _ in cases if uid not in stored],
                    api.webhook_deliveries,
                )
            )
        await asyncio.sleep(0.3)  # a reply still on its way would land now
    assert set(api.webhook_deliveries) == {200}
    for name, _, index, expected in cases:
        got = len(api.transcript[PRIVATE + index]) + len(api.transcript[-(PRIVATE + index)])
        assert got == expected, (
            name,
            got,
            [m.text[:60] for m in api.transcript[PRIVATE + index] + api.transcript[-(PRIVATE + index)]],
        )
    assert errors == []
