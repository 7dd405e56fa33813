"""Typing a routine in: `/routine new` (its name, then its exercises), `/routine edit` (typed edits and
the editor's buttons' saves), and the "did you mean ...?" asked about a likely typo, which is saved as
typed meanwhile (routine_typos.py) (part of RoutineFlow).

What it waits for is kept in the database as the user's open prompt (`prompts.RoutinePrompt`), so any
process or replica can take the next message. Every bad input gets a usage line and changes nothing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from ..storage.repository import ExerciseStore, RoutineNameTaken, RoutineStore, StoredRoutine
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
from . import routine_typos as typos
from . import routine_views as views
from .model import CallbackOutcome, Reply, User, esc, said
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
Was = Mapping[int, tuple[RoutineLine, ...]]


class RoutineEditor:
    """A mixin of RoutineFlow: it uses the flow's routines store, clock and session log."""

    book: RoutineBook
    routines: RoutineStore
    clock: Callable[[], datetime]
    log: SessionLog
    exercises: ExerciseStore | None

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
        word = said(head)
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
        was: Was = views.NONE,
    ) -> list[Reply]:
        """Save unless a name is unknown (rejected, nothing saved). A likely typo is saved as typed and asked
        about alongside: lines sent while the question waits are never dropped."""

        def where(index: int) -> str:
            return f" (line {numbers[index]})" if numbers else ""

        if resolved.unknown:
            problems = [
                f"I don't know the exercise “{esc(i.typed[:40])}”{where(i.index)}."
                + (f" The closest I know is <b>{esc(i.suggestion)}</b>." if i.suggestion else "")
                for i in resolved.unknown
            ]
            own = resolved.unknown[0].typed[:40]
            return [
                Reply(
                    "\n".join(problems) + "\nFix the name and send it again; nothing was saved. If it is an exercise "
                    f"of your own, add it first: <code>/exercise new {esc(own)} weight</code>."
                )
            ]
        editing = back if isinstance(back, RoutineEditing) else None
        asks = [*(editing.asks if editing else ()), [i.typed for i in resolved.typos]]
        reply, stored = await self._save(
            turn,
            Routine(routine.name, typos.as_typed(resolved)),
            target,
            keep_editing=isinstance(back, RoutineLines) and back.from_prompt,
            was=was,
            asks=asks,
            close_after=editing.close_after if editing else False,
        )
        if stored is None or not resolved.typos:
            return [reply]
        return [reply, typos.question(stored.id, resolved.typos, where)]

    async def _store(
        self, turn: Turn, routine: Routine, target: StoredRoutine | None, keep_editing: bool = False
    ) -> Reply:
        return (await self._save(turn, routine, target, keep_editing))[0]

    async def _save(
        self,
        turn: Turn,
        routine: Routine,
        target: StoredRoutine | None,
        keep_editing: bool = False,
        was: Was = views.NONE,
        asks: list[list[str]] | None = None,
        close_after: bool = False,
    ) -> tuple[Reply, StoredRoutine | None]:
        """Write the routine; the reply and the stored routine (None: not saved). `asks`: the open "did you
        mean ...?" questions, kept in the editor's prompt so a typed yes or no answers them."""
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
            return Reply(f"You already have a routine called <b>{esc(routine.name)}</b>; pick another name."), None
        if stored is None and target is None:
            limit = "You have the most routines I keep (50). Delete one first: <code>/routine delete …</code>"
            return Reply(limit), None
        if stored is None:
            await self._prompt(turn, None)
            return Reply(
                "That routine changed or was deleted meanwhile; nothing was saved. /routine shows it now."
            ), None
        waiting = await self._waiting(turn) if asks is None and target is not None else None
        if isinstance(waiting, RoutineEditing) and target is not None and waiting.id == target.id:
            asks, close_after = waiting.asks, waiting.close_after  # a button's save keeps the open question
        asks = typos.still_open(asks or [], routine)
        if target is None and not keep_editing:
            # opened only so a typed yes/no answers the question; otherwise nothing is waited for
            await self._prompt(turn, RoutineEditing(id=stored.id, asks=asks, close_after=True) if asks else None)
            return views.saved_reply(stored, routine), stored
        await self._prompt(turn, RoutineEditing(id=stored.id, asks=asks, close_after=close_after))
        if target is None:
            saved = views.saved_reply(stored, routine)
            return Reply(saved.text + "\nSend more lines to add them, or <code>done</code>.", saved.buttons), stored
        return views.edit_reply(stored, routine, "✅ Saved.\n", was), stored

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

    async def _typed_edit(self, turn: Turn, waiting: RoutineEditing, text: str) -> list[Reply]:
        user = turn.user
        stored = await self.routines.get_routine(user.id, waiting.id)
        routine = as_routine(stored) if stored else None
        if stored is None or routine is None:
            await self._prompt(turn, None)
            return [Reply("That routine is gone. /routine lists yours.")]
        if _edit_word_slip(text) and not views.might_be_routine_text(text):
            return [Reply(f"I couldn't read “{esc(text.strip()[:40])}” as a change. {EDIT_HELP} Nothing changed.")]
        try:
            edited = apply_edits(routine, text, (await turn.preferences()).unit)
        except RoutineError as exc:
            # a one-line message's error names no line of the message (a stranger read "Line 1" as routine line 1)
            said = exc.problem if exc.line == 1 and "\n" not in text.strip() else str(exc)
            return [Reply(f"{said}\nNothing changed.")]
        if edited.routine == routine:
            if edited.done:
                await self._prompt(turn, None)
                return [views.saved_reply(stored, routine, "Done editing", _still_asked(sum(waiting.asks, [])))]
            return [views.edit_reply(stored, routine)]
        # the routine's own names count as known: a name kept as typed is not asked about again
        own = await self._own_exercises(user) | {line.exercise for line in routine.lines}
        resolved = resolve_names(edited.routine.lines, default_catalogue(), own)
        new = Routine(edited.routine.name, resolved.lines)
        replies = await self._check_and_save(turn, new, resolved, None, stored, waiting, edited.was)
        if edited.done and not resolved.unknown and replies[0].text.startswith("✅"):
            await self._prompt(turn, None)  # saved: the buttons of a question still work without the prompt
        return replies

    async def on_text(self, turn: Turn, text: str, message_id: int | None = None) -> list[Reply] | None:
        routine_text = views.might_be_routine_text(text)
        if not routine_text and not might_be_a_name(text):
            return None  # a question: answered, and no prompt read for it
        waiting = await self._waiting(turn)
        if isinstance(waiting, RoutineName):
            return await self._named(turn, waiting, text)
        if isinstance(waiting, RoutineEditing) and waiting.renaming and not routine_text:
            # after ✏️ Rename, "Push Beta" alone is the name (a stranger's got "I don't know that one yet")
            return await self._typed_edit(turn, waiting.model_copy(update={"renaming": False}), f"rename {text}")
        if not routine_text and not (isinstance(waiting, RoutineEditing) and _edit_word_slip(text)):
            return None
        if isinstance(waiting, RoutineLines):
            return await self._save_lines(turn, waiting.name, text, from_prompt=True)
        if not isinstance(waiting, RoutineEditing):
            return None
        word = text.strip().lower().strip(".!")
        if waiting.asks and (word in YES or word in NO):  # "did you mean ...?" answered by typing
            arg = "-".join(typos.tag(name) for name in waiting.asks[-1])  # the latest question
            outcome = await self._answer(turn, RoutineButton("yes" if word in YES else "no", waiting.id, 0, arg))
            replies = [replace(r, edit=False) for r in outcome.replies] or [Reply(outcome.toast or "Nothing changed.")]
            if len(waiting.asks) > 1 and outcome.replies:
                replies.append(typos.asked_again(waiting.id, waiting.asks[-2]))
            return replies
        if word in (YES | NO) - {"ok"}:
            return None  # nothing asked: a stray yes/no gets its own short reply
        return await self._typed_edit(turn, waiting, text)

    async def _answer(self, turn: Turn, b: RoutineButton) -> CallbackOutcome:
        """✅/✖ of "did you mean ...?", on the routine as it is now (lines added meanwhile stay)."""
        stored = await self.routines.get_routine(turn.user.id, b.routine)
        routine = as_routine(stored) if stored else None
        names = typos.asked_in(routine, b.arg.split("-")) if routine else []
        if stored is None or routine is None or not names:
            return CallbackOutcome(toast="Already answered, or that line was changed or removed.")
        if b.action == "yes":
            changed = typos.renamed(routine, names)
            lines = [line.to_json() for line in changed.lines]
            key = routine_key(changed.name)
            if (
                await self.routines.update_routine(turn.user.id, stored.id, stored.version, changed.name, key, lines)
                is None
            ):
                return CallbackOutcome(toast="That routine changed just now; tap again.")
        waiting = await self._waiting(turn)
        if isinstance(waiting, RoutineEditing) and waiting.id == stored.id:
            left = [[name for name in group if name not in names] for group in waiting.asks]
            left = [group for group in left if group]
            done = waiting.close_after and not left
            await self._prompt(
                turn, None if done else RoutineEditing(id=stored.id, asks=left, close_after=waiting.close_after)
            )
        return CallbackOutcome([typos.answered(names, stored.name, b.action == "yes", stored.id, b.arg)])

    async def _own(self, user: User, name: str) -> StoredRoutine | None:
        key = routine_key(name)
        return next((r for r in await self.routines.list_routines(user.id) if routine_key(r.name) == key), None)

    async def _own_exercises(self, user: User) -> set[str]:
        """Names beyond the catalogue a routine may use: the lifter's history's and their own exercises' (a
        stranger's '/exercise new my press weight' was then refused in '/routine new Mine')."""
        own = await self.exercises.own_exercises(user.id) if self.exercises is not None else []
        return {r.exercise for r in await self.log.history(user.id)} | {e.name for e in own}

    async def _waiting(self, turn: Turn) -> RoutineName | RoutineLines | RoutineEditing | None:
        """What this flow waits for the user to type, if its prompt is open and fresh."""
        prompt = await turn.prompt()
        if not isinstance(prompt, RoutinePrompt) or prompt.until <= self.clock():
            return None
        if isinstance(prompt.waiting_for, RoutineConfirm):  # stored by an older version: its question is gone
            return prompt.waiting_for.back
        return prompt.waiting_for

    async def _prompt(self, turn: Turn, state: RoutineName | RoutineLines | RoutineEditing | None) -> None:
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


