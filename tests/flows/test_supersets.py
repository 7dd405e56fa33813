"""Supersets: blocks sharing a label alternate (A1, A2, A1, A2...), the rest timer runs only after a
round, and each card says where in the superset the lifter is. Through the Coach, SQLite and PostgreSQL."""

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat, due_texts

from bot.conversation.model import User
from bot.training.catalogue import default_catalogue
from bot.training.engine import expand
from bot.training.programs import ExerciseBlock, Program


def arms_day() -> Program:
    return Program(
        id="arms",
        title="Arms day",
        blocks=[
            ExerciseBlock(
                exercise="biceps curl", sets=3, reps_min=10, reps_max=12, load=12, superset="A", rest_seconds=60
            ),
            ExerciseBlock(exercise="triceps pushdown", sets=3, reps_min=10, reps_max=12, load=25, superset="A"),
            ExerciseBlock(exercise="plank", sets=1, reps_min=1, reps_max=1, duration_s=40, rest_seconds=0),
        ],
    )


def test_superset_blocks_alternate_with_rest_after_each_round():
    plan = expand(arms_day())
    assert [(p.exercise, p.set_number, p.rest_seconds, p.superset) for p in plan] == [
        ("biceps curl", 1, 0, "A"),
        ("triceps pushdown", 1, 120, "A"),  # the round's rest is the last block's
        ("biceps curl", 2, 0, "A"),
        ("triceps pushdown", 2, 120, "A"),
        ("biceps curl", 3, 0, "A"),
        ("triceps pushdown", 3, 120, "A"),
        ("plank", 1, 0, None),
    ]
    uneven = Program(
        id="uneven",
        title="Uneven",
        blocks=[
            ExerciseBlock(exercise="a one", sets=1, reps_min=5, reps_max=5, superset="B"),
            ExerciseBlock(exercise="b two", sets=2, reps_min=5, reps_max=5, superset="B", rest_seconds=30),
            ExerciseBlock(exercise="c three", sets=1, reps_min=5, reps_max=5, superset="C"),  # alone: no superset
        ],
    )
    assert [(p.exercise, p.rest_seconds, p.superset) for p in expand(uneven)] == [
        ("a one", 0, "B"),
        ("b two", 30, "B"),
        ("b two", 30, "B"),  # the longer block finishes its sets alone, resting after each
        ("c three", 120, None),
    ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_superset_through_the_chat(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine, {"arms": arms_day()}) as (coach, repo, clock):
        dee = Lifter(coach, repo, User(81, 81, "Dee"))
        await dee.say("/workout")
        await dee.tap("📋 Arms day")
        *card, cue = dee.last[1].text.splitlines()
        assert card == [
            "🏋️ <b>Biceps curl</b> — Superset A · round 1/3",
            "Target: 10-12 reps @ 12 kg",
            "Then straight on to triceps pushdown; rest after the round.",
        ]
        assert cue in {f"💡 {c}" for c in default_catalogue().cues("biceps curl")}  # wired like the bot: a cue
        await dee.tap("✅ Done 12 × 12 kg")
        # no rest inside the round: the next card comes at once, and no rest timer is stored
        assert dee.last[0].text == "✅ Biceps curl set 1: 12 × 12 kg"
        assert dee.last[1].text.splitlines()[:3] == [
            "🏋️ <b>Triceps pushdown</b> — Superset A · round 1/3",
            "Target: 10-12 reps @ 25 kg",
            "Rest after: 2:00",
        ]
        assert await repo.schedule.pending_timers("rest") == []
        await dee.say("11")
        assert dee.text == "✅ Triceps pushdown set 1: 11 × 25 kg\n\n⏱ Rest 2:00. Next: biceps curl, set 2 of 3."
        timers = await repo.schedule.pending_timers("rest")
        assert [(t.user_id, (t.due_at - clock.now).total_seconds()) for t in timers] == [(81, 120.0)]
        # the rest ends on its own: the next round's card, with the curl's load carried from round 1
        notes = await due_texts(coach, clock, 120)
        assert len(notes) == 1 and notes[0][0].startswith(
            "⏰ Rest over!\n🏋️ <b>Biceps curl</b> — Superset A · round 2/3"
        )
        assert "Target: 10-12 reps @ 12 kg" in notes[0][0] and "✅ Done 12 × 12 kg" in notes[0][2]
        await dee.say("10x14")
        # in round 2 the pushdown still has its own load (25 kg), not the curl's 14
        assert "Superset A · round 2/3\nTarget: 10-12 reps @ 25 kg" in dee.text
        await dee.say("10")
        await dee.tap("Skip rest ⏭")
        assert "<b>Biceps curl</b> — Superset A · round 3/3\nTarget: 10-12 reps @ 14 kg" in dee.text
        await dee.say("10")
        await dee.say("10")
        assert "Next: plank, set 1 of 1." in dee.text
        stored = [(e, t, r, ld) for e, t, r, ld, *_ in await dee.stored()]
        assert stored == [
            ("biceps curl", "working", 12, 12),
            ("triceps pushdown", "working", 11, 25),
            ("biceps curl", "working", 10, 14),
            ("triceps pushdown", "working", 10, 25),
            ("biceps curl", "working", 10, 14),
            ("triceps pushdown", "working", 10, 25),
        ]
        await dee.tap("Skip rest ⏭")
        await dee.say("40s")
        summary = dee.last[0].text
        # curls 12x12 + 2 x 10x14 = 424 kg, pushdowns 31 reps x 25 = 775 kg; the plank adds a set, no reps or volume
        assert "7 sets, 63 reps, volume 1199 kg." in summary
        assert "• Plank: 1 set, longest hold 0:40" in summary


@pytest.mark.parametrize("backend", BACKENDS)
async def test_an_amrap_set_asks_for_the_reps_and_is_never_progressed(backend, tmp_path, fixture_engine):
    """Seen in a stranger's run: "dips 3xAMRAP" ran as a 1-rep target and the summary said to add load."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        joe = Lifter(coach, repo, User(97, 97, "Joe"))
        await joe.say("/routine new Dips\ndips 2xAMRAP rest 60")
        await joe.say("/workout Dips")
        card = joe.last[-1]
        assert "Target: as many reps @ bodyweight (AMRAP: type the reps you got" in card.text
        assert not any(label.startswith("✅ Done") for label in joe.labels())  # no 1-rep (or 100-rep) button
        assert (await joe.say("12")).startswith("✅ Dip set 1: 12 reps")
        last = await joe.say("9")
        assert "✅ Dip set 2: 9 reps" in last and "Next time, dip" not in last
        assert [(r[0], r[2], r[3]) for r in await joe.stored()] == [("dip", 12, None), ("dip", 9, None)]
