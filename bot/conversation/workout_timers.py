"""Rest timers, idle-workout nudges and the rotation's next workout: the workout flow's scheduled side.

Timers are database rows (a restart loses none); a due one is claimed with a compare-and-set, so
it goes out once even with several replicas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..storage.repository import ScheduleStore, StoredSession, UserStore, WorkoutStore
from ..training.engine import WorkoutState
from ..training.programs import Program
from .callbacks import WorkoutButton
from .flow import Notification
from .model import Button, CallbackOutcome, Reply, User, esc
from .preferences import Preferences, load_preferences
from .routine_book import RoutineBook
from .workout_cards import clock
from .workout_log import SessionLog

IDLE_AFTER = timedelta(hours=3)


class WorkoutTimers:
    """Part of WorkoutFlow (a mixin): it uses the flow's repository, log, clock and cards."""

    workouts: WorkoutStore
    schedule: ScheduleStore
    users: UserStore
    log: SessionLog
    clock: Callable[[], datetime]

    if TYPE_CHECKING:  # provided by WorkoutFlow

        def _card(self, session: StoredSession, state: WorkoutState, prefs: Preferences) -> Reply: ...

    async def _rest_button(
        self, user: User, session: StoredSession, state: WorkoutState, position: int, what: str, prefs: Preferences
    ) -> CallbackOutcome:
        timers = [
            t
            for t in await self.schedule.pending_timers("rest")
            if t.user_id == user.id and t.payload.get("session") == session.id
        ]
        if position != state.position or not timers or not await self.schedule.claim_timer(timers[0].id, self.clock()):
            return CallbackOutcome(toast="Rest is already over.")
        if what == "add":
            due = timers[0].due_at + timedelta(seconds=30)
            await self.schedule.add_timer(user.id, user.chat_id, "rest", due, timers[0].payload)
            return CallbackOutcome(toast=f"+30 s: {clock(max(0, int((due - self.clock()).total_seconds())))} left")
        return CallbackOutcome([self._card(session, state, prefs)])

    # --- scheduled messages -----------------------------------------------------------
    async def due(self, now: datetime, limit: int | None = None) -> list[Notification]:
        out: list[Notification] = []
        for timer in await self.schedule.pending_timers("rest"):
            if timer.due_at > now or not await self.schedule.claim_timer(timer.id, now):
                continue
            session = await self.workouts.get_session(str(timer.payload.get("session")))
            if session is None or session.status != "active":
                continue
            state = await self.log.state(session)
            if state.position != timer.payload.get("position"):
                continue  # the user already moved on
            reply = self._card(session, state, await load_preferences(self.users, session.user_id))
            out.append(Notification(session.chat_id, replace(reply, text="⏰ Rest over!\n" + reply.text)))
        for session in await self.workouts.idle_sessions(now - IDLE_AFTER):
            await self.workouts.mark_nudged(session.id)
            state = await self.log.state(session)
            out.append(
                Notification(
                    session.chat_id,
                    Reply(
                        f"👋 Did you finish <b>{esc(session.title)}</b>? "
                        f"Your {len(state.logged)} logged sets are saved.",
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
    """The next routine in the user's rotation (/routine rotation) when they have one, else the
    template after their last finished template."""
    if book is not None and (next_up := await book.next_up(user_id)) is not None:
        return next_up.program_id, next_up.title
    if not programs:
        return None
    order = list(programs)
    for session in await workouts.recent_sessions(user_id, 20):
        if session.status == "finished" and session.program_id in programs:
            nxt = order[(order.index(session.program_id) + 1) % len(order)]
            return nxt, programs[nxt].title
    first = order[0]
    return first, programs[first].title
