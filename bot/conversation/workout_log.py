"""The workout flow's side of storage: replaying a session, appending events, a user's corrected history.

Every event is validated against the replayed log before it is appended, in the same transaction
that checks nobody else appended in between (`Conflict` -> retry). Sets come back from history
after folding undo/edit/delete events, so summaries, PRs, suggestions, /history, /progress and
/export all read the same corrected numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from ..history.records import SetRecord, weighed
from ..history.setlog import SET_EVENT_TYPES, SetEvent, fold
from ..storage.repository import BodyWeightStore, StoredSession, WorkoutStore
from ..training import event_payloads
from ..training.completion import Block, NotDone
from ..training.completion import not_done as sets_not_done
from ..training.engine import (
    Event,
    InvalidEvent,
    PlannedSet,
    WorkoutState,
    plan_from_json,
    replay,
    state_to_json,
)
from ..training.plan_edits import kind_of
from ..training.progression import best_load_kg, heaviest_typed, last_session, progressed_load, starting_load
from ..training.units import Unit, to_kg


class Conflict(Exception):
    """Another update changed the session between our read and our write; retry."""


class SessionLog:
    def __init__(self, workouts: WorkoutStore, body_weights: BodyWeightStore | None = None):
        self.workouts, self.body_weights = workouts, body_weights

    async def weigh_ins(self, user_id: int) -> list[tuple[datetime, float]]:
        """The user's body weights as (time, kg), oldest first: what a bodyweight lift's e1RM needs."""
        entries = await self.body_weights.body_weights(user_id) if self.body_weights is not None else []
        return [(e.measured_at, to_kg(e.value, e.unit)) for e in entries]

    async def weighed(
        self, user_id: int, records: list[SetRecord], on_body: Callable[[str], bool] = lambda name: False
    ) -> list[SetRecord]:
        """`records` with the body weight of the day on bodyweight lifts' sets (`on_body`: which exercises
        those are, beyond the catalogue's)."""
        return weighed(records, await self.weigh_ins(user_id), lambda name: on_body(name) or on_body_lift(name))

    async def state(self, session: StoredSession) -> WorkoutState:
        events = [Event.from_json(e.payload) for e in await self.workouts.events(session.id)]
        return replay(plan_from_json(session.plan), events)

    async def history(self, user_id: int, *, exclude: str | None = None) -> list[SetRecord]:
        return [r for r in fold(await self.workouts.set_events(user_id)) if r.session_id != exclude]

    async def starts(self, history: list[SetRecord], plan: tuple[PlannedSet, ...], title: str = "") -> Starts:
        """For a routine's typed loads: the load each past session that last did one of its blocks (in
        its rep range) started from, as prepare_plan reads it, and the same for the last session of this
        routine (`title`). A session from before starts were kept started from its plan's load: then a
        typed load was never moved by history."""
        mine = [r for r in history if r.workout == title]
        ids = {
            last[0].session_id
            for p in plan
            for done in (history, mine)
            if p.load is not None and (last := last_session(done, p.exercise, p.reps_min, p.reps_max))
        }
        out: Starts = {}
        for session_id in ids:
            session = await self.workouts.get_session(session_id)
            rows = [r for r in (session.plan or []) if r.get("set_type") != "warmup"] if session else []
            found: dict[tuple[str, int, int], dict[str, Any] | None] = {}
            for row in rows:
                legacy = {"load": row.get("load"), "unit": row.get("unit")} if row.get("load") is not None else None
                key = (str(row.get("exercise")), int(row.get("reps_min") or 0), int(row.get("reps_max") or 0))
                found.setdefault(key, row["start"] if "start" in row else legacy)
            out[session_id] = found
        return out

    async def not_done(self, history: list[SetRecord], blocks: Iterable[Block]) -> NotDone:
        """For progression: the planned sets not done in the past session that last did each block (in its
        rep range), replayed from that session's stored plan and log, as its summary read them. A session
        with no plan (imported) did every set it has."""
        ids = {last[0].session_id for block in set(blocks) if (last := last_session(history, *block))}
        out: NotDone = {}
        for session_id in ids:
            session = await self.workouts.get_session(session_id)
            if session is None or not session.plan:
                continue
            try:
                state = await self.state(session)
            except InvalidEvent:  # a log this version can't replay: judge its sets alone, as before
                continue
            out[session_id] = sets_not_done(state, over=session.status != "active" or state.finished)
        return out

    async def sets_of(self, session: StoredSession) -> list[SetRecord]:
        """One session's live sets (its own log folded; no need to read the user's whole history)."""
        events = await self.workouts.events(session.id)
        return fold(
            SetEvent(session.id, session.title, e.created_at, e.type, e.payload)
            for e in events
            if e.type in SET_EVENT_TYPES
        )

    async def set_at(self, session: StoredSession, position: int) -> SetRecord | None:
        return next((r for r in await self.sets_of(session) if r.position == position), None)

    async def apply(
        self, session: StoredSession, event: Event, known: WorkoutState | None = None
    ) -> tuple[WorkoutState, WorkoutState, bool]:
        """Validate against the replayed log, then append atomically; retried on a race.

        `known` is a state the caller just replayed; the append re-checks it, so it saves a read."""
        for _ in range(3):
            state, known = known or await self.state(session), None
            new_state = state.apply(event)  # raises InvalidEvent: nothing is written
            if new_state is state:
                return state, state, False
            payload = event_payloads.logged(event, new_state)

            def check(
                snapshot: dict[str, Any],
                expected: dict[str, Any] = state_to_json(state),
                after: dict[str, Any] = state_to_json(new_state),
            ) -> dict[str, Any]:
                if {k: snapshot.get(k) for k in expected} != expected:
                    raise Conflict()
                return after

            try:
                result = await self.workouts.append_event(session.id, event.event_id, event.type, payload, check)
            except Conflict:
                continue
            return state, new_state, result.applied
        raise Conflict()

    async def correct(self, session: StoredSession, event: Event) -> tuple[SetRecord | None, SetRecord | None]:
        """An edit or delete of a logged set or a whole session, in progress or finished, ours or imported.

        Returns the set before and after an edit (Nones for a delete); InvalidEvent if it doesn't fit.
        Our own sessions go through the engine like any event (same checks, same concurrency snapshot,
        so an undo that reopens the session later still agrees with it); imported ones have no plan."""
        if session.plan:
            before, after, applied = await self.apply(session, event)
            if not applied or event.type != "set_edited":
                return None, None
            old_set, new_set = before.logged_at(event.position), after.logged_at(event.position)
            assert old_set is not None and new_set is not None
            return as_record(session, old_set), as_record(session, new_set)
        old = await self.set_at(session, event.position)
        if event.type in ("set_edited", "set_deleted") and old is None:
            raise InvalidEvent(f"no logged set there to {'edit' if event.type == 'set_edited' else 'delete'}")
        if event.type not in ("set_edited", "set_deleted", "session_deleted"):
            raise InvalidEvent("only edits and deletes change a finished workout")
        payload = event_payloads.corrected(event, old) if event.type == "set_edited" and old else event.to_json()
        result = await self.workouts.append_event(
            session.id,
            event.event_id,
            event.type,
            payload,
            lambda snapshot: snapshot | {"corrections": int(snapshot.get("corrections", 0)) + 1},
        )
        if not result.applied or old is None or event.type != "set_edited":  # a repeated event id, or a delete
            return None, None
        return old, event_payloads.read_edit(old, payload)


