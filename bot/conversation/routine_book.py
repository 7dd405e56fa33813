"""Everything a user can start by name: their own routines and the built-in templates, and the rotation.

Built-in templates are known by their id; a user's routine by "my-<id>" (StoredRoutine.program_id),
which is also the program id of the workouts started from it, so the rotation can tell which one
was done last. No Telegram here."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from pydantic import ValidationError

from ..storage.repository import RoutineStore, StoredRoutine, WorkoutStore
from ..training.programs import Program
from ..training.routine_ops import next_in_rotation, to_program
from ..training.routines import Routine, RoutineLine, routine_key
from ..training.units import Unit

MAX_LOOKUP_CHARS = 64  # longer text is not a routine name: no fuzzy matching on it
RECENT_WORKOUTS = 30  # how far back the rotation looks for the last routine finished


@dataclass(frozen=True)
class Choice:
    program_id: str
    title: str
    routine: StoredRoutine | None = None  # None: a built-in template


def as_routine(stored: StoredRoutine) -> Routine | None:
    """The stored rows as a routine; None if a row is unreadable (never crashes a listing)."""
    try:
        return Routine(stored.name, tuple(RoutineLine.from_json(line) for line in stored.lines))
    except TypeError:
        return None


class RoutineBook:
    def __init__(self, routines: RoutineStore, workouts: WorkoutStore, programs: dict[str, Program]):
        self.routines, self.workouts, self.programs = routines, workouts, programs

    async def choices(self, user_id: int) -> list[Choice]:
        """The user's routines first, then the built-in templates."""
        own = [Choice(r.program_id, r.name, r) for r in await self.routines.list_routines(user_id)]
        return own + [Choice(p.id, p.title) for p in self.programs.values()]

    async def choice(self, user_id: int, program_id: str) -> Choice | None:
        if program_id in self.programs:
            return Choice(program_id, self.programs[program_id].title)
        routine_id = program_id.removeprefix("my-")
        if not program_id.startswith("my-") or not routine_id.isdigit() or len(routine_id) > 9:
            return None
        stored = await self.routines.get_routine(user_id, int(routine_id))
        return Choice(stored.program_id, stored.name, stored) if stored else None

    async def program(self, user_id: int, program_id: str, default_rest: int, unit: Unit = "kg") -> Program | None:
        """The workout template to start: a built-in one, or the user's routine with their default rest."""
        found = await self.choice(user_id, program_id)
        return self.program_of(found, default_rest, unit) if found else None

    def program_of(self, choice: Choice, default_rest: int, unit: Unit = "kg") -> Program | None:
        if choice.routine is None:
            return self.programs.get(choice.program_id)
        routine = as_routine(choice.routine)
        try:
            return to_program(routine, choice.program_id, default_rest, unit) if routine else None
        except ValidationError:
            return None

    async def find(self, user_id: int, text: str) -> tuple[Choice | None, bool]:
        """The routine or template this name means: (choice, True) for an exact name (any case or
        spacing) or a template id, (choice, False) for a close misspelling, (None, False) for none."""
        key = routine_key(text)
        if not key or len(key) > MAX_LOOKUP_CHARS:
            return None, False
        choices = await self.choices(user_id)
        for choice in choices:  # the user's own first: their "Legs" wins over a template titled "Legs"
            # A title's short name counts too: "Full body A" of "Full body A: squat, bench, row".
            short = routine_key(choice.title.partition(":")[0])
            if key in (routine_key(choice.title), short) or (choice.routine is None and choice.program_id == key):
                return choice, True
        by_key: dict[str, Choice] = {}
        for choice in choices:
            by_key.setdefault(routine_key(choice.title), choice)
        close = [c for c in difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.75) if not _other_mark(key, c)]
        if len(close) == 1 or (len(close) == 2 and _ratio(key, close[0]) > _ratio(key, close[1])):
            return by_key[close[0]], False
        return None, False

    async def rotation(self, user_id: int) -> list[Choice]:
        """The rotation in order, skipping anything no longer there."""
        out = []
        for program_id in await self.routines.get_rotation(user_id):
            if (found := await self.choice(user_id, program_id)) is not None:
                out.append(found)
        return out

    async def next_up(self, user_id: int) -> Choice | None:
        """The rotation's next routine: the one after the last finished; None without a rotation."""
        rotation = await self.rotation(user_id)
        if not rotation:
            return None
        recent = await self.workouts.recent_sessions(user_id, RECENT_WORKOUTS)
        finished = [s.program_id for s in recent if s.status == "finished"]
        program_id = next_in_rotation([c.program_id for c in rotation], finished)
        return next(c for c in rotation if c.program_id == program_id)


def _other_mark(typed: str, name: str) -> bool:
    """Whether both names carry the letter or number that tells a lifter's routines apart ("push a", "push b",
    "day 2") and they differ: another routine, not a typo ("Push B" started Push A; "push aa" is Push A)."""
    marks = [{w for w in k.split() if len(w) == 1 or w.isdigit()} for k in (typed, name)]
    return bool(marks[0] and marks[1] and marks[0] != marks[1])


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
