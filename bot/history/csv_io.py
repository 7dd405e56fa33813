"""CSV export of a user's sets, and import of our own format or the Strong and Hevy apps' exports.

Import runs in two passes: each row is read into a `RawSet` (exact values, the name as written), then
every name is mapped to an exercise of the user's catalogue (aliases: "Bench Press (Barbell)" -> bench
press) and the values are shaped by the exercise's kind. Names nothing resolves become the user's own
exercises (`ImportReport.new_exercises`), with a kind read from their rows.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, tzinfo

from ..training.catalogue import Catalogue, Exercise, ExerciseKind, default_catalogue, name_key
from ..training.units import shown
from .app_exports import HEVY_HEADER, STRONG_HEADER, hevy_row, strong_row
from .raw_sets import (
    SET_TYPES,
    RawSet,
    count,
    exercise_name,
    number,
    parse_date,
    record_of,
    rpe,
    set_number,
    tidy_name,
    unit,
)
from .records import SetRecord

# load/unit are in the reader's unit; entered_load/entered_unit (kept last, where earlier files had them)
# are the exact values as typed, which our import prefers, so export -> import gives back the same history.
# distance_m is in metres and distance_unit is the unit it was typed in (m, km or mi; empty in older files).
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
    "kind",
    "set_type",
    "duration_s",
    "distance_m",
    "distance_unit",
    "assistance",
    "entered_load",
    "entered_unit",
)
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
MAX_SUGGESTIONS = 10  # the report lists 5 own exercises; each suggestion is a pass over the catalogue
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs cells starting with these


# One row of a recognised export -> a set, or None for a row that logs no set (Strong's rest timers).
RowReader = Callable[[dict[str, str], str], RawSet | None]


def _cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs (formula injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _g(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def export_csv(
    records: Iterable[SetRecord], unit: str | None = None, kind_of: Callable[[str], str] | None = None
) -> bytes:
    """One row per set; `kind_of` names each exercise's kind (default: the catalogue's, else weight_reps)."""
    kind_of = kind_of or _catalogue_kind
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
                _g(r.rpe),
                _cell(r.session_id),
                kind_of(r.exercise),
                r.set_type,
                "" if r.duration_s is None else repr(r.duration_s),
                "" if r.distance_m is None else repr(r.distance_m),
                r.distance_unit or "",
                "" if r.assistance is None else repr(r.assistance),
                "" if r.load is None else repr(r.load),
                r.unit,
            ]
        )
    return out.getvalue().encode("utf-8")


def _catalogue_kind(name: str) -> str:
    found = default_catalogue().get(name)
    return found.kind.value if found else ExerciseKind.WEIGHT_REPS.value


KIND_WORDS = {
    ExerciseKind.WEIGHT_REPS: "weight × reps",
    ExerciseKind.BODYWEIGHT_REPS: "bodyweight reps",
    ExerciseKind.DURATION: "timed",
    ExerciseKind.DISTANCE_DURATION: "distance and time",
}


@dataclass
class ImportReport:
    records: list[SetRecord] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    source: str = ""
    mapped: dict[str, str] = field(default_factory=dict)  # name as written -> catalogue name, where they differ
    new_exercises: list[Exercise] = field(default_factory=list)  # names nothing resolved: the user's own now
    suggestions: dict[str, str] = field(default_factory=dict)  # own exercise -> closest catalogue name
    ignored: int = 0  # rows that are not sets (Strong's rest-timer rows)
    assumed_unit: str | None = None  # the file doesn't say its weight unit: read in the user's unit

    def summary(self, limit: int = 5) -> str:
        n = len(self.records)
        lines = [f"Read {n} set{'s' if n != 1 else ''} ({self.source} format){self._kinds()}."]
        if self.mapped:
            pairs = list(self.mapped.items())
            examples = ", ".join(f"“{a}” → {b}" for a, b in pairs[:3]) + (
                f" and {len(pairs) - 3} more" if len(pairs) > 3 else ""
            )
            lines.append(f"Matched {len(pairs)} exercise name{'s' if len(pairs) != 1 else ''}: {examples}")
        if self.new_exercises:
            lines.append(
                f"Not in my catalogue, so kept as your own exercise{'s' if len(self.new_exercises) != 1 else ''}:"
            )
            for e in self.new_exercises[:limit]:
                near = self.suggestions.get(e.name)
                lines.append(f"  • {e.name} ({KIND_WORDS[e.kind]})" + (f" — closest I know: {near}" if near else ""))
            if len(self.new_exercises) > limit:
                lines.append(f"  … and {len(self.new_exercises) - limit} more (see /exercise)")
        if self.assumed_unit and self.records:
            lines.append(
                f"Weights were read as {self.assumed_unit} (your unit): this {self.source} file doesn't say "
                "which unit the app used."
            )
        if self.ignored:
            lines.append(f"Skipped {self.ignored} rest-timer row{'s' if self.ignored != 1 else ''} (not sets).")
        if self.rejected:
            lines.append(f"Rejected {len(self.rejected)} row{'s' if len(self.rejected) != 1 else ''}:")
            lines += [f"  line {n}: {reason}" for n, reason in self.rejected[:limit]]
            if len(self.rejected) > limit:
                lines.append(f"  … and {len(self.rejected) - limit} more")
        return "\n".join(lines)

    def _kinds(self) -> str:
        warmups = sum(r.set_type == "warmup" for r in self.records)
        timed = sum(r.duration_s is not None and r.distance_m is None for r in self.records)
        distance = sum(r.distance_m is not None for r in self.records)
        parts = [f"{warmups} warm-up{'s' if warmups != 1 else ''}"] if warmups else []
        parts += [f"{timed} timed"] if timed else []
        parts += [f"{distance} with distance"] if distance else []
        return ": " + ", ".join(parts) if parts else ""


class CsvImportError(ValueError):
    """The file as a whole can't be imported; the message says why, for the user."""


