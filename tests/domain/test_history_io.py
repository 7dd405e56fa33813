"""CSV export/import (ours and Strong's) and progress charts."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.history.charts import progress_png
from bot.history.csv_io import CsvImportError, export_csv, import_csv
from bot.history.records import SetRecord

T0 = datetime(2026, 10, 1, 18, 0, tzinfo=UTC)


def sample(n: int = 6) -> list[SetRecord]:
    return [
        SetRecord(
            T0 + timedelta(days=3 * i),
            f"s{i}",
            "Heavy hip thrust day",
            "hip thrust",
            1 + i % 2,
            6,
            100 + 5 * i,
            "kg",
            8.0,
        )
        for i in range(n)
    ] + [SetRecord(T0, "s0", "Home", "glute bridge", 1, 15, None, "kg")]


def test_export_then_import_round_trips_every_set():
    records = sample()
    report = import_csv(export_csv(records))
    assert report.rejected == [] and report.source == "LiftCoach"
    assert report.records == records


def test_export_has_iso_dates_and_a_unit_column():
    lines = export_csv(sample(1)).decode().splitlines()
    assert lines[0] == (
        "date,workout,exercise,set,reps,load,unit,rpe,session_id,"
        "kind,set_type,duration_s,distance_m,distance_unit,assistance,entered_load,entered_unit"
    )
    assert (
        lines[1]
        == "2026-10-01T18:00:00+00:00,Heavy hip thrust day,hip thrust,1,6,100,kg,8,s0,weight_reps,working,,,,,100,kg"
    )


def test_strong_export_is_imported_with_a_report_of_rejected_rows():
    strong = (
        b"Date;Workout Name;Duration;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Seconds;Notes\n"
        b"2026-09-01 08:30:00;Legs;45m;Hip Thrust (Barbell);1;100;kg;8;;0;0;\n"
        b"2026-09-01 08:30:00;Legs;45m;Hip Thrust (Barbell);2;225;lbs;8;8.5;0;0;\n"
        b"2026-09-01 08:30:00;Legs;45m;Squat;1;heavy;kg;5;;0;0;\n"
        b"yesterday;Legs;45m;Squat;1;100;kg;5;;0;0;\n"
    )
    report = import_csv(strong)
    assert report.source == "Strong"
    assert [(r.exercise, r.load, r.unit, r.rpe) for r in report.records] == [
        ("hip thrust", 100, "kg", None),  # Strong's "Hip Thrust (Barbell)" is the catalogue's hip thrust
        ("hip thrust", 225, "lb", 8.5),
    ]
    assert [n for n, _ in report.rejected] == [4, 5]
    assert "not a number" in report.rejected[0][1] and "ISO date" in report.rejected[1][1]
    assert "Read 2 sets (Strong format)" in report.summary() and "line 4" in report.summary()


@pytest.mark.parametrize("data", [b"\xff\xfe\x00garbage", b"name,age\nann,3\n", b"x" * (5 * 1024 * 1024 + 1)])
def test_unusable_files_are_refused_as_a_whole(data):
    with pytest.raises(CsvImportError):
        import_csv(data)


def test_progress_chart_is_a_phone_sized_png():
    png = progress_png(sample(), "hip thrust")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (720, 900)


set_records = st.builds(
    lambda day, exercise, set_number, reps, load, unit, rpe, session: SetRecord(
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=day),
        f"s{session}",
        "Heavy day",
        exercise,
        set_number,
        reps,
        load,
        unit,
        rpe,
    ),
    st.integers(0, 400_000),
    st.sampled_from(["hip thrust", "back squat", "romanian deadlift"]),
    st.integers(1, 10),
    st.integers(1, 100),
    st.one_of(st.none(), st.integers(0, 40_000).map(lambda q: q / 40)),
    st.sampled_from(["kg", "lb"]),
    st.one_of(st.none(), st.integers(2, 20).map(lambda h: h / 2)),
    st.integers(0, 5),
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

    start = datetime(1990, 1, 1, tzinfo=UTC)
    records = [
        SetRecord(start + timedelta(days=i), f"s{i}", "w", "hip thrust", 1, 5, 60 + i % 90, "kg") for i in range(50_000)
    ]
    records.append(SetRecord(datetime(1, 1, 1, tzinfo=UTC), "old", "w", "hip thrust", 1, 5, 500.0, "kg"))
    drawn = series(records, "hip thrust")
    assert 100 < len(drawn.days) <= MAX_POINTS + 1 and len(drawn.weeks) <= MAX_POINTS + 1
    assert (
        drawn.days[0].year >= 1989 and max(drawn.top) == 149
    )  # year 1 (500 kg) left out; buckets start on a period boundary
    assert progress_png(records, "hip thrust").startswith(b"\x89PNG")


def test_hostile_csv_rows_are_rejected_one_by_one_never_raised():
    """The audit's crashes: reps=inf, set=1e999, a date in year 9999 (with an offset), a field over csv's limit."""
    text = (
        "date,workout,exercise,set,reps,load,unit,rpe,session_id\n"
        "2026-09-01T08:30:00+00:00,Legs,hip thrust,1,5,100,kg,,a\n"
        "2026-09-01T08:30:00+00:00,Legs,hip thrust,2,inf,100,kg,,a\n"
        "2026-09-01T08:30:00+00:00,Legs,hip thrust,1e999,5,100,kg,,a\n"
        "9999-12-31T23:00:00-05:00,Legs,hip thrust,1,5,100,kg,,b\n"
        "1969-12-31T23:00:00+00:00,Legs,hip thrust,1,5,100,kg,,c\n"
        "2026-09-02T08:30:00+00:00,Legs,hip thrust,1,5,nan,kg,,d\n"
        "2026-09-03T08:30:00+00:00,Legs," + "x" * 140_000 + ",1,5,100,kg,,e\n"
    ).encode()
    report = import_csv(text)
    assert [(r.reps, r.set_number) for r in report.records] == [(5, 1), (5, 1)]  # set=1e999 becomes set 1
    reasons = dict(report.rejected)
    assert "not a number" in reasons[3] and "future" in reasons[5] and "1970" in reasons[6] and "range" in reasons[7]
    assert "unreadable CSV" in reasons[8]


def test_export_neutralises_spreadsheet_formulas_and_import_reads_them_back():
    record = SetRecord(
        datetime(2026, 9, 1, tzinfo=UTC),
        '=HYPERLINK("http://x")',
        "+workout",
        "@hip thrust",
        1,
        5,
        100.0,
        "kg",
    )
    data = export_csv([record])
    line = data.decode().splitlines()[1]
    assert "'@hip thrust" in line and "'+workout" in line and "'=HYPERLINK" in line and ",=" not in line
    back = import_csv(data).records[0]
    assert (back.exercise, back.workout, back.session_id) == ("@hip thrust", "+workout", '=HYPERLINK("http://x")')
