"""CSV export of a user's sets, and import of our own format or the Strong app's export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..training.units import shown
from .records import SetRecord

# load/unit are in the reader's unit; entered_load/entered_unit are the exact values as typed,
# which our import prefers, so export -> import gives back the same history.
COLUMNS = (
    "date",
    "workout",
    "exercise",
    "set",
    "reps",
    "load",
    "unit",
    "rpe",
    "session_id",
    "entered_load",
    "entered_unit",
)
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)  # time zones and clock skew; later dates are typos
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs cells starting with these


def _cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs (formula injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def export_csv(records: Iterable[SetRecord], unit: str | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in records:
        shown_unit = unit or r.unit
        load = "" if r.load is None else f"{shown(r.load, r.unit, shown_unit):g}"
        writer.writerow(
            [
                r.performed_at.astimezone(UTC).isoformat(timespec="seconds"),
                _cell(r.workout),
                _cell(r.exercise),
                r.set_number,
                r.reps,
                load,
                shown_unit,
                "" if r.rpe is None else f"{r.rpe:g}",
                _cell(r.session_id),
                "" if r.load is None else repr(r.load),
                r.unit,
            ]
        )
    return out.getvalue().encode("utf-8")


@dataclass
class ImportReport:
    records: list[SetRecord] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    source: str = ""

    def summary(self, limit: int = 5) -> str:
        lines = [f"Read {len(self.records)} set{'s' if len(self.records) != 1 else ''} ({self.source} format)."]
        if self.rejected:
            lines.append(f"Rejected {len(self.rejected)} row{'s' if len(self.rejected) != 1 else ''}:")
            lines += [f"  line {n}: {reason}" for n, reason in self.rejected[:limit]]
            if len(self.rejected) > limit:
                lines.append(f"  … and {len(self.rejected) - limit} more")
        return "\n".join(lines)


class CsvImportError(ValueError):
    """The file as a whole can't be imported; the message says why, for the user."""


def import_csv(data: bytes, default_unit: str = "kg") -> ImportReport:
    if len(data) > MAX_IMPORT_BYTES:
        raise CsvImportError("That file is too big (over 5 MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError("That file isn't UTF-8 text. Export it as CSV and try again.") from None
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    try:
        header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    except csv.Error:
        raise CsvImportError("I can't read the first line of that file as CSV.") from None
    if {"date", "exercise", "reps"} <= header:
        return _rows(reader, _ours, "LiftCoach", default_unit)
    if {"date", "exercise name", "reps", "weight"} <= header:
        return _rows(reader, _strong, "Strong", default_unit)
    raise CsvImportError("I don't recognise this CSV. Use the file from /export or the Strong app's CSV export.")


def _rows(reader: csv.DictReader, parse, source: str, default_unit: str) -> ImportReport:  # type: ignore[no-untyped-def]
    report = ImportReport(source=source)
    rows = iter(reader)
    for index in range(MAX_IMPORT_ROWS + 1):
        line = index + 2  # header is line 1
        try:
            raw = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a field over the csv module's size limit: the rest can't be read reliably
            report.rejected.append((line, f"unreadable CSV ({str(exc)[:60]}); the rest was not read"))
            break
        if index >= MAX_IMPORT_ROWS:
            report.rejected.append((line, f"more than {MAX_IMPORT_ROWS} rows; the rest was not read"))
            break
        row = {
            (k or "").strip().lower(): _uncell((v or "").strip()) if isinstance(v, str) else ""
            for k, v in raw.items()
            if k is not None
        }
        try:
            report.records.append(parse(row, default_unit, index))
        except (ValueError, OverflowError) as exc:  # int(float("inf")) is an OverflowError
            report.rejected.append((line, str(exc) if isinstance(exc, ValueError) else "a number is out of range"))
    return report


def _ours(row: dict[str, str], default_unit: str, index: int) -> SetRecord:
    exact = row.get("entered_unit") in ("kg", "lb")
    return _record(
        row["date"],
        row.get("workout") or "Imported",
        row["exercise"],
        row.get("set") or "1",
        row["reps"],
        row.get("entered_load", "") if exact else row.get("load", ""),
        row["entered_unit"] if exact else (row.get("unit") or default_unit),
        row.get("rpe", ""),
        row.get("session_id") or f"import-{row['date'][:10]}",
    )


def _strong(row: dict[str, str], default_unit: str, index: int) -> SetRecord:
    unit = (row.get("weight unit") or default_unit).lower().replace("lbs", "lb")
    workout = row.get("workout name") or "Strong workout"
    return _record(
        row["date"],
        workout,
        row["exercise name"],
        row.get("set order") or "1",
        row["reps"],
        row.get("weight", ""),
        unit,
        row.get("rpe", ""),
        f"strong-{row['date']}-{workout}"[:36],
    )


def _record(
    date: str, workout: str, exercise: str, set_no: str, reps: str, load: str, unit: str, rpe: str, session: str
) -> SetRecord:
    when = _date(date)
    if not exercise or len(exercise) > 100:
        raise ValueError("missing or over-long exercise name")
    try:
        reps_n = int(float(reps))
    except (ValueError, OverflowError):
        raise ValueError(f"reps “{reps[:12]}” is not a number") from None
    if not 0 <= reps_n <= 1000:
        raise ValueError("reps out of range")
    unit = unit.lower()
    if unit not in ("kg", "lb"):
        raise ValueError(f"unknown unit “{unit[:8]}”")
    load_value: float | None = None
    if load:
        try:
            load_value = float(load.replace(",", "."))
        except ValueError:
            raise ValueError(f"weight “{load[:12]}” is not a number") from None
        if not 0 <= load_value <= 2000 or load_value != load_value:
            raise ValueError("weight out of range")
    rpe_value = None
    if rpe:
        try:
            rpe_value = float(rpe)
        except ValueError:
            raise ValueError("RPE is not a number") from None
        if not 1 <= rpe_value <= 10:
            raise ValueError("RPE must be 1 to 10")
    try:
        set_number = min(100, max(1, int(float(set_no))))
    except (ValueError, OverflowError):
        set_number = 1
    return SetRecord(
        when, session, workout[:200], exercise.strip().lower(), set_number, reps_n, load_value, unit, rpe_value
    )


def _date(text: str) -> datetime:
    for parse in (datetime.fromisoformat, lambda t: datetime.strptime(t, "%Y-%m-%d %H:%M:%S")):
        try:
            value = parse(text[:40])
        except ValueError:
            continue
        try:
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:00-05:00 is in year 10000 in UTC
            value = datetime.max.replace(tzinfo=UTC)
        if not EARLIEST <= value <= datetime.now(UTC) + FUTURE_SLACK:
            raise ValueError(f"date “{text[:20]}” is before 1970 or in the future")
        return value
    raise ValueError(f"date “{text[:20]}” is not an ISO date")
