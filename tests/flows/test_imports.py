"""Strong and Hevy imports through the coach into SQLite and PostgreSQL: names mapped to the catalogue,
set types, holds and distances kept, unknown names kept as the user's own exercises, re-imports no-ops,
and /export -> /import giving back the same history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.paths import REPO
from support.storage_backends import repository

from bot.composition import wire_coach
from bot.conversation.model import User
from bot.conversation.preferences import load_preferences
from bot.history.csv_io import export_csv, import_csv
from bot.history.records import SetRecord
from bot.history.setlog import fold
from bot.training import event_payloads
from bot.training.catalogue import ExerciseKind
from bot.training.programs import load_programs

FIXTURES = REPO / "tests" / "fixtures" / "imports"
ANN = User(id=61, chat_id=61, first_name="Ann")
CLOCK = lambda: datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # noqa: E731


@pytest.fixture(params=["sqlite", "postgres"])
async def repo(request, tmp_path):
    async with repository(request.param, tmp_path) as repo:
        yield repo


@pytest.fixture
async def coach(fixture_engine, repo):
    return wire_coach(fixture_engine, repo, load_programs(REPO / "knowledge" / "programs"), CLOCK)


def shape(r):
    return (r.exercise, r.set_type, r.reps, r.load, r.unit, r.duration_s, r.distance_m, r.assistance)


async def logged(repo, user=ANN):
    return [shape(r) for r in fold(await repo.workouts.set_events(user.id))]


STRONG_SETS = [
    ("bench press", "warmup", 10, 40.0, "kg", None, None, None),
    ("bench press", "working", 5, 80.0, "kg", None, None, None),
    ("bench press", "working", 5, 80.0, "kg", None, None, None),
    ("bench press", "drop", 8, 60.0, "kg", None, None, None),
    ("bench press", "failure", 4, 60.0, "kg", None, None, None),
    ("pull-up", "working", 8, None, "kg", None, None, None),  # Strong's weight 0: bodyweight, no added load
    ("pull-up", "working", 6, 10.0, "kg", None, None, None),  # added load
    ("assisted pull-up", "working", 8, None, "kg", None, None, 20.0),  # the weight is the assistance
    ("plank", "working", 0, None, "kg", 60.0, None, None),  # a 60 s hold, not "0 reps x 0 kg"
    ("running", "working", 0, None, "kg", 1080.0, 3200.0, None),  # 3.2 km in 18:00
    ("zercher squat", "working", 8, 60.0, "kg", None, None, None),  # not in the catalogue: Ann's own now
    ("bench press", "working", 5, 82.5, "kg", None, None, None),  # second session, 12-hour date
    ("plank", "working", 0, None, "kg", 75.0, None, None),
]


async def test_strong_export_maps_every_row_shape_and_reimport_changes_nothing(coach, repo):
    data = (FIXTURES / "strong.csv").read_bytes()
    reply = (await coach.document(ANN, "strong.csv", data))[0]
    assert "Read 13 sets (Strong format): 1 warm-up, 2 timed, 1 with distance." in reply.text
    # Strong's current export has no unit column: the report says how the weights were read
    assert "Weights were read as kg (your unit): this Strong file doesn't say which unit the app used." in reply.text
    assert "“Bench Press (Barbell)” → bench press" in reply.text
    assert "zercher squat (weight × reps) — closest I know: bodyweight squat" in reply.text
    assert "Skipped 1 rest-timer row" in reply.text and "Added 13 new sets" in reply.text
    assert await logged(repo) == STRONG_SETS
    own = await repo.exercises.own_exercises(ANN.id)
    assert [(e.name, e.kind) for e in own] == [("zercher squat", ExerciseKind.WEIGHT_REPS)]

    again = (await coach.document(ANN, "strong.csv", data))[0]
    assert "Added 0 new sets" in again.text and "13 were already there and were skipped" in again.text
    assert await logged(repo) == STRONG_SETS
    assert len(await repo.exercises.own_exercises(ANN.id)) == 1


async def test_an_imported_workout_deleted_from_history_comes_back_with_the_next_import(coach, repo):
    # A stranger deleted an import read in the wrong unit; importing the file again said "0 new sets, 11 were
    # already there", while /history had none of them: deleted imports counted as there for good.
    from bot.conversation.callbacks import HistoryButton

    data = (FIXTURES / "strong.csv").read_bytes()
    await coach.document(ANN, "strong.csv", data)
    sessions = await repo.workouts.recent_sessions(ANN.id, 10)
    assert len(sessions) == 2
    first = min(sessions, key=lambda s: s.started_at)
    deleted = (await coach.callback(ANN, HistoryButton("delok", first.id).pack())).replies[0]
    assert deleted.text.startswith("🗑 Deleted")
    assert await logged(repo) == STRONG_SETS[-2:]  # the second session's bench and plank are left

    again = (await coach.document(ANN, "strong.csv", data))[0]
    assert "Added 11 new sets" in again.text and "2 were already there and were skipped" in again.text
    assert sorted(await logged(repo), key=repr) == sorted(STRONG_SETS, key=repr)
    assert len(await repo.workouts.recent_sessions(ANN.id, 10)) == 2
    third = (await coach.document(ANN, "strong.csv", data))[0]
    assert "Added 0 new sets" in third.text and "13 were already there" in third.text


async def test_app_qualifiers_on_names_map_or_drop_so_progress_finds_the_sets(coach, repo):
    # A stranger's Strong file: "Running (Treadmill)" stayed an own exercise "running (treadmill)" and "Zercher
    # Squat (Barbell)" became "zercher squat (barbell)": /progress running and /progress zercher squat found nothing.
    head = '"Date","Workout Name","Duration","Exercise Name","Set Order","Weight","Reps","Distance","Seconds","Notes",'
    head += '"Workout Notes","RPE"\n'
    rows = [
        '"2026-09-05 18:00:00","Legs","40m","Zercher Squat (Barbell)","1","60","8","0","0","","",""',
        '"2026-09-05 18:00:00","Legs","40m","Running (Treadmill)","1","0","0","2","720","","",""',
    ]
    reply = (await coach.document(ANN, "strong.csv", (head + "\n".join(rows) + "\n").encode()))[0]
    assert "Added 2 new sets" in reply.text and "“Running (Treadmill)” → running" in reply.text
    assert await logged(repo) == [
        ("zercher squat", "working", 8, 60.0, "kg", None, None, None),
        ("running", "working", 0, None, "kg", 720.0, 2000.0, None),
    ]
    assert [e.name for e in await repo.exercises.own_exercises(ANN.id)] == ["zercher squat"]
    chart = await coach.command(ANN, "progress", "zercher squat")
    assert "no logged sets" not in " ".join(r.text for r in chart)


async def test_imported_history_drives_progress_records_and_suggestions(coach, repo):
    await coach.document(ANN, "strong.csv", (FIXTURES / "strong.csv").read_bytes())
    bench = (await coach.command(ANN, "progress", "bench press"))[0]
    # the warm-up (40 kg x 10, e1RM 53.3) never counts; the best is 82.5 x 5 (e1RM 96.25, shown 96.2)
    assert bench.photo.startswith(b"\x89PNG") and "Bench press: 2 sessions" in bench.text
    assert "best e1RM: 96.2 kg (5 × 82.5 kg)" in bench.text and "heaviest set: 5 × 82.5 kg" in bench.text
    plank = (await coach.command(ANN, "progress", "plank"))[0]
    assert "longest hold: 1:15" in plank.text and plank.photo.startswith(b"\x89PNG")
    run = (await coach.command(ANN, "progress", "running"))[0]
    assert "best pace: 5:38 per km (3.2 km in 18:00)" in run.text and "longest distance: 3.2 km" in run.text
    pullup = (await coach.command(ANN, "progress", "pull ups"))[0]
    assert "most reps: 8 reps" in pullup.text and "heaviest added load: 6 reps +10 kg" in pullup.text
    own = (await coach.command(ANN, "progress", "zercher squat"))[0]
    assert "best e1RM: 76 kg (8 × 60 kg)" in own.text
    # the next quick workout starts from the imported history, keyed on the canonical name
    replies = await coach.command(ANN, "workout", "bench press 3x5")
    assert any("82.5" in r.text for r in replies)


HEVY_SETS = [
    ("lat pulldown", "warmup", 12, 30.0, "kg", None, None, None),
    ("lat pulldown", "working", 10, 60.0, "kg", None, None, None),
    ("biceps curl", "drop", 12, 10.0, "kg", None, None, None),
    ("biceps curl", "failure", 9, 8.0, "kg", None, None, None),
    ("pull-up", "working", 8, None, "kg", None, None, None),
    ("pull-up", "working", 5, 15.0, "kg", None, None, None),
    ("dead hang", "working", 0, None, "kg", 45.0, None, None),
    ("running", "working", 0, None, "kg", 1500.0, 5000.0, None),
    ("landmine meadows row", "working", 10, 25.0, "kg", None, None, None),
]


async def test_hevy_export_maps_every_row_shape_and_reimport_changes_nothing(coach, repo):
    data = (FIXTURES / "hevy.csv").read_bytes()
    reply = (await coach.document(ANN, "hevy.csv", data))[0]
    assert "Read 9 sets (Hevy format): 1 warm-up, 1 timed, 1 with distance." in reply.text
    assert "landmine meadows row (weight × reps) — closest I know: t-bar row" in reply.text
    [matched] = [line for line in reply.text.splitlines() if line.startswith("Matched ")]
    count = int(matched.split()[1])
    assert matched.count("→") == min(count, 3)  # the count and the examples agree (it said 4 and listed 3)
    assert matched.endswith(f" and {count - 3} more") if count > 3 else "more" not in matched
    assert await logged(repo) == HEVY_SETS
    assert [e.name for e in await repo.exercises.own_exercises(ANN.id)] == ["landmine meadows row"]
    again = (await coach.document(ANN, "hevy.csv", data))[0]
    assert "9 were already there" in again.text and await logged(repo) == HEVY_SETS


def test_hevy_in_pounds_and_miles_keeps_its_units():
    data = (
        b'"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
        b'"set_index","set_type","weight_lbs","reps","distance_miles","duration_seconds","rpe"\n'
        b'"Legs","26 Jul 2026, 07:06","26 Jul 2026, 08:11","","Squat (Barbell)",,"",0,"normal",225,5,,,8.5\n'
        b'"Legs","26 Jul 2026, 07:06","26 Jul 2026, 08:11","","Treadmill",,"",0,"normal",,,2,1200,\n'
        b'"Legs","26 Jul 2026, 07:06","26 Jul 2026, 08:11","","Squat (Barbell)",,"",1,"superset?",225,5,,,\n'
    )
    report = import_csv(data)
    assert [shape(r) for r in report.records] == [
        ("back squat", "working", 5, 225.0, "lb", None, None, None),
        ("running", "working", 0, None, "lb", 1200.0, 2 * 1609.344, None),
    ]
    assert report.records[0].rpe == 8.5 and report.records[0].performed_at == datetime(2026, 7, 26, 7, 6, tzinfo=UTC)
    assert report.rejected == [(4, "set type “superset?” is not one of normal, warmup, dropset, failure")]


async def test_an_lb_file_on_a_kg_account_offers_to_switch_units(coach, repo):
    """A Hevy file in lb on a kg account: its sets stay in lb, but what the lifter types next would be kg,
    so the reply says so and offers the switch (nothing changes until it is tapped)."""
    data = (
        b'"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
        b'"set_index","set_type","weight_lbs","reps","distance_miles","duration_seconds","rpe"\n'
        b'"Legs","26 Jul 2026, 07:06","26 Jul 2026, 08:11","","Squat (Barbell)",,"",0,"normal",225,5,,,\n'
    )
    reply = (await coach.document(ANN, "hevy.csv", data))[0]
    assert "Added 1 new set to your log." in reply.text
    assert "Your file's weights are in lb, and your settings in kg: a bare number you type is kg." in reply.text
    [[switch]] = reply.buttons
    assert switch.label == "⚖️ Switch to lb" and (await load_preferences(repo.users, ANN.id)).unit == "kg"
    await coach.callback(ANN, switch.data)
    assert (await load_preferences(repo.users, ANN.id)).unit == "lb"
    assert await logged(repo) == [("back squat", "working", 5, 225.0, "lb", None, None, None)]
    kg = (await coach.document(ANN, "strong.csv", (FIXTURES / "strong.csv").read_bytes()))[0]
    # Strong's file says no unit: read in the user's unit (lb now), so there is nothing to offer
    assert "read as lb (your unit)" in kg.text and "Your file's weights" not in kg.text and not kg.buttons


def test_older_strong_files_with_unit_columns_and_semicolons():
    data = (
        b"Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes\n"
        b"2019-01-11 12:31:54;Leg;Deadlift (Barbell);1;225;lbs;5;;;;0;\n"
        b"2019-01-11 12:31:54;Leg;Rowing (Machine);1;0;lbs;0;;2000;m;480;\n"
        b"2019-01-11 12:31:54;Leg;Wall Sit;1;0;lbs;0;;;;90;\n"
        b"2019-01-11 12:31:54;Leg;Rowing (Machine);2;0;lbs;0;;2;furlongs;480;\n"
    )
    report = import_csv(data)
    assert [shape(r) for r in report.records] == [
        ("deadlift", "working", 5, 225.0, "lb", None, None, None),
        ("rowing machine", "working", 0, None, "lb", 480.0, 2000.0, None),
        ("wall sit", "working", 0, None, "lb", 90.0, None, None),
    ]
    assert report.rejected == [(5, "unknown distance unit “furlongs”")]
    assert report.assumed_unit is None and "Weights were read as" not in report.summary()  # the file says lbs


async def test_export_then_import_round_trips_kinds_set_types_holds_and_distances(coach, repo, fixture_engine):
    await coach.document(ANN, "strong.csv", (FIXTURES / "strong.csv").read_bytes())
    name, data = (await coach.command(ANN, "export", ""))[0].document
    header, first = data.decode().splitlines()[:2]
    assert header.endswith(",kind,set_type,duration_s,distance_m,distance_unit,assistance,entered_load,entered_unit")
    assert first.split(",", 1)[1].startswith("Push A,bench press,1,10,40,kg,,") and first.endswith(
        ",weight_reps,warmup,,,,,40.0,kg"
    )
    text = data.decode()
    assert (
        ",plank," in text
        and ",duration,working,60.0,,,,,kg" in text
        and ",distance_duration,working,1080.0,3200.0,km,,,kg" in text  # the file's km, kept
    )
    assert ",bodyweight_reps,working,,,,20.0,,kg" in text and ",zercher squat," in text

    # Bea imports Ann's file: the same sets, and Ann's own exercise becomes Bea's with its kind.
    bea = User(id=62, chat_id=62, first_name="Bea")
    reply = (await coach.document(bea, name, data))[0]
    assert "Read 13 sets (LiftCoach format)" in reply.text and "Added 13 new sets" in reply.text
    assert await logged(repo, bea) == STRONG_SETS
    assert [(e.name, e.kind) for e in await repo.exercises.own_exercises(bea.id)] == [
        ("zercher squat", ExerciseKind.WEIGHT_REPS)
    ]
    # and Ann re-importing her own export adds nothing
    assert "13 were already there" in (await coach.document(ANN, name, data))[0].text
    assert await logged(repo) == STRONG_SETS


async def test_own_exercise_made_by_command_takes_imported_sets_of_its_kind(coach, repo):
    made = (await coach.command(ANN, "exercise", "new Sled Push distance"))[0]
    assert "Added <b>sled push</b> (distance and time)" in made.text
    data = (
        b'"Date","Workout Name","Duration","Exercise Name","Set Order","Weight","Reps","Distance","Seconds",'
        b'"Notes","Workout Notes","RPE"\n'
        b'"2026-09-01 18:00:00","Conditioning","30m","Sled Push","1","40","0","0.05","35","","",""\n'
    )
    reply = (await coach.document(ANN, "strong.csv", data))[0]
    assert "Not in my catalogue" not in reply.text
    assert await logged(repo) == [("sled push", "working", 0, 40.0, "kg", 35.0, 50.0, None)]
    assert "best pace: 11:40 per km" in (await coach.command(ANN, "progress", "sled push"))[0].text


@pytest.mark.parametrize(
    "args",
    [
        "new",
        "new bench press weight",
        "new x" + "y" * 80 + " weight",
        "new rope climb sideways",
        "new 9lives weight",
        "rename",
    ],
)
async def test_bad_exercise_commands_get_a_clear_reply_and_change_nothing(coach, repo, args):
    reply = (await coach.command(ANN, "exercise", args))[0]
    assert "Usage" in reply.text or "already in my catalogue: <b>bench press</b>" in reply.text
    assert await repo.exercises.own_exercises(ANN.id) == []


async def test_exercise_list_and_delete(coach, repo):
    assert "no exercises of your own" in (await coach.command(ANN, "exercise", ""))[0].text
    await coach.command(ANN, "exercise", "new wall ball time")
    listed = (await coach.command(ANN, "exercise", ""))[0].text
    assert "• wall ball — timed hold" in listed
    assert "already one of yours" in (await coach.command(ANN, "exercise", "new Wall Balls weight"))[0].text
    assert "Deleted wall ball" in (await coach.command(ANN, "exercise", "delete wall ball"))[0].text
    assert await repo.exercises.own_exercises(ANN.id) == []


async def test_history_shows_imported_holds_runs_warmups_and_assistance_as_such(coach):
    await coach.document(ANN, "strong.csv", (FIXTURES / "strong.csv").read_bytes())
    page = (await coach.command(ANN, "history", ""))[0]
    assert "Push A: 10 sets + 1 warm-up, top 5 × 80 kg" in page.text  # the 40 kg warm-up is never the top set
    opened = (await coach.callback(ANN, page.buttons[0][1].data)).replies[0].text
    assert "bench press warm-up 1: 10 × 40 kg\n" in opened and "bench press set 4: 4 × 60 kg (to failure)" in opened
    assert "bench press set 3: 8 × 60 kg (drop set)" in opened  # Strong's D and F rows go on from sets 1 and 2
    assert "assisted pull-up set 1: 8 reps (20 kg assistance)" in opened and "pull-up set 2: 6 reps +10 kg" in opened
    assert "plank set 1: 1:00 hold" in opened and "running set 1: 3.2 km in 18:00" in opened
    assert "Volume: 2060 kg" in opened  # working, drop, failure and added-load sets, no warm-up: 800+480+240+60+480


async def test_progress_counts_sets_imported_before_names_were_mapped(coach, repo):
    """Earlier versions stored Strong's names as written: those sets still count under the catalogue name."""
    from bot.storage.repository import StoredSession

    at = datetime(2026, 8, 1, 18, 0, tzinfo=UTC)
    old = SetRecord(at, "old", "Legs", "squat (barbell)", 1, 5, 120.0, "kg")
    session = StoredSession("old-import", ANN.id, ANN.chat_id, "import", "Legs", [], {}, "finished", at, at, at)
    await repo.workouts.import_sessions(
        ANN.id, [(session, [("import:0", "set_logged", event_payloads.imported(0, old), at)])], 10
    )
    reply = (await coach.command(ANN, "progress", "back squat"))[0]
    assert "Back squat: 1 session" in reply.text and "heaviest set: 5 × 120 kg" in reply.text