def as_record(session: StoredSession, s: Any, at: datetime | None = None) -> SetRecord:
    """A set of this session as history reads it (`at`: when it was done; the session's start if unknown)."""
    return SetRecord(
        at or session.started_at,
        session.id,
        session.title,
        s.exercise,
        s.set_number,
        s.reps,
        s.load,
        s.unit,
        s.rpe,
        s.position,
        s.target.reps_min,
        s.target.reps_max,
        set_type=s.set_type,
        duration_s=s.duration_s,
        distance_m=s.distance_m,
        distance_unit=s.distance_unit,
        assistance=s.assistance,
        on_body=s.target.kind == "bodyweight_reps",
    )


Starts = dict[str, dict[tuple[str, int, int], dict[str, Any] | None]]


def finished_by_itself(session: StoredSession, state: WorkoutState, now: datetime, within: timedelta) -> bool:
    """A workout that ended with its last planned set (not with 🏁) no longer ago than `within`: /undo and /add
    may open it again, as if it had not finished."""
    return (
        session.status == "finished"
        and session.ended_at is not None
        and now - session.ended_at <= within
        and not state.ended
    )


def prepare_plan(
    plan: tuple[PlannedSet, ...],
    history: list[SetRecord],
    unit: Unit,
    step: float,
    starts: Starts | None = None,
    undone: NotDone | None = None,
    title: str = "",
) -> tuple[PlannedSet, ...]:
    """Fill in what history knows, once per exercise block: the starting load (with its reason),
    last time's set at each place, the best load ever.

    `starts` is given for a saved routine, whose typed loads are starting points only: {session id:
    {(exercise, reps_min, reps_max): the load typed for it then}} of past sessions (see SessionLog.starts).
    Where the last session in the block's rep range, or this routine's (`title`) last one, started from the
    load the routine types now, the block takes the load the last session earned (the summary's "Next time",
    also when a quick workout came between: a stranger's routine went back to its typed 80 kg after a quick
    bench at 90 kg announced 92.5); a load changed in the routine since is a new starting point. A quick
    workout's typed load is the load. `undone`: the planned sets past sessions did not do
    (SessionLog.not_done), which hold a load where the summary held it."""
    out: list[PlannedSet] = []
    # A bodyweight lift's sets marked as such (no weigh-ins needed), so a card's reason reads "+10 kg → +12.5 kg".
    lifts = weighed(history, (), on_body_lift)
    routine_history = [r for r in history if r.workout == title] if title else []  # this routine's own sessions
    for p in plan:
        typed = {"load": p.load, "unit": p.unit} if p.load is not None else None
        if p.set_number == 1 or not out:
            last = last_session(history, p.exercise, p.reps_min, p.reps_max)
            # Dips or pull-ups done with added weight last time carry it on like a barbell's load (a stranger's
            # "/workout dips" after "+15 lb → +20 lb next time" said "@ bodyweight", and ✅ stored none).
            carries = p.load is None and on_body_lift(p.exercise) and added_last_time(last)
            start = (
                starting_load(lifts, p.exercise, p.reps_min, p.reps_max, unit, step, undone)
                if (p.loaded or carries) and p.load is None
                else None
            )
            best, best_typed = best_load_kg(history, p.exercise), heaviest_typed(history, p.exercise)
            if typed is not None and starts is not None and last:
                block = (p.exercise, p.reps_min, p.reps_max)
                mine = last_session(routine_history, *block)
                then = [starts.get(done[0].session_id, {}).get(block) for done in (last, mine) if done]
                if any(t is not None and (t.get("load"), t.get("unit")) == (p.load, p.unit) for t in then):
                    start = progressed_load(history, p.exercise, p.reps_min, p.reps_max, unit, step, undone)
        p = replace(p, start=typed, loaded=p.loaded or carries)
        if start is not None:
            p = replace(p, load=start.load, unit=start.unit, note=start.note)
        same = next((r for r in last if r.set_number == p.set_number), None)
        last_set = None
        if same is not None:  # what the card quotes as "last time": every value the set has, as typed
            last_set = {"reps": same.reps, "load": same.load, "unit": same.unit, "rpe": same.rpe}
            kinds = ("duration_s", "distance_m", "distance_unit", "assistance")
            last_set |= {k: v for k in kinds if (v := getattr(same, k)) is not None}
        out.append(replace(p, last=last_set, best_kg=best, best=best_typed))
    return tuple(out)


def added_last_time(last: list[SetRecord]) -> bool:
    """Whether a bodyweight lift's last session added weight (and took no assistance); a drop set's is a burnout."""
    return any(r.load for r in last if r.set_type != "drop") and not any(r.assistance for r in last)


def on_body_lift(exercise: str) -> bool:
    """A catalogue exercise that moves the body (pull-up, dip, push-up): its load is added load."""
    return kind_of(exercise) == "bodyweight_reps"
