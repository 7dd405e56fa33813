"""Words typed on a set card instead of tapping: "done", "same", "skip", "next", "finish".

A Strong or Hevy user types "done" where they would tick the set; before, it was answered as a question (an
article on the bench press bar path) and nothing was logged. Each word does what its button does, so logging,
undo and re-delivery work as for a tap."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from ..storage.repository import StoredSession, Timer, WorkoutStore
from ..training.engine import Event, LoggedSet, PlannedSet, WorkoutState
from .callbacks import WorkoutButton
from .model import Button, CallbackOutcome, Reply, User, said
from .preferences import Preferences
from .timer_bodies import RestBody
from .turn import Turn
from .workout_cards import set_label
from .workout_log import SessionLog

# Whole messages only (after `said`): a plain alternation, linear.
_DONE = re.compile(r"(?:done|did it|got it|✅|check|tick|completed?)")
_SAME = re.compile(r"(?:same|same again|same as before|again|repeat|ditto)")
# Last session's set at this place: what the card's "Last time" line shows, not this workout's set before.
_SAME_LAST = re.compile(r"(?:same|same as|as|like) last(?: time| week| session| workout)?")
_SKIP = re.compile(r"(?:skip|skip (?:it|this|this set|set|the set))")
_NEXT = re.compile(r"(?:next|next set|ok next|move on)")
_SKIP_EXERCISE = re.compile(
    r"(?:skip|next|skip (?:this|the|this whole)) exercise|skip (?:the )?rest of (?:this|the) exercise"
    r"|done with (?:this|the) exercise|move on to (?:the )?next exercise"
)
_FINISH = re.compile(
    r"(?:finish|finished|end|end it|end workout|finish workout|end the workout|finish the workout|i'?m done|"
    r"im done|all done|done for today|that'?s it|thats it|stop|stop workout)"
)


JUST_LOGGED_S = 20  # no set is lifted and racked this soon after the one before
NO_WORKOUT = "No workout is running, so nothing was logged. Your last one is in /history; /workout starts another."


class WorkoutWords:
    if TYPE_CHECKING:
        workouts: WorkoutStore
        log: SessionLog
        clock: Callable[[], datetime]

        async def on_button(
            self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
        ) -> CallbackOutcome: ...
        async def on_text(self, turn: Turn, text: str, message_id: int | None = None) -> list[Reply] | None: ...
        async def typed_rest(self, turn: Turn, text: str) -> list[Reply] | None: ...
        async def _log(
            self,
            turn: Turn,
            session: StoredSession,
            event: Event,
            *,
            edit: bool,
            state: WorkoutState,
            prefs: Preferences,
        ) -> list[Reply]: ...
        async def _rest_timers(self, user: User, session: StoredSession) -> list[tuple[Timer, RestBody]]: ...

    async def typed_word(self, turn: Turn, text: str, message_id: int | None) -> list[Reply] | None:
        """What the card's button for the word does ("skip rest", "rest 90" too: WorkoutTimers.typed_rest); None
        when the text is no such word or no set card is up."""
        if (rested := await self.typed_rest(turn, text)) is not None:
            return rested
        words = said(text)
        if len(words) > 40 or not any(
            p.fullmatch(words) for p in (_DONE, _SAME, _SAME_LAST, _SKIP, _NEXT, _FINISH, _SKIP_EXERCISE)
        ):
            return None
        session = await self.workouts.active_session(turn.user.id)
        state = await self.log.state(session) if session is not None else None
        current = state.current() if state is not None else None
        if session is None or state is None or current is None:
            # "done" typed after the last set ended the workout got "outside what I know", and "finish" was glued
            # onto the last question as a follow-up; with a prompt open, the word is its flow's ("done" ends a routine)
            return [Reply(NO_WORKOUT)] if await turn.prompt() is None else None
        if _FINISH.fullmatch(words):
            return await self._tap(turn, WorkoutButton("endask", session.id, state.position))
        if _SKIP_EXERCISE.fullmatch(words):
            return await self._skip_exercise(turn, session, state, current, message_id)
        if _SKIP.fullmatch(words) and await self._rest_timers(turn.user, session):
            return await self.typed_rest(turn, "skip rest")  # "skip" while resting skips the rest, as its button
        if _SKIP.fullmatch(words):
            return await self._typed_event(turn, session, state, "set_skipped", message_id)
        if _SAME_LAST.fullmatch(words) or _SAME.fullmatch(words):
            last = _SAME_LAST.fullmatch(words) is not None
            typed = _last_as_typed(current) if last else _as_typed(_previous_set(state, current))
            if typed:
                return await self.on_text(turn, typed, message_id)  # checked and logged like the set typed out
            # Nothing to repeat (the first set after warm-ups, a new exercise, no last time): the card's target
            # is not what "same" meant, so ask; "same" after four warm-ups had logged the last warm-up's 65 kg.
            return [_which(session, state, current, words, nothing_to_repeat="last time" if last else "earlier")]
        if _NEXT.fullmatch(words) or not _tappable(current):
            return [_which(session, state, current, words)]
        if _DONE.fullmatch(words) and (just := await self._seconds_since_set(turn, session, state)) is not None:
            return [_which(session, state, current, words, just_logged=just)]
        return await self._typed_event(turn, session, state, "set_logged", message_id)

    async def _seconds_since_set(self, turn: Turn, session: StoredSession, state: WorkoutState) -> int | None:
        """Seconds since the set before this card was logged, when that is under JUST_LOGGED_S: "5x100" then "done"
        reads as "done with that set", not a second set lifted a moment later, so the next is only logged on a tap."""
        for _timer, body in await self._rest_timers(turn.user, session):
            ago = (self.clock() - body.started).total_seconds() if body.started is not None else None
            if body.position == state.position and ago is not None and ago < JUST_LOGGED_S:
                return max(0, int(ago))
        return None

    async def _typed_event(
        self, turn: Turn, session: StoredSession, state: WorkoutState, kind: str, message_id: int | None
    ) -> list[Reply]:
        """What ✅ or ⏭ on the card logs, keyed by the message like a typed set, so a re-delivered "done" logs
        nothing twice (the button's own key is the card's position, which has moved on by then)."""
        key = (
            f"m{turn.user.chat_id}:{message_id}" if message_id is not None else f"{kind}:{state.position}:{state.epoch}"
        )
        event = Event(kind, key, state.position)
        return await self._log(turn, session, event, edit=False, state=state, prefs=await turn.preferences())

    async def _skip_exercise(
        self, turn: Turn, session: StoredSession, state: WorkoutState, current: PlannedSet, message_id: int | None
    ) -> list[Reply]:
        """⏭ for every set left of the card's exercise, each keyed by the message (a re-delivered one skips no more)."""
        replies: list[Reply] = []
        skipped = 0
        for k in range(len(state.plan)):
            now = state.current()
            if now is None or now.exercise != current.exercise:
                break
            key = f"m{turn.user.chat_id}:{message_id}:{k}" if message_id is not None else f"skipx:{state.position}"
            replies = await self._log(
                turn,
                session,
                Event("set_skipped", key, state.position),
                edit=False,
                state=state,
                prefs=await turn.preferences(),
            )
            state, skipped = await self.log.state(session), skipped + 1
        sets = f"{skipped} set{'s' if skipped != 1 else ''}"
        lead = f"⏭ Skipped the rest of {current.exercise} ({sets}); /undo brings back the last."
        return [Reply(f"{lead}\n\n{replies[0].text}", replies[0].buttons), *replies[1:]] if replies else [Reply(lead)]

    async def _tap(self, turn: Turn, button: WorkoutButton) -> list[Reply]:
        outcome = await self.on_button(turn, button.pack())
        replies = [Reply(r.text, r.buttons, photo=r.photo, document=r.document) for r in outcome.replies]  # not edits
        return replies or [Reply(outcome.toast or "That set has moved on; here is where you are.")]