kinded_records = st.builds(
    lambda minute, exercise, set_type, reps, load, unit, duration, distance, assistance, session: SetRecord(
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minute),
        f"s{session}",
        "Day",
        exercise,
        1,
        reps,
        load,
        unit,
        set_type=set_type,
        duration_s=duration,
        distance_m=distance,
        assistance=assistance,
    ),
    st.integers(0, 400_000),
    st.sampled_from(["bench press", "plank", "running", "assisted pull-up", "zercher squat", "@odd (one)"]),
    st.sampled_from(["warmup", "working", "drop", "failure"]),
    st.integers(0, 100),
    st.one_of(st.none(), st.integers(0, 40_000).map(lambda q: q / 40)),
    st.sampled_from(["kg", "lb"]),
    st.one_of(st.none(), st.floats(0, 86_400, allow_nan=False)),
    st.one_of(st.none(), st.floats(0, 100_000, allow_nan=False)),
    st.one_of(st.none(), st.integers(0, 400).map(lambda q: q / 4)),
    st.integers(0, 5),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(kinded_records, max_size=25), st.sampled_from(["kg", "lb"]))
def test_export_then_import_gives_back_every_set_kind_exactly(records, reader_unit):
    report = import_csv(export_csv(records, reader_unit))
    assert report.rejected == [] and report.records == records