def import_csv(
    data: bytes, default_unit: str = "kg", catalogue: Catalogue | None = None, zone: tzinfo = UTC
) -> ImportReport:
    """`catalogue`: the user's (the built-in one plus their own exercises); default the built-in one. `zone`: the
    user's time zone, which Strong's and Hevy's times (written without one) are in; our export's times carry theirs."""
    if len(data) > MAX_IMPORT_BYTES:
        raise CsvImportError("That file is too big (over 5 MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError("That file isn't UTF-8 text. Export it as CSV and try again.") from None
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    try:
        header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    except csv.Error:
        raise CsvImportError("I can't read the first line of that file as CSV.") from None
    parse: RowReader
    if {"date", "exercise", "reps"} <= header:
        parse, source = _ours, "LiftCoach"
    elif STRONG_HEADER <= header:
        parse, source = strong_row, "Strong"
    elif HEVY_HEADER <= header:
        parse, source = hevy_row, "Hevy"
    else:
        raise CsvImportError(
            "I don't recognise this CSV. Use the file from /export, or the Strong or Hevy app's CSV export."
        )
    report = ImportReport(source=source)
    if parse is strong_row and "weight unit" not in header:
        report.assumed_unit = default_unit
    raw = _read_rows(reader, parse, default_unit, report)
    if parse is not _ours:  # a Tokyo lifter's 23:30 workout read as UTC had moved to the next day
        raw = [(i, replace(r, when=r.when.replace(tzinfo=zone).astimezone(UTC))) for i, r in raw]
    _map_names(raw, catalogue or default_catalogue(), report)
    if parse is not _ours:  # our export keeps the numbers as logged; the apps' are renumbered
        report.records = _numbered(report.records)
    return report


def _numbered(records: list[SetRecord]) -> list[SetRecord]:
    """Sets numbered as the bot numbers logged ones: per session and exercise in the file's order, warm-ups
    apart from the rest (drop and failure sets go on from the working sets). Hevy's set_index counts the
    warm-ups (warm-up, then sets 2, 3, 4) and Strong's W, D and F rows have no number at all."""
    seen: dict[tuple[str, str, bool], int] = {}
    out = []
    for r in records:
        key = (r.session_id, r.exercise, r.set_type == "warmup")
        seen[key] = seen.get(key, 0) + 1
        out.append(replace(r, set_number=seen[key]))
    return out


def _read_rows(
    reader: csv.DictReader[str], parse: RowReader, default_unit: str, report: ImportReport
) -> list[tuple[int, RawSet]]:
    out: list[tuple[int, RawSet]] = []
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
            parsed = parse(row, default_unit)
        except (ValueError, OverflowError) as exc:  # int(float("inf")) is an OverflowError
            report.rejected.append((line, str(exc) if isinstance(exc, ValueError) else "a number is out of range"))
            continue
        if parsed is None:
            report.ignored += 1
        else:
            out.append((line, parsed))
    return out


_BARBELL = re.compile(r"\s*\(barbell\)$")


def _map_names(raw: list[tuple[int, RawSet]], catalogue: Catalogue, report: ImportReport) -> None:
    """Our own export already names sets as history does: kept exactly (a catalogue name or the user's own).
    The apps' names go through the aliases."""
    exact = report.source == "LiftCoach"
    plain = (lambda name: name.strip().lower()) if exact else tidy_name
    # The apps add "(Barbell)" to most names: an exercise we don't know is the lifter's own without it, so
    # "/progress zercher squat" finds "Zercher Squat (Barbell)" (a stranger's came back with no sets).
    tidy = plain if exact else (lambda name: _BARBELL.sub("", plain(name)))
    resolved: dict[str, Exercise | None] = {}
    for _, s in raw:
        if s.name not in resolved:
            resolved[s.name] = catalogue.get(tidy(s.name)) if exact else catalogue.resolve(s.name)
    unknown: dict[str, list[RawSet]] = {}
    for name, found in resolved.items():
        if found is None:
            unknown.setdefault(tidy(name), [])
        elif plain(name) != found.name:
            report.mapped[name] = found.name
    for _, s in raw:
        if resolved[s.name] is None:
            unknown[tidy(s.name)].append(s)
    own = {name: Exercise(name, _kind_of(sets), custom=True) for name, sets in unknown.items()}
    for name in list(own)[:MAX_SUGGESTIONS]:
        if (near := suggest(catalogue, name)) is not None:
            report.suggestions[name] = near
    for line, s in raw:
        exercise = resolved[s.name] or own[tidy(s.name)]
        try:
            report.records.append(record_of(s, exercise, exact=exact))
        except ValueError as exc:
            report.rejected.append((line, str(exc)))
    report.rejected.sort()
    used = {r.exercise for r in report.records}
    report.new_exercises = [e for e in own.values() if e.name in used]


def _kind_of(sets: list[RawSet]) -> ExerciseKind:
    """The kind an unknown exercise's rows show: our export's kind column, else distance, a hold, a weight, reps."""
    for s in sets:
        if s.kind is not None:
            return s.kind
    if any(s.distance_m for s in sets):
        return ExerciseKind.DISTANCE_DURATION
    if all(s.reps == 0 for s in sets) and any(s.duration_s for s in sets):
        return ExerciseKind.DURATION
    if any(s.weight for s in sets) or not any(s.reps for s in sets):
        return ExerciseKind.WEIGHT_REPS
    return ExerciseKind.BODYWEIGHT_REPS


def suggest(catalogue: Catalogue, name: str) -> str | None:
    """The catalogue exercise an unknown name most likely is: a typo of one, its name without the qualifier
    ("Cable Fly (Single Arm)" -> chest fly), else the most similar name or alias ("zercher squat")."""
    base = name.split("(", 1)[0].strip()
    for text in (name, base):
        if text and (found := catalogue.closest(text)) is not None and not found.custom:
            return found.name
    spellings = {name_key(s): e.name for e in catalogue if not e.custom for s in (e.name, *e.aliases)}
    near = difflib.get_close_matches(name_key(base or name), list(spellings), n=1, cutoff=0.6)
    return spellings[near[0]] if near else None


def _ours(row: dict[str, str], default_unit: str) -> RawSet:
    exact = row.get("entered_unit") in ("kg", "lb")
    date = row["date"]
    kind, set_type = row.get("kind", ""), row.get("set_type") or "working"
    if set_type not in SET_TYPES:
        raise ValueError(f"set type “{set_type[:12]}” is not one of {', '.join(SET_TYPES)}")
    return RawSet(
        when=parse_date(date),
        session=row.get("session_id") or f"import-{date[:10]}",
        workout=row.get("workout") or "Imported",
        name=exercise_name(row["exercise"]),
        set_number=set_number(row.get("set") or "1"),
        set_type=set_type,
        reps=count(row["reps"], "reps", 1000),
        weight=number(row.get("entered_load", "") if exact else row.get("load", ""), "weight"),
        unit=unit(row["entered_unit"] if exact else (row.get("unit") or default_unit)),
        rpe=rpe(row.get("rpe", "")),
        duration_s=number(row.get("duration_s", ""), "duration"),
        distance_m=number(row.get("distance_m", ""), "distance"),
        assistance=number(row.get("assistance", ""), "assistance"),
        kind=ExerciseKind(kind) if kind in _KINDS else None,
        distance_unit=row.get("distance_unit") or None,
    )


_KINDS = frozenset(k.value for k in ExerciseKind)
