"""/routine: list routines, copy, share, delete them, chain them into a rotation, and route the editor's
buttons. Typing a routine in (new, edit, "did you mean ...?") is RoutineEditor's (routine_editor.py).
Every bad input gets a usage line and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..storage.repository import ExerciseStore, UserStore, WorkoutStore
from ..training.routine_ops import move, remove, routine_from_program
from ..training.routines import (
    Routine,
    clean_name,
    name_from_title,
    routine_key,
)
from . import routine_views as views
from .callbacks import BadCallback
from .flow import STALE_BUTTON, Flow
from .model import CallbackOutcome, Reply, User, esc
from .prompts import RoutineEditing
from .routine_book import Choice, RoutineBook, as_routine
from .routine_editor import RoutineEditor
from .routine_rotation import rotation_reply
from .routine_views import RoutineButton
from .turn import Turn
from .workout_log import SessionLog

USAGE = (
    "<b>Routines</b>\n"
    "<code>/routine</code> — yours and the built-in ones\n"
    "<code>/routine new Push A</code> and the exercises on the next lines (or in your next message)\n"
    "<code>/routine edit Push A</code> — change, add, remove or reorder exercises; rename\n"
    "<code>/routine copy Heavy hip thrust day</code> — your own copy of a routine\n"
    "<code>/routine share Push A</code> — the text that creates it again\n"
    "<code>/routine delete Push A</code>\n"
    "<code>/routine rotation Push A, Pull A, Legs</code> — the order /workout follows (<code>off</code> stops it)\n"
    "<code>/workout Push A</code> — start one by name\n"
    "A superset is one line: <code>superset: curl 3x12 / triceps pushdown 3x12</code>."
)
Clock = Callable[[], datetime]


class RoutineFlow(RoutineEditor, Flow):
    commands = ("routine",)
    button_prefixes = ("rt",)

    def __init__(
        self,
        book: RoutineBook,
        users: UserStore,
        workouts: WorkoutStore,
        clock: Clock,
        exercises: ExerciseStore | None = None,
    ):
        self.book, self.routines, self.users, self.clock = book, book.routines, users, clock
        self.log = SessionLog(workouts)
        self.exercises = exercises  # the lifter's own exercises (/exercise new) are names routines may use

    # --- commands -------------------------------------------------------------
    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        user = turn.user
        head, _, body = args.partition("\n")
        verb, _, rest = head.strip().partition(" ")
        verb, rest = verb.lower(), rest.strip()
        if not verb:
            return [await self._list(user)]
        if verb in ("new", "create"):
            return await self._new(turn, rest, body)
        if verb in ("edit", "change"):
            return await self._open_editor(turn, rest)
        if verb in ("copy", "duplicate"):
            return await self._copy(turn, rest)
        if verb in ("share", "show", "text"):
            return await self._share(user, rest)
        if verb in ("delete", "remove"):
            return await self._ask_delete(user, rest)
        if verb == "rotation":
            return [await rotation_reply(self.book, user.id, rest)]
        if verb != "help" and (found := (await self.book.find(user.id, head))[0]) is not None:
            return await self._share(user, found.title)  # "/routine Push A" shows it
        return [Reply(USAGE)]

    async def _list(self, user: User) -> Reply:
        own = [(r, as_routine(r)) for r in await self.routines.list_routines(user.id)]
        built_in = [Choice(p.id, p.title) for p in self.book.programs.values()]
        return views.list_reply(own, built_in, await self.book.rotation(user.id), await self.book.next_up(user.id))

    # --- copy, share, delete ---------------------------------------------------------------
    async def _copy(self, turn: Turn, name: str) -> list[Reply]:
        user = turn.user
        found, _ = await self.book.find(user.id, name)
        source = self._routine_of(found) if found else None
        if found is None or source is None:
            return [Reply(f"I don't know the routine “{esc(name[:40])}”. /routine lists them.")]
        taken = {routine_key(r.name) for r in await self.routines.list_routines(user.id)}
        base = name_from_title(found.title)[:36].strip()
        new_name = next(
            (n for n in [base] + [f"{base} {i}" for i in range(2, 60)] if routine_key(n) not in taken), base
        )
        return [await self._store(turn, Routine(clean_name(new_name), source.lines), None)]

    async def _share(self, user: User, name: str) -> list[Reply]:
        found, _ = await self.book.find(user.id, name)
        routine = self._routine_of(found) if found else None
        if routine is None:
            return [Reply(f"I don't know the routine “{esc(name[:40])}”. /routine lists them.")]
        return [
            Reply(
                f"<b>{esc(routine.name)}</b>: send this text to create it again (or forward it to a friend):\n"
                f"<code>{esc(views.share_text(routine))}</code>"
            )
        ]

    async def _ask_delete(self, user: User, name: str) -> list[Reply]:
        stored = await self._own_or_explain(user, name, "delete")
        if isinstance(stored, Reply):
            return [stored]
        return [views.delete_question(stored)]

    # --- buttons ------------------------------------------------------------------------------
    async def on_button(
        self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        user = turn.user
        try:
            b = RoutineButton.unpack(data)
        except BadCallback:
            return CallbackOutcome(toast=STALE_BUTTON)
        if b.action in ("yes", "no"):
            return await self._answer(turn, b)
        if b.action == "cp":  # copy a built-in template
            program = self.book.programs.get(b.arg)
            if program is None:
                return CallbackOutcome(toast=STALE_BUTTON)
            return CallbackOutcome(await self._copy(turn, program.title))
        stored = await self.routines.get_routine(user.id, b.routine)  # never another user's: keyed by user
        routine = as_routine(stored) if stored else None
        if stored is None or routine is None:
            return CallbackOutcome(toast="That routine is gone.")
        if b.action == "ed":
            return CallbackOutcome(await self._open_editor(turn, stored.name))
        if b.action == "keep":
            return CallbackOutcome([Reply(f"Kept <b>{esc(stored.name)}</b>.", edit=True)])
        if b.version != stored.version:  # changed since this message: show it as it is now
            return CallbackOutcome([views.edit_reply(stored, routine, "That list was out of date; here it is now.\n")])
        if b.action == "del":
            return CallbackOutcome([views.delete_question(stored)])
        if b.action == "delok":
            if not await self.routines.delete_routine(user.id, stored.id, stored.version):
                return CallbackOutcome(toast="That routine changed or is gone.")
            waiting = await self._waiting(turn)
            if isinstance(waiting, RoutineEditing) and waiting.id == stored.id:
                await self._prompt(turn, None)
            return CallbackOutcome([Reply(f"🗑 Deleted <b>{esc(stored.name)}</b>.", edit=True)])
        if b.action == "done":
            await self._prompt(turn, None)
            return CallbackOutcome([views.saved_reply(stored, routine, "Done editing")])
        if b.action == "rn":
            await self._prompt(turn, RoutineEditing(id=stored.id, renaming=True))
            return CallbackOutcome([Reply("Type the new name, e.g. <code>Push B</code>.")])
        entry = int(b.arg) - 1 if b.arg.isdigit() and len(b.arg) < 3 else -1
        changed = {"up": lambda: move(routine, entry, -1), "dn": lambda: move(routine, entry, 1)}.get(
            b.action, lambda: remove(routine, entry)
        )()
        if changed == routine:
            return CallbackOutcome(
                toast="Nothing to change there." if b.action != "rm" else "A routine keeps at least one exercise."
            )
        reply = await self._store(turn, changed, stored)
        return CallbackOutcome([Reply(reply.text, reply.buttons, edit=True)])

    # --- helpers ------------------------------------------------------------------------------
    def _routine_of(self, choice: Choice) -> Routine | None:
        if choice.routine is not None:
            return as_routine(choice.routine)
        program = self.book.programs.get(choice.program_id)
        return routine_from_program(program, name_from_title(program.title)) if program else None
