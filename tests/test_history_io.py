"""CSV export/import (ours and Strong's) and progress charts."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.history.charts import progress_png
from bot.history.csv_io import ImportError_, export_csv, import_csv
from bot.history.records import SetRecord

T0 = datetime(2026, 10, 1, 18, 0, tzinfo=timezone.utc)


def sample(n: int = 6) -> list[SetRecord]:
    return [
        SetRecord(T0 + timedelta(days=3 * i), f"s{i}", "Heavy hip thrust day", "hip thrust", 1 + i % 2, 6, 100 + 5 * i, "kg", 8.0)
        for i in range(n)
    ] + [SetRecord(T0, "s0", "Home", "glute bridge", 1, 15, None, "kg")]


def test_export_then_import_round_trips_every_set():
    records = sample()
    report = import_csv(export_csv(records))
    assert report.rejected == [] and report.source == "LiftCoach"
    assert report.records == records


def test_export_has_iso_dates_and_a_unit_column():
    lines = export_csv(sample(1)).decode().splitlines()
    assert lines[0] == "date,workout,exercise,set,reps,load,unit,rpe,session_id,entered_load,entered_unit"
    assert lines[1].startswith("2026-10-01T18:00:00+00:00,Heavy hip thrust day,hip thrust,1,6,100,kg,8,s0")


def test_strong_export_is_imported_with_a_report_of_rejected_rows():
    strong = (
        "Date;Workout Name;Duration;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Seconds;Notes\n"
        "2026-09-01 08:30:00;Legs;45m;Hip Thrust (Barbell);1;100;kg;8;;0;0;\n"
        "2026-09-01 08:30:00;Legs;45m;Hip Thrust (Barbell);2;225;lbs;8;8.5;0;0;\n"
        "2026-09-01 08:30:00;Legs;45m;Squat;1;heavy;kg;5;;0;0;\n"
        "yesterday;Legs;45m;Squat;1;100;kg;5;;0;0;\n"
    ).encode()
    report = import_csv(strong)
    assert report.source == "Strong"
    assert [(r.exercise, r.load, r.unit, r.rpe) for r in report.records] == [
        ("hip thrust (barbell)", 100, "kg", None), ("hip thrust (barbell)", 225, "lb", 8.5)]
    assert [n for n, _ in report.rejected] == [4, 5]
    assert "not a number" in report.rejected[0][1] and "ISO date" in report.rejected[1][1]
    assert "Imported 2 sets (Strong format)" in report.summary() and "line 4" in report.summary()


@pytest.mark.parametrize("data", [b"\xff\xfe\x00garbage", b"name,age\nann,3\n", b"x" * (5 * 1024 * 1024 + 1)])
def test_unusable_files_are_refused_as_a_whole(data):
    with pytest.raises(ImportError_):
        import_csv(data)


def test_progress_chart_is_a_phone_sized_png():
    png = progress_png(sample(), "hip thrust")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (720, 900)


set_records = st.builds(
    lambda day, exercise, set_number, reps, load, unit, rpe, session: SetRecord(
        datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=day), f"s{session}", "Heavy day", exercise, set_number, reps, load, unit, rpe),
    st.integers(0, 500_000), st.sampled_from(["hip thrust", "back squat", "romanian deadlift"]), st.integers(1, 10), st.integers(1, 100),
    st.one_of(st.none(), st.integers(0, 40_000).map(lambda q: q / 40)), st.sampled_from(["kg", "lb"]),
    st.one_of(st.none(), st.integers(2, 20).map(lambda h: h / 2)), st.integers(0, 5),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(set_records, max_size=30), st.sampled_from(["kg", "lb"]))
def test_export_in_any_unit_then_import_gives_back_the_same_history(records, reader_unit):
    """Loads show in the reader's unit, yet the file carries the exact values typed: nothing drifts."""
    back = import_csv(export_csv(records, reader_unit)).records
    key = lambda r: (r.performed_at, r.session_id, r.exercise, r.set_number, r.reps, r.load, r.unit, r.rpe)  # noqa: E731
    assert [key(r) for r in back] == [key(r) for r in records]


def test_progress_chart_of_an_extreme_history_is_downsampled_and_skips_impossible_dates():
    """50,000 sets over 50,000 days and a record dated year 1: a bounded chart, no error."""
    from bot.history.charts import MAX_POINTS, series

    start = datetime(1990, 1, 1, tzinfo=timezone.utc)
    records = [SetRecord(start + timedelta(days=i), f"s{i}", "w", "hip thrust", 1, 5, 60 + i % 90, "kg") for i in range(50_000)]
    records.append(SetRecord(datetime(1, 1, 1, tzinfo=timezone.utc), "old", "w", "hip thrust", 1, 5, 500.0, "kg"))
    drawn = series(records, "hip thrust")
    assert 100 < len(drawn.days) <= MAX_POINTS + 1 and len(drawn.weeks) <= MAX_POINTS + 1
    assert drawn.days[0].year >= 1989 and max(drawn.top) == 149  # year 1 (500 kg) left out; buckets start on a period boundary
    assert progress_png(records, "hip thrust").startswith(b"\x89PNG")
