"""Starting a workout from a routine name, the rotation or a list of quick exercises (part of WorkoutFlow).

`/workout Push A` starts a routine or template by name (typo tolerant), `/workout` offers the
rotation's next one first, and `/workout squat 3x5 100kg; romanian deadlift 3x8 80kg` is a quick
workout of several exercises, each part read like a one-exercise quick workout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from ..storage.repository import ExerciseStore, WorkoutStore
from ..training.engine import PlannedSet, expand
from ..training.exercises import closest_known, takes_load
from ..training.parsing import QuickWorkout, SetInputError, normalise_exercise, parse_quick_workout
from ..training.programs import ExerciseBlock, Program
from ..training.routine_ops import to_program
from ..training.routines import MAX_EXERCISES, Routine, RoutineError, parse_line
from ..training.units import Unit
from .callbacks import WorkoutButton
from .exercise_pick import Keep
from .model import Button, Reply, User, esc, noted, read_as
from .preferences import Preferences
from .routine_book import Choice, RoutineBook
from .turn import Turn
from .workout_log import SessionLog


def quick_block(quick: QuickWorkout, prefs: Preferences) -> ExerciseBlock:
    """One typed quick exercise as a program block (rest from the user's default unless typed)."""
    return ExerciseBlock(
        exercise=quick.exercise,
        sets=quick.sets,
        reps_min=quick.reps_min,
        reps_max=quick.reps_max,
        load=quick.load,
        unit=quick.unit,
        rest_seconds=quick.rest_seconds if quick.rest_seconds is not None else prefs.rest_seconds,
        duration_s=quick.duration_s,
        distance_m=quick.distance_m,
        distance_unit=quick.distance_unit,
    )


def _line_block(part: str, prefs: Preferences) -> ExerciseBlock | None:
    """One exercise of a quick list in routine-line syntax ("dips 3xAMRAP", "running 5km"), else None."""
    try:
        lines = parse_line(part, prefs.unit)
    except RoutineError:
        return None
    if len(lines) != 1:  # a superset line belongs in a routine
        return None
    line = replace(lines[0], exercise=normalise_exercise(lines[0].exercise))
    return to_program(Routine("quick", (line,)), "quick", prefs.rest_seconds, prefs.unit).blocks[0]


def _part_block(part: str, prefs: Preferences) -> ExerciseBlock:
    """One exercise of a quick list, in the quick form or, as for one exercise, in routine-line syntax
    ("dips 3xAMRAP", "running 5km"); the quick form's error when neither reads."""
    try:
        return quick_block(parse_quick_workout(part, unit=prefs.unit), prefs)
    except SetInputError:
        if (block := _line_block(part, prefs)) is None:
            raise
        return block


MENU_ROUTINES = 10  # the user's own routines shown on the /workout menu; /routine lists them all
QUICK_LIST_USAGE = "Several exercises: <code>/workout squat 3x5 100kg; romanian deadlift 3x8 80kg</code>"


class WorkoutStarts:
    """A mixin of WorkoutFlow: it uses the flow's book, log, known exercises and start()."""

    book: RoutineBook | None
    log: SessionLog
    known_exercises: set[str]
    own_exercises: ExerciseStore | None
    programs: dict[str, Program]
    workouts: WorkoutStore
    clock: Callable[[], datetime]

    if TYPE_CHECKING:  # provided by WorkoutFlow and its ExercisePick part

        async def start(
            self, turn: Turn, program_id: str, title: str, plan: tuple[PlannedSet, ...], *, saved: bool = False
        ) -> list[Reply]: ...
        async def ask_which(
            self,
            turn: Turn,
            name: str,
            part: str,
            known: set[str],
            *,
            before: str = "",
            after: str = "",
            keep: Keep = frozenset(),
            command: Literal["workout", "add"] = "workout",
        ) -> Reply | None: ...
        async def named_several(self, user: User, args: str) -> str: ...
        async def nothing_named(self, user: User, args: str, unit: Unit) -> str: ...

    async def known_to(self, user: User) -> set[str]:
        """Names a typed exercise may be a typo of: the catalogue's, the user's own, and their history's."""
        own = await self.own_exercises.own_exercises(user.id) if self.own_exercises is not None else []
        return self.known_exercises | {e.name for e in own} | {r.exercise for r in await self.log.history(user.id)}

    async def plan_for(self, user: User, program: Program) -> tuple[PlannedSet, ...]:
        """The program's sets, with the user's own exercises in their kind (a timed one gets a countdown)."""
        own = await self.own_exercises.own_exercises(user.id) if self.own_exercises is not None else []
        return expand(program, takes_load, {e.name: e.kind.value for e in own})

    async def start_choice(self, turn: Turn, choice: Choice, prefs: Preferences, note: str = "") -> list[Reply]:
        user = turn.user
        program = self.book.program_of(choice, prefs.rest_seconds, prefs.unit) if self.book else None
        if program is None:
            return [Reply("That routine can't be started any more; /routine shows what you have.")]
        replies = await self.start(turn, program.id, program.title, await self.plan_for(user, program), saved=True)
        return noted(replies, note)

    async def start_named(self, turn: Turn, args: str, prefs: Preferences, *, exact: bool) -> list[Reply] | None:
        """Start the routine or template this text names (exact: only an exact name), else None."""
        user = turn.user
        if self.book is None:
            return None
        found, is_exact = await self.book.find(user.id, args)
        if found is None or (exact and not is_exact):
            return None
        note = "" if is_exact else read_as(args.strip()[:40], found.title)
        return await self.start_choice(turn, found, prefs, note)

    async def start_typed(self, turn: Turn, args: str, prefs: Preferences, keep: Keep = frozenset()) -> list[Reply]:
        """One exercise typed after /workout ("hip thrust 4x6 100kg", "dips 3xAMRAP", "running 5km"), else a
        routine's name misspelt. A name that may mean several exercises ("row 3x8") is asked about first,
        unless it is in `keep` (the lifter's own, said so)."""
        user = turn.user
        try:
            quick = parse_quick_workout(args, unit=prefs.unit)
        except SetInputError as exc:  # routine-line syntax ("dips 3xAMRAP"), then a routine's name
            started = await self.start_routine_line(turn, args, prefs, keep)
            if started or (started := await self.start_named(turn, args, prefs, exact=False)):
                return started
            if started := await self.start_again(turn, args, prefs):
                return started
            hint = await self.named_several(user, args) or await self.nothing_named(user, args, prefs.unit)
            return [Reply(hint or esc(str(exc)))]
        known = await self.known_to(user)
        if (asked := await self.ask_which(turn, quick.exercise, args, known, keep=keep)) is not None:
            return [asked]
        typo = quick.exercise
        if (fixed := closest_known(typo, known)) is not None:  # "hip thurst" would start a separate history
            quick = replace(quick, exercise=fixed)
        program = Program(id="quick", title=f"Quick: {quick.exercise}", blocks=[quick_block(quick, prefs)])
        plan = await self.plan_for(user, program)
        if quick.assistance is not None:
            plan = tuple(replace(p, assistance=quick.assistance, unit=quick.unit) for p in plan)
        replies = await self.start(turn, program.id, program.title, plan)
        return noted(replies, read_as(typo, fixed) if fixed is not None else "")

    async def start_again(self, turn: Turn, args: str, prefs: Preferences) -> list[Reply] | None:
        """An exercise named alone ("/workout bench press"), as Hevy and Strong start one: last time's number of
        working sets and rep target again, the load from progression. None if it was never done with reps."""
        if any(ch.isdigit() for ch in args):  # "deadlift 5" is a set count gone wrong, not a name: the usage
            return None
        user = turn.user
        known = await self.known_to(user)
        typed = normalise_exercise(args.strip()[:60])  # an alias ("bench") is no typo; "bech press" is
        name = typed if typed in known else closest_known(typed, known) or ""
        done = [r for r in await self.log.history(user.id) if r.exercise == name and r.set_type == "working"]
        if not done or any(r.duration_s or r.distance_m or r.reps < 1 for r in done):
            return None
        latest = max(done, key=lambda r: r.performed_at).session_id
        sets = [r for r in done if r.session_id == latest]
        stored = await self.workouts.get_session(latest)  # what was planned: 2 of 3 sets done is still 3 sets
        planned = [
            p for p in (stored.plan if stored else []) if p.get("exercise") == name and p.get("set_type") == "working"
        ]
        low, high = sets[0].reps_min or min(r.reps for r in sets), sets[0].reps_max or max(r.reps for r in sets)
        block = ExerciseBlock(
            exercise=name,
            sets=min(max(len(sets), len(planned)), 20),
            reps_min=min(low, 100),
            reps_max=min(high, 100),
            rest_seconds=prefs.rest_seconds,
        )
        target = f"{block.reps_min}-{block.reps_max}" if block.reps_min != block.reps_max else f"{block.reps_min}"
        note = read_as(args.strip()[:40], name) if typed != name else ""
        return noted(await self._start_quick(turn, [block]), f"{note}(As last time: {block.sets} × {target}.)\n")

    async def start_routine_line(
        self, turn: Turn, args: str, prefs: Preferences, keep: Keep = frozenset()
    ) -> list[Reply] | None:
        """A quick workout in routine-line syntax, which the quick form lacks: "dips 3xAMRAP",
        "rowing 2x500m", and a single time or distance ("running 5km", "plank 60s": one set). None if it
        doesn't read."""
        if (block := _line_block(args.strip(), prefs)) is None:
            return None
        user = turn.user
        known = await self.known_to(user)
        if (asked := await self.ask_which(turn, block.exercise, args, known, keep=keep)) is not None:
            return [asked]
        typo = block.exercise
        if (fixed := closest_known(typo, known)) is not None:
            block = block.model_copy(update={"exercise": fixed})
        return noted(await self._start_quick(turn, [block]), read_as(typo, fixed) if fixed is not None else "")

    async def start_quick_list(
        self, turn: Turn, args: str, prefs: Preferences, keep: Keep = frozenset()
    ) -> list[Reply]:
        """A quick workout of several exercises split by ";" (nothing starts unless every part reads; a name
        that may mean several exercises is asked about first, one part at a time)."""
        user = turn.user
        parts = [p.strip() for p in args.split(";") if p.strip()]
        if not parts or len(parts) > MAX_EXERCISES:
            return [Reply(f"A quick workout takes 1 to {MAX_EXERCISES} exercises. {QUICK_LIST_USAGE}")]
        known = await self.known_to(user)
        blocks, notes = [], []
        for number, part in enumerate(parts, 1):
            try:
                block = _part_block(part, prefs)
            except SetInputError as exc:
                where = f"Exercise {number} (“{esc(part[:40])}”): "
                return [Reply(where + esc(str(exc)) + "\n" + QUICK_LIST_USAGE)]
            before, after = "".join(f"{p}; " for p in parts[: number - 1]), "".join(f"; {p}" for p in parts[number:])
            if asked := await self.ask_which(turn, block.exercise, part, known, before=before, after=after, keep=keep):
                return [asked]
            if (fixed := closest_known(block.exercise, known)) is not None:
                notes.append(read_as(block.exercise, fixed))
                block = block.model_copy(update={"exercise": fixed})
            blocks.append(block)
        return noted(await self._start_quick(turn, blocks), "".join(notes))

    async def _start_quick(self, turn: Turn, blocks: list[ExerciseBlock]) -> list[Reply]:
        """A quick workout of these blocks, titled by their exercises."""
        title = "Quick: " + " + ".join(b.exercise for b in blocks)
        program = Program(id="quick", title=title if len(title) <= 80 else title[:79] + "…", blocks=blocks)
        return await self.start(turn, program.id, program.title, await self.plan_for(turn.user, program))

    async def menu(self, user: User, unit: Unit = "kg") -> Reply:
        rows = await self.routine_rows(user)
        rows += [(Button(f"📋 {p.title}", WorkoutButton("go", p.id).pack()),) for p in self.programs.values()]
        recent = [s for s in await self.workouts.recent_sessions(user.id, 10) if s.status == "finished" and s.plan]
        seen: set[str] = set()
        for s in recent:
            if s.title not in seen and len(seen) < 3:
                seen.add(s.title)
                rows.append((Button(f"🔁 Again: {s.title[:40]}", WorkoutButton("again", s.id).pack()),))
        load = "100kg" if unit == "kg" else "225lb"  # the example in the lifter's unit
        return Reply(f"Pick a workout, or type a quick one: <code>/workout hip thrust 4x6 {load}</code>", tuple(rows))

    async def routine_rows(self, user: User) -> list[tuple[Button, ...]]:
        """Menu rows above the templates: the rotation's next routine, then the user's own routines."""
        if self.book is None:
            return []
        rows: list[tuple[Button, ...]] = []
        next_up = await self.book.next_up(user.id)
        if next_up is not None:
            rows.append((Button(f"⏭ Next up: {next_up.title}", WorkoutButton("go", next_up.program_id).pack()),))
        for stored in (await self.book.routines.list_routines(user.id))[:MENU_ROUTINES]:
            if next_up is None or stored.program_id != next_up.program_id:
                rows.append((Button(f"🗒 {stored.name}", WorkoutButton("go", stored.program_id).pack()),))
        return rows
