"""After a Strong or Hevy import, through the Coach on SQLite and PostgreSQL: "Last time" and next time's
load read the latest imported session of the exercise, misses included (sessions and sets outside the
target's rep range were skipped, so an older success earned the step); the summary and the next card
agree; imported sets are numbered as logged ones (warm-ups apart). Asserts replies and what is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Clock, Lifter, chat

from bot.conversation.model import User

STRONG = (
    '"Date","Workout Name","Duration","Exercise Name","Set Order","Weight","Reps","Distance","Seconds",'
    '"Notes","Workout Notes","RPE"\n'
)
HEVY = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
    '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"\n'
)
DEC_1 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def strong(*sessions: tuple[int, float, list[int]], warmup: float = 60) -> bytes:
    """Squat sessions in November 2026, (day, load, reps), each with one warm-up first."""
    rows = []
    for day, load, reps in sessions:
        when = f"2026-11-{day:02d} 18:00:00"
        rows.append(f'"{when}","Legs","1h","Squat (Barbell)","W","{warmup:g}","5","0","0","","",""\n')
        rows += [
            f'"{when}","Legs","1h","Squat (Barbell)","{i}","{load:g}","{r}","0","0","","",""\n'
            for i, r in enumerate(reps, 1)
        ]
    return (STRONG + "".join(rows)).encode()


def squats(*sessions: tuple[float, list[int]], unit="kg", warmup: float = 60):
    out = []
    for load, reps in sessions:
        out.append(("back squat", "warmup", 5, warmup, unit, None, None, None))
        out += [("back squat", "working", r, load, unit, None, None, None) for r in reps]
    return out


NOVEMBER = ((9, 100, [5, 5]), (16, 102.5, [5, 5]), (23, 105, [5, 4]), (30, 105, [3, 3]))


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_failed_last_import_backs_off_and_the_summary_and_next_card_agree(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine, clock=Clock(DEC_1)) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(91, 91, "Ann"))
        await coach.document(ann.user, "strong.csv", strong(*NOVEMBER))
        await ann.say("/workout squat 2x5")
        # before: "Target: 5 reps @ 107.5 kg / Last time, set 1: 5 × 105 kg" (23 Nov's first set alone)
        assert "Target: 5 reps @ 97.5 kg" in ann.text and "Last time, set 1: 3 × 105 kg" in ann.text
        assert (
            "📈 From last time: 2 of 2 sets at 105 kg fell short of 5 (3, 3: 6 of 10 reps) → back off to 97.5 kg"
            in ann.text
        )
        await ann.say("5")
        await ann.say("5")
        assert "➡️ Next time, back squat 5 reps: 100 kg (both sets reached 5 at 97.5 kg → 100 kg)" in ann.text, ann.text
        clock.now += timedelta(days=2)
        await ann.say("/workout squat 2x5")
        assert "Target: 5 reps @ 100 kg" in ann.text and "Last time, set 1: 5 × 97.5 kg" in ann.text
        assert "📈 From last time: both sets reached 5 at 97.5 kg → 100 kg" in ann.text
        imported = squats((100, [5, 5]), (102.5, [5, 5]), (105, [5, 4]), (105, [3, 3]))
        assert await ann.stored() == imported + squats((97.5, [5, 5]))[1:]  # history as imported, then logged


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("last", "card"),
    [
        (
            [5, 4],
            "Target: 5 reps @ 105 kg\nLast time, set 1: 5 × 105 kg\n"
            "📈 From last time: one rep short of 5 on set 2: 5, 4 at 105 kg → same load next time",
        ),
        (
            [8, 8],
            "Target: 5 reps @ 107.5 kg\nLast time, set 1: 8 × 105 kg\n"
            "📈 From last time: both sets reached 5 at 105 kg → 107.5 kg",
        ),
    ],
)
async def test_the_latest_import_is_last_time_whatever_its_reps(backend, tmp_path, fixture_engine, last, card):
    async with chat(backend, tmp_path, fixture_engine, clock=Clock(DEC_1)) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(92, 92, "Ann"))
        await coach.document(ann.user, "strong.csv", strong((16, 102.5, [5, 5]), (30, 105, last)))
        await ann.say("/workout squat 2x5")
        assert card in ann.text
        assert await ann.stored() == squats((102.5, [5, 5]), (105, last))


@pytest.mark.parametrize("backend", BACKENDS)
async def test_in_lb_imported_misses_count_toward_three_stalls_in_the_summary(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine, clock=Clock(DEC_1)) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(93, 93, "Bob"))
        await bob.say("/settings units lb")
        await coach.document(bob.user, "strong.csv", strong((16, 225, [5, 4]), (23, 225, [4, 5]), warmup=135))
        await bob.say("/workout squat 2x5")
        assert "Target: 5 reps @ 225 lb" in bob.text and "Last time, set 1: 4 × 225 lb" in bob.text
        assert (
            "one rep short of 5 on set 1: 4, 5 at 225 lb; 2 sessions in a row short at 225 lb, one more backs off"
            in bob.text
        )
        for reps in ("5", "4"):
            await bob.say(reps)
        # before: the imported 4s were dropped, so the summary saw no stall and kept 225 lb
        summary = "short of 5 at 225 lb 3 sessions in a row (5, 4 today) → back off to 210 lb"
        assert f"➡️ Next time, back squat 5 reps: 210 lb ({summary})" in bob.text
        clock.now += timedelta(days=2)
        await bob.say("/workout squat 2x5")
        assert "Target: 5 reps @ 210 lb" in bob.text and f"📈 From last time: {summary}" in bob.text
        logged = [("back squat", "working", r, 225.0, "lb", None, None, None) for r in (5, 4)]
        assert await bob.stored() == squats((225, [5, 4]), (225, [4, 5]), unit="lb", warmup=135) + logged


async def opened_history(coach, user) -> str:
    page = (await coach.command(user, "history", ""))[0]
    return (await coach.callback(user, page.buttons[0][0].data)).replies[0].text


async def numbered(repo, user):
    from bot.history.setlog import fold

    return [(r.set_type, r.set_number, r.reps) for r in fold(await repo.workouts.set_events(user.id))]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_hevy_sets_are_numbered_apart_from_warm_ups(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine, clock=Clock(DEC_1)) as (coach, repo, clock):
        cy = Lifter(coach, repo, User(94, 94, "Cy"))
        sets = [("warmup", 40, 10), ("normal", 80, 5), ("normal", 80, 5), ("normal", 80, 4)]
        rows = [
            f'"Push","28 Nov 2026, 07:06","28 Nov 2026, 08:00","","Bench Press (Barbell)",,"",{i},"{t}",{w},{r},,,\n'
            for i, (t, w, r) in enumerate(sets)
        ]
        await coach.document(cy.user, "hevy.csv", (HEVY + "".join(rows)).encode())
        opened = await opened_history(coach, cy.user)
        # before: warm-up 1, then sets 2, 3 and 4 (Hevy's set_index counts the warm-up)
        assert "bench press warm-up 1: 10 × 40 kg\n" in opened and "bench press set 1: 5 × 80 kg\n" in opened
        assert "bench press set 3: 4 × 80 kg" in opened and "set 4" not in opened
        assert await numbered(repo, cy.user) == [
            ("warmup", 1, 10),
            ("working", 1, 5),
            ("working", 2, 5),
            ("working", 3, 4),
        ]
        await cy.say("/workout bench 3x5")
        assert "Last time, set 1: 5 × 80 kg" in cy.text  # before: no set 1 last time, so no line


@pytest.mark.parametrize("backend", BACKENDS)
async def test_strong_warm_ups_and_drop_sets_are_numbered_as_logged_ones(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine, clock=Clock(DEC_1)) as (coach, repo, clock):
        dee = Lifter(coach, repo, User(95, 95, "Dee"))
        rows = [("W", 135, 10), ("W", 185, 3), ("1", 225, 5), ("2", 225, 5), ("D", 185, 8), ("F", 135, 12)]
        when = "2026-11-28 18:00:00"
        data = STRONG + "".join(
            f'"{when}","Push","1h","Bench Press (Barbell)","{o}","{w}","{r}","0","0","","",""\n' for o, w, r in rows
        )
        await dee.say("/settings units lb")
        await coach.document(dee.user, "strong.csv", data.encode())
        opened = await opened_history(coach, dee.user)
        # before: both warm-ups were "warm-up 1", and the drop and failure sets "set 1" beside the first set
        for line in (
            "bench press warm-up 1: 10 × 135 lb",
            "bench press warm-up 2: 3 × 185 lb",
            "bench press set 1: 5 × 225 lb",
            "bench press set 2: 5 × 225 lb",
            "bench press set 3: 8 × 185 lb (drop set)",
            "bench press set 4: 12 × 135 lb (to failure)",
        ):
            assert line in opened, opened
        assert await numbered(repo, dee.user) == [
            ("warmup", 1, 10),
            ("warmup", 2, 3),
            ("working", 1, 5),
            ("working", 2, 5),
            ("drop", 3, 8),
            ("failure", 4, 12),
        ]
