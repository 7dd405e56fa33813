"""Rest timers, idle-workout nudges and the rotation's next workout: the workout flow's scheduled side.

Timers are database rows (a restart loses none); a due one is claimed with a compare-and-set, so
it goes out once even with several replicas."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..storage.repository import PromptStore, ScheduleStore, StoredSession, Timer, UserStore, WorkoutStore
from ..training.engine import Event, WorkoutState
from ..training.parsing import SetInputError
from ..training.programs import Program
from ..training.set_input import read_duration
from .callbacks import WorkoutButton
from .flow import Notification
from .model import Button, CallbackOutcome, Reply, User, esc, said
from .preferences import Preferences, load_preferences
from .render import sets_counted
from .routine_book import RoutineBook
from .timer_bodies import CountdownBody, RestBody, as_payload, body_of
from .turn import Turn
from .workout_cards import clock
from .workout_log import SessionLog

IDLE_AFTER = timedelta(hours=3)
# Typed during a rest: "skip rest", "rest 0", "no rest" end it; "rest 90", "rest 2 min", "rest 1:30" set what is
# left (a stranger's "rest 0" got an article about the bench press bar path). Anchored, bounded: linear.
_SKIP_REST = re.compile(r"(?:skip(?: the)? rest|rest 0|no rest|rest(?:'s| is)? over|done resting|end rest)", re.I)
MAX_TYPED_REST = 60 * 60
# A running hold's message is edited this often: enough to glance at, far below Telegram's edit limits.
COUNTDOWN_EVERY = timedelta(seconds=10)
COUNTDOWN = "countdown"


class WorkoutTimers:
    """Part of WorkoutFlow (a mixin): it uses the flow's repository, log, clock and cards."""

    workouts: WorkoutStore
    schedule: ScheduleStore
    users: UserStore
    prompts: PromptStore
    log: SessionLog
    clock: Callable[[], datetime]

    if TYPE_CHECKING:  # provided by WorkoutFlow

        def _card(self, session: StoredSession, state: WorkoutState, prefs: Preferences) -> Reply: ...
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

    async def _rest_button(
        self, user: User, session: StoredSession, state: WorkoutState, position: int, what: str, prefs: Preferences
    ) -> CallbackOutcome:
        timers = await self._rest_timers(user, session)
        if (
            position != state.position
            or not timers
            or not await self.schedule.claim_timer(timers[0][0].id, self.clock())
        ):
            return CallbackOutcome(toast="Rest is already over.")
        if what == "add":
            timer, body = timers[0]
            due = timer.due_at + timedelta(seconds=30)
            await self.schedule.add_timer(user.id, user.chat_id, "rest", due, as_payload(body))
            return CallbackOutcome(toast=f"+30 s: {clock(max(0, int((due - self.clock()).total_seconds())))} left")
        return CallbackOutcome([self._card(session, state, prefs)])

    async def _rest_timers(self, user: User, session: StoredSession) -> list[tuple[Timer, RestBody]]:
        """This workout's pending rest timer (a list: none once it fired or was skipped)."""
        return [
            (t, body)
            for t in await self.schedule.pending_timers("rest")
            if t.user_id == user.id and (body := body_of(t, RestBody)) is not None and body.session == session.id
        ]

    async def typed_rest(self, turn: Turn, text: str) -> list[Reply] | None:
        """ "skip rest" or "rest 90" typed mid-workout: what the rest message's buttons do, or a new time left;
        None when the text is no such thing or no workout runs."""
        words = said(text)
        skip = _SKIP_REST.fullmatch(words)
        seconds = _typed_seconds(words.removeprefix("rest ")) if words.startswith("rest ") and not skip else None
        session = await self.workouts.active_session(turn.user.id) if skip or seconds is not None else None
        if session is None:
            return None
        state, prefs = await self.log.state(session), await turn.preferences()
        if skip:
            outcome = await self._rest_button(turn.user, session, state, state.position, "skip", prefs)
            card = self._card(session, state, prefs)
            return outcome.replies or [Reply(f"No rest timer is running.\n\n{card.text}", card.buttons)]
        assert seconds is not None
        if seconds > MAX_TYPED_REST:
            return [Reply("That rest is over an hour; send up to <code>rest 60 min</code>.")]
        mine = await self._rest_timers(turn.user, session)
        if not mine or not await self.schedule.claim_timer(mine[0][0].id, self.clock()):
            return [
                Reply(
                    "No rest timer is running now. The rest after each set is on its card; "
                    "<code>/settings rest 90</code> changes the default for new workouts."
                )
            ]
        due = self.clock() + timedelta(seconds=seconds)
        await self.schedule.add_timer(turn.user.id, turn.user.chat_id, "rest", due, as_payload(mine[0][1]))
        return [Reply(f"⏱ Rest: {clock(seconds)} from now. I'll ping you when it's up.")]

    # --- timed sets: a countdown message that edits itself -----------------------------
    async def countdown_button(
        self,
        turn: Turn,
        session: StoredSession,
        state: WorkoutState,
        b: WorkoutButton,
        prefs: Preferences,
        message_id: int | None = None,
    ) -> CallbackOutcome:
        user = turn.user
        current = state.current()
        if current is None or b.position != state.position or b.epoch != state.epoch or current.kind != "duration":
            return CallbackOutcome(toast="That button is from an older message.")
        pending = [t for t in await self.schedule.pending_timers(COUNTDOWN) if t.user_id == user.id]
        # A countdown for a set that was skipped or logged meanwhile is over: it must not block this one.
        running = [
            body
            for t in pending
            if (body := body_of(t, CountdownBody)) is not None and (body.position, body.epoch) == (b.position, b.epoch)
        ]
        now = self.clock()
        if b.arg == "go":
            if running:
                return CallbackOutcome(toast="The countdown is already running.")
            if pending:
                await self.schedule.cancel_timers(user.id, COUNTDOWN)
            seconds = current.duration_s or 0
            ends = now + timedelta(seconds=seconds)
            body = CountdownBody(
                session=session.id,
                position=state.position,
                epoch=state.epoch,
                ends=ends,
                started=now,
                message=message_id,  # the card the countdown runs in: each tick edits it
            )
            await self.schedule.add_timer(
                user.id, user.chat_id, COUNTDOWN, min(now + COUNTDOWN_EVERY, ends), as_payload(body)
            )
            return CallbackOutcome([replace(countdown_reply(session.id, state, seconds), edit=True)])
        mine = [body for body in running if body.session == session.id]
        if not mine:
            return CallbackOutcome(toast="The countdown is over.")
        await self.schedule.cancel_timers(user.id, COUNTDOWN)
        held = (now - mine[0].started).total_seconds()
        held = max(1.0, min(float(current.duration_s or held), round(held)))
        event = Event("set_logged", f"timer:{state.position}:{state.epoch}", state.position, {"duration_s": held})
        return CallbackOutcome(await self._log(turn, session, event, edit=True, state=state, prefs=prefs))

    async def _countdowns(self, now: datetime) -> list[Notification]:
        out: list[Notification] = []
        for timer in await self.schedule.pending_timers(COUNTDOWN):
            if timer.due_at > now or not await self.schedule.claim_timer(timer.id, now):
                continue
            countdown = body_of(timer, CountdownBody)
            session = await self.workouts.get_session(countdown.session) if countdown is not None else None
            if countdown is None or session is None or session.status != "active":
                continue
            state = await self.log.state(session)
            if (state.position, state.epoch) != (countdown.position, countdown.epoch):
                continue  # the set was logged, skipped or undone meanwhile
            ends = countdown.ends
            left = (ends - now).total_seconds()
            if left >= 1:
                await self.schedule.add_timer(
                    timer.user_id, timer.chat_id, COUNTDOWN, min(now + COUNTDOWN_EVERY, ends), as_payload(countdown)
                )
                tick = replace(countdown_reply(session.id, state, left), edit=True)
                out.append(Notification(session.chat_id, tick, countdown.message))
                continue
            current = state.current()
            assert current is not None
            turn = Turn(User(session.user_id, session.chat_id), self.users, self.prompts)
            prefs = await turn.preferences()
            event = Event("set_logged", f"timer:{state.position}:{state.epoch}", state.position, {})
            replies = await self._log(turn, session, event, edit=False, state=state, prefs=prefs)
            for i, reply in enumerate(replies):  # a new message, not an edit: the phone pings
                text = f"⏰ Time! {esc(current.exercise.capitalize())}: {clock(int(current.duration_s or 0))} held.\n"
                out.append(Notification(session.chat_id, replace(reply, text=text + reply.text) if i == 0 else reply))
        return out

    # --- scheduled messages -----------------------------------------------------------
    async def due(self, now: datetime, limit: int | None = None) -> list[Notification]:
        out: list[Notification] = await self._countdowns(now)
        for timer in await self.schedule.pending_timers("rest"):
            if timer.due_at > now or not await self.schedule.claim_timer(timer.id, now):
                continue
            rest = body_of(timer, RestBody)
            session = await self.workouts.get_session(rest.session) if rest is not None else None
            if rest is None or session is None or session.status != "active":
                continue
            state = await self.log.state(session)
            if state.position != rest.position:
                continue  # the user already moved on
            reply = self._card(session, state, await load_preferences(self.users, session.user_id))
            out.append(Notification(session.chat_id, replace(reply, text="⏰ Rest over!\n" + reply.text)))
        for session in await self.workouts.idle_sessions(now - IDLE_AFTER):
            await self.workouts.mark_nudged(session.id)
            state = await self.log.state(session)
            warmups = sum(1 for s in state.logged if s.set_type == "warmup")
            logged = sets_counted(len(state.logged) - warmups, warmups)
            out.append(
                Notification(
                    session.chat_id,
                    Reply(
                        f"👋 Did you finish <b>{esc(session.title)}</b>? Your logged {logged} are saved.",
                        (
                            (
                                Button("🏁 Finish and save", WorkoutButton("end", session.id, state.position).pack()),
                                Button("▶️ Resume", WorkoutButton("resume", session.id).pack()),
                            ),
                        ),
                    ),
                )
            )
        return out