def _tappable(current: PlannedSet) -> bool:
    """The card has a ✅ Done button for this set (an AMRAP, a set without its load, a distance: typed only)."""
    if current.needs_load or current.amrap:
        return False
    return current.kind != "distance_duration"


def _previous_set(state: WorkoutState, current: PlannedSet) -> LoggedSet | None:
    """This exercise's set before, a warm-up for a warm-up and a work set for a work set."""
    warmup = current.set_type == "warmup"
    return next(
        (s for s in reversed(state.logged) if s.exercise == current.exercise and (s.set_type == "warmup") == warmup),
        None,
    )


def _last_as_typed(current: PlannedSet) -> str | None:
    """The card's "Last time" set as the user would type it; None when there is none or typing it is not plain."""
    last = current.last or {}
    if "reps" not in last or any(last.get(k) is not None for k in ("assistance", "distance_m", "duration_s")):
        return None
    reps, load, unit = int(last["reps"]), last.get("load"), last.get("unit", "kg")
    if load is None:
        return f"{reps}"
    return f"{reps} +{float(load):g}{unit}" if current.kind == "bodyweight_reps" else f"{reps}x{float(load):g}{unit}"


def _as_typed(logged: LoggedSet | None) -> str | None:
    """A logged set as the user would type it, to log it again; None where typing it is not plain."""
    if logged is None or logged.assistance or logged.distance_m is not None:
        return None
    # Its mark too: "same" after a drop set is another drop set, not a working set at the dropped load.
    mark = {"drop": "drop ", "failure": "failure "}.get(logged.set_type, "")
    if logged.duration_s is not None:
        return f"{mark}{logged.duration_s:g}s"
    if logged.load is None:
        return f"{mark}{logged.reps}"
    if logged.target.kind == "bodyweight_reps":
        return f"{mark}{logged.reps} +{logged.load:g}{logged.unit}"
    return f"{mark}{logged.reps}x{logged.load:g}{logged.unit}"


