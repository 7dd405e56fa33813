"""Records that make sense per kind of exercise, warm-ups never counting; and the per-kind chart lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.history.charts import metric_line, progress_png, series
from bot.history.records import SetRecord, bests

T0 = datetime(2026, 10, 1, 18, 0, tzinfo=UTC)


def s(day, exercise, reps, load=None, *, set_type="working", duration=None, distance=None, unit="kg"):
    return SetRecord(
        T0 + timedelta(days=day),
        f"s{day}",
        "w",
        exercise,
        1,
        reps,
        load,
        unit,
        set_type=set_type,
        duration_s=duration,
        distance_m=distance,
    )


def test_weight_reps_best_e1rm_and_heaviest_ignore_a_heavier_warmup():
    records = [s(0, "bench press", 5, 80), s(1, "bench press", 1, 100, set_type="warmup"), s(2, "bench press", 3, 85)]
    got = {b.metric: (round(b.value, 2), b.record.load) for b in bests(records, "bench press", "weight_reps")}
    assert got == {"e1rm": (93.5, 85), "heaviest": (85.0, 85)}


def test_the_heaviest_set_is_the_one_with_more_reps_at_that_load():
    # A stranger: /progress said "heaviest set: 5 × 100 kg" when a 6 × 100 kg set existed.
    records = [s(0, "back squat", 5, 100), s(1, "back squat", 6, 100), s(2, "back squat", 3, 100)]
    [_, heaviest] = bests(records, "back squat", "weight_reps")
    assert (heaviest.metric, heaviest.record.reps, heaviest.record.load) == ("heaviest", 6, 100)


def test_bodyweight_most_reps_and_heaviest_added_load_in_kg():
    records = [
        s(0, "pull-up", 12),
        s(1, "pull-up", 5, 20, unit="lb"),
        s(2, "pull-up", 6, 10),
        s(3, "pull-up", 20, set_type="warmup"),
    ]
    got = {b.metric: b for b in bests(records, "pull-up", "bodyweight_reps")}
    assert got["most_reps"].value == 12 and got["added_load"].record.load == 10  # 10 kg beats 20 lb (9.07 kg)


def test_duration_longest_hold_and_distance_best_pace_and_longest():
    holds = [
        s(0, "plank", 0, duration=60),
        s(1, "plank", 0, duration=95),
        s(2, "plank", 0, duration=120, set_type="warmup"),
    ]
    assert [(b.metric, b.value) for b in bests(holds, "plank", "duration")] == [("longest_hold", 95)]
    runs = [s(0, "running", 0, duration=1800, distance=5000), s(3, "running", 0, duration=1500, distance=4000)]
    got = {b.metric: b.value for b in bests(runs, "running", "distance_duration")}
    assert got == {"longest_distance": 5000, "best_pace": 360}  # 6:00/km beats 6:15/km


def test_no_counting_sets_no_records():
    assert bests([s(0, "plank", 0, duration=60, set_type="warmup")], "plank", "duration") == []
    assert bests([s(0, "plank", 0)], "plank", "duration") == []  # a hold with no time measures nothing


def test_chart_lines_per_kind_take_each_days_best_in_the_axis_units():
    runs = [
        s(0, "running", 0, duration=1800, distance=5000),
        s(0, "running", 0, duration=600, distance=2000),
        s(2, "running", 0, duration=1500, distance=4000),
    ]
    line = metric_line(runs, "running", "best_pace")
    assert [d.day for d in line.days] == [1, 3] and line.values == [5.0, 6.25]  # minutes per km, lowest per day
    holds = metric_line(
        [s(0, "plank", 0, duration=60), s(0, "plank", 0, duration=90, set_type="warmup")], "plank", "longest_hold"
    )
    assert line.days and holds.values == [60]


def test_weight_chart_leaves_warmups_out_of_e1rm_and_volume():
    records = [s(0, "squat", 5, 100), s(0, "squat", 10, 60, set_type="warmup")]
    drawn = series(records, "squat")
    assert drawn.top == [100] and drawn.volume == [500]
    assert progress_png(records, "squat").startswith(b"\x89PNG")


def test_the_heaviest_set_ties_within_the_same_weight_in_the_other_unit():
    # A review: 5 x 220.5 lb (17 g over 100 kg) beat 6 x 100 kg as "heaviest set".
    records = [s(0, "back squat", 6, 100), s(1, "back squat", 5, 220.5, unit="lb")]
    [_, heaviest] = bests(records, "back squat", "weight_reps")
    assert (heaviest.record.reps, heaviest.record.load, heaviest.record.unit) == (6, 100, "kg")
