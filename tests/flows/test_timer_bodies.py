"""Timers carry typed bodies. One whose body can't be read (written by an older version, or damaged)
is claimed and skipped: the tick goes on and everyone else's timers still fire."""

from __future__ import annotations

from datetime import timedelta

from support.workout_chat import Lifter, chat

from bot.conversation.model import User

ANN, BOB = User(41, 41, "Ann"), User(42, 42, "Bob")


async def test_an_unreadable_timer_is_skipped_and_the_others_fire(tmp_path, fixture_engine):
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, BOB)
        await bob.say("/workout hip thrust 2x5 100kg rest 60")
        await bob.say("5")
        assert "✅ Hip thrust set 1: 5 × 100 kg" in bob.text
        for kind, body in (("rest", {"session": 7}), ("countdown", {"ends": "soon"}), ("snooze", {})):
            await repo.schedule.add_timer(ANN.id, ANN.chat_id, kind, clock.now, body)
        clock.now += timedelta(seconds=61)
        sent = await coach.due(clock.now)
        assert [(n.chat_id, n.reply.text.splitlines()[0]) for n in sent] == [(BOB.chat_id, "⏰ Rest over!")]
        assert sent[0].reply.text.splitlines()[1:3] == ["🏋️ <b>Hip thrust</b> — set 2 of 2", "Target: 5 reps @ 100 kg"]
        assert await repo.schedule.pending_timers() == []  # claimed, not retried on every tick
        assert await coach.due(clock.now + timedelta(minutes=5)) == []
