"""The real python-telegram-bot stack, offline: Application.process_update with a recording request."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from support import updates
from support.paths import REPO
from support.recording import RecordingRequest
from support.wiring import ADMIN_CHAT, ADMIN_ID
from telegram import Update

from bot.config import load_settings
from bot.conversation.coach import Coach
from bot.conversation.history_flow import HistoryFlow
from bot.conversation.qa import QuestionFlow
from bot.conversation.reminders import ReminderFlow
from bot.conversation.settings_flow import SettingsFlow
from bot.conversation.workouts import WorkoutFlow
from bot.telegram.handlers import ERROR_REPLY
from bot.telegram.runner import build_application
from bot.training.programs import load_programs

ANN = 61


async def feed(app, data):
    await app.process_update(Update.de_json(data, app.bot))


async def test_start_greets_in_html(bot):
    app, request, _ = bot
    await feed(app, updates.message(ANN, "/start"))
    [sent] = request.calls_to("sendMessage")
    assert sent["chat_id"] == ANN and sent["parse_mode"] == "HTML"
    assert "LiftCoach" in sent["text"] and "/workout" in sent["text"]


async def test_deep_link_start_workout_shows_templates(bot):
    app, request, _ = bot
    await feed(app, updates.message(ANN, "/start workout"))
    greeting, menu = request.calls_to("sendMessage")
    labels = [b["callback_data"] for row in menu["reply_markup"]["inline_keyboard"] for b in row]
    assert "w:go:heavy-hip-thrust-day" in labels


async def test_question_gets_answer_source_and_buttons(bot):
    app, request, _ = bot
    await feed(app, updates.message(ANN, "can I use a dumbbell for hip thrusts?"))
    [sent] = request.calls_to("sendMessage")
    assert "<b>Can I use a dumbbell?</b>" in sent["text"] and "<i>Source: Demo hip thrust" in sent["text"]
    keyboard = sent["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in keyboard[-1]] == ["👍", "👎"]
    assert all(len(b["callback_data"].encode()) <= 64 for row in keyboard for b in row)


async def test_related_topic_tap_answers_and_acknowledges(bot):
    app, request, _ = bot
    await feed(app, updates.message(ANN, "can I use a dumbbell for hip thrusts?"))
    topic = request.last("sendMessage")["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    request.clear()
    await feed(app, updates.callback(ANN, topic))
    assert len(request.calls_to("answerCallbackQuery")) == 1
    assert "Source:" in request.last("sendMessage")["text"]


async def test_vote_is_acknowledged_with_a_toast(bot):
    app, request, coach = bot
    await feed(app, updates.message(ANN, "db hip thrust ok?"))
    down = request.last("sendMessage")["reply_markup"]["inline_keyboard"][-1][1]["callback_data"]
    await feed(app, updates.callback(ANN, down))
    assert "Thanks" in request.last("answerCallbackQuery")["text"]
    assert (await coach.storage.questions.question_stats()).downvotes == 1


async def test_group_messages_only_when_mentioned_or_replied_to(bot):
    app, request, _ = bot
    await feed(app, updates.message(ANN, "hip thrust feet?", chat_id=-5, chat_type="supergroup"))
    assert request.calls_to("sendMessage") == []
    await feed(app, updates.mention(ANN, "can I use a dumbbell for hip thrusts?", "LiftCoachTestBot", -5))
    sent = request.last("sendMessage")
    assert sent["chat_id"] == -5 and sent["reply_parameters"]["message_id"] > 0  # replies in threads, to the asker
    bot_message = {
        "message_id": 77,
        "date": 0,
        "chat": {"id": -5, "type": "supergroup"},
        "from": {"id": 12345, "is_bot": True, "first_name": "LiftCoach"},
        "text": "x",
    }
    request.clear()
    await feed(app, updates.message(ANN, "and a dumbbell?", chat_id=-5, chat_type="supergroup", reply_to=bot_message))
    assert len(request.calls_to("sendMessage")) == 1


async def test_inline_mode_offers_answers(bot):
    app, request, _ = bot
    await feed(app, updates.inline_query(ANN, "can I use a dumbbell for hip thrusts"))
    call = request.last("answerInlineQuery")
    assert call["results"] and call["results"][0]["type"] == "article"
    assert "Source:" in call["results"][0]["input_message_content"]["message_text"]
    await feed(app, updates.inline_query(ANN, ""))
    assert request.last("answerInlineQuery")["results"] == []


async def test_stats_refused_for_users_and_shown_to_admins(bot):
    app, request, _ = bot
    await feed(app, updates.message(ANN, "/stats"))
    assert "only for the bot's maintainers" in request.last("sendMessage")["text"]
    await feed(app, updates.message(ADMIN_ID, "/stats"))
    assert "Questions:" in request.last("sendMessage")["text"]


async def test_unknown_command_and_bad_arguments_get_usage(bot):
    app, request, _ = bot
    await feed(app, updates.message(ANN, "/frobnicate"))
    assert "/help" in request.last("sendMessage")["text"]
    await feed(app, updates.message(ANN, "/plates lots"))
    assert "Usage: /plates" in request.last("sendMessage")["text"]


async def test_workout_buttons_edit_the_card_in_place(bot):
    app, request, _ = bot
    await feed(app, updates.message(ANN, "/workout hip thrust 3x5 100kg"))
    card = request.last("sendMessage")
    plus = next(
        b["callback_data"]
        for row in card["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].endswith(":l+")
    )
    request.clear()
    await feed(app, updates.callback(ANN, plus, message_id=1001))
    edit = request.last("editMessageText")
    assert edit["message_id"] == 1001 and "102.5 kg" in edit["text"]


async def test_long_replies_are_split_under_telegrams_limit(bot):
    from telegram.ext import CallbackContext

    from bot.conversation.model import Button, Reply
    from bot.telegram.sending import send

    app, request, _ = bot
    text = "\n".join(f"Line {i}: " + "word " * 30 for i in range(60))
    await send(CallbackContext(app), ANN, Reply(text, ((Button("ok", "x"),),)))
    chunks = request.calls_to("sendMessage")
    assert len(chunks) > 1 and all(len(c["text"]) <= 4096 for c in chunks)
    assert "reply_markup" in chunks[-1] and all("reply_markup" not in c for c in chunks[:-1])


async def test_errors_are_logged_reported_to_the_user_and_the_admin(bot, caplog):
    app, request, coach = bot

    async def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    coach.qa.ask = broken  # /ask is routed to the question flow
    await feed(app, updates.message(ANN, "/ask anything"))
    sent = request.calls_to("sendMessage")
    assert [s["chat_id"] for s in sent] == [ANN, ADMIN_CHAT]
    assert sent[0]["text"] == ERROR_REPLY and "database on fire" in sent[1]["text"]
    assert "TEST-TOKEN" not in caplog.text and "TEST-TOKEN" not in sent[1]["text"]


async def test_command_menu_is_announced(bot):
    from bot.conversation.coach import COMMANDS
    from bot.telegram.runner import announce_commands

    app, request, _ = bot
    await announce_commands(app)
    commands = request.last("setMyCommands")["commands"]
    assert [c["command"] for c in commands] == [name for name, _, _ in COMMANDS]


async def test_export_progress_and_import_go_through_telegram_files(bot):
    app, request, coach = bot
    request.files["strongcsv"] = (
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE\n"
        b"2026-09-01 08:30:00,Legs,Hip Thrust,1,100,kg,8,\n2026-09-08 08:30:00,Legs,Hip Thrust,1,110,kg,6,\n"
    )
    await feed(app, updates.document(ANN, "strongcsv", "strong.csv", len(request.files["strongcsv"])))
    assert "Read 2 sets (Strong format)" in request.last("sendMessage")["text"]
    await feed(app, updates.message(ANN, "/progress hip thrust"))
    photo = request.last("sendPhoto")
    assert photo["chat_id"] == ANN and "2 sessions" in photo["caption"]
    await feed(app, updates.message(ANN, "/export"))
    document = request.last("sendDocument")
    assert document["chat_id"] == ANN and "2 sets" in document["caption"]


async def test_oversized_upload_is_refused_before_download(bot):
    app, request, _ = bot
    await feed(app, updates.document(ANN, "huge", "huge.csv", 50 * 1024 * 1024))
    assert "too big" in request.last("sendMessage")["text"] and request.calls_to("getFile") == []


async def test_one_update_never_fans_out_into_a_burst(bot, monkeypatch):
    app, request, coach = bot
    from bot.conversation.model import Reply
    from bot.telegram.sending import MAX_MESSAGES_PER_UPDATE

    async def chatty(user, text, message_id=None):
        return [Reply(f"part {i}") for i in range(50)]

    monkeypatch.setattr(coach, "text", chatty)
    await feed(app, updates.message(ANN, "tell me everything"))
    assert [c["text"] for c in request.calls_to("sendMessage")] == [f"part {i}" for i in range(MAX_MESSAGES_PER_UPDATE)]


async def test_a_countdown_edits_the_card_it_was_started_on(bot):
    """A hold's countdown ticks edit the message whose ▶️ Start was tapped (its id is kept with the timer
    in the database), instead of sending a new message every ten seconds."""
    from types import SimpleNamespace

    from bot.telegram.runner import _deliver

    app, request, coach = bot
    await feed(app, updates.message(ANN, "/workout plank 2x45s"))
    card = request.calls_to("sendMessage")[-1]
    start = next(
        b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row if "Start" in b["text"]
    )
    await feed(app, updates.callback(ANN, start, message_id=555))
    tapped = request.last("editMessageText")
    assert (tapped["message_id"], tapped["text"]) == (555, "⏱ <b>Plank</b>, set 1 of 2: 0:45 to go.")
    request.clear()
    started = datetime(2026, 11, 24, 12, tzinfo=UTC)  # the fixture's clock
    [tick] = await coach.due_urgent(started + timedelta(seconds=10))
    assert tick.edit_message_id == 555 and tick.reply.edit
    context = SimpleNamespace(bot=app.bot, application=app)
    await _deliver(context, tick)
    [edited] = request.calls_to("editMessageText")
    assert (edited["chat_id"], edited["message_id"]) == (ANN, 555)
    assert edited["text"] == "⏱ <b>Plank</b>, set 1 of 2: 0:35 to go."
    assert request.calls_to("sendMessage") == []  # no new message per tick
    await _deliver(context, replace(tick, edit_message_id=None))  # no message to edit: nothing is sent
    assert len(request.calls) == 1
