"""A typed set that looks like a slip, asked about before anything is logged (part of WorkoutFlow).

"5x1000" or "5x10" on a 100 kg target, "100x5" for 5 x 100, far heavier than the best so far: the
lifter gets "Log it anyway?" with a button per reading. A single reading can also be answered by
typing: "yes" logs the set exactly as typed, "no" logs nothing and shows the card again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..storage.repository import StoredSession, WorkoutStore
from ..training.engine import Event, PlannedSet, WorkoutState
from ..training.parsing import names_a_unit
from ..training.set_input import Entry, typed_set_type
from ..training.units import Unit, round_to_step, show_load, to_kg
from .callbacks import WorkoutButton
from .model import Button, Reply, User, esc, said
from .preferences import DEFAULT_STEP, Preferences
from .prompts import ConfirmSet, DropNext, StartBlocked
from .turn import Turn
from .workout_cards import SET_TYPE_SUFFIX, confirm_set, estimate, reps_range, set_label
from .workout_log import SessionLog

# Far above: more than 1.5x the best so far (or the card's target, with no history) is a slip far more
# often than a jump; a real PR is rarely half as heavy again.
FAR_ABOVE = 1.5
# Far below: a working set under half the card's target is far more often a dropped digit ("5x10" for
# 5x100) than a plan: back-off sets, deloads and technique work sit at 60-90 % of the working load. Only
# plain working sets are checked: drop sets and sets to failure (burnouts) are light by design and the
# lifter marked them so, warm-ups are light by definition, and bodyweight, assisted, timed and distance
# sets have no load target to compare with.
FAR_BELOW = 0.5
# "Log it anyway?" stays answerable by a typed yes/no for this long, and only while the workout stands
# where it was asked (a set logged since, by a tap or a retype, makes the question moot).
CONFIRM_FOR = timedelta(minutes=15)
YES = frozenset({"yes", "y", "yep", "yeah", "ok", "log it", "yes log it"})
NO = frozenset({"no", "n", "nope"})
WHICH_ONE = "Which one? Tap the reading you meant, or send the set again."
Reading = tuple[int, float | None, str, float | None]  # a set a slip question offers: reps, load, unit, RPE


def slip_question(
    current: PlannedSet,
    state: WorkoutState,
    reps: int,
    load: float | None,
    unit: str,
    prefs: Preferences,
    set_type: str | None = None,
) -> str:
    """A question when a typed set looks like a slip (reps and load swapped, far heavier than ever, far
    lighter than the target); "" when it looks like what it says. `set_type`: how the set was marked."""
    if reps > max(25, 2 * current.reps_max):
        return f"{reps} reps? The target is {reps_range(current)}. Which did you mean?"
    # the heaviest so far (before this workout, or in it), quoted as it was typed
    heaviest = [(current.best_kg, current.best)] + [
        (to_kg(s.load, s.unit), {"load": s.load, "unit": s.unit})
        for s in state.logged
        if s.exercise == current.exercise and s.load is not None and s.set_type != "warmup"
    ]
    best, typed = max(heaviest, key=lambda pair: pair[0])
    # The card's own target is the lifter's plan: 100 kg on a 100 kg card after a 60 kg set is no slip.
    plan = _planned(current, state)
    planned = to_kg(plan.load or 0.0, plan.unit) if plan is not None else 0.0
    if load is not None and best > 0 and to_kg(load, unit) > FAR_ABOVE * max(best, planned):
        if plan is not None and planned > best:
            target = show_load(plan.load or 0.0, plan.unit)
            return f"{show_load(load, unit)} is more than 1.5× your target ({target}). Log it anyway?"
        quoted = show_load(typed["load"], typed["unit"]) if typed else estimate(best, prefs.unit)
        return f"{show_load(load, unit)} is more than 1.5× your best {esc(current.exercise)} ({quoted}). Log it anyway?"
    if load is None or current.kind != "weight_reps" or not current.load:
        return ""
    target = show_load(current.load, current.unit)
    # No history to compare with: the card's own target still catches an extra zero ("5x1000" on 100 kg).
    if best <= 0 and to_kg(load, unit) > FAR_ABOVE * to_kg(current.load, current.unit):
        return f"{show_load(load, unit)} is more than 1.5× this set's target ({target}). Log it anyway?"
    working = current.set_type != "warmup" and set_type in (None, "working")
    if working and to_kg(load, unit) < FAR_BELOW * to_kg(current.load, current.unit):
        return f"{show_load(load, unit)} is less than half this set's target ({target}). Log it anyway?"
    return ""


def _planned(current: PlannedSet, state: WorkoutState) -> PlannedSet | None:
    """The heaviest work-set target of the card's exercise, in the plan as it is now or as it was before the first
    set (a 60 kg set carries 60 kg onto the next card, but the lifter planned 100)."""
    plans = [state.plan, *(d.plan_before for d in state.done[:1])]
    targets = [
        p for plan in plans for p in plan if p.exercise == current.exercise and p.load and p.set_type != "warmup"
    ]
    return max(targets, key=lambda p: to_kg(p.load or 0.0, p.unit), default=None)


def slip_readings(
    current: PlannedSet,
    state: WorkoutState,
    parsed: Entry,
    typed: str,
    load: float | None,
    unit: Unit,
    prefs: Preferences,
    meant_unit: Unit | None,
) -> list[Reading]:
    """The readings a slip question offers, likeliest first: the set as typed (`load` in `unit`), after "100x5"
    read as 5 x 100, or a bare number read in `meant_unit` (the card's unit, an edited set's own) when that
    reading is no slip: a kg user who started "bench 3x5 185lb" and typed 5x185 meant pounds."""
    assert parsed.reps is not None
    options: list[Reading] = [(parsed.reps, load, unit, parsed.rpe)]
    if (
        parsed.load is not None
        and parsed.reps > max(25, 2 * current.reps_max)
        and parsed.load == int(parsed.load)
        and 1 <= parsed.load <= 100
    ):
        options.insert(0, (int(parsed.load), float(parsed.reps), unit, parsed.rpe))  # "100x5" meant 5 x 100
    elif (
        parsed.load is not None
        and meant_unit is not None
        and meant_unit != parsed.unit
        and not names_a_unit(typed)
        and not slip_question(current, state, parsed.reps, parsed.load, meant_unit, prefs)
    ):
        options.insert(0, (parsed.reps, parsed.load, meant_unit, parsed.rpe))
    return options


def in_progress(session: StoredSession, state: WorkoutState) -> Reply:
    current = state.current()
    where = (
        f"{esc(current.exercise)}, {set_label(current.set_type, current.set_number)} of {current.set_count}"
        if current
        else "all sets done"
    )
    return Reply(
        f"You have a workout in progress: <b>{esc(session.title)}</b> ({where}).",
        (
            (
                Button("▶️ Resume", WorkoutButton("resume", session.id).pack()),
                Button("🗑 Discard", WorkoutButton("discard", session.id).pack()),
                Button("🏁 Finish", WorkoutButton("end", session.id, state.position).pack()),
            ),
        ),
    )


class WorkoutSlips:
    """Part of WorkoutFlow (a mixin): the slip question, and its typed answer."""

    workouts: WorkoutStore
    log: SessionLog
    clock: Callable[[], datetime]

    if TYPE_CHECKING:  # provided by WorkoutFlow

        def _card(self, session: StoredSession, state: WorkoutState, prefs: Preferences) -> Reply: ...
        def back_button(self, session: StoredSession, state: WorkoutState) -> Button: ...
        async def _own_session(self, user: User, session_id: str) -> StoredSession | None: ...
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

    async def ask_slip(
        self,
        turn: Turn,
        session: StoredSession,
        state: WorkoutState,
        options: Sequence[Reading],
        question: str,
        prefs: Preferences,
        set_type: str = "working",
    ) -> Reply:
        """The question with a button per reading; one reading can be answered by typing yes or no too.
        `set_type`: a drop or failure set keeps its mark whichever reading is confirmed."""
        marked = {"set_type": set_type} if set_type in SET_TYPE_SUFFIX else {}
        reps, load, unit, rpe = options[0]
        await turn.set_prompt(
            ConfirmSet(
                session=session.id,
                position=state.position,
                epoch=state.epoch,
                seen=f"{session.id}:{len(state.applied)}",
                until=self.clock() + CONFIRM_FOR,
                data={"reps": reps, "load": load, "unit": unit, "rpe": rpe} | marked,
                readings=list(options) if len(options) > 1 else [],
            )
        )
        return confirm_set(session.id, state, options, question, prefs.unit, set_type)

    async def started_elsewhere(self, turn: Turn, active: StoredSession, args: str) -> Reply:
        """/workout while one runs: that one's buttons, and what was asked for is named so it is not forgotten.
        A set typed next is held back (blocked_set): a stranger's "10" for the new curls went to the bench."""
        running = in_progress(active, await self.log.state(active))
        if not (asked := " ".join(args.split())[:80]):
            return running
        await turn.set_prompt(StartBlocked(session=active.id, asked=asked, until=self.clock() + CONFIRM_FOR))
        return replace(
            running, text=f"{running.text}\n\nThen send <code>/workout {esc(asked)}</code> again to start it."
        )

    async def blocked_set(self, turn: Turn, session: StoredSession, state: WorkoutState) -> list[Reply] | None:
        """A set typed after /workout <another> found this one running: not logged until ▶️ Resume is tapped."""
        prompt = await turn.prompt()
        if not isinstance(prompt, StartBlocked) or prompt.session != session.id or prompt.until <= self.clock():
            return None
        running = in_progress(session, state)
        return [
            Reply(
                f"Not logged: you asked for <code>/workout {esc(prompt.asked)}</code>, and this one is still open. "
                f"{running.text} Tap ▶️ Resume to log sets to it, or finish it first.",
                running.buttons,
            )
        ]

    async def drop_set_hint(
        self, turn: Turn, session: StoredSession, state: WorkoutState, position: int, prefs: Preferences
    ) -> Reply:
        """⬇️ Drop set…: a drop set is lighter than the card, so its numbers are typed (the button once logged
        the card's own load as the drop set); nothing is logged by the tap, and the set typed next is the drop
        set even without "drop" (a stranger's "6x95" after the tap went in as a working set short of 8)."""
        until = self.clock() + CONFIRM_FOR
        await turn.set_prompt(DropNext(session=session.id, position=position, epoch=state.epoch, until=until))
        target = state.plan[position]
        example = f"drop {target.done_reps + 2}"
        if target.load:
            lighter = round_to_step(0.8 * target.load, DEFAULT_STEP[target.unit])
            example += f"x{lighter:g}{'' if target.unit == prefs.unit else target.unit}"
        return Reply(
            f"⬇️ Type the drop set with the lighter weight you used, e.g. <code>{esc(example)}</code> (reps x "
            f"weight). It is logged as {esc(target.exercise)} set {target.set_number}; a drop set in place of a "
            "planned set keeps your load next time (for an extra one, tap ➕ Set after your last planned set).",
            ((self.back_button(session, state),),),
        )

    async def drop_marked(self, turn: Turn, session: StoredSession, state: WorkoutState, text: str) -> str:
        """The typed set, marked as a drop set when ⬇️ Drop set… was tapped at this set just before."""
        prompt = await turn.prompt()
        if not isinstance(prompt, DropNext) or (prompt.session, prompt.position) != (session.id, state.position):
            return text
        await turn.set_prompt(None)
        fresh = prompt.epoch == state.epoch and prompt.until > self.clock()
        return f"drop {text}" if fresh and typed_set_type(text) == "working" else text  # not "drop drop 6x95"

    async def drop_pending_slip(self, turn: Turn, session: StoredSession) -> str:
        """A set still waiting for "Log it anyway?" is not logged by /finish; the reply says so, not silence."""
        prompt = await turn.prompt()
        if not isinstance(prompt, ConfirmSet) or prompt.session != session.id:
            return ""
        await turn.set_prompt(None)
        reps, load, unit = prompt.data.get("reps"), prompt.data.get("load"), prompt.data.get("unit") or "kg"
        what = f"{reps} × {show_load(load, unit)}" if load is not None else f"{reps} reps"
        return f"<i>The set waiting for your yes ({esc(what)}) was not logged.</i>\n"

    async def slip_answer(self, turn: Turn, text: str) -> list[Reply] | None:
        """A typed yes or no to an open "Log it anyway?"; None when the text is no such answer (or the
        question is over), so the text goes its usual way."""
        word = said(text)
        if word not in YES and word not in NO:
            return None
        prompt = await turn.prompt()
        if not isinstance(prompt, ConfirmSet):
            return None
        await turn.set_prompt(None)
        session = await self._own_session(turn.user, prompt.session)
        if session is None or session.status != "active":
            return None
        state = await self.log.state(session)
        prefs = await turn.preferences()
        if prompt.until <= self.clock() or f"{session.id}:{len(state.applied)}" != prompt.seen:
            # the workout moved on since (the set tapped, or another typed): the question is over
            card = self._card(session, state, prefs)
            return [
                Reply(f"That question is over, so nothing changed. Here is where you are:\n\n{card.text}", card.buttons)
            ]
        if word in NO:
            card = self._card(session, state, prefs)
            return [Reply(f"👌 Nothing logged. Send the set again.\n\n{card.text}", card.buttons)]
        if prompt.readings:  # "yes" to "8 × 232 lb or 8 × 232 kg?": which one is for a button to say
            await turn.set_prompt(prompt)  # still open
            set_type = str(prompt.data.get("set_type", "working"))
            return [confirm_set(session.id, state, prompt.readings, WHICH_ONE, prefs.unit, set_type)]
        # The same event id as the ✅ button's: answering both ways logs the set once.
        data: dict[str, Any] = prompt.data
        event = Event("set_logged", f"ok:{prompt.position}:{prompt.epoch}", prompt.position, data)
        return await self._log(turn, session, event, edit=False, state=state, prefs=prefs)
