"""Corrections in a workout: undo the last set, edit a logged set (typed, from /edit or /history,
or by editing the message that logged it). Each is an event in the session's append-only log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..history.records import SetRecord
from ..storage.repository import ScheduleStore, StoredSession, UserStore, WorkoutStore
from ..training.engine import Event, InvalidEvent, WorkoutState
from ..training.parsing import SET_USAGE, SetInputError, names_a_unit
from ..training.set_input import Entry
from ..training.units import Unit, exact
from .callbacks import WorkoutButton
from .edit_text import as_typed, deleting, edit_data, mark_only, read_correction, unchanged_by, with_mark
from .model import Button, Reply, User, esc
from .preferences import Preferences
from .prompts import EditSet
from .turn import Turn
from .workout_cards import fmt_kind, fmt_set, logged_list, set_label
from .workout_log import SessionLog, finished_by_itself

UNDO_FINISHED_WITHIN = timedelta(hours=2)
# An edit prompt answers only the very next set typed, and only for a few minutes: a QA run showed
# a stale prompt swallowing the next set of the workout and overwriting an earlier one.
EDIT_PROMPT_FOR = timedelta(minutes=3)


class WorkoutCorrections:
    """Part of WorkoutFlow (a mixin): it uses the flow's repository, log, clock and cards."""

    workouts: WorkoutStore
    schedule: ScheduleStore
    users: UserStore
    log: SessionLog
    clock: Callable[[], datetime]
    _editing: set[int]  # users with an open edit prompt in this process (saves a read on every other message)

    if TYPE_CHECKING:  # provided by WorkoutFlow

        def _card(self, session: StoredSession, state: WorkoutState, prefs: Preferences) -> Reply: ...
        def back_button(self, session: StoredSession, state: WorkoutState) -> Button: ...
        async def _own_session(self, user: User, session_id: str) -> StoredSession | None: ...
        async def ask_edit_slip(
            self, turn: Turn, session: StoredSession, own: SetRecord, parsed: Entry, typed: str, prefs: Preferences
        ) -> Reply | None: ...

    async def undo(
        self,
        turn: Turn,
        session: StoredSession | None = None,
        position: int = -1,
        *,
        epoch: int | None = None,
        message_id: int | None = None,
    ) -> list[Reply]:
        """Take back the last logged or skipped set. From a button, `position` and `epoch` say which
        set it was made for (a stale button changes nothing); from /undo, the message id makes a
        re-delivered command take back one set, not two."""
        user = turn.user
        if session is None:
            session = await self.workouts.active_session(user.id) or next(
                iter(await self.workouts.recent_sessions(user.id, 1)), None
            )
        if session is None:
            return [Reply("Nothing to undo: you haven't logged a set yet. Start with /workout.")]
        if not session.plan:
            return [Reply("That workout was imported; correct its sets from /history (open it, then ✏️ Edit).")]
        undo_id = f"undo:m{user.chat_id}:{message_id}" if message_id is not None else None
        state = await self.log.state(session)
        if undo_id is not None and undo_id in state.applied:
            return []  # this very /undo was handled already (an update delivered again)
        if not state.done:
            return [Reply("Nothing to undo in this workout yet.")]
        last = state.done[-1]
        if (position >= 0 and position != last.position) or (epoch is not None and epoch != state.epoch):
            return [Reply("That button is from before your last change. To correct an earlier set, use /edit.")]
        reopened = False
        if session.status == "finished":
            if not finished_by_itself(session, state, self.clock(), UNDO_FINISHED_WITHIN):
                return [Reply("That workout is finished. Correct its sets from /history (open it, then ✏️ Edit).")]
            if not await self.workouts.reopen_session(session.id, self.clock()):
                return [
                    Reply("You have another workout in progress. Finish it first, then correct this one from /history.")
                ]
            reopened = True
        try:
            _, state, applied = await self.log.apply(
                session,
                Event("set_undone", undo_id or f"undo:{last.position}:{state.undos}", last.position),
                known=state,
            )
        except Exception as exc:
            if reopened:  # whatever went wrong, the workout is not left open by an undo that did not happen
                await self.workouts.close_session(session.id, "finished", self.clock())
            if isinstance(exc, InvalidEvent):
                return [Reply("That set was already undone.")]
            raise
        await self.schedule.cancel_timers(user.id, "rest")
        prefs = await turn.preferences()
        undone = last.logged
        which = "warm-up" if undone is not None and undone.set_type == "warmup" else "set"
        what = (
            f"{esc(undone.exercise.capitalize())} {which} {undone.set_number} ({fmt_kind(undone, prefs.unit)})"
            if undone
            else f"the skip of {set_label(state.plan[last.position].set_type, state.plan[last.position].set_number)}"
        )
        head = f"↩️ Undone: {what}." + (" Your workout is open again." if reopened else "")
        nxt = self._card(session, state, prefs)
        return [replace(nxt, text=f"{head}\n\n{nxt.text}")] if applied else [nxt]

    async def _edit_menu(self, turn: Turn) -> list[Reply]:
        user = turn.user
        active = await self.workouts.active_session(user.id)
        if active is None:
            return [
                Reply("No workout in progress. To correct a past set, open the workout in /history and tap ✏️ Edit.")
            ]
        prefs = await turn.preferences()
        return [logged_list(active.id, (await self.log.state(active)).logged, prefs.unit)]

    async def _ask_edit(self, turn: Turn, session: StoredSession, position: int) -> list[Reply]:
        user = turn.user
        prefs = await turn.preferences()
        s = await self.log.set_at(session, position)
        if s is None:
            return [Reply("That set no longer exists.")]
        await turn.set_prompt(
            EditSet(
                session=session.id,
                position=position,
                until=self.clock() + EDIT_PROMPT_FOR,
                seen=await self._workout_version(user),
            )
        )
        self._editing.add(user.id)
        now = fmt_kind(s, prefs.unit)  # "10 reps +12.5 kg" on a dip, not "10 × 12.5 kg"
        # the example reads back as the same set: a load in another unit than the user's names its unit
        example = f"{exact(s.load)}{'' if s.unit == prefs.unit else s.unit}" if s.load is not None else "60"
        return [
            Reply(
                f"✏️ {esc(s.exercise.capitalize())} {set_label(s.set_type, s.set_number)} is logged as {now}. "
                "Send the corrected set, e.g. "
                f"<code>{s.reps}x{example}</code> "
                f"or <code>{s.reps} rpe 8</code>.",
                (
                    (
                        Button("🗑 Delete this set", WorkoutButton("delset", session.id, position).pack()),
                        Button("✖️ Cancel", WorkoutButton("resume", session.id).pack()),
                    ),
                ),
            )
        ]

    async def delete_set(
        self, turn: Turn, session: StoredSession, position: int, *, confirmed: bool, tap: str
    ) -> list[Reply]:
        """One logged set removed, after a confirmation: a `set_deleted` event (history, PRs and suggestions follow)."""
        user = turn.user
        prefs = await turn.preferences()
        s = await self.log.set_at(session, position)
        if s is None:
            return [Reply("That set is already gone.")]
        what = (
            f"{esc(s.exercise.capitalize())} {set_label(s.set_type, s.set_number)} "
            f"({fmt_set(s.reps, s.load, s.unit, prefs.unit, s.rpe)})"
        )
        if not confirmed:
            return [
                Reply(
                    f"Delete {what}? It leaves your history, records and suggestions.",
                    (
                        (
                            Button("🗑 Yes, delete it", WorkoutButton("delsetok", session.id, position).pack()),
                            Button("Cancel", WorkoutButton("resume", session.id).pack()),
                        ),
                    ),
                )
            ]
        event = Event("set_deleted", f"delset:{tap}"[:64], position)
        try:
            await self.log.correct(session, event)
        except InvalidEvent:
            return [Reply("That set is already gone.")]
        active = session if session.status == "active" else await self.workouts.active_session(user.id)
        back = ((self.back_button(active, await self.log.state(active)),),) if active is not None else ()
        return [Reply(f"🗑 Deleted {what}.", back)]

    async def _workout_version(self, user: User) -> str:
        """Where the user's workout stands (session and how many events it has taken): an edit prompt
        answers only while nothing else happened there, whatever process or replica handles it."""
        active = await self.workouts.active_session(user.id)
        return "" if active is None else f"{active.id}:{len((await self.log.state(active)).applied)}"

    async def _open_edit_prompt(self, turn: Turn) -> EditSet | None:
        prompt = await turn.prompt()
        return prompt if isinstance(prompt, EditSet) and prompt.until > self.clock() else None

    async def edit_prompt_is_current(self, turn: Turn) -> bool:
        """Fresh, and the workout has not moved on since it was asked; a stale prompt is closed here."""
        user = turn.user
        prompt = await self._open_edit_prompt(turn)
        if prompt is None:
            return False
        if prompt.seen == await self._workout_version(user):
            return True
        self._editing.discard(user.id)
        await turn.close_prompt(EditSet)
        return False

    async def drop_edit_prompt(self, turn: Turn) -> None:
        """Anything else the user does closes the edit prompt (cheap when none is open here)."""
        user = turn.user
        if user.id not in self._editing:
            return
        self._editing.discard(user.id)
        await turn.close_prompt(EditSet)

    async def _typed_edit(self, turn: Turn, text: str, message_id: int | None) -> list[Reply] | None:
        user = turn.user
        prompt = await self._open_edit_prompt(turn)
        if prompt is None:
            return None
        prefs = await turn.preferences()
        if deleting(text):  # "delete" typed at the prompt: what its 🗑 button does, asked first
            session = await self._own_session(user, prompt.session)
            if session is None or session.status in ("discarded", "deleted"):
                return [Reply("That workout no longer exists.")]
            return await self.delete_set(turn, session, prompt.position, confirmed=False, tap="")
        if (mark := mark_only(text)) is not None:
            session = await self._own_session(user, prompt.session)
            own = await self.log.set_at(session, prompt.position) if session is not None else None
            if own is None or session is None or session.status in ("discarded", "deleted"):
                return [Reply("That set no longer exists.")]
            text = with_mark(own, mark)
        try:
            if read_correction(text, prefs.unit) is None:
                if text.lstrip()[:1].isdigit():  # a set with a slip ("5x80 sideways"), not a question
                    return [Reply(f"✏️ I couldn't read that correction, so the set stays as it was. {esc(SET_USAGE)}")]
                return None
        except SetInputError as exc:
            return [Reply(esc(str(exc)) + " (Or /workout to go back.)")]
        if message_id is not None and message_id == prompt.answered:
            return []  # this very message was answered "nothing changed" already: an update delivered again
        session = await self._own_session(user, prompt.session)
        if session is None or session.status in ("discarded", "deleted"):
            await self._close_edit_prompt(turn)
            return [Reply("That workout no longer exists.")]
        event_id = f"edit:{user.chat_id}:{message_id if message_id is not None else uuid.uuid4().hex[:12]}"
        return await self._correct(turn, session, prompt.position, text, event_id, prompt, message_id)

    async def _close_edit_prompt(self, turn: Turn) -> None:
        self._editing.discard(turn.user.id)
        await turn.close_prompt(EditSet)

    async def _correct(
        self,
        turn: Turn,
        session: StoredSession,
        position: int,
        text: str,
        event_id: str,
        prompt: EditSet | None = None,
        message_id: int | None = None,
    ) -> list[Reply]:
        """A logged set corrected from typed text: reps, and load or RPE when given (the rest is kept). `prompt`:
        the edit prompt the text answers, None for an edited message (whose copy delivered again changes nothing
        and gets no reply). A correction that looks like a slip is asked about first, as a typed set is."""
        prefs = await turn.preferences()
        if prompt is not None:  # answered; opened again below when nothing changed (the lifter may retype it)
            await self._close_edit_prompt(turn)
        own = await self.log.set_at(session, position)
        if own is None:
            return [Reply("That set can't be edited any more.")]
        # A bare load is the user's unit, as on the card ("8x135" in an lb account is 135 lb, also on a set logged
        # in kg); a reading in the set's own unit is offered when the user's looks like a slip.
        try:
            parsed = read_correction(text, prefs.unit)
        except SetInputError as exc:
            parsed, problem = None, str(exc)
        else:
            problem = SET_USAGE
        if parsed is None or parsed.reps is None:
            return [Reply(f"✏️ I couldn't read that correction, so the set stays as it was. {esc(problem)}")]
        data = edit_data(parsed.reps, parsed.load, parsed.unit, parsed.rpe, parsed.set_type)
        event = Event("set_edited", event_id, position, data)
        if unchanged_by(own, event):  # nothing is written: there is nothing to correct
            if prompt is None:
                return []
            await turn.set_prompt(prompt.model_copy(update={"answered": message_id}))
            self._editing.add(turn.user.id)
            bare = parsed.load is not None and not names_a_unit(text)
            return [self.unchanged_reply(own, prefs, other_unit=bare)]
        if (question := await self.ask_edit_slip(turn, session, own, parsed, text, prefs)) is not None:
            return [question]
        return await self._apply_edit(turn, session, event)

    def unchanged_reply(self, own: SetRecord, prefs: Preferences, *, other_unit: bool = False) -> Reply:
        """A correction equal to the set says so (it had no reply at all); `other_unit`: a bare load was typed,
        so how to type it in the other unit is said too (the lifter may have meant that)."""
        what = f"{esc(own.exercise)} {set_label(own.set_type, own.set_number)}"
        text = f"That's what {what} already says ({fmt_kind(own, prefs.unit)}), so nothing changed."
        if other_unit and own.load is not None:
            other: Unit = "lb" if own.unit == "kg" else "kg"
            typed = as_typed(replace(own, unit=other))
            text += f" For {'pounds' if other == 'lb' else 'kilograms'}, type <code>{esc(typed)}</code>."
        return Reply(text)

    async def _apply_edit(self, turn: Turn, session: StoredSession, event: Event) -> list[Reply]:
        """A `set_edited` event written, and what it changed; [] when this very event was written already."""
        user = turn.user
        prefs = await turn.preferences()
        try:
            old, new = await self.log.correct(session, event)
        except InvalidEvent:
            return [Reply("That set can't be edited any more.")]
        if old is None or new is None:
            return []  # the same correction delivered again: already answered
        now_shown, was_shown = fmt_kind(new, prefs.unit), fmt_kind(old, prefs.unit)  # with the mark, as the card shows
        what = f"{esc(new.exercise.capitalize())} {set_label(new.set_type, new.set_number)}"
        text_out = f"✏️ {what}: {now_shown} (was {was_shown})."
        active = session if session.status == "active" else await self.workouts.active_session(user.id)
        if active is not None:
            return [Reply(text_out, ((self.back_button(active, await self.log.state(active)),),))]
        return [Reply(text_out)]

    async def on_edited_text(self, turn: Turn, text: str, message_id: int) -> list[Reply] | None:
        """The user edited a message that logged a set: the edit corrects that set (a `set_edited` event).

        None when the message logged no set (the coach then leaves the edit alone)."""
        user = turn.user
        typed_id = f"m{user.chat_id}:{message_id}"
        for session in [
            s
            for s in [await self.workouts.active_session(user.id), *await self.workouts.recent_sessions(user.id, 3)]
            if s is not None
        ]:
            events = await self.workouts.events(session.id)
            logged = next((e for e in events if e.event_id == typed_id and e.type == "set_logged"), None)
            if logged is None:
                continue
            position = Event.from_json(logged.payload).position
            standing = await self.log.set_at(session, position)
            if standing is None or standing.event_id != typed_id:  # undone, deleted, or logged again by another message
                return [
                    Reply(
                        "✏️ That set was taken back since, so the edit changes nothing. "
                        "Send the set again if you need to."
                    )
                ]
            # Each edit is its own event (editing back to an earlier text must apply again); applying the
            # same values twice, as a replayed update would, changes nothing.
            return await self._correct(turn, session, position, text, f"edit:{typed_id}:{uuid.uuid4().hex[:12]}")
        return None
