"""Fuzz: 10,000 random and hostile updates through the real Application: no crash, every reply
well-formed, and another user's data is never reachable or changed."""

from __future__ import annotations

import random

from support import updates
from support.html import well_formed_html
from telegram import Update

from bot.conversation.model import User
from bot.telegram.handlers import ERROR_REPLY

N_UPDATES = 10_000
ATTACKER, VICTIM = 70, 71
HOSTILE = [
    "'; DROP TABLE users; --",
    "<script>alert(1)</script>",
    "<b>unclosed",
    "&amp;&lt;&#0;",
    "\x00\x01\x02\x1b[31m",
    "‮RTL override‭",
    "مرحبا كيف حالك",
    "🏋️‍♀️💪🍑" * 50,
    "A" * 5000,
    "99999999999999999999x99999999999",
    "5x-100",
    "5xnan",
    "5x1e308",
    "-1",
    "0x0",
    "nan",
    "inf",
    "   ",
    "\n\n\n",
    "/",
    "//",
    "/workout ' OR 1=1 --",
    "/plates 1e308",
    "/plates -5",
    "/plates nan",
    "/remind mon 99:99",
    "/remind " + "mon," * 500,
    "/timezone ../../etc/passwd",
    "/timezone " + "x" * 300,
    "/settings bar -1",
    "/settings plates " + ",".join(["1"] * 100),
    "/progress " + "z" * 500,
    "/import",
    "/export",
    "/history",
    "/forget now",
    "/start " + "x" * 100,
    "/ask",
    "/stats",
    "/help me",
    "5",
    "5x100",
    "5 @ 102.5 rpe 11",
    "/workout hip thrust 999x999 99999kg",
    "/workout rdl 3x8",
    "/settings unit stone",
]


def random_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(HOSTILE)
    if roll < 0.6:
        alphabet = "abcdefghijklmnopqrstuvwxyz 0123456789x@,.-/:;'\"<>&💪\u202e\x00\t"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80)))
    if roll < 0.8:
        return (
            rng.choice(["/workout", "/plates", "/remind", "/timezone", "/settings", "/progress", "/ask", "/history"])
            + " "
            + "".join(rng.choice("abc 0123456789x.:,-") for _ in range(rng.randint(0, 30)))
        )
    return rng.choice(["hip thrust feet", "db or bb?", "rdl form", "how long rest", "knee pain squats", "bitcoin?"])


def random_callback(rng: random.Random, victim_ids: dict[str, str]) -> str:
    roll = rng.random()
    if roll < 0.4:  # forged buttons naming the victim's records
        return rng.choice(
            [
                f"w:done:{victim_ids['session']}:1",
                f"w:end:{victim_ids['session']}:1",
                f"w:discard:{victim_ids['session']}",
                f"w:discardok:{victim_ids['session']}",
                f"w:adj:{victim_ids['session']}:1:l+",
                f"h:open:{victim_ids['session']}",
                f"r:z:{victim_ids['reminder']}",
                f"r:s:{victim_ids['reminder']}",
                f"v:{victim_ids['question']}:-1",
                f"w:swapto:{victim_ids['session']}:1:0",
            ]
        )
    alphabet = "wrvhst:0123456789abcdef-+!?"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 64)))


async def snapshot(repo, user_id: int) -> tuple:
    session = await repo.workouts.active_session(user_id)
    events = [(e.event_id, e.payload) for e in await repo.workouts.events(session.id)] if session else []
    reminders = [(r.id, r.days, r.at, r.timezone, r.next_fire_at) for r in await repo.schedule.reminders_of(user_id)]
    settings, prompt = await repo.users.get_settings(user_id), await repo.prompts.get_prompt(user_id)
    return (session.id if session else None, events, reminders, settings, prompt)


async def test_ten_thousand_hostile_updates(bot):
    app, request, coach = bot
    victim = User(VICTIM, VICTIM, "Victim")
    await coach.command(victim, "settings", "bar 17.5")
    await coach.command(victim, "remind", "mon,thu 06:45")
    _, card = await coach.command(victim, "workout", "hip thrust 3x5 123.25kg")
    done = next(b.data for row in card.buttons for b in row if b.data.startswith("w:done:"))
    await coach.callback(victim, done)
    answer = await coach.ask(victim, "can I use a dumbbell for hip thrusts? VICTIMSECRET")
    victim_ids = {
        "session": (await coach.storage.workouts.active_session(VICTIM)).id,
        "reminder": str((await coach.storage.schedule.reminders_of(VICTIM))[0].id),
        "question": next(b.data for row in answer.buttons for b in row if b.data.startswith("v:")).split(":")[1],
    }
    before = await snapshot(coach.storage, VICTIM)
    request.clear()

    rng = random.Random(20261124)
    for i in range(N_UPDATES):
        kind = rng.random()
        if kind < 0.6:
            data = updates.message(ATTACKER, random_text(rng), message_id=100_000 + i)
        elif kind < 0.9:
            data = updates.callback(ATTACKER, random_callback(rng, victim_ids), query_id=f"f{i}")
        else:
            data = updates.inline_query(ATTACKER, random_text(rng)[:256])
        await app.process_update(Update.de_json(data, app.bot))

    assert await snapshot(coach.storage, VICTIM) == before  # nothing of the victim's changed
    sent = request.calls_to("sendMessage") + request.calls_to("editMessageText")
    assert sent, "the bot answered nothing at all"
    for call in sent:
        assert call["chat_id"] == ATTACKER
        assert call["text"].strip() and len(call["text"]) <= 4096
        assert well_formed_html(call["text"]), call["text"]
        assert "VICTIMSECRET" not in call["text"] and "123.25" not in call["text"] and "17.5" not in call["text"]
        assert ERROR_REPLY not in call["text"]  # the error handler never had to step in
        for row in (call.get("reply_markup") or {}).get("inline_keyboard", []):
            assert all(len(b["callback_data"].encode()) <= 64 for b in row)
    for call in request.calls_to("answerCallbackQuery"):
        assert len(call.get("text") or "") <= 200
