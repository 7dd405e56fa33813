"""Typed sets of every kind: round trips of what the cards and summaries print, fixed examples of each
shape, and hostile Telegram-sized input answered plainly in linear time."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.adversarial_inputs import INPUTS

from bot.conversation.workout_cards import fmt_distance, fmt_time
from bot.training.parsing import SetInputError, parse_quick_workout
from bot.training.set_input import Entry, looks_like_entry, read_entry

KINDS = ("weight_reps", "bodyweight_reps", "duration", "distance_duration")


@given(st.integers(1, 6 * 3600))
def test_every_time_the_bot_prints_reads_back(seconds):
    printed = fmt_time(seconds)
    assert read_entry(printed, unit="kg", kind="duration") == Entry(unit="kg", duration_s=seconds)
    assert read_entry(f"{seconds}s", unit="kg", kind="duration").duration_s == seconds
    assert read_entry(f"{seconds} sec", unit="lb", kind="duration").duration_s == seconds


@given(st.integers(1, 999_999), st.integers(1, 6 * 3600))
def test_every_distance_and_time_the_bot_prints_reads_back(metres, seconds):
    text = f"{fmt_distance(metres)} {fmt_time(seconds)}"
    entry = read_entry(text, unit="kg", kind="distance_duration")
    assert entry is not None and entry.duration_s == seconds and entry.distance_m == pytest.approx(metres, abs=0.05)
    swapped = read_entry(f"{fmt_time(seconds)} {fmt_distance(metres)}", unit="kg", kind="distance_duration")
    assert swapped == entry  # time first reads the same


@given(st.decimals(min_value="0.01", max_value="600", places=2), st.sampled_from(["mi", "km", "m"]))
def test_a_distance_in_any_unit_is_shown_as_typed_and_reads_back_the_same(value, unit):
    entry = read_entry(f"{value} {unit} 30:00", unit="lb", kind="distance_duration")
    assert entry is not None and entry.distance_unit == unit
    assert fmt_distance(entry.distance_m, unit) == f"{float(value):g} {unit}"  # "3 mi", never "4.83 km"
    again = read_entry(f"{fmt_distance(entry.distance_m, unit)} 30:00", unit="lb", kind="distance_duration")
    assert again == entry


@given(
    st.integers(1, 100),
    st.decimals(min_value="0.5", max_value="200", places=1),
    st.sampled_from(["kg", "lb"]),
    st.sampled_from(["+", "-", " assist "]),
)
def test_bodyweight_added_load_and_assistance_read_back(reps, load, unit, sign):
    entry = read_entry(f"{reps} {sign.strip()}{load}{unit}", unit="kg", kind="bodyweight_reps")
    assert entry is not None and entry.reps == reps and entry.unit == unit
    if sign == "+":
        assert (entry.load, entry.assistance) == (float(load), None)
    else:
        assert (entry.load, entry.assistance) == (None, float(load))


@given(st.integers(1, 100), st.integers(1, 500), st.sampled_from(["drop {}", "{} failure", "{} to failure", "{}"]))
def test_set_types_around_any_set(reps, load, shape):
    entry = read_entry(shape.format(f"{reps}x{load}"), unit="kg", kind="weight_reps")
    expected = "drop" if "drop" in shape else "failure" if "failure" in shape else "working"
    assert entry == Entry(reps, float(load), "kg", None, expected)


@pytest.mark.parametrize(
    "text,kind,expected",
    [
        ("45s", "duration", Entry(duration_s=45)),
        ("1:30", "duration", Entry(duration_s=90)),
        ("90 sec", "duration", Entry(duration_s=90)),
        ("1 min 30 s", "duration", Entry(duration_s=90)),
        ("1:02:00", "duration", Entry(duration_s=3720)),
        ("3.2 km 18:00", "distance_duration", Entry(duration_s=1080, distance_m=3200, distance_unit="km")),
        ("5k 25:30", "distance_duration", Entry(duration_s=1530, distance_m=5000, distance_unit="km")),
        ("2000m 7:45", "distance_duration", Entry(duration_s=465, distance_m=2000, distance_unit="m")),
        # miles exactly (the international mile is 1609.344 m), never rounded to 4828.0 m
        ("3 mi 27:00", "distance_duration", Entry(duration_s=1620, distance_m=4828.032, distance_unit="mi")),
        ("3mi 27:00", "distance_duration", Entry(duration_s=1620, distance_m=4828.032, distance_unit="mi")),
        ("26.2 miles 4:05:00", "distance_duration", Entry(duration_s=14700, distance_m=42164.8128, distance_unit="mi")),
        ("1 mile 7:30", "distance_duration", Entry(duration_s=450, distance_m=1609.344, distance_unit="mi")),
        ("400m", "distance_duration", Entry(distance_m=400, distance_unit="m")),
        ("8", "bodyweight_reps", Entry(8)),
        ("8 +10kg", "bodyweight_reps", Entry(8, 10)),
        ("8 -20kg", "bodyweight_reps", Entry(8, assistance=20)),
        ("8 assist 20", "bodyweight_reps", Entry(8, assistance=20)),
        ("12x10", "bodyweight_reps", Entry(12, 10)),
        ("drop 8x60", "weight_reps", Entry(8, 60, set_type="drop")),
        ("8x60 failure", "weight_reps", Entry(8, 60, set_type="failure")),
        # not sets at all: questions go to the coach
        ("how long should i plank?", "duration", None),
        ("5k is a long run?", "distance_duration", None),
        ("8 sets or 10?", "bodyweight_reps", None),
        ("dropping weight?", "weight_reps", None),
    ],
)
def test_each_shape(text, kind, expected):
    assert read_entry(text, unit="kg", kind=kind) == expected


@pytest.mark.parametrize(
    "text,kind,hint",
    [
        ("1:75", "duration", "m:ss"),
        ("0s", "duration", "1 second to 6 hours"),
        ("7 hours", "duration", "1 second to 6 hours"),
        ("18:00", "distance_duration", "distance and your time"),
        ("5k 1:99", "distance_duration", "m:ss"),
        ("2000 km 10:00", "distance_duration", "up to 1000 km"),
        ("8 +", "bodyweight_reps", "added load or assistance"),
        ("8 assist x", "bodyweight_reps", "added load or assistance"),
        ("0 +10kg", "bodyweight_reps", "1 to 100"),
        ("8 +5000kg", "bodyweight_reps", "impossible"),
        ("drop 0x60", "weight_reps", "0 reps"),
    ],
)
def test_bad_input_gets_a_usage_line(text, kind, hint):
    with pytest.raises(SetInputError, match=hint):
        read_entry(text, unit="kg", kind=kind)
    assert looks_like_entry(text)  # the workout flow answers it instead of the question engine


@pytest.mark.parametrize(
    "text,fields",
    [
        ("plank 3x45s", (3, 1, 1, None, 45, None, None)),
        ("plank 3x2min", (3, 1, 1, None, 120, None, None)),
        ("plank 3x45", (3, 1, 1, None, 45, None, None)),  # a hold's bare number is seconds, not reps
        ("wall sit 2x120", (2, 1, 1, None, 120, None, None)),
        ("run 1x5km", (1, 1, 1, None, None, 5000, None)),
        ("rowing machine 4x500m", (4, 1, 1, None, None, 500, None)),
        ("pull-up 3x8 +10kg", (3, 8, 8, 10, None, None, None)),
        ("pull-up 3x6-8 -20kg", (3, 6, 8, None, None, None, 20)),
        ("dips 3x8 assist 15lb", (3, 8, 8, None, None, None, 15)),
    ],
)
def test_quick_workouts_of_every_kind(text, fields):
    q = parse_quick_workout(text, unit="kg")
    assert (q.sets, q.reps_min, q.reps_max, q.load, q.duration_s, q.distance_m, q.assistance) == fields


@pytest.mark.parametrize("text", ["squat 3x5 -100kg", "plank 3x0s", "run 1x0km", "squat 3x5 +"])
def test_bad_quick_workouts_get_the_usage(text):
    with pytest.raises(SetInputError, match="/workout"):
        parse_quick_workout(text, unit="kg")


@settings(max_examples=300)
@given(st.text(alphabet="0123456789 .,:+-xkmsecinlbgaudtfropr@", max_size=120))
def test_any_short_text_is_a_set_none_or_a_usage_line(text):
    for kind in KINDS:
        try:
            entry = read_entry(text, unit="kg", kind=kind)
        except SetInputError as exc:
            assert str(exc)
        else:
            assert entry is None or isinstance(entry, Entry)


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_telegram_sized_hostile_input_is_answered_in_linear_time(name):
    text = INPUTS[name]
    start = time.perf_counter()
    for kind in KINDS:
        try:
            read_entry(text, unit="kg", kind=kind)
            read_entry(text[:80], unit="kg", kind=kind)  # the longest a set can be, parsed in full
        except SetInputError:
            pass
    looks_like_entry(text)
    try:
        parse_quick_workout("plank " + text, unit="kg")
    except SetInputError:
        pass
    assert time.perf_counter() - start < 0.05


def test_a_quick_time_or_distance_with_no_set_count_is_one_set():
    # One rule for /workout, /add and quick lists ("/add running 3mi" was refused).
    from bot.training.parsing import parse_quick_workout

    run = parse_quick_workout("running 3mi", unit="kg")
    assert (run.sets, run.distance_m, run.distance_unit, run.duration_s) == (1, 4828.032, "mi", None)
    hold = parse_quick_workout("plank 45s rest 60", unit="kg")
    assert (hold.sets, hold.duration_s, hold.rest_seconds) == (1, 45, 60)
    assert parse_quick_workout("plank 3x45s", unit="kg").sets == 3


def test_read_duration_and_typed_set_type():
    from bot.training.set_input import read_duration, typed_set_type

    assert [read_duration(t) for t in ("90", "2 min", "1:30", "1 min 30 s", "day tips")] == [90, 120, 90, 90, None]
    assert [typed_set_type(t) for t in ("drop 6x95", "6x95 to failure", "6x95", "dropset 8")] == [
        "drop",
        "failure",
        "working",
        "drop",
    ]


@pytest.mark.parametrize(
    ("text", "load", "assistance", "rpe"),
    [
        ("8 +12.5kg rpe 9", 12.5, None, 9.0),  # a stranger's weighted dip was refused with the usage
        ("8 +12.5 @ 9", 12.5, None, 9.0),
        ("8 +12.5kg @ rpe 8.5", 12.5, None, 8.5),
        ("8 assist 20 rpe 7", None, 20.0, 7.0),
        ("8 -20kg @ 9", None, 20.0, 9.0),
    ],
)
def test_a_bodyweight_set_takes_an_rpe_after_its_added_load_or_assistance(text, load, assistance, rpe):
    entry = read_entry(text, unit="kg", kind="bodyweight_reps")
    assert entry is not None and (entry.reps, entry.load, entry.assistance, entry.rpe) == (8, load, assistance, rpe)


@pytest.mark.parametrize("text", ["8 +10 rpe 11", "8 +10 rpe 8.3", "8 +10 @ 0"])
def test_a_bodyweight_set_with_an_impossible_rpe_is_refused(text):
    with pytest.raises(SetInputError, match="RPE goes from 1 to 10"):
        read_entry(text, unit="kg", kind="bodyweight_reps")
