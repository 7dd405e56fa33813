"""What is done with routines beyond reading and writing their text: exercise names checked against
the catalogue, typed edits, conversion to and from workout templates, and the rotation.

Pure domain code: no Telegram, no database. Typed edits are read line by line with anchored patterns
of bounded repetition (linear-time on any input)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .catalogue import Catalogue, name_key
from .programs import ExerciseBlock, Program
from .routine_render import sets_and_target
from .routines import (
    MAX_EXERCISES,
    MAX_LINE_CHARS,
    MAX_TEXT_CHARS,
    Routine,
    RoutineError,
    RoutineLine,
    clean_name,
    groups,
    parse_line,
    relabel,
)
from .units import Unit

EDIT_HELP = (
    "Type a change: <code>2: overhead press 4x6-8 40kg</code> (replaces line 2; <code>2: 4x6-8</code> keeps "
    "the exercise and its load), a new line to add it (<code>face pull 3x15</code>), <code>remove 3</code>, "
    "<code>move 4 to 1</code>, <code>rename Push B</code> or <code>done</code>."
)
_REPLACE = re.compile(r"(\d{1,3}) ?[:.)] ?(.*)")
_REMOVE = re.compile(r"(?:remove|delete|del|drop|rm) (\d{1,3})")
_MOVE = re.compile(r"move (\d{1,3}) (?:to )?(\d{1,3})")
_DONE = frozenset({"done", "finish", "finished", "save", "ok", "that's it"})


# --- templates ---------------------------------------------------------------------------
def to_program(routine: Routine, program_id: str, default_rest: int, unit: Unit = "kg") -> Program:
    """The routine as a workout template: rest left out is the user's default rest, and an exercise
    without a load gets the user's unit."""
    blocks = [_block(line, default_rest, unit) for line in routine.lines]
    return Program(id=program_id, title=routine.name, blocks=blocks)


def _block(line: RoutineLine, default_rest: int, unit: Unit) -> ExerciseBlock:
    # AMRAP: the widest range a block allows (the card asks for typed reps; nothing is ever progressed to it)
    reps_min, reps_max = (line.reps_min, line.reps_max) if line.reps_min is not None else (1, 100 if line.amrap else 1)
    return ExerciseBlock(
        exercise=line.exercise,
        sets=line.sets,
        reps_min=reps_min,
        reps_max=reps_max or reps_min,
        load=line.load,
        unit=line.unit if line.load is not None else unit,
        rpe=line.rpe,
        rest_seconds=line.rest_s if line.rest_s is not None else default_rest,
        notes="As many reps as possible." if line.amrap else "",
        superset=line.superset,
        warmup=line.warmup,
        amrap=line.amrap,
        duration_s=line.duration_s,
        distance_m=line.distance_m,
        distance_unit=line.distance_unit,
    )


def routine_from_program(program: Program, name: str) -> Routine:
    """A built-in template as a routine (to duplicate it); its rests are kept as written."""
    lines = []
    for b in program.blocks:
        reps = not (b.amrap or b.duration_s or b.distance_m)
        lines.append(
            RoutineLine(
                exercise=b.exercise,
                sets=b.sets,
                reps_min=b.reps_min if reps else None,
                reps_max=b.reps_max if reps else None,
                amrap=b.amrap,
                duration_s=b.duration_s,
                distance_m=b.distance_m,
                distance_unit=b.distance_unit,
                load=b.load,
                unit=b.unit if b.load is not None else "kg",
                rpe=b.rpe,
                rest_s=b.rest_seconds,
                warmup=b.warmup,
                superset=b.superset,
            )
        )
    return Routine(name, relabel(lines))


# --- exercise names ------------------------------------------------------------------------
@dataclass(frozen=True)
class NameIssue:
    index: int  # position of the exercise in the lines
    typed: str
    suggestion: str | None  # the closest catalogue name


