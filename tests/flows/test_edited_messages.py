"""Edited messages at the Telegram edge: an edited set corrects it (✏️), an edited question's answer is
replaced in place, other edits get no reply."""

from __future__ import annotations

from support import updates
from telegram import Update

SAM = 68


def edited(user_id: int, text: str, message_id: int, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    upd = updates.message(user_id, text, message_id=message_id, **kwargs)
    msg = upd.pop("message")
    msg["edit_date"] = msg["date"] + 30
    return {**upd, "edited_message": msg}


async def feed(app, data) -> None:  # type: ignore[no-untyped-def]
    await app.process_update(Update.de_json(data, app.bot))


def texts(request) -> list[str]:  # type: ignore[no-untyped-def]
    return [c["text"] for c in request.calls_to("sendMessage")]


async def test_an_edited_set_corrects_it_and_other_edits_get_no_second_reply(bot_recording_errors):
    app, request, coach, errors = bot_recording_errors
    await feed(app, updates.message(SAM, "/workout hip thrust 2x5 100kg rest 0"))
    await feed(app, updates.message(SAM, "5x100", message_id=500))
    request.clear()
    await feed(app, edited(SAM, "6x100 rpe 8", 500))
    [fixed] = texts(request)
    assert fixed.startswith("✏️ Hip thrust set 1: 6 × 100 kg @ RPE 8 (was 5 × 100 kg)")
    session = await coach.storage.workouts.active_session(SAM)
    assert session is not None and any(e.type == "set_edited" for e in await coach.storage.workouts.events(session.id))
    request.clear()
    await feed(app, updates.message(SAM, "how deep should I go?", message_id=600))
    assert len(texts(request)) == 1
    await feed(app, edited(SAM, "how deep should I go on hip thrusts?", 600))
    await feed(app, edited(SAM, "/workout", 601))
    await feed(app, edited(SAM, "/plates\n100", 602))
    assert len(texts(request)) == 1 and errors == []  # no second answer, no new workout card, no plates
    [replaced] = request.calls_to("editMessageText")  # the edited question's answer is replaced in place
    assert replaced["chat_id"] == SAM and replaced["message_id"] >= 1000  # the id the fake API gave the answer
    assert "Source:" in replaced["text"] or "don't know" in replaced["text"]