async def test_own_exercises_behave_like_built_in_ones_in_a_workout(coach, repo):
    """/exercise new gives a kind; /workout then runs it in that kind and never 'corrects' its name."""
    reply = (await coach.command(ANN, "exercise", "new copenhagen hold time"))[0]
    assert "copenhagen hold" in reply.text
    intro, card = await coach.command(ANN, "workout", "copenhagen hold 2x30s")
    assert "I read" not in intro.text  # an own name is not taken for a typo of a catalogue one
    assert "Target: 0:30 hold." in card.text and any("▶️ Start" in b.label for row in card.buttons for b in row)
    [logged] = await coach.text(ANN, "35s", message_id=7001)
    assert logged.text.startswith("✅ Copenhagen hold set 1: 0:35 hold")
    [record] = fold(await repo.workouts.set_events(ANN.id))
    assert (record.exercise, record.duration_s, record.load) == ("copenhagen hold", 35.0, None)
    # a bodyweight exercise of one's own is done for reps, not asked for a weight as an unknown name is
    bob = User(id=62, chat_id=62, first_name="Bob")
    cards = await coach.command(bob, "workout", "dragon flag 3x8")
    assert "weight" in cards[-1].text.lower()  # before: an unknown name asks for a starting weight
    await coach.command(bob, "workout", "")  # (the quick workout is open; a second user starts clean below)
    cy = User(id=63, chat_id=63, first_name="Cy")
    await coach.command(cy, "exercise", "new dragon flag bodyweight")
    _, card2 = await coach.command(cy, "workout", "dragon flag 3x8")
    assert "Target: 8 reps" in card2.text and "working weight" not in card2.text.lower()
    [done] = await coach.text(cy, "8", message_id=7002)
    assert done.text.startswith("✅ Dragon flag set 1: 8 reps")
    [record] = fold(await repo.workouts.set_events(cy.id))
    assert (record.exercise, record.reps, record.load) == ("dragon flag", 8, None)


async def test_app_export_times_are_the_users_local_times(coach, repo):
    """Strong writes times without a zone: a Tokyo lifter's 23:30 workout on 20 Nov was stored as 23:30 UTC and shown
    as Sat 21 Nov. It is 14:30 UTC, shown on the 20th; a re-import still adds nothing."""
    await coach.command(ANN, "timezone", "Asia/Tokyo")
    head = '"Date","Workout Name","Duration","Exercise Name","Set Order","Weight","Reps","Distance","Seconds","Notes",'
    head += '"Workout Notes","RPE"\n'
    data = (
        head + '"2026-11-20 23:30:00","Evening Push","40m","Bench Press (Barbell)","1","60","8","0","0","","",""\n'
    ).encode()
    assert "Added 1 new set" in (await coach.document(ANN, "strong.csv", data))[0].text
    (record,) = fold(await repo.workouts.set_events(ANN.id))
    assert record.performed_at == datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
    assert "Fri 20 Nov — Evening Push" in (await coach.command(ANN, "history", ""))[0].text
    assert "Added 0 new sets" in (await coach.document(ANN, "strong.csv", data))[0].text