@dataclass(frozen=True)
class Resolved:
    lines: tuple[RoutineLine, ...]  # typos replaced by the suggestion
    typos: tuple[NameIssue, ...]  # replaced: ask "did you mean" before saving
    unknown: tuple[NameIssue, ...]  # nothing close: rejected


def resolve_names(lines: Iterable[RoutineLine], catalogue: Catalogue, own: Iterable[str] = ()) -> Resolved:
    """Each typed name as a catalogue name (aliases and export names included) or one of the user's own
    exercises (`own`: names from their history); a likely typo becomes a suggestion to confirm."""
    own_names = {name_key(n): n for n in own}
    out: list[RoutineLine] = []
    typos: list[NameIssue] = []
    unknown: list[NameIssue] = []
    for index, line in enumerate(lines):
        typed = line.exercise
        if (found := catalogue.resolve(typed)) is not None:
            out.append(replace(line, exercise=found.name))
        elif name_key(typed) in own_names:
            out.append(replace(line, exercise=own_names[name_key(typed)]))
        elif (close := catalogue.closest(typed)) is not None:
            typos.append(NameIssue(index, typed, close.name))
            out.append(replace(line, exercise=close.name))
        else:
            unknown.append(NameIssue(index, typed, suggest(typed, catalogue)))
            out.append(line)
    return Resolved(tuple(out), tuple(typos), tuple(unknown))


def suggest(typed: str, catalogue: Catalogue) -> str | None:
    """A looser "closest name" for a rejected name (the typo check found nothing close enough)."""
    key = name_key(typed[:MAX_LINE_CHARS])
    matches = difflib.get_close_matches(key, sorted(catalogue.names), n=1, cutoff=0.5)
    return matches[0] if matches else None


# --- typed edits --------------------------------------------------------------------------
@dataclass(frozen=True)
class Edited:
    routine: Routine
    done: bool  # "done": close the editor
    changed: tuple[int, ...]  # indexes (in the new lines) of exercises typed in this message
    was: dict[int, tuple[RoutineLine, ...]] = field(default_factory=dict)  # entry index -> the entry it replaced


def apply_edits(routine: Routine, text: str, unit: Unit) -> Edited:
    """The routine after the typed edits, one per line and in order (numbers count the lines as they
    stand at that point). RoutineError names the first line that can't be applied; then nothing changes."""
    if len(text) > MAX_TEXT_CHARS:
        raise RoutineError(0, "", "That message is too long. " + EDIT_HELP)
    entries = [list(e) for e in groups(routine.lines)]
    typed: list[list[bool]] = [[False] * len(e) for e in entries]
    before: list[tuple[RoutineLine, ...] | None] = [None] * len(entries)  # moves and removes carry it along
    name, done = routine.name, False
    for number, raw in enumerate(text.splitlines(), 1):
        line = " ".join(raw.split()).lower()
        if not line:
            continue
        if len(line) > MAX_LINE_CHARS:
            raise RoutineError(number, raw, "That line is too long.")
        if line in _DONE:
            done = True
        elif line.startswith("rename "):
            name = clean_name(" ".join(raw.split())[len("rename ") :])
        elif m := _REMOVE.fullmatch(line):
            at = _index(m.group(1), entries, number, raw)
            del entries[at], typed[at], before[at]
        elif m := _MOVE.fullmatch(line):
            at, to = _index(m.group(1), entries, number, raw), _index(m.group(2), entries, number, raw)
            entries.insert(to, entries.pop(at))
            typed.insert(to, typed.pop(at))
            before.insert(to, before.pop(at))
        elif m := _REPLACE.fullmatch(line):
            at = _index(m.group(1), entries, number, raw)
            body, old = m.group(2), entries[at]
            options_only = body.split(maxsplit=1)[0].lower() in ("rest", "rpe", "warmup") if body else False
            if body[:1].isdigit() or options_only:  # "2: 4x6-8 40kg" and "2: rest 60" keep all they do not retype
                if len(old) > 1:
                    raise RoutineError(number, raw, f"Line {at + 1} is a superset: type the whole superset line.")
                kept = f"{sets_and_target(old[0])} " if options_only else ""  # a stranger's "2: rest 60" was refused
                typed_line = parse_line(f"{old[0].exercise} {kept}{body}", unit, number)[0]
                entries[at] = [keep_unsaid(old[0], typed_line)]
            else:
                entries[at] = parse_line(body, unit, number)
            typed[at] = [True] * len(entries[at])
            if before[at] is None:  # "was": the line as the user saw it before this message
                before[at] = tuple(old)
        else:
            entries.append(parse_line(line.removeprefix("add ").removeprefix("+ "), unit, number))
            typed.append([True] * len(entries[-1]))
            before.append(())  # added now: nothing it was
        if not entries:
            raise RoutineError(number, raw, "A routine needs at least one exercise; /routine delete removes it.")
        if sum(len(e) for e in entries) > MAX_EXERCISES:
            raise RoutineError(number, raw, f"A routine holds at most {MAX_EXERCISES} exercises.")
    lines = ungroup(entries)
    changed = tuple(i for i, flag in enumerate(f for e in typed for f in e) if flag)
    was = {i: old for i, old in enumerate(before) if old}
    return Edited(Routine(name, lines), done, changed, was)


