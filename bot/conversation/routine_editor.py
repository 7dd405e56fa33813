"""Typing a routine in: `/routine new` (its name, then its exercises), `/routine edit` (typed edits and
the editor's buttons' saves), and the "did you mean ...?" asked before a likely typo is saved (part of
RoutineFlow).

What it waits for is kept in the database as the user's open prompt (`prompts.RoutinePrompt`), so any
process or replica can take the next message. Every bad input gets a usage line and changes nothing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from ..storage.repository import RoutineNameTaken, RoutineStore, StoredRoutine
from ..training.catalogue import default_catalogue
from ..training.routine_ops import Resolved, apply_edits, resolve_names
from ..training.routines import (
    LINE_HELP,
    MAX_NAME_CHARS,
    Routine,
    RoutineError,
    RoutineLine,
    clean_name,
    parse_numbered,
    routine_key,
)
from . import routine_views as views
from .flow import STALE_BUTTON
from .model import Button, CallbackOutcome, Reply, User, esc
from .prompts import RoutineConfirm, RoutineEditing, RoutineLines, RoutineName, RoutinePrompt
from .routine_book import RoutineBook, as_routine
from .routine_views import RoutineButton
from .stray_answers import bare_answer
from .turn import Turn
from .workout_log import SessionLog

PROMPT_MINUTES = 30  # a prompt left open longer no longer takes typed text
ASK_NAME = (
    "What should the new routine be called? Send its name, e.g. <code>Push A</code>; the exercises can follow "
    "on the next lines. /cancel stops."
)
ASK_NAME_FOR_LINES = (
    "Got the exercises. What should the routine be called? Send its name, e.g. <code>Push A</code>, or /cancel."
)
CANCEL_WORDS = frozenset({"cancel", "stop", "never mind", "nevermind", "forget it", "no", "nope", "n"})
# A question typed instead of a name: it is answered, and the name is still asked for.
QUESTION_START = re.compile(r"(?:how|what|why|when|which|where|who|should|can|could|is|are|do|does)\b")
YES, NO = frozenset({"yes", "y", "yep", "yeah", "ok"}), frozenset({"no", "n", "nope"})
NOT_SAVED = "(The line I asked “did you mean …?” about was not saved; send it again to add it.)\n"


class RoutineEditor:
    """A mixin of RoutineFlow: it uses the flow's routines store, clock and session log."""

    book: RoutineBook
    routines: RoutineStore
    clock: Callable[[], datetime]
    log: SessionLog

    async def _new(self, turn: Turn, name_text: str, body: str, *, asked: bool = False) -> list[Reply]:
        """`asked`: the name answers "what should it be called?" (the prompt stays open for another)."""
        user = turn.user
        if not name_text.strip():  # "/routine new" alone, or with the exercises only: ask for the name
            if body.strip() and (problem := await self._unreadable(turn, body)) is not None:
                return [problem]
            await self._prompt(turn, RoutineName(lines=body))
            return [Reply(ASK_NAME_FOR_LINES if body.strip() else ASK_NAME)]
        try:
            name = clean_name(name_text)
        except RoutineError as exc:
            return [Reply(f"{exc} For example:\n<code>/routine new Push A\nbench press 3x5 80kg</code>")]
        if await self._own(user, name) is not None:
            other = " Send another name, or /cancel." if asked else ""
            return [
                Reply(f"You already have <b>{esc(name)}</b>: <code>/routine edit {esc(name)}</code> changes it.{other}")
            ]
        if not body.strip():
            await self._prompt(turn, RoutineLines(name=name))
            return [Reply(f"Send the exercises for <b>{esc(name)}</b>, one per line. {LINE_HELP}")]
        return await self._save_lines(turn, name, body, from_prompt=False)

    async def _named(self, turn: Turn, waiting: RoutineName, text: str) -> list[Reply] | None:
        """The answer to "what should the new routine be called?"; None for a question typed instead (it is
        answered, and the name is still asked for)."""
        head, _, body = text.strip().partition("\n")
        word = " ".join(head.lower().strip(" .!").split())
        if word in CANCEL_WORDS and not body.strip():
            await self._prompt(turn, None)
            return [Reply("OK, no new routine; nothing was saved.")]
        if QUESTION_START.match(word):
            return None
        if bare_answer(head) and not body.strip():  # "ok" is no name: the question was what to call it
            return [Reply("I need the routine's name, e.g. <code>Push A</code>, or /cancel.")]
        try:
            name = clean_name(head)
        except RoutineError as exc:
            if views.might_be_routine_text(text) and not waiting.lines:  # the exercises first: kept for the name
                if (problem := await self._unreadable(turn, text)) is not None:
                    return [problem]
                await self._prompt(turn, RoutineName(lines=text))
                return [Reply(ASK_NAME_FOR_LINES)]
            return [Reply(f"{exc}\nSend just the name, e.g. <code>Push A</code>, or /cancel.")]
        return await self._new(turn, name, body if body.strip() else waiting.lines, asked=True)

    async def _unreadable(self, turn: Turn, text: str) -> Reply | None:
        """What is wrong with these routine lines, before they are kept for a name; None: they read."""
        try:
            parse_numbered(text, (await turn.preferences()).unit)
        except RoutineError as exc:
            return Reply(f"{exc}\n{LINE_HELP}\nNothing was saved.")
        return None

    async def _save_lines(self, turn: Turn, name: str, text: str, *, from_prompt: bool) -> list[Reply]:
        """Create the routine. Lines sent at the prompt open the editor, so more lines sent one message at
        a time (as the terminal chat does) are added."""
        user = turn.user
        try:
            lines, numbers = parse_numbered(text, (await turn.preferences()).unit)
        except RoutineError as exc:
            return [Reply(f"{exc}\n{LINE_HELP}\nNothing was saved.")]
        resolved = resolve_names(lines, default_catalogue(), await self._own_exercises(user))
        back = RoutineLines(name=name, from_prompt=from_prompt)
        return await self._check_and_save(turn, Routine(name, resolved.lines), resolved, numbers, None, back)

    async def _check_and_save(
        self,
        turn: Turn,
        routine: Routine,
        resolved: Resolved,
        numbers: tuple[int, ...] | None,
        target: StoredRoutine | None,
        back: RoutineLines | RoutineEditing,
    ) -> list[Reply]:
        """Save unless a name is unknown (rejected) or a likely typo (asked first)."""

        def where(index: int) -> str:
            return f" (line {numbers[index]})" if numbers else ""

        if resolved.unknown:
            problems = [
                f"I don't know the exercise “{esc(i.typed[:40])}”{where(i.index)}."
                + (f" The closest I know is <b>{esc(i.suggestion)}</b>." if i.suggestion else "")
                for i in resolved.unknown
            ]
            return [Reply("\n".join(problems) + "\nFix the name and send it again; nothing was saved.")]
        if resolved.typos:
            nonce = uuid.uuid4().hex[:8]
            await self._prompt(
                turn,
                RoutineConfirm(
                    nonce=nonce,
                    name=routine.name,
                    lines=[line.to_json() for line in routine.lines],
                    target=(target.id, target.version) if target else None,
                    back=back,
                ),
            )
            asks = [
                f"“{esc(i.typed[:40])}”{where(i.index)}: did you mean <b>{esc(i.suggestion or '')}</b>?"
                for i in resolved.typos
            ]
            buttons = (
                Button("✅ Yes, save it", RoutineButton("yes", arg=nonce).pack()),
                Button("✖ No", RoutineButton("no", arg=nonce).pack()),
            )
            return [Reply("\n".join(asks), (buttons,))]
        return [
            await self._store(turn, routine, target, keep_editing=isinstance(back, RoutineLines) and back.from_prompt)
        ]

    async def _store(
        self, turn: Turn, routine: Routine, target: StoredRoutine | None, keep_editing: bool = False
    ) -> Reply:
        user = turn.user
        lines = [line.to_json() for line in routine.lines]
        try:
            if target is None:
                stored = await self.routines.create_routine(user.id, routine.name, routine_key(routine.name), lines)
            else:
                stored = await self.routines.update_routine(
                    user.id, target.id, target.version, routine.name, routine_key(routine.name), lines
                )
        except RoutineNameTaken:
            return Reply(f"You already have a routine called <b>{esc(routine.name)}</b>; pick another name.")
        if stored is None and target is None:
            return Reply("You have the most routines I keep (50). Delete one first: <code>/routine delete …</code>")
        if stored is None:
            await self._prompt(turn, None)
            return Reply("That routine changed or was deleted meanwhile; nothing was saved. /routine shows it now.")
        if target is None and keep_editing:
            await self._prompt(turn, RoutineEditing(id=stored.id))
            saved = views.saved_reply(stored, routine)
            return Reply(saved.text + "\nSend more lines to add them, or <code>done</code>.", saved.buttons)
        if target is None:
            await self._prompt(turn, None)
            return views.saved_reply(stored, routine)
        await self._prompt(turn, RoutineEditing(id=stored.id))
        return views.edit_reply(stored, routine, "✅ Saved.\n")

    async def _open_editor(self, turn: Turn, name: str) -> list[Reply]:
        user = turn.user
        stored = await self._own_or_explain(user, name, "edit")
        if isinstance(stored, Reply):
            return [stored]
        routine = as_routine(stored)
        if routine is None:
            return [Reply("That routine can't be read any more; delete it and create it again.")]
        await self._prompt(turn, RoutineEditing(id=stored.id))
        return [views.edit_reply(stored, routine)]

    async def _typed_edit(self, turn: Turn, routine_id: int, text: str) -> list[Reply]:
        user = turn.user
        stored = await self.routines.get_routine(user.id, routine_id)
        routine = as_routine(stored) if stored else None
        if stored is None or routine is None:
            await self._prompt(turn, None)
            return [Reply("That routine is gone. /routine lists yours.")]
        try:
            edited = apply_edits(routine, text, (await turn.preferences()).unit)
        except RoutineError as exc:
            return [Reply(f"{exc}\nNothing changed.")]
        if edited.routine == routine:
            if edited.done:
                await self._prompt(turn, None)
                return [views.saved_reply(stored, routine, "Done editing")]
            return [views.edit_reply(stored, routine)]
        own = await self._own_exercises(user) | {line.exercise for line in routine.lines}
        resolved = resolve_names(edited.routine.lines, default_catalogue(), own)
        back = RoutineEditing(id=stored.id)
        new = Routine(edited.routine.name, resolved.lines)
        replies = await self._check_and_save(turn, new, resolved, None, stored, back)
        if edited.done and not resolved.typos and not resolved.unknown:
            await self._prompt(turn, None)
        return replies

    async def on_text(self, turn: Turn, text: str, message_id: int | None = None) -> list[Reply] | None:
        routine_text = views.might_be_routine_text(text)
        if not routine_text and not might_be_a_name(text):
            return None  # a question: answered, and no prompt read for it
        waiting = await self._waiting(turn)
        if isinstance(waiting, RoutineName):
            return await self._named(turn, waiting, text)
        if not routine_text:
            return None
        note = ""
        if isinstance(waiting, RoutineConfirm):
            word = text.strip().lower().strip(".!")
            if word in YES or word in NO:  # typed instead of tapped
                outcome = await self._answer(turn, RoutineButton("yes" if word in YES else "no", arg=waiting.nonce))
                return outcome.replies or [Reply(outcome.toast or STALE_BUTTON)]
            # Typed again instead of answering: read it as before, and say the line asked about is not saved.
            note, waiting = NOT_SAVED, waiting.back
        if isinstance(waiting, RoutineLines):
            replies = await self._save_lines(turn, waiting.name, text, from_prompt=True)
        elif isinstance(waiting, RoutineEditing):
            replies = await self._typed_edit(turn, waiting.id, text)
        else:
            return None
        return [replace(replies[0], text=note + replies[0].text), *replies[1:]] if note and replies else replies

    async def _answer(self, turn: Turn, b: RoutineButton) -> CallbackOutcome:
        confirm = await self._waiting(turn)
        if not isinstance(confirm, RoutineConfirm) or confirm.nonce != b.arg:
            return CallbackOutcome(toast=STALE_BUTTON)
        if b.action == "no":
            await self._prompt(turn, confirm.back)
            return CallbackOutcome(
                [Reply("OK, nothing saved. Send the line again with the name you meant.", edit=True)]
            )
        routine = Routine(confirm.name, tuple(RoutineLine.from_json(line) for line in confirm.lines))
        target = None
        if confirm.target is not None:
            routine_id, version = confirm.target
            target = await self.routines.get_routine(turn.user.id, routine_id)
            if target is None or target.version != version:
                await self._prompt(turn, None)
                return CallbackOutcome([Reply("That routine changed meanwhile; nothing was saved.")])
        keep_editing = target is None and isinstance(confirm.back, RoutineLines) and confirm.back.from_prompt
        return CallbackOutcome([await self._store(turn, routine, target, keep_editing)])

    async def _own(self, user: User, name: str) -> StoredRoutine | None:
        key = routine_key(name)
        return next((r for r in await self.routines.list_routines(user.id) if routine_key(r.name) == key), None)

    async def _own_exercises(self, user: User) -> set[str]:
        return {r.exercise for r in await self.log.history(user.id)}

    async def _waiting(self, turn: Turn) -> RoutineName | RoutineLines | RoutineEditing | RoutineConfirm | None:
        """What this flow waits for the user to type, if its prompt is open and fresh."""
        prompt = await turn.prompt()
        if not isinstance(prompt, RoutinePrompt) or prompt.until <= self.clock():
            return None
        return prompt.waiting_for

    async def _prompt(
        self, turn: Turn, state: RoutineName | RoutineLines | RoutineEditing | RoutineConfirm | None
    ) -> None:
        """Open (or with None, close) what the flow waits for; another flow's prompt is not ours to close."""
        if state is None:
            await turn.close_prompt(RoutinePrompt)
        else:
            await turn.set_prompt(
                RoutinePrompt(until=self.clock() + timedelta(minutes=PROMPT_MINUTES), waiting_for=state)
            )

    async def _own_or_explain(self, user: User, name: str, what: str) -> StoredRoutine | Reply:
        found, _ = await self.book.find(user.id, name)
        if found is not None and found.routine is not None:
            return found.routine
        if found is not None:
            return Reply(
                f"<b>{esc(found.title)}</b> is built in. <code>/routine copy {esc(found.title)}</code> "
                f"makes your own copy to {what}."
            )
        return Reply(f"I don't know your routine “{esc(name[:40])}”. Usage: <code>/routine {what} Push A</code>")


def might_be_a_name(text: str) -> bool:
    """Cheap, no database: could this message answer "what should the routine be called?" (a short first
    line, no question mark)? Only then is the open prompt read."""
    head = text[: 2 * MAX_NAME_CHARS + 2].strip().partition("\n")[0]
    return 0 < len(head) <= 2 * MAX_NAME_CHARS and "?" not in head  # a name a little long is told so
