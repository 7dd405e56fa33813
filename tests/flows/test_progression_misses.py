"""Next time's load after a miss, through the Coach on SQLite and PostgreSQL: a rep short repeats the
load (it used to back off 7.5 %), a stall at one load for three sessions backs off, and the next
workout's card starts where the summary said. Asserts the replies and the sets the database holds."""

from datetime import timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


def squats(reps, load=100, unit="kg"):
    return [("back squat", "working", r, load, unit, None, None, None) for r in reps]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_rep_short_repeats_the_load_and_three_stalls_back_off(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(81, 81, "Ann"))
        await ann.say("/workout squat 3x5 100kg")
        for reps in ("5", "5", "4"):
            await ann.say(reps)
        assert (
            "➡️ Next time, back squat 5 reps: 100 kg "
            "(one rep short of 5 on set 3: 5, 5, 4 at 100 kg → same load next time)" in ann.text
        )
        assert "back off" not in ann.text
        assert await ann.stored() == squats([5, 5, 4])

        clock.now += timedelta(days=2)
        await ann.say("/workout squat 3x5")
        assert "Target: 5 reps @ 100 kg" in ann.text
        assert "📈 From last time: one rep short of 5 on set 3: 5, 5, 4 at 100 kg → same load next time" in ann.text
        for reps in ("5", "4", "5"):
            await ann.say(reps)
        assert (
            "➡️ Next time, back squat 5 reps: 100 kg (one rep short of 5 on set 2: 5, 4, 5 at 100 kg; "
            "2 sessions in a row short at 100 kg, one more backs off → same load next time)"
        ) in ann.text
        assert await ann.stored() == squats([5, 5, 4, 5, 4, 5])

        clock.now += timedelta(days=2)
        await ann.say("/workout squat 3x5")
        assert "Target: 5 reps @ 100 kg" in ann.text
        for reps in ("5", "5", "4"):
            await ann.say(reps)
        assert (
            "➡️ Next time, back squat 5 reps: 92.5 kg "
            "(short of 5 at 100 kg 3 sessions in a row (5, 5, 4 today) → back off to 92.5 kg)"
        ) in ann.text
        assert await ann.stored() == squats([5, 5, 4, 5, 4, 5, 5, 5, 4])

        clock.now += timedelta(days=2)
        await ann.say("/workout squat 3x5")
        assert "Target: 5 reps @ 92.5 kg" in ann.text
        assert "📈 From last time: short of 5 at 100 kg 3 sessions in a row" in ann.text
        assert await ann.stored() == squats([5, 5, 4, 5, 4, 5, 5, 5, 4])  # starting a workout logs nothing


@pytest.mark.parametrize("backend", BACKENDS)
async def test_in_lb_a_single_top_set_a_rep_short_stays_and_a_big_miss_backs_off(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(82, 82, "Bob"))
        await bob.say("/settings units lb")
        await bob.say("/workout squat 1x5 225lb")
        await bob.say("4")
        assert (
            "➡️ Next time, back squat 5 reps: 225 lb (one rep short of 5: 4 at 225 lb → same load next time)" in bob.text
        )
        assert await bob.stored() == squats([4], 225, "lb")

        clock.now += timedelta(days=2)
        await bob.say("/workout squat 1x5")
        assert "Target: 5 reps @ 225 lb" in bob.text
        await bob.say("3")  # 3 of 5: a real failure
        assert (
            "➡️ Next time, back squat 5 reps: 210 lb (your set at 225 lb fell short of 5 (3) → back off to 210 lb)"
            in bob.text
        )
        assert await bob.stored() == squats([4, 3], 225, "lb")