def keep_unsaid(old: RoutineLine, new: RoutineLine) -> RoutineLine:
    """`2: 3x8-10` retypes the sets and target: the load, RPE, rest and warm-up it leaves out stay as they
    were (a Hevy/Strong user expects an edit to change only what was typed)."""
    loaded = new.load is not None
    return replace(
        new,
        load=new.load if loaded else old.load,
        unit=new.unit if loaded else old.unit,
        rpe=new.rpe if new.rpe is not None else old.rpe,
        rest_s=new.rest_s if new.rest_s is not None else old.rest_s,
        warmup=new.warmup or old.warmup,
    )


def _index(token: str, entries: list[list[RoutineLine]], number: int, raw: str) -> int:
    at = int(token)
    if not 1 <= at <= len(entries):
        raise RoutineError(number, raw, f"There is no line {at}; the routine has {len(entries)}.")
    return at - 1


def ungroup(entries: Iterable[Iterable[RoutineLine]]) -> tuple[RoutineLine, ...]:
    """Entries (a superset being one entry) back to lines; each superset gets its own label."""
    out: list[RoutineLine] = []
    for n, entry in enumerate(entries):
        entry = tuple(entry)
        out.extend(replace(line, superset=f"#{n}" if len(entry) > 1 else None) for line in entry)
    return relabel(out)


def move(routine: Routine, entry: int, by: int) -> Routine:
    """The routine with one entry (0-based) moved up (by=-1) or down (by=1); unchanged at an end."""
    entries = groups(routine.lines)
    to = entry + by
    if not (0 <= entry < len(entries) and 0 <= to < len(entries)):
        return routine
    entries.insert(to, entries.pop(entry))
    return Routine(routine.name, ungroup(entries))


def remove(routine: Routine, entry: int) -> Routine:
    entries = groups(routine.lines)
    if 0 <= entry < len(entries) and len(entries) > 1:
        del entries[entry]
    return Routine(routine.name, ungroup(entries))


# --- rotation -------------------------------------------------------------------------------
def next_in_rotation(rotation: list[str], finished: list[str]) -> str | None:
    """The routine after the last one finished. `finished` holds program ids of finished workouts,
    newest first. A routine appearing twice in the rotation (A, B, A, C) is placed by how many of
    the workouts before it also follow the rotation's order."""
    if not rotation:
        return None
    done = [p for p in finished if p in rotation]
    if not done:
        return rotation[0]
    n = len(rotation)
    best, best_score = -1, -1
    for i, program in enumerate(rotation):
        if program != done[0]:
            continue
        score = 0
        while score < min(len(done), n) and rotation[(i - score) % n] == done[score]:
            score += 1
        if score > best_score:
            best, best_score = i, score
    return rotation[(best + 1) % n]