async def todays_plan(
    workouts: WorkoutStore, programs: dict[str, Program], user_id: int, book: RoutineBook | None = None
) -> tuple[str, str] | None:
    """The next routine in the user's rotation (/routine rotation) when they have one; else the template after
    their last finished workout when that was a template; else, for a new user with no workouts and no routines
    of their own, the first template. Anyone else gets no plan (the reminder offers the menu): a stranger who
    only did quick workouts and their own routine was told "Today's plan: Beginner bodyweight glutes"."""
    if book is not None and (next_up := await book.next_up(user_id)) is not None:
        return next_up.program_id, next_up.title
    if not programs:
        return None
    order = list(programs)
    finished = [s for s in await workouts.recent_sessions(user_id, 20) if s.status == "finished"]
    if finished:
        last = finished[0].program_id
        if last not in programs:
            return None
        nxt = order[(order.index(last) + 1) % len(order)]
        return nxt, programs[nxt].title
    if book is not None and await book.routines.list_routines(user_id):
        return None
    return order[0], programs[order[0]].title


def _typed_seconds(text: str) -> int | None:
    """ "90", "2 min", "1:30" after "rest", as whole seconds; None when it is no time."""
    try:
        seconds = read_duration(text)
    except SetInputError:
        return None
    return None if seconds is None else int(seconds)


def countdown_reply(session_id: str, state: WorkoutState, left: float) -> Reply:
    current = state.current()
    assert current is not None
    pos, epoch = state.position, state.epoch
    return Reply(
        f"⏱ <b>{esc(current.exercise.capitalize())}</b>, set {current.set_number} of {current.set_count}: "
        f"{clock(int(round(left)))} to go.",
        (
            (
                Button("⏹ Stop and log", WorkoutButton("timer", session_id, pos, epoch, "stop").pack()),
                Button("⏭ Skip set", WorkoutButton("skip", session_id, pos, epoch).pack()),
            ),
        ),
    )
