"""Which exercise a typed name means, when it may mean several ("row": a barbell row, a dumbbell row...):
asked with a button each before anything starts or is added (part of WorkoutFlow). A tap starts the
/workout (or does the /add) that was typed, with the exercise picked; one more button keeps the name as
typed, an exercise of the lifter's own."""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from ..training.catalogue import default_catalogue
from ..training.exercises import meanings, takes_load
from ..training.parsing import normalise_exercise
from ..training.plan_edits import kind_of
from ..training.units import Unit
from .callbacks import WorkoutButton
from .model import Button, CallbackOutcome, Reply, User, esc
from .preferences import Preferences
from .prompts import PickExercise
from .turn import Turn
from .workout_log import SessionLog

PICK_BUTTONS = 8  # exercises offered for a name that may mean several ("press" has 12: the rest are typed)
PICK_FOR = timedelta(minutes=10)
Keep = frozenset[str]  # names the lifter said are their own: not asked about again


class ExercisePick:
    """A mixin of WorkoutFlow: it uses the flow's log and clock, and its starts and /add."""

    log: SessionLog
    clock: Callable[[], datetime]

    if TYPE_CHECKING:  # provided by WorkoutFlow

        async def known_to(self, user: User) -> set[str]: ...
        async def start_typed(self, turn: Turn, args: str, prefs: Preferences, keep: Keep = ...) -> list[Reply]: ...
        async def start_quick_list(
            self, turn: Turn, args: str, prefs: Preferences, keep: Keep = ...
        ) -> list[Reply]: ...
        async def add_exercise(
            self, turn: Turn, args: str, message_id: int | None, keep: Keep = ...
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
    ) -> Reply | None:
        """ "row" may be a barbell row, a dumbbell row...: which one, with a button each (and one for the
        name as typed). `part` is the typed exercise ("row 3x8 60kg"), `before` and `after` the rest of the
        command's text (other exercises of a list). None when the name is known, kept, or in no name."""
        names = [] if name in keep else meanings(name, known)
        if not names:
            return None
        done = {r.exercise for r in await self.log.history(turn.user.id)}
        names.sort(key=lambda n: n not in done)  # the ones the lifter has done first, else catalogue order
        shown = names[:PICK_BUTTONS]
        digit = next((i for i, ch in enumerate(part) if ch.isdigit()), len(part))
        rest = part[digit:].strip()
        nonce = uuid.uuid4().hex[:8]
        await turn.set_prompt(
            PickExercise(
                nonce=nonce,
                typed=name,
                rest=rest,
                before=before,
                after=after,
                names=shown,
                keep=sorted(keep),
                command=command,
                until=self.clock() + PICK_FOR,
            )
        )
        happens = "nothing was added" if command == "add" else "nothing started"
        if len(shown) == 1:
            text = f"Did you mean <b>{esc(shown[0])}</b>? {happens.capitalize()} yet: tap the one you mean."
        else:
            text = f"“{esc(name)}” could be any of these, so {happens} yet. Which one? Tap it, or send it again "
            text += "with its full name."
        if len(names) > len(shown):
            text += f" ({len(names) - len(shown)} more have “{esc(name)}” in their name.)"
        rows = [
            (Button(f"{n[:1].upper()}{n[1:]} {rest}"[:60], WorkoutButton("pick", nonce, i).pack()),)
            for i, n in enumerate(shown)
        ]
        mine = f"🆕 “{name}”, my own exercise"
        own = Button(
            mine if len(mine) <= 60 else "🆕 As typed, my own exercise", WorkoutButton("pick", nonce, len(shown)).pack()
        )
        return Reply(text, (*rows, (own,)))

    async def picked(self, turn: Turn, nonce: str, index: int) -> CallbackOutcome:
        """A tap on one of ask_which's buttons: the command typed goes ahead with that exercise."""
        prompt = await turn.prompt()
        if (
            not isinstance(prompt, PickExercise)
            or prompt.nonce != nonce
            or prompt.until <= self.clock()
            or index > len(prompt.names)
        ):
            return CallbackOutcome(toast="That question is over. Send the exercise again.")
        await turn.set_prompt(None)
        keep = frozenset(prompt.keep) | ({prompt.typed} if index == len(prompt.names) else set())
        name = prompt.names[index] if index < len(prompt.names) else prompt.typed
        text = f"{prompt.before}{name} {prompt.rest}{prompt.after}"
        if prompt.command == "add":
            return CallbackOutcome(await self.add_exercise(turn, text, None, keep))
        prefs = await turn.preferences()
        if prompt.before or prompt.after:
            return CallbackOutcome(await self.start_quick_list(turn, text, prefs, keep))
        return CallbackOutcome(await self.start_typed(turn, text, prefs, keep))

    async def nothing_named(self, user: User, args: str, unit: Unit) -> str:
        """For "/workout <name>" without sets that starts nothing (after named_several): a known exercise never
        logged has no "as last time"; any other name is no routine or exercise of theirs ("" for input with
        numbers, which gets the usage)."""
        text = " ".join(args.split())[:40]
        if not text or any(ch.isdigit() for ch in text):
            return ""
        known = await self.known_to(user)
        # Exact names, aliases ("squat") and close typos ("sqaut") only: the catalogue's looser guess read
        # "Push B", a routine's name, as the push-up.
        name = normalise_exercise(text)
        found = default_catalogue().resolve(name)
        near = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85)
        name = found.name if found else name if name in known else near[0] if near else ""
        if not name:
            load = f"{60 if unit == 'kg' else 135}{unit}"
            return (
                f"I have no routine or exercise called “{esc(text)}”, so nothing started. Send /workout to see "
                f"your routines and templates, or start a quick one: <code>/workout squat 3x5 {load}</code>."
            )
        example = {"duration": "3x45s", "distance_duration": "1x400m"}.get(kind_of(name))
        example = example or (f"3x8 {40 if unit == 'kg' else 95}{unit}" if takes_load(name) else "3x8")
        return (
            f"No sets of <b>{esc(name)}</b> are logged yet, so there is no “as last time” to start. "
            f"Send its sets, e.g. <code>/workout {esc(name)} {example}</code>."
        )

    async def named_several(self, user: User, args: str) -> str:
        """For "/workout row" without sets: the exercises the name may mean, to send with their sets ("" when
        it means none of several)."""
        text = args.strip()
        names = meanings(normalise_exercise(text), await self.known_to(user)) if text.isascii() else []
        if not names or any(ch.isdigit() for ch in text):
            return ""
        listed = ", ".join(names[:PICK_BUTTONS]) + (", …" if len(names) > PICK_BUTTONS else "")
        example = {"duration": "3x45s", "distance_duration": "1x400m"}.get(kind_of(names[0]), "3x8")
        return (
            f"“{esc(text[:40])}” could be {esc(listed)}. Send the one you mean with its sets, "
            f"e.g. <code>/workout {esc(names[0])} {example}</code>."
        )
