"""Timed, distance and bodyweight sets through the Coach, on SQLite and PostgreSQL: the countdown
message that edits itself (database timers, a fake clock, a restart in the middle), typed holds and
runs, and bodyweight lifts with added load or assistance, in kg and lb."""

from datetime import timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat, due_texts, rewire

from bot.conversation.model import User
from bot.conversation.preferences import Preferences, save_preferences

STOP = ["⏹ Stop and log", "⏭ Skip set"]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_countdown_edits_itself_survives_a_restart_and_logs_the_hold(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        eve = Lifter(coach, repo, User(91, 91, "Eve"))
        await eve.say("/workout plank 2x45s")
        card = eve.last[1]
        assert card.text.splitlines()[:2] == [
            "🏋️ <b>Plank</b> — set 1 of 2",
            "Target: 0:45 hold. Tap ▶️ Start for a countdown, "
            "or type your time (e.g. <code>45s</code>, <code>1:30</code>).",
        ]
        assert eve.labels()[:2] == ["▶️ Start 0:45", "✅ Done 0:45"]
        await eve.tap("▶️ Start 0:45")
        assert eve.last[0].edit and eve.text == "⏱ <b>Plank</b>, set 1 of 2: 0:45 to go." and eve.labels() == STOP
        started = clock.now
        timers = await repo.schedule.pending_timers("countdown")
        assert [(t.user_id, (t.due_at - started).total_seconds()) for t in timers] == [(91, 10.0)]
        assert await due_texts(coach, clock, 9) == []  # not yet
        assert await due_texts(coach, clock, 1) == [("⏱ <b>Plank</b>, set 1 of 2: 0:35 to go.", True, STOP)]
        # the bot restarts: the countdown lives in the database and goes on
        coach = rewire(coach, repo, clock)
        assert await due_texts(coach, clock, 10) == [("⏱ <b>Plank</b>, set 1 of 2: 0:25 to go.", True, STOP)]
        assert await due_texts(coach, clock, 10) == [("⏱ <b>Plank</b>, set 1 of 2: 0:15 to go.", True, STOP)]
        assert await due_texts(coach, clock, 10) == [("⏱ <b>Plank</b>, set 1 of 2: 0:05 to go.", True, STOP)]
        assert await eve.stored() == []
        # at the end: a new message (a ping, not an edit) and the hold logged
        end = await due_texts(coach, clock, 5)
        assert end == [
            (
                "⏰ Time! Plank: 0:45 held.\n✅ Plank set 1: 0:45 hold\n\n⏱ Rest 2:00. Next: plank, set 2 of 2.",
                False,
                ["+30 s", "Skip rest ⏭", "↩️ Undo set 1"],
            )
        ]
        assert (clock.now - started).total_seconds() == 45
        assert await eve.stored() == [("plank", "working", 1, None, "kg", 45.0, None, None)]
        assert await repo.schedule.pending_timers("countdown") == []

        # Set 2: stopped early, the time actually held is logged
        eve.coach = coach
        rest_over = await due_texts(coach, clock, 120)
        assert rest_over[0][0].startswith("⏰ Rest over!\n🏋️ <b>Plank</b> — set 2 of 2")
        eve.last = []
        await eve.say("/workout")
        await eve.tap("▶️ Resume")
        await eve.tap("▶️ Start 0:45")
        assert await due_texts(coach, clock, 10) == [("⏱ <b>Plank</b>, set 2 of 2: 0:35 to go.", True, STOP)]
        assert await due_texts(coach, clock, 22) == [("⏱ <b>Plank</b>, set 2 of 2: 0:13 to go.", True, STOP)]
        await eve.tap("⏹ Stop and log")
        assert eve.last[0].text == "✅ Plank set 2: 0:32 hold" and eve.last[0].edit
        assert "🏁 <b>Quick: plank</b>" in eve.last[1].text and "2 sets." in eve.last[1].text
        assert "• Plank: 2 sets, longest hold 0:45" in eve.last[1].text
        assert await eve.stored() == [
            ("plank", "working", 1, None, "kg", 45.0, None, None),
            ("plank", "working", 1, None, "kg", 32.0, None, None),
        ]
        assert await repo.schedule.pending_timers("countdown") == []
        assert await due_texts(coach, clock, 60) == []  # nothing left to tick


@pytest.mark.parametrize("backend", BACKENDS)
async def test_typed_holds_and_bad_times(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        fay = Lifter(coach, repo, User(92, 92, "Fay"))
        await fay.say("/workout plank 3x45s")
        assert "Write times as m:ss or h:mm:ss" in await fay.say("1:75")
        assert "A time goes from 1 second to 6 hours." in await fay.say("0s")
        assert await fay.stored() == []  # bad input changes nothing
        assert (await fay.say("45s")).startswith("✅ Plank set 1: 0:45 hold")
        assert (await fay.say("1:30")).startswith("✅ Plank set 2: 1:30 hold")
        assert (await fay.say("90 sec")).startswith("✅ Plank set 3: 1:30 hold")
        assert [r[5] for r in await fay.stored()] == [45.0, 90.0, 90.0]
        assert "• Plank: 3 sets, longest hold 1:30" in fay.text


@pytest.mark.parametrize("backend", BACKENDS)
async def test_distance_sets_log_distance_and_time(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        gus = Lifter(coach, repo, User(93, 93, "Gus"))
        await gus.say("/workout run 3x5km")
        assert gus.last[1].text.splitlines()[:2] == [
            "🏋️ <b>Running</b> — set 1 of 3",
            "Target: 5 km. Log distance and time, e.g. <code>3.2 km 18:00</code> or <code>5k 25:30</code>.",
        ]
        assert "✅ Done" not in " ".join(gus.labels())  # a run has no default to confirm
        # A time alone is the time for the card's target distance, said back in full, and /undo takes it back.
        assert (await gus.say("18:00")).startswith("✅ Running set 1: 5 km in 18:00 (3:36 /km)")
        assert await gus.stored() == [("running", "working", 1, None, "kg", 1080.0, 5000.0, None)]
        await gus.say("/undo")
        assert await gus.stored() == []
        # 1080 s / 3.2 km = 337.5 s per km
        assert (await gus.say("3.2 km 18:00")).startswith("✅ Running set 1: 3.2 km in 18:00 (5:38 /km)")
        await gus.tap("Skip rest ⏭")
        assert (await gus.say("5k 25:30")).startswith("✅ Running set 2: 5 km in 25:30 (5:06 /km)")
        await gus.tap("Skip rest ⏭")
        assert (await gus.say("2000m 7:45")).startswith("✅ Running set 3: 2000 m in 7:45 (3:52 /km)")  # as typed
        assert await gus.stored() == [
            ("running", "working", 1, None, "kg", 1080.0, 3200.0, None),
            ("running", "working", 1, None, "kg", 1530.0, 5000.0, None),
            ("running", "working", 1, None, "kg", 465.0, 2000.0, None),
        ]
        assert "• Running: 3 sets, 10.2 km in 51:15" in gus.text and "reps" not in gus.text  # km and m: in km


@pytest.mark.parametrize("backend", BACKENDS)
async def test_bodyweight_lifts_with_added_load_or_assistance(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        hal = Lifter(coach, repo, User(94, 94, "Hal"))
        await hal.say("/workout pull-up 4x8")
        assert "Target: 8 reps @ bodyweight" in hal.text and "✅ Done 8 reps" in hal.labels()
        assert (await hal.say("8")).startswith("✅ Pull-up set 1: 8 reps")
        assert (await hal.say("8 +10kg")).startswith("✅ Pull-up set 2: 8 reps +10 kg")
        await hal.tap("Skip rest ⏭")
        assert "Target: 8 reps @ bodyweight + 10 kg" in hal.text and "✅ Done 8 reps +10 kg" in hal.labels()
        assert (await hal.say("6 -20kg")).startswith("✅ Pull-up set 3: 6 reps, 20 kg assistance")
        assert "Send reps, with added load or assistance" in await hal.say("5 assist twenty")
        assert (await hal.say("5 assist 15")).startswith("✅ Pull-up set 4: 5 reps, 15 kg assistance")
        assert await hal.stored() == [
            ("pull-up", "working", 8, None, "kg", None, None, None),
            ("pull-up", "working", 8, 10.0, "kg", None, None, None),
            ("pull-up", "working", 6, None, "kg", None, None, 20.0),
            ("pull-up", "working", 5, None, "kg", None, None, 15.0),
        ]
        assert "Next time, pull-up" not in hal.text  # assisted sets progress by less help, not by this rule


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_minus_button_at_bodyweight_gives_assistance_and_plus_takes_it_back(
    backend, tmp_path, fixture_engine
):
    """A stranger's walk-through: "−2.5 kg" on a pull-up at bodyweight brought the same card back, with no notice."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        jo = Lifter(coach, repo, User(96, 96, "Jo"))
        await jo.say("/workout pull-up 3x8 rest 0")
        await jo.tap("−2.5 kg")
        assert "Target: 8 reps @ bodyweight, 2.5 kg assistance" in jo.text and "✅ Done 8 reps (−2.5 kg)" in jo.labels()
        await jo.tap("−2.5 kg")
        assert "Target: 8 reps @ bodyweight, 5 kg assistance" in jo.text
        await jo.tap("✅ Done 8 reps (−5 kg)")
        assert await jo.stored() == [("pull-up", "working", 8, None, "kg", None, None, 5.0)]
        await jo.tap("+2.5 kg")
        await jo.tap("+2.5 kg")
        assert "Target: 8 reps @ bodyweight\n" in jo.text and "✅ Done 8 reps" in jo.labels()
        await jo.tap("+2.5 kg")
        assert "Target: 8 reps @ bodyweight + 2.5 kg" in jo.text
        await jo.tap("✅ Done 8 reps +2.5 kg")
        assert await jo.stored() == [
            ("pull-up", "working", 8, None, "kg", None, None, 5.0),
            ("pull-up", "working", 8, 2.5, "kg", None, None, None),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_assisted_quick_workout_in_lb_and_its_load_buttons(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        user = User(95, 95, "Ida")
        await save_preferences(repo.users, user, Preferences(unit="lb"))
        ida = Lifter(coach, repo, user)
        await ida.say("/workout dips 3x8 -40lb")
        assert "<b>Dip</b> — set 1 of 3\nTarget: 8 reps @ bodyweight, 40 lb assistance" in ida.text
        await ida.tap("+5 lb")  # more load on an assisted lift: 5 lb less help
        assert "Target: 8 reps @ bodyweight, 35 lb assistance" in ida.text
        await ida.tap("✅ Done 8 reps (−35 lb)")
        assert ida.last[0].text == "✅ Dip set 1: 8 reps, 35 lb assistance"
        assert (await ida.say("8 +25lb")).startswith("✅ Dip set 2: 8 reps +25 lb")
        assert (await ida.say("8 +10kg")).startswith("✅ Dip set 3: 8 reps +10 kg")  # as typed, never "+22 lb"
        assert await ida.stored() == [
            ("dip", "working", 8, None, "lb", None, None, 35.0),
            ("dip", "working", 8, 25.0, "lb", None, None, None),
            ("dip", "working", 8, 10.0, "kg", None, None, None),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_time_or_distance_typed_on_a_card_that_takes_reps_gets_the_usage(backend, tmp_path, fixture_engine):
    """Seen in a stranger's run: "45s" typed on a pushdown card was answered as a follow-up question."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        gus = Lifter(coach, repo, User(94, 94, "Gus"))
        await gus.say("/workout triceps pushdown 3x12 25kg")
        for typed in ("45s", "90 sec", "5k 25:30"):
            reply = await gus.say(typed)
            assert reply.startswith('Triceps pushdown is logged in reps and weight, e.g. "12" or "12x50".'), reply
            assert "Taking that as" not in reply
        assert await gus.stored() == []  # nothing logged
        await gus.say("/workout")  # still on set 1
        assert "triceps pushdown, set 1 of 3" in gus.text
        plank = Lifter(coach, repo, User(95, 95, "Hal"))
        await plank.say("/workout plank 2x45s")
        assert (await plank.say("12x50")).startswith("Send the time you held it")  # already said so
        assert await plank.stored() == []


@pytest.mark.parametrize("backend", BACKENDS)
async def test_history_shows_holds_and_added_load_as_logged(backend, tmp_path, fixture_engine):
    """Seen in a stranger's run: /history showed a 0:45 plank as "1 reps" and a +10 kg pull-up as "8 × 10 kg"."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        kai = Lifter(coach, repo, User(98, 98, "Kai"))
        await kai.say("/workout plank 1x45s")
        assert (await kai.say("45s")).startswith("✅ Plank set 1: 0:45 hold")
        await kai.say("/workout pull-up 1x8 +10kg")
        assert (await kai.say("8")).startswith("✅ Pull-up set 1: 8 reps +10 kg")
        await kai.say("/history")
        first = await kai.tap("1")
        await kai.say("/history")
        both = first + await kai.tap("2")  # the two workouts (the fake clock gives them one start time)
        assert "pull-up set 1: 8 reps +10 kg" in both and "8 × 10 kg" not in both
        assert "plank set 1: 0:45 hold" in both and "1 reps" not in both
        progress = await kai.say("/progress pull-up")
        assert "8 reps +10 kg" in progress and "+8 × 10 kg" not in progress


@pytest.mark.parametrize("backend", BACKENDS)
async def test_skipping_a_timed_set_lets_the_next_one_start_its_countdown(backend, tmp_path, fixture_engine):
    """Seen in a stranger's run: after ▶️ Start then ⏭ Skip, set 2's ▶️ Start said "already running"."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        lea = Lifter(coach, repo, User(99, 99, "Lea"))
        await lea.say("/workout plank 2x45s")
        await lea.tap("▶️ Start 0:45")
        await lea.tap("⏭ Skip set")
        started = await lea.tap("▶️ Start 0:45")
        assert started.startswith("⏱ <b>Plank</b>, set 2 of 2: 0:45 to go."), started
        timers = await repo.schedule.pending_timers("countdown")
        assert [t.payload["position"] for t in timers] == [1]  # only set 2's countdown is left


@pytest.mark.parametrize("backend", BACKENDS)
async def test_runs_in_miles_are_read_stored_exactly_and_shown_as_typed(backend, tmp_path, fixture_engine):
    """A stranger's walk-through: "/workout running 3mi" got the usage line while "running 5km" started."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        user = User(96, 96, "Jo")
        await save_preferences(repo.users, user, Preferences(unit="lb"))
        jo = Lifter(coach, repo, user)
        assert "furlongs" not in await jo.say("/workout running 3 furlongs") and "Usage: /workout" in jo.text
        assert "A distance goes up to 1000 km." in await jo.say("/workout running 1x700mi")  # 1,126 km
        assert await repo.workouts.active_session(96) is None
        await jo.say("/workout running 3mi")
        assert jo.last[1].text.splitlines()[:2] == [
            "🏋️ <b>Running</b> — set 1 of 1",
            "Target: 3 mi. Log distance and time, e.g. <code>3 mi 27:00</code> or <code>3.1 mi 25:30</code>.",
        ]
        assert (await jo.say("25:00")).startswith("✅ Running set 1: 3 mi in 25:00 (8:20 /mi)")  # the target's 3 mi
        assert await jo.stored() == [("running", "working", 1, None, "lb", 1500.0, 4828.032, None)]
        assert [r.distance_unit for r in await jo.records()] == ["mi"]
        await jo.say("/undo")
        done = await jo.say("3 mi 25:00")
        assert (
            done.startswith("✅ Running set 1: 3 mi in 25:00 (8:20 /mi)") and "• Running: 1 set, 3 mi in 25:00" in done
        )
        assert await jo.stored() == [("running", "working", 1, None, "lb", 1500.0, 4828.032, None)]  # 3 x 1609.344 m
        assert [r.distance_unit for r in await jo.records()] == ["mi"]

        clock.now += timedelta(days=1)
        card = await jo.say("/workout running 2x1.5 miles")
        assert "Target: 1.5 mi." in card and "Last time, set 1: 3 mi in 25:00 (8:20 /mi)" in card
        await jo.say("1.5mi 12:00")
        await jo.tap("Skip rest ⏭")
        summary = await jo.say("2.5 km 12:30")  # typed in km: shown in km; the total in his unit, miles
        assert summary.startswith("✅ Running set 2: 2.5 km in 12:30 (5:00 /km)")
        assert "• Running: 2 sets, about 3.05 mi in 24:30" in summary  # 2414.016 m + 2500 m, converted, and said so
        assert [(r.distance_m, r.distance_unit) for r in await jo.records()] == [
            (4828.032, "mi"),
            (2414.016, "mi"),
            (2500.0, "km"),
        ]
        progress = await jo.say("/progress running")
        assert (
            "• longest distance: 3 mi in 25:00" in progress and "• best pace: 8:00 per mi (1.5 mi in 12:00)" in progress
        )
        await jo.say("/history")
        opened = await jo.tap("1")
        assert "• running set 1: 1.5 mi in 12:00\n• running set 2: 2.5 km in 12:30" in opened


@pytest.mark.parametrize(
    "command, says, not_said",
    [
        ("/workout running 5km", "<code>5 km 25:30</code> for a run or a row, or just the time", "5x100"),
        ("/workout plank 3x45s", "<code>45s</code> or <code>1:30</code> for a hold", "5x100"),
        ("/workout pull-up 3x8", "<code>8 +10</code> (added load in kg) for pull-ups", "5x100"),
        ("/workout squat 3x5 100kg", "<code>5x100</code> or <code>5x100 rpe 8</code> (loads in kg)", "for a hold"),
        # a kg account's routine in pounds: the intro said "loads in kg" beside cards that say lb
        ("/workout bench 3x5 185lb", "(loads in kg, <code>5x100lb</code> in lb as on the cards)", "for a hold"),
    ],
)
async def test_the_intro_explains_typing_only_for_the_kinds_in_the_workout(
    tmp_path, fixture_engine, command, says, not_said
):
    """A stranger's walk-through: a run's intro taught "5x100" typing and nothing about distance and time."""
    async with chat("sqlite", tmp_path, fixture_engine) as (coach, repo, clock):
        kim = Lifter(coach, repo, User(97, 97, "Kim"))
        await kim.say(command)
        intro = kim.last[0].text
        assert says in intro and not_said not in intro, intro


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_loaded_carry_shows_its_weight_everywhere(backend, tmp_path, fixture_engine):
    # A stranger's farmer's carry at 70 lb: stored on every set, but the card, the confirmation and /history
    # showed only "40 m in 0:30" (while the summary's volume said 140 lb).
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        fay = Lifter(coach, repo, User(96, 96, "Fay"))
        await fay.say("/settings unit lb")
        card = await fay.say("/workout farmer carry 2x40m 70lb rest 0")
        assert "Target: 40 m with 70 lb." in card
        await fay.say("40m 30s")
        assert fay.text.startswith("✅ Farmer's carry set 1: 40 m in 0:30 (12:30 /km) with 70 lb")
        await fay.say("40m 32s")
        assert await fay.stored() == [
            ("farmer's carry", "working", 1, 70, "lb", 30, 40, None),
            ("farmer's carry", "working", 1, 70, "lb", 32, 40, None),
        ]
        assert "top 40 m in 0:30 with 70 lb" in await fay.say("/history")
        assert "• farmer's carry set 1: 40 m in 0:30 with 70 lb" in await fay.tap("1")
        clock.now += timedelta(days=2)
        again = await fay.say("/workout farmer carry 2x40m 70lb rest 0")
        assert "Last time, set 1: 40 m in 0:30 (12:30 /km) with 70 lb" in again


@pytest.mark.parametrize("backend", BACKENDS)
async def test_added_weight_on_dips_carries_to_the_next_card_like_a_barbell_load(backend, tmp_path, fixture_engine):
    # A stranger's: "Next time, dip 10 reps: +20 lb", then "/workout dips" and "/add dips 2x10" showed "@ bodyweight"
    # and ✅ stored no load, so the added weight was lost.
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        dan = Lifter(coach, repo, User(97, 97, "Dan"))
        await dan.say("/settings unit lb")
        await dan.say("/workout dips 2x10 rest 0")
        await dan.say("10 +15")
        await dan.say("10 +15")
        assert "➡️ Next time, dip 10 reps: +20 lb (both sets reached 10 at +15 lb → +20 lb)" in dan.text
        clock.now += timedelta(days=2)
        card = await dan.say("/workout dips")
        assert "(As last time: 2 × 10.)" in card and "Target: 10 reps @ bodyweight + 20 lb" in card
        assert "📈 From last time: both sets reached 10 at +15 lb → +20 lb" in card  # added load, marked as such
        assert "✅ Done 10 reps +20 lb" in dan.labels()
        await dan.tap("✅ Done 10 reps +20 lb")
        await dan.say("/finish")
        await dan.tap(next(label for label in dan.labels() if "Finish" in label))
        assert [s[2:5] for s in await dan.stored()] == [(10, 15, "lb"), (10, 15, "lb"), (10, 20, "lb")]
        clock.now += timedelta(days=2)
        await dan.say("/workout squat 1x5 95 rest 0")
        assert "➕ Added <b>dip</b>: 2 sets" in await dan.say("/add dips 2x10")
        card = await dan.say("5")  # the squat; the dips' card comes next
        assert "Target: 10 reps @ bodyweight + 20 lb" in card  # the last session's +20 held (a set short)
        # assisted last time: no added weight to carry
        eve = Lifter(coach, repo, User(98, 98, "Eve"))
        await eve.say("/workout pull-up 1x6 rest 0")
        await eve.say("6 assist 20")
        clock.now += timedelta(days=2)
        assert "Target: 6 reps @ bodyweight" in await eve.say("/workout pull-up")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_correcting_a_weighted_dip_shows_it_as_a_dip(backend, tmp_path, fixture_engine):
    # Seen in our own walk-through: /edit said a +12.5 kg dip "is logged as 10 × 12.5 kg", like a barbell set.
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        dan = Lifter(coach, repo, User(99, 99, "Dan"))
        await dan.say("/workout dips 2x10 rest 0")
        await dan.say("10 +12.5")
        await dan.say("/edit")
        assert "dip set 1: 10 reps +12.5 kg" in dan.labels()
        assert "✏️ Dip set 1 is logged as 10 reps +12.5 kg." in await dan.tap("dip set 1: 10 reps +12.5 kg")
        assert (await dan.say("rpe 9")).startswith("✏️ Dip set 1: 10 reps +12.5 kg @ RPE 9 (was 10 reps +12.5 kg).")
        assert [(r.reps, r.load, r.unit, r.rpe) for r in await dan.records()] == [(10, 12.5, "kg", 9.0)]
