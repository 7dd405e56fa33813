"""Changing a workout while it runs: warm-up ramps, an added or removed set, an added exercise
(/add or ➕ Exercise), a replaced exercise (🔁 Swap). Each change is an event in the session's log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from ..history.records import weighed
from ..storage.repository import ScheduleStore, StoredSession, UserStore, WorkoutStore
from ..training.catalogue import default_catalogue
from ..training.engine import Event, InvalidEvent, PlannedSet, WorkoutState
from ..training.exercises import BARBELL, closest_known, takes_load
from ..training.parsing import SetInputError, parse_quick_workout
from ..training.plan_edits import kind_of
from ..training.progression import best_load_kg, heaviest_typed, last_session, starting_load
from ..training.units import convert
from ..training.warmups import plate_text, warmup_ramp
from .callbacks import WorkoutButton, arg_number
from .model import Button, CallbackOutcome, Reply, User, esc
from .preferences import Preferences
from .prompts import AddExercise
from .turn import Turn
from .workout_input import set_like
from .workout_log import SessionLog, added_last_time, finished_by_itself, on_body_lift

ADD_AFTER_FINISH_WITHIN = timedelta(minutes=30)
CANT_ADD = "That workout can't take more exercises. Finish it and start another."

ADD_USAGE = (
    "Send the exercise like <code>/add lat pulldown 3x10</code>, <code>/add plank 3x45s</code> "
    "or <code>/add pull-up 3x8 +10kg</code>."
)
ADD_PROMPT_FOR = timedelta(minutes=5)


def _ramp(p: PlannedSet, prefs: Preferences) -> list[tuple[int, float]]:
    """The warm-up ramp for a block's first working set, or [] where none fits."""
    if (
        p.set_type != "working"
        or p.set_number != 1
        or p.superset is not None
        or p.kind != "weight_reps"
        or p.load is None
        or p.exercise not in BARBELL
    ):
        return []
    bar, plates = prefs.gear
    return warmup_ramp(convert(p.load, p.unit, prefs.gear_unit), bar=bar, plates=plates)


def _has_warmups(plan: tuple[PlannedSet, ...], position: int) -> bool:
    return (
        position > 0
        and plan[position - 1].set_type == "warmup"
        and plan[position - 1].exercise == plan[position].exercise
    )


def with_warmups(plan: tuple[PlannedSet, ...], prefs: Preferences) -> tuple[PlannedSet, ...]:
    """The plan with a ramp before each block that asks for one (`warmup: true`) and knows its load."""
    out: list[PlannedSet] = []
    for p in plan:
        if p.warmup and (ramp := _ramp(p, prefs)):
            n = len(ramp)
            out.extend(
                replace(
                    p,
                    set_number=i,
                    set_count=n,
                    reps_min=reps,
                    reps_max=reps,
                    load=load,
                    unit=prefs.gear_unit,
                    rpe=None,
                    rest_seconds=60,
                    note="",
                    last=None,
                    set_type="warmup",
                    warmup=False,
                )
                for i, (reps, load) in enumerate(ramp, 1)
            )
        out.append(p)
    return tuple(out)


