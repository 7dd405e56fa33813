"""Guided workouts in the chat: templates, set cards with buttons, typed sets, undo and edits, rest timers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from ..storage.repository import (
    BodyWeightStore,
    ExerciseStore,
    PromptStore,
    ScheduleStore,
    StoredSession,
    UserStore,
    WorkoutStore,
)
from ..training.catalogue import default_catalogue
from ..training.engine import Event, InvalidEvent, PlannedSet, WorkoutState, plan_from_json, state_to_json
from ..training.exercises import takes_load
from ..training.parsing import ALIASES
from ..training.programs import Program
from ..training.units import adjust_step
from . import workout_cards as cards
from .callbacks import BadCallback, WorkoutButton, read_set_arg
from .exercise_pick import ExercisePick
from .flow import Flow
from .model import Button, CallbackOutcome, Reply, User, esc, noted
from .plates import plates_reply
from .preferences import Preferences
from .prompts import ConfirmEdit, ConfirmSet, DropNext, RoutinePrompt, StartBlocked
from .routine_book import RoutineBook
from .set_usage import workout_intro
from .timer_bodies import RestBody, as_payload
from .turn import Turn
from .workout_changes import WorkoutChanges, with_warmups
from .workout_corrections import WorkoutCorrections
from .workout_edit_slips import WorkoutEditSlips
from .workout_finish import finish_text
from .workout_input import WorkoutInput, load_value
from .workout_log import SessionLog, prepare_plan
from .workout_slips import WorkoutSlips
from .workout_starts import WorkoutStarts
from .workout_timers import WorkoutTimers

Clock = Callable[[], datetime]
STALE = "That button is from an older message."
# A question containing one of these names a lift itself; it gets no "(current lift)" context.
LIFT_WORDS = frozenset(
    "squat deadlift bench press row curl lunge bridge thrust pull-up pullup chin-up chinup dip plank swing "
    "extension abduction kickback step-up".split()
)
ADJUSTMENTS = {"r-": (-1, 0), "r+": (1, 0), "l-": (0, -1), "l+": (0, 1)}


class WorkoutFlow(
    WorkoutInput,
    WorkoutSlips,
    WorkoutChanges,
    WorkoutCorrections,
    WorkoutEditSlips,
    WorkoutTimers,
    WorkoutStarts,
    ExercisePick,
    Flow,
):
    commands = ("workout", "plates", "undo", "edit", "add", "finish")
    button_prefixes = ("w",)

    def __init__(
        self,
        workouts: WorkoutStore,
        schedule: ScheduleStore,
        users: UserStore,
        prompts: PromptStore,
        programs: dict[str, Program],
        clock: Clock,
        cues_for: Callable[[str], list[str]] = lambda name: [],
        alternatives_for: Callable[[str], list[str]] = lambda name: [],
        book: RoutineBook | None = None,
        own_exercises: ExerciseStore | None = None,
        body_weights: BodyWeightStore | None = None,
    ):
        self.workouts, self.schedule, self.users, self.prompts = workouts, schedule, users, prompts
        self.own_exercises = own_exercises  # the user's /exercise names and kinds
        self.book = book  # the user's routines and rotation: /workout Push A
        self.programs, self.clock = programs, clock
        self.cues_for, self.alternatives_for = cues_for, alternatives_for
        self.log = SessionLog(workouts, body_weights)  # body weights: a bodyweight lift's e1RM
        self._editing: set[int] = set()
        self._adding: set[int] = set()  # users asked "which exercise?" in this process
        self.known_exercises = {b.exercise for p in programs.values() for b in p.blocks} | default_catalogue().names
        self._lift_words = self.known_exercises | set(ALIASES) | LIFT_WORDS

    # --- commands -------------------------------------------------------------
    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        user = turn.user
        await self.drop_edit_prompt(turn)
        if name == "plates":
            return [plates_reply(await turn.preferences(), args)]
        if name == "undo":
            return await self.undo(turn, message_id=message_id)
        if name == "edit":
            return await self._edit_menu(turn)
        if name == "add":
            return await self.add_exercise(turn, args, message_id)
        if name == "finish":
            return await self.finish_command(turn)
        active = await self.workouts.active_session(user.id)
        if active is not None:
            return [await self.started_elsewhere(turn, active, args)]
        if args.strip():
            prefs = await turn.preferences()
            if (named := await self.start_named(turn, args, prefs, exact=True)) is not None:
                return named
            if ";" in args:
                return await self.start_quick_list(turn, args, prefs)
            return await self.start_typed(turn, args, prefs)
        return [await self.menu(user, (await turn.preferences()).unit)]

    async def finish_command(self, turn: Turn) -> list[Reply]:
        """Typed /finish does what the card's 🏁 button does: with sets still to do it asks first (they
        would not be logged), otherwise it finishes with the summary."""
        session = await self.workouts.active_session(turn.user.id)
        if session is None:
            return [Reply("No workout is running. Start one with /workout.")]
        state = await self.log.state(session)
        unlogged = await self.drop_pending_slip(turn, session)
        replies = await self._end_or_ask(turn, session, state, state.position, ask=True)
        return noted(replies, unlogged)

    async def _end_or_ask(
        self, turn: Turn, session: StoredSession, state: WorkoutState, position: int, *, ask: bool
    ) -> list[Reply]:
        """🏁 and /finish: with sets still to do (and `ask`) the question first, else the end and the summary.
        `position` is where the request was made, so a repeated tap or command ends the workout once; a "Finish
        now" from before a set was logged asks again (a stranger's stale tap skipped the set after it)."""
        if (
            (ask or position != state.position)
            and (left := len(state.plan) - state.position) > 0
            and not state.finished
        ):
            return [cards.finish_question(session, state, left)]
        end = Event("session_ended", f"end:{position}", state.position, {"reason": "user"})
        return await self._finish(turn, session, state, end)

    async def start(
        self, turn: Turn, program_id: str, title: str, plan: tuple[PlannedSet, ...], *, saved: bool = False
    ) -> list[Reply]:
        """`saved`: a routine or template, whose typed loads are starting points that progression moves on
        from (a quick workout's typed load is the load)."""
        user = turn.user
        if await self.workouts.active_session(user.id) is not None:
            return await self.command(turn, "workout", "")
        prefs = await turn.preferences()
        history = await self.log.history(user.id)
        starts = await self.log.starts(history, plan, title) if saved else None
        undone = await self.log.not_done(history, {(p.exercise, p.reps_min, p.reps_max) for p in plan})
        plan = with_warmups(prepare_plan(plan, history, prefs.unit, prefs.step, starts, undone, title), prefs)
        now = self.clock()
        session = StoredSession(
            id=uuid.uuid4().hex,
            user_id=user.id,
            chat_id=user.chat_id,
            program_id=program_id,
            title=title,
            plan=[p.to_json() for p in plan],
            state=state_to_json(WorkoutState(plan)),
            status="active",
            started_at=now,
            updated_at=now,
        )
        await self.users.touch_user(user.id, user.chat_id, user.first_name)
        await self.workouts.create_session(session)
        await turn.close_prompt(RoutinePrompt)  # its lines are saved; what is typed from now on is a set
        return [Reply(workout_intro(title, plan, prefs.unit)), self._card(session, WorkoutState(plan), prefs)]

    # --- buttons ------------------------------------------------------------------
    async def on_button(
        self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        user = turn.user
        data = data.partition(":")[2]
        await self.drop_edit_prompt(turn)
        await turn.close_prompt((ConfirmSet, ConfirmEdit))  # a tap answers "Log it anyway?" or moves past it
        try:
            b = WorkoutButton.unpack(data)
        except BadCallback:
            return CallbackOutcome(toast=STALE)
        if b.action == "go":
            program = self.programs.get(b.session)
            if program is None and self.book is not None:  # the user's routine ("my-<id>")
                prefs = await turn.preferences()
                program = await self.book.program(user.id, b.session, prefs.rest_seconds, prefs.unit)
            if program is None:
                return CallbackOutcome(toast=STALE)
            return CallbackOutcome(
                await self.start(turn, program.id, program.title, await self.plan_for(user, program), saved=True)
            )
        if b.action == "menu":
            return CallbackOutcome([await self.menu(user, (await turn.preferences()).unit)])
        if b.action == "pick":  # which of the exercises a typed name may mean ("row")
            return await self.picked(turn, b.session, b.position)
        session = await self._own_session(user, b.session)
        if session is None or session.status in ("discarded", "deleted"):
            return CallbackOutcome(toast=STALE)
        if b.action == "again" and session.plan:
            # `loaded` again from the exercise: plans stored by the previous version lack it
            plan = tuple(
                replace(
                    p,
                    loaded=p.loaded or takes_load(p.exercise),
                    load=None if p.loaded or takes_load(p.exercise) else p.load,
                    reps=None,
                    note="",
                    last=None,
                )
                for p in plan_from_json(session.plan)
                if p.set_type != "warmup"  # a ramp is planned afresh from this time's load
            )
            return CallbackOutcome(await self.start(turn, session.program_id, session.title, plan))
        if b.action == "undo":
            return CallbackOutcome(await self.undo(turn, session, b.position, epoch=b.epoch))
        if b.action == "edit":
            return CallbackOutcome(await self._ask_edit(turn, session, b.position))
        if b.action == "editok":  # a reading of an odd-looking correction, confirmed
            return await self.edit_slip_tapped(turn, session, b, tap_id or data)
        if b.action in ("delset", "delsetok"):
            return CallbackOutcome(
                await self.delete_set(turn, session, b.position, confirmed=b.action == "delsetok", tap=tap_id or data)
            )
        if session.status != "active":
            return CallbackOutcome(toast="That workout is already over.")
        state = await self.log.state(session)
        prefs = await turn.preferences()
        if b.action == "resume":
            await turn.close_prompt((StartBlocked, DropNext))  # back to the card: a set typed next is its own
            return CallbackOutcome([self._card(session, state, prefs)])
        if b.action == "discard":
            return CallbackOutcome([cards.discard_question(session, state)])
        if b.action == "discardok":
            await self.workouts.close_session(session.id, "discarded", self.clock())
            await self.schedule.cancel_timers(user.id, "rest")
            return CallbackOutcome([Reply("🗑 Workout discarded. Send /workout to start another.", edit=True)])
        position, tap = b.position, tap_id or data
        if b.action == "done" and b.arg == "drop" and 0 <= position < len(state.plan):
            return CallbackOutcome([await self.drop_set_hint(turn, session, state, position, prefs)])
        if b.action in ("done", "skip", "ok"):
            if b.action == "ok":  # a reading of an odd-looking typed set, confirmed
                values = read_set_arg(b.arg)
                if values is None:
                    return CallbackOutcome(toast=STALE)
                event = Event("set_logged", f"ok:{position}:{b.epoch}", position, values)
            else:
                kind = "set_logged" if b.action == "done" else "set_skipped"
                typed = {"set_type": b.arg} if b.action == "done" and b.arg in ("drop", "failure") else {}
                event = Event(kind, f"{b.action}:{position}:{b.epoch}", position, typed)
            replies = await self._log(turn, session, event, edit=True, state=state, prefs=prefs)
            return CallbackOutcome(
                replies, toast=None if replies else cards.already_logged(state, position, prefs.unit)
            )
        if b.action == "load":
            value = {"bodyweight": True} if b.arg == "bw" else load_value(b.arg, prefs)
            if value is None:
                return CallbackOutcome(toast=STALE)
            try:
                state = await self.set_working_load(
                    session, state, Event("load_set", f"load:{tap}", position, value), prefs
                )
            except InvalidEvent:
                return CallbackOutcome(toast=STALE)
            return CallbackOutcome([replace(self._card(session, state, prefs), edit=True)])
        if b.action == "adj" and b.arg in ADJUSTMENTS and 0 <= position < len(state.plan):
            reps_delta, load_sign = ADJUSTMENTS[b.arg]
            step, unit = adjust_step(cards.target_unit(state.plan[position]), prefs.unit, prefs.step)  # as labelled
            event = Event(
                "target_adjusted",
                f"adj:{tap}",
                position,
                {"reps_delta": reps_delta, "load_delta": load_sign * step, "unit": unit, "step": step},
            )
            return await self._adjust(session, event, prefs)
        if b.action in ("swap", "swapto", "warmup", "addset", "dropset", "addex"):
            return await self.change_button(turn, session, state, b, tap, prefs)
        if b.action == "timer" and b.arg in ("go", "stop"):
            return await self.countdown_button(turn, session, state, b, prefs, message_id)
        if b.action in ("end", "endask"):
            return CallbackOutcome(await self._end_or_ask(turn, session, state, position, ask=b.action == "endask"))
        if b.action == "rest" and b.arg in ("add", "skip"):
            return await self._rest_button(user, session, state, position, b.arg, prefs)
        return CallbackOutcome(toast=STALE)

    # --- logging, corrections -----------------------------------------------------------
    async def _log(
        self, turn: Turn, session: StoredSession, event: Event, *, edit: bool, state: WorkoutState, prefs: Preferences
    ) -> list[Reply]:
        user = turn.user
        try:
            before, state, applied = await self.log.apply(session, event, known=state)
        except InvalidEvent:
            return (
                [
                    Reply("That set was already handled. Here is where you are:"),
                    self._card(session, await self.log.state(session), prefs),
                ]
                if not edit
                else []
            )
        if not applied:
            return []  # a duplicate tap: the first one already answered
        skipped = event.position if event.type == "set_skipped" else None
        text = cards.done_text(state, skipped, prefs.unit)
        if state.finished:
            then = await self._finish(turn, session, state, None)
        elif (rest := before.plan[event.position].rest_seconds) > 0 and skipped is None:
            await self.schedule.cancel_timers(user.id, "rest")
            await self.schedule.add_timer(
                user.id,
                user.chat_id,
                "rest",
                self.clock() + timedelta(seconds=rest),
                as_payload(RestBody(session=session.id, position=state.position, started=self.clock())),
            )
            then = [cards.rest_message(session.id, state, rest)]
        else:
            then = [self._card(session, state, prefs)]
        if edit:  # the tapped card turns into the ✅ line, with its own undo
            return [Reply(text, (cards.undo_row(session.id, state),), edit=True), *then]
        if not then:
            return [Reply(text)]
        first, *more = then
        return [replace(first, text=f"{text}\n\n{first.text}"), *more]  # a typed set gets one message

    async def _adjust(self, session: StoredSession, event: Event, prefs: Preferences) -> CallbackOutcome:
        try:
            _, state, _ = await self.log.apply(session, event)
        except InvalidEvent:
            return CallbackOutcome(toast=STALE)
        return CallbackOutcome([replace(self._card(session, state, prefs), edit=True)])

    async def _finish(
        self, turn: Turn, session: StoredSession, state: WorkoutState, end_event: Event | None
    ) -> list[Reply]:
        user = turn.user
        if end_event is not None and not state.finished:
            try:
                _, state, _ = await self.log.apply(session, end_event)
            except InvalidEvent:
                pass
        now = self.clock()
        if not await self.workouts.close_session(session.id, "finished", now):
            return []  # already finished by an earlier tap
        await self.schedule.cancel_timers(user.id, "rest")
        if not state.logged:
            return [Reply(f"🏁 <b>{esc(session.title)}</b> closed with no sets logged.")]
        prefs = await turn.preferences()
        earlier = await self.log.history(user.id, exclude=session.id)
        text = finish_text(session, state, earlier, now, prefs.unit, prefs.step, await self.log.weigh_ins(user.id))
        undo = (cards.undo_row(session.id, state),) if not state.ended else ()
        return [Reply(text, undo)]

    # --- presentation ---------------------------------------------------------------
    def _card(self, session: StoredSession, state: WorkoutState, prefs: Preferences) -> Reply:
        current = state.current()
        cue = cards.pick_cue(self.cues_for(current.exercise), f"{session.id}:{state.position}") if current else None
        return cards.card(
            session.id,
            state,
            prefs.unit,
            prefs.step,
            cue,
            plates=self.plates_line(state, prefs),
            warmups_offered=self.warmups_offered(state, prefs),
        )

    def back_button(self, session: StoredSession, state: WorkoutState) -> Button:
        current = state.current()
        label = (
            f"↩️ Back to {cards.set_label(current.set_type, current.set_number)} of {current.exercise}"
            if current
            else "↩️ Back to my workout"
        )
        return Button(label[:60], WorkoutButton("resume", session.id).pack())

    async def question_context(self, user: User, text: str) -> tuple[Button | None, str | None]:
        """For a question mid-workout: the way back to the set card, and the lift being trained when the
        question names none."""
        active = await self.workouts.active_session(user.id)
        if active is None:
            return None, None
        state = await self.log.state(active)
        current = state.current()
        named = any(word in text[:500].lower() for word in self._lift_words)
        about = current.exercise if current is not None and not named else None
        return self.back_button(active, state), about

    async def _own_session(self, user: User, session_id: str) -> StoredSession | None:
        session = await self.workouts.get_session(session_id) if session_id and len(session_id) <= 36 else None
        return session if session is not None and session.user_id == user.id else None  # never another user's
