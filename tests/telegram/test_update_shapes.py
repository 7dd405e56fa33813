"""Odd but real updates: channel posts, anonymous admins, auto-forwards, captions, media, business
messages, commands split by a newline, names with bidirectional controls."""

from __future__ import annotations

from datetime import UTC, datetime, timezone

import pytest
from support import updates
from support.fake_api import FakeBotApi
from support.recording import RecordingRequest
from support.serving import TOKEN, bot_settings, serving
from support.wiring import ADMIN_CHAT
from telegram import Update

from bot.config import load_settings
from bot.telegram import handlers
from bot.telegram.edge import READS_TEXT, SHARED_IDENTITY
from bot.telegram.handlers import ERROR_REPLY
from bot.telegram.runner import build_application, file_url_for

ANN = 81
GROUP_A, GROUP_B = -100101, -100202
QUESTION = "can I use a dumbbell for hip thrusts?"


async def feed(app, data) -> None:  # type: ignore[no-untyped-def]
    await app.process_update(Update.de_json(data, app.bot))


def texts_to(request: RecordingRequest, chat_id: int) -> list[str]:
    return [c["text"] for c in request.calls_to("sendMessage") if c["chat_id"] == chat_id]


async def test_channel_posts_are_ignored_without_an_error_or_a_public_reply(bot_recording_errors):
    app, request, _, errors = bot_recording_errors
    for text in ("/help@LiftCoachTestBot", "@LiftCoachTestBot " + QUESTION, "/workout@LiftCoachTestBot", "5x100"):
        await feed(app, updates.channel_post(text))
    assert errors == [] and request.calls == []


async def test_anonymous_admins_get_answers_but_no_personal_state(bot_recording_errors):
    app, request, coach, errors = bot_recording_errors
    await feed(app, updates.anonymous_admin("/workout@LiftCoachTestBot", GROUP_A))
    await feed(app, updates.anonymous_admin("@LiftCoachTestBot 5", GROUP_B))
    await feed(app, updates.anonymous_admin("/history", GROUP_B))
    await feed(app, updates.anonymous_admin("/remind mon 18:30", GROUP_B))
    assert texts_to(request, GROUP_A) == [SHARED_IDENTITY]
    assert texts_to(request, GROUP_B)[1:] == [SHARED_IDENTITY, SHARED_IDENTITY]
    assert (
        await coach.storage.workouts.active_session(1087968824) is None
        and await coach.storage.schedule.reminders_of(1087968824) == []
    )
    request.clear()
    await feed(app, updates.anonymous_admin(f"@LiftCoachTestBot {QUESTION}", GROUP_A))
    await feed(app, updates.anonymous_admin(f"/ask {QUESTION}", GROUP_B))
    await feed(app, updates.anonymous_admin("/help", GROUP_B))
    [answer_a] = texts_to(request, GROUP_A)
    answer_b, help_b = texts_to(request, GROUP_B)
    assert "Source:" in answer_a and "Source:" in answer_b and "What I can do" in help_b
    await feed(app, updates.anonymous_admin("/workout@SomeOtherBot", GROUP_A))
    await feed(app, updates.anonymous_admin("chatting among ourselves", GROUP_A))
    assert len(texts_to(request, GROUP_A)) == 1  # not addressed to us: silence
    assert errors == []


async def test_channel_auto_forwards_in_a_discussion_group_share_no_identity(bot_recording_errors):
    app, request, coach, errors = bot_recording_errors
    await feed(app, updates.automatic_forward("/workout@LiftCoachTestBot", GROUP_A))
    await feed(app, updates.automatic_forward(f"New post! @LiftCoachTestBot {QUESTION}", GROUP_A))
    decline, answer = texts_to(request, GROUP_A)
    assert decline == SHARED_IDENTITY and "Source:" in answer
    assert await coach.storage.workouts.active_session(777000) is None and errors == []


async def test_a_command_ends_at_a_newline(bot_recording_errors):
    app, request, _, _ = bot_recording_errors
    await feed(app, updates.message(ANN, "/plates\n142.5"))
    [reply] = texts_to(request, ANN)
    assert "142.5 kg = 20 kg bar + per side" in reply


async def test_photo_captions_are_read_as_text_and_other_media_get_one_line(bot_recording_errors):
    app, request, _, errors = bot_recording_errors
    await feed(app, updates.photo(ANN, QUESTION))
    await feed(app, updates.photo(ANN))
    await feed(app, updates.sticker(ANN))
    answer, photo_line, sticker_line = texts_to(request, ANN)
    assert "Source:" in answer and photo_line == READS_TEXT and sticker_line == READS_TEXT
    await feed(app, updates.photo(ANN, "look at my form", chat_id=GROUP_A, chat_type="supergroup"))
    await feed(app, updates.sticker(ANN, chat_id=GROUP_A, chat_type="supergroup"))
    assert texts_to(request, GROUP_A) == []  # in groups: only when spoken to
    await feed(app, updates.photo(ANN, f"@LiftCoachTestBot {QUESTION}", chat_id=GROUP_A, chat_type="supergroup"))
    [group_answer] = texts_to(request, GROUP_A)
    assert "Source:" in group_answer and errors == []


async def test_business_messages_are_ignored(bot_recording_errors):
    app, request, _, errors = bot_recording_errors
    await feed(app, updates.business_message(ANN, QUESTION))
    assert request.calls == [] and errors == []


async def test_bidirectional_controls_are_stripped_from_echoed_names(bot_recording_errors):
    app, request, coach, _ = bot_recording_errors
    start = updates.message(ANN, "/start")
    start["message"]["from"]["first_name"] = "\u202eEve\u2066\u200f"
    await feed(app, start)
    [greeting] = texts_to(request, ANN)
    assert greeting.startswith("Hi, Eve!")
    assert not any(ch in greeting for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def test_file_downloads_use_the_same_server_as_the_api():
    assert file_url_for("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url_for("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"


async def test_through_the_fake_api_csv_import_via_get_file_and_a_blocked_user(tmp_path, monkeypatch, caplog):
    import logging

    monkeypatch.setenv("ADMIN_CHAT_ID", str(ADMIN_CHAT))
    settings, _ = bot_settings(tmp_path, monkeypatch)
    assert settings.admin_chat_id == ADMIN_CHAT
    csv = (
        b"date,workout,exercise,set,reps,load,unit,rpe,session_id\n"
        b"2026-11-20T18:00:00+00:00,Leg day,hip thrust,1,8,100,kg,,s1\n"
    )
    async with FakeBotApi(TOKEN) as api, serving(settings, api):
        await api.user_sends_document(31, "log.csv", csv)
        [imported] = await api.wait_for_messages(31, 1)
        assert "Added 1 new set" in imported.text and ("getFile", {"file_id": next(iter(api.files))}) in api.calls
        api.fail_next("sendMessage", "403")
        with caplog.at_level(logging.INFO, logger="bot.telegram.handlers"):
            await api.user_sends(32, "/help")
            await api.wait_for(lambda: api.faults_served["sendMessage"] == 1)
            await api.user_sends(31, "/help")  # the bot carries on
            await api.wait_for_messages(31, 2)
        assert "user blocked the bot" in caplog.text and api.transcript[32] == [] and api.transcript[ADMIN_CHAT] == []
        assert not any(ERROR_REPLY in m.text for m in api.transcript[31])