def _which(
    session: StoredSession,
    state: WorkoutState,
    current: PlannedSet,
    word: str,
    just_logged: int | None = None,
    nothing_to_repeat: str = "",
) -> Reply:
    where = f"{set_label(current.set_type, current.set_number)} of {current.exercise}"
    if nothing_to_repeat:
        kind = "warm-up" if current.set_type == "warmup" else "work set"
        none = (
            f"there's no last time for {where} yet"
            if nothing_to_repeat == "last time"
            else f"there's no earlier {kind} of {current.exercise} in this workout to repeat"
        )
        lead = f"“{word}”: {none}, so nothing is logged. "
        how = "Tap ✅ to log it as the card shows, or" if _tappable(current) else ""
        done = WorkoutButton("done", session.id, state.position, state.epoch).pack()
        log_it: tuple[tuple[Button, ...], ...] = ((Button("✅ Log it as on the card", done),),) if how else ()
        return Reply(f"{lead}{how or 'Type it,'} {'type it, ' if how else ''}e.g. <code>8x60</code>.", log_it)
    if just_logged is not None:
        done = WorkoutButton("done", session.id, state.position, state.epoch).pack()
        when = "just now" if just_logged < 5 else f"{just_logged} s ago"
        return Reply(
            f"“{word}”: your last set was logged {when}, so I haven't logged {where} yet. "
            "Already lifted it too? Tap ✅ to log it as the card shows, or type it, e.g. <code>8x60</code>.",
            ((Button("✅ Log it as on the card", done),),),
        )
    rows: list[tuple[Button, ...]] = []
    if _tappable(current):
        rows.append(
            (Button("✅ Log it as on the card", WorkoutButton("done", session.id, state.position, state.epoch).pack()),)
        )
    rows.append((Button("⏭ Skip it", WorkoutButton("skip", session.id, state.position, state.epoch).pack()),))
    how = "Type it, e.g. <code>8x60</code>, or" if not _tappable(current) else "Tap ✅ to log it as the card shows, or"
    return Reply(f"“{word}”: you're on {where}. {how} ⏭ to skip it. Nothing is logged yet.", tuple(rows))
