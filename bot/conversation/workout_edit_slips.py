"""A correction at the edit prompt that looks like a slip, asked about before the set changes (part of
WorkoutFlow). "5x1000" for a 100 kg squat had been stored at once, then the best e1RM and the next load followed
it: a correction gets the check a typed set gets on the card, with the same buttons, and a typed yes or no."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from ..history.records import SetRecord
from ..storage.repository import StoredSession, WorkoutStore
from ..training.engine import Event
from ..training.set_input import Entry
from ..training.units import Unit
from .callbacks import WorkoutButton, read_set_arg
from .edit_text import edit_data, unchanged_by
from .model import CallbackOutcome, Reply, User, said
from .preferences import Preferences
from .prompts import ConfirmEdit
from .turn import Turn
from .workout_cards import confirm_set
from .workout_log import SessionLog
from .workout_slips import CONFIRM_FOR, NO, WHICH_ONE, YES, slip_question, slip_readings


class WorkoutEditSlips:
    """Part of WorkoutFlow (a mixin): the slip question about a correction, and its tapped or typed answer."""

    workouts: WorkoutStore
    log: SessionLog
    clock: Callable[[], datetime]
    _editing: set[int]

    if TYPE_CHECKING:  # provided by WorkoutFlow and its other parts

        async def _own_session(self, user: User, session_id: str) -> StoredSession | None: ...
        async def _ask_edit(self, turn: Turn, session: StoredSession, position: int) -> list[Reply]: ...
        async def _apply_edit(self, turn: Turn, session: StoredSession, event: Event) -> list[Reply]: ...
        def unchanged_reply(self, own: SetRecord, prefs: Preferences, *, other_unit: bool = False) -> Reply: ...

    async def ask_edit_slip(
        self, turn: Turn, session: StoredSession, own: SetRecord, parsed: Entry, typed: str, prefs: Preferences
    ) -> Reply | None:
        """The card's "Log it anyway?" question when the corrected set looks like a slip, measured against the
        card the set was logged from (its target, the best before, the sets logged since); None when it looks
        like what it says, or the workout was imported (no card to measure against)."""
        if not session.plan or parsed.reps is None:
            return None
        state = await self.log.state(session)
        logged = state.logged_at(own.position)
        if logged is None:
            return None
        target = logged.target
        question = slip_question(target, state, parsed.reps, parsed.load, parsed.unit, prefs, parsed.set_type)
        if not question:
            return None
        own_unit: Unit = "lb" if own.unit == "lb" else "kg"
        options = slip_readings(target, state, parsed, typed, parsed.load, parsed.unit, prefs, own_unit)
        await turn.set_prompt(
            ConfirmEdit(
                session=session.id,
                position=own.position,
                seen=f"{session.id}:{len(state.applied)}",
                until=self.clock() + CONFIRM_FOR,
                readings=options,
                set_type=parsed.set_type,
            )
        )
        self._editing.discard(turn.user.id)
        return confirm_set(session.id, state, options, question, prefs.unit, parsed.set_type, edit_at=own.position)

    async def edit_slip_tapped(self, turn: Turn, session: StoredSession, b: WorkoutButton, tap: str) -> CallbackOutcome:
        """✅ on a reading of a correction that looked like a slip: the set is corrected to it."""
        values = read_set_arg(b.arg)
        state = await self.log.state(session)
        if values is None or b.epoch != state.epoch:  # an undo since: the position may hold another set now
            return CallbackOutcome(toast="That button is from before your last change. Use /edit to correct a set.")
        own = await self.log.set_at(session, b.position)
        if own is None:
            return CallbackOutcome([Reply("That set no longer exists.")])
        reps, load, unit, rpe = values["reps"], values["load"], values["unit"], values["rpe"]
        assert isinstance(reps, int) and isinstance(unit, str)
        assert (load is None or isinstance(load, float)) and (rpe is None or isinstance(rpe, float))
        data = edit_data(reps, load, unit, rpe, str(values.get("set_type", "working")))
        event = Event("set_edited", f"editok:{tap}"[:64], b.position, data)
        if unchanged_by(own, event):  # a second tap on the button
            return CallbackOutcome(toast="Already corrected ✅")
        return CallbackOutcome(await self._apply_edit(turn, session, event))

    async def edit_slip_answer(self, turn: Turn, text: str, message_id: int | None) -> list[Reply] | None:
        """A typed yes or no to an open question about a correction; None when the text is no such answer (or
        no such question is open), so the text goes its usual way."""
        word = said(text)
        prompt = await turn.prompt()
        if (word not in YES and word not in NO) or not isinstance(prompt, ConfirmEdit):
            return None
        await turn.set_prompt(None)
        session = await self._own_session(turn.user, prompt.session)
        if session is None or session.status in ("discarded", "deleted"):
            return [Reply("That workout no longer exists.")]
        state = await self.log.state(session)
        if prompt.until <= self.clock() or f"{session.id}:{len(state.applied)}" != prompt.seen:
            return [Reply("That question is over, so nothing changed. To correct a set, use /edit.")]
        if word in NO:
            again = await self._ask_edit(turn, session, prompt.position)
            return [Reply(f"👌 Nothing changed.\n\n{again[0].text}", again[0].buttons), *again[1:]]
        prefs = await turn.preferences()
        if len(prompt.readings) > 1:  # "yes" to "8 × 232 lb or 8 × 232 kg?": which one is for a button to say
            await turn.set_prompt(prompt)  # still open
            return [
                confirm_set(
                    session.id, state, prompt.readings, WHICH_ONE, prefs.unit, prompt.set_type, edit_at=prompt.position
                )
            ]
        own = await self.log.set_at(session, prompt.position)
        if own is None:
            return [Reply("That set no longer exists.")]
        reps, load, unit, rpe = prompt.readings[0]
        event_id = f"edit:{turn.user.chat_id}:{message_id}" if message_id is not None else f"edityes:{prompt.seen}"
        event = Event("set_edited", event_id, prompt.position, edit_data(reps, load, unit, rpe, prompt.set_type))
        if unchanged_by(own, event):
            return [self.unchanged_reply(own, prefs)]
        return await self._apply_edit(turn, session, event)