class WorkoutChanges:
    """Part of WorkoutFlow (a mixin)."""

    workouts: WorkoutStore
    schedule: ScheduleStore
    users: UserStore
    log: SessionLog
    clock: Callable[[], datetime]
    alternatives_for: Callable[[str], list[str]]
    known_exercises: set[str]
    _adding: set[int]

    if TYPE_CHECKING:  # provided by WorkoutFlow

        def _card(self, session: StoredSession, state: WorkoutState, prefs: Preferences) -> Reply: ...
        async def _adjust(self, session: StoredSession, event: Event, prefs: Preferences) -> CallbackOutcome: ...
        async def ask_which(
            self,
            turn: Turn,
            name: str,
            part: str,
            known: set[str],
            *,
            before: str = "",
            after: str = "",
            keep: frozenset[str] = frozenset(),
            command: Literal["workout", "add"] = "workout",
        ) -> Reply | None: ...

    # --- warm-ups ----------------------------------------------------------------------
    def warmups_offered(self, state: WorkoutState, prefs: Preferences) -> bool:
        current = state.current()
        return current is not None and not _has_warmups(state.plan, state.position) and bool(_ramp(current, prefs))

    def plates_line(self, state: WorkoutState, prefs: Preferences) -> str:
        """The plate breakdown for a warm-up, and for the working set right after the warm-ups."""
        current = state.current()
        if current is None or current.load is None or current.exercise not in BARBELL:
            return ""
        if current.set_type != "warmup" and not _has_warmups(state.plan, state.position):
            return ""
        bar, plates = prefs.gear
        load = round(convert(current.load, current.unit, prefs.gear_unit), 2)
        return plate_text(load, bar=bar, plates=plates, unit=prefs.gear_unit)

    def _warmup_event(self, state: WorkoutState, prefs: Preferences, event_id: str) -> Event | None:
        current = state.current()
        ramp = _ramp(current, prefs) if current is not None and not _has_warmups(state.plan, state.position) else []
        if not ramp:
            return None
        sets = [[reps, load] for reps, load in ramp]
        return Event("warmups_added", event_id, state.position, {"sets": sets, "unit": prefs.gear_unit})

    async def set_working_load(
        self, session: StoredSession, state: WorkoutState, event: Event, prefs: Preferences
    ) -> WorkoutState:
        """The starting-weight answer; a block that asks for warm-ups gets its ramp from that weight."""
        _, state, _ = await self.log.apply(session, event, known=state)
        current = state.current()
        if (
            current is not None
            and current.warmup
            and (ramp := self._warmup_event(state, prefs, f"auto{event.event_id}"))
        ):
            _, state, _ = await self.log.apply(session, ramp, known=state)
        return state

    # --- the ➕/➖/🔥/🔁 buttons ----------------------------------------------------------
    async def change_button(
        self, turn: Turn, session: StoredSession, state: WorkoutState, b: WorkoutButton, tap: str, prefs: Preferences
    ) -> CallbackOutcome:
        user = turn.user
        if b.position != state.position or (b.action != "addex" and b.epoch != state.epoch) or state.finished:
            return CallbackOutcome(toast="That button is from an older message.")
        if b.action == "addex":
            await self._ask_addition(turn, session)
            return CallbackOutcome([Reply("➕ Which exercise? " + ADD_USAGE.replace("/add ", ""))])
        if b.action in ("swap", "swapto"):
            return await self._swap(user, session, state, b, tap, prefs)
        if b.action == "warmup":
            event = self._warmup_event(state, prefs, f"warmup:{b.position}:{b.epoch}")
            if event is None:
                return CallbackOutcome(toast="No warm-up fits this set.")
            return await self._adjust(session, event, prefs)
        kind = "set_added" if b.action == "addset" else "set_removed"
        before = state.current()
        assert before is not None
        try:
            _, after, applied = await self.log.apply(session, Event(kind, f"{b.action}:{tap}", b.position), known=state)
        except InvalidEvent:
            return CallbackOutcome(toast="There is no set of this exercise left to remove.")
        left = sum(1 for p in after.plan[after.position :] if p.exercise == before.exercise and p.set_type != "warmup")
        what = "➕ Added a set of" if kind == "set_added" else "➖ Removed a set of"
        head = f"{what} {esc(before.exercise)}: {left} to go."
        card = self._card(session, after, prefs)
        return CallbackOutcome([replace(card, text=f"{head}\n\n{card.text}", edit=True)] if applied else [])

    async def _swap(
        self, user: User, session: StoredSession, state: WorkoutState, b: WorkoutButton, tap: str, prefs: Preferences
    ) -> CallbackOutcome:
        current = state.current()
        assert current is not None
        options = self.alternatives(current.exercise)
        if b.action == "swap":
            if not options:
                return CallbackOutcome(toast=f"I don't know alternatives for {current.exercise} yet.")
            rows = tuple(
                (Button(f"↔️ {o}", WorkoutButton("swapto", session.id, b.position, b.epoch, str(i)).pack()),)
                for i, o in enumerate(options)
            )
            keep = (Button(f"✖ Keep {current.exercise}", WorkoutButton("resume", session.id).pack()),)  # a way back
            return CallbackOutcome([Reply(f"Swap <b>{esc(current.exercise)}</b> for:", (*rows, keep))])
        choice = arg_number(b.arg)
        if not 0 <= choice < len(options):
            return CallbackOutcome(toast="That button is from an older message.")
        to = options[choice]
        history = await self.log.history(user.id)
        loaded = takes_load(to) and kind_of(to) == "weight_reps"
        block = (to, current.reps_min, current.reps_max)
        undone = await self.log.not_done(history, [block]) if loaded else {}
        start = starting_load(history, *block, prefs.unit, prefs.step, undone) if loaded else None
        data = {
            "to": to,
            "loaded": loaded,
            "kind": kind_of(to),
            "load": start.load if start else None,
            "unit": start.unit if start else prefs.unit,
            "note": start.note if start else "",
            "best_kg": best_load_kg(history, to),
            "best": heaviest_typed(history, to),
        }
        return await self._adjust(session, Event("exercise_swapped", f"swap:{tap}", b.position, data), prefs)

    def alternatives(self, exercise: str) -> list[str]:
        """Swap options: the article's where one covers the exercise, else the catalogue's; at most six."""
        found = self.alternatives_for(exercise) or list(default_catalogue().alternatives(exercise))
        return [name for name in dict.fromkeys(found) if name != exercise][:6]

    # --- adding an exercise ----------------------------------------------------------------
    async def _ask_addition(self, turn: Turn, session: StoredSession) -> None:
        await turn.set_prompt(AddExercise(session=session.id, until=self.clock() + ADD_PROMPT_FOR))
        self._adding.add(turn.user.id)

    async def typed_addition(self, turn: Turn, text: str, message_id: int | None) -> list[Reply] | None:
        """The answer to ➕ Exercise; None when no such question is open (the text is something else)."""
        user = turn.user
        self._adding.discard(user.id)
        prompt = await turn.prompt()
        if not isinstance(prompt, AddExercise):
            return None
        await turn.set_prompt(None)
        stale = prompt.until <= self.clock()
        if stale or text.startswith("/") or set_like(text) or not any(ch.isdigit() for ch in text):
            return None  # a set, a command or a question instead: the prompt is over, the text goes its way
        return await self.add_exercise(turn, text, message_id)

    async def _just_finished(self, user: User) -> StoredSession | None:
        """The workout that finished itself with its last planned set a little while ago: /add goes on with it,
        as in Hevy or Strong, where finishing is the lifter's call (one ended with 🏁 stays ended)."""
        latest = next(iter(await self.workouts.recent_sessions(user.id, 1)), None)
        if latest is None or latest.status != "finished" or not latest.plan:
            return None
        state = await self.log.state(latest)
        return latest if finished_by_itself(latest, state, self.clock(), ADD_AFTER_FINISH_WITHIN) else None

    async def add_exercise(
        self, turn: Turn, args: str, message_id: int | None, keep: frozenset[str] = frozenset()
    ) -> list[Reply]:
        """/add <exercise> <sets>x<reps> [load]: its sets go at the end of the running workout. A name that
        may mean several exercises ("row") is asked about first, unless in `keep` (the lifter's own)."""
        user = turn.user
        session = await self.workouts.active_session(user.id)
        finished = None if session is not None else await self._just_finished(user)
        session = session or finished
        if session is None:
            return [Reply("No workout in progress. Start one with /workout, then add exercises to it.")]
        state = await self.log.state(session)
        prefs = await turn.preferences()
        if not args.strip():
            await self._ask_addition(turn, session)
            return [Reply("➕ Which exercise? " + ADD_USAGE.replace("/add ", ""))]
        try:
            quick = parse_quick_workout(args, unit=prefs.unit)
        except SetInputError:
            return [Reply("I couldn't read that, so nothing was added. " + ADD_USAGE)]
        history = await self.log.history(user.id)
        known = self.known_exercises | {r.exercise for r in history}
        if (asked := await self.ask_which(turn, quick.exercise, args, known, keep=keep, command="add")) is not None:
            return [asked]
        name = closest_known(quick.exercise, known) or quick.exercise
        kind = "distance_duration" if quick.distance_m else "duration" if quick.duration_s else kind_of(name)
        block = (name, quick.reps_min, quick.reps_max)
        carries = kind == "bodyweight_reps" and quick.load is None and added_last_time(last_session(history, *block))
        loaded = takes_load(name) and kind == "weight_reps" or carries  # dips' added weight goes on as a load
        undone = await self.log.not_done(history, [block]) if loaded and quick.load is None else {}
        start = (
            starting_load(weighed(history, (), on_body_lift), *block, prefs.unit, prefs.step, undone)
            if loaded and quick.load is None
            else None
        )
        data: dict[str, Any] = {
            "exercise": name,
            "sets": quick.sets,
            "reps_min": quick.reps_min,
            "reps_max": quick.reps_max,
            "load": start.load if start else quick.load,
            "unit": start.unit if start else quick.unit,
            "note": start.note if start else "",
            "rest_seconds": quick.rest_seconds if quick.rest_seconds is not None else prefs.rest_seconds,
            "kind": kind,
            "loaded": loaded,
            "duration_s": quick.duration_s,
            "distance_m": quick.distance_m,
            "distance_unit": quick.distance_unit,
            "assistance": quick.assistance,
            "best_kg": best_load_kg(history, name),
            "best": heaviest_typed(history, name),
        }
        event_id = f"add:m{user.chat_id}:{message_id}" if message_id is not None else f"add:{len(state.applied)}:{name}"
        if finished is not None and not await self.workouts.reopen_session(session.id, self.clock()):
            return [Reply("No workout in progress. Start one with /workout, then add exercises to it.")]
        try:
            _, state, applied = await self.log.apply(session, Event("exercise_added", event_id, state.position, data))
        except InvalidEvent:
            applied = False
        if not applied:
            if finished is not None:  # nothing was added: the finished workout is not left open
                await self.workouts.close_session(session.id, "finished", self.clock())
            return [] if state.applied and event_id in state.applied else [Reply(CANT_ADD)]
        card = self._card(session, state, prefs)
        sets = f"{quick.sets} set{'s' if quick.sets != 1 else ''}"
        head = f"➕ Added <b>{esc(name)}</b>: {sets}, after the rest of this workout."
        if finished is not None:
            head = f"➕ Added <b>{esc(name)}</b>: {sets}. Your workout is open again; it finishes after these."
        return [replace(card, text=f"{head}\n\n{card.text}")]