_EDIT_WORDS = ("remove", "delete", "move", "rename", "done")
EDIT_HELP = (
    "Type e.g. <code>move 4 to 1</code>, <code>remove 3</code>, <code>rename Push B</code>, "
    "<code>2: 4x6-8 40kg</code>, a new line to add it, or <code>done</code>."
)


def _edit_word_slip(text: str) -> bool:
    """While editing, "mvoe 1 to 2" or a bare "rename" is an edit gone wrong, not a question: it gets the
    editor's own help (it got "that one is outside what I know")."""
    words = text.lower().split()
    return 0 < len(words) <= 5 and "?" not in text and bool(difflib.get_close_matches(words[0], _EDIT_WORDS, 1, 0.75))


def might_be_a_name(text: str) -> bool:
    """Cheap, no database: could this message answer "what should the routine be called?" (a short first
    line, no question mark)? Only then is the open prompt read."""
    head = text[: 2 * MAX_NAME_CHARS + 2].strip().partition("\n")[0]
    return 0 < len(head) <= 2 * MAX_NAME_CHARS and "?" not in head  # a name a little long is told so


def _still_asked(asks: list[str]) -> str:
    if not asks:
        return ""
    names = ", ".join(f"“{esc(name)}”" for name in asks)
    return f"\n{names} stays as you typed it; the ✅ button above still changes it."
