"""Guided workouts in the chat: templates, set cards with buttons, typed sets, rest timers, summaries."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from ..storage.repository import Repository, StoredSession
from ..training.engine import Event, InvalidEvent, LoggedSet, PlannedSet, WorkoutState, expand, plan_from_json, replay, state_to_json
from ..training.parsing import SetInputError, parse_quick_workout, parse_set
from ..training.plates import DEFAULT_PLATES, plates_per_side
from ..training.programs import ExerciseBlock, Program
from ..training.progression import estimated_1rm, suggest_next, summarize
from ..training.units import format_load, to_kg
from .flow import Notification
from .model import Button, CallbackOutcome, Reply, User, esc
from .preferences import DEFAULT_STEP, Preferences, load_preferences, save_preferences

Clock = Callable[[], datetime]
IDLE_AFTER = timedelta(hours=3)
STALE = "That button is from an older message."
PLATES_USAGE = "Usage: /plates &lt;weight&gt;, e.g. <code>/plates 142.5</code> (uses your bar and plates from /settings)"


class Conflict(Exception):
    """Another update changed the session between our read and our write; retry."""


class WorkoutFlow:
    commands = ("workout", "plates")
    button_prefix = "w"

    def __init__(
        self,
        repo: Repository,
        programs: dict[str, Program],
        clock: Clock,
        cues_for: Callable[[str], list[str]] = lambda name: [],
        alternatives_for: Callable[[str], list[str]] = lambda name: [],
    ):
        self.repo = repo
        self.programs = programs
        self.clock = clock
        self.cues_for = cues_for
        self.alternatives_for = alternatives_for

    # --- commands -------------------------------------------------------------
    async def command(self, user: User, name: str, args: str) -> list[Reply]:
        if name == "plates":
            return [await self._plates(user, args)]
        active = await self.repo.active_session(user.id)
        if active is not None:
            state = await self._state(active)
            current = state.current()
            where = f"{esc(current.exercise)}, set {current.set_number} of {current.set_count}" if current else "all sets done"
            return [Reply(
                f"You have a workout in progress: <b>{esc(active.title)}</b> ({where}).",
                ((Button("▶️ Resume", f"w:resume:{active.id}"), Button("🗑 Discard", f"w:discard:{active.id}"), Button("🏁 Finish", f"w:end:{active.id}:{state.position}")),),
            )]
        if args.strip():
            prefs = await load_preferences(self.repo, user.id)
            try:
                quick = parse_quick_workout(args, unit=prefs.unit)
            except SetInputError as exc:
                return [Reply(esc(str(exc)))]
            block = ExerciseBlock(
                exercise=quick.exercise, sets=quick.sets, reps_min=quick.reps_min, reps_max=quick.reps_max, load=quick.load,
                unit=quick.unit, rest_seconds=quick.rest_seconds if quick.rest_seconds is not None else prefs.rest_seconds,
            )
            program = Program(id="quick", title=f"Quick: {quick.exercise}", blocks=[block])
            return await self.start(user, program.id, program.title, expand(program))
        return [await self.menu(user)]

    async def menu(self, user: User) -> Reply:
        rows = [(Button(f"📋 {p.title}", f"w:go:{p.id}"),) for p in self.programs.values()]
        recent = [s for s in await self.repo.recent_sessions(user.id, 10) if s.status == "finished"]
        seen: set[str] = set()
        for s in recent:
            if s.title not in seen and len(seen) < 3:
                seen.add(s.title)
                rows.append((Button(f"🔁 Again: {s.title[:40]}", f"w:again:{s.id}"),))
        return Reply("Pick a workout, or type a quick one: <code>/workout hip thrust 4x6 100kg</code>", tuple(rows))

    async def start(self, user: User, program_id: str, title: str, plan: tuple[PlannedSet, ...]) -> list[Reply]:
        if await self.repo.active_session(user.id) is not None:
            return await self.command(user, "workout", "")
        prefs = await load_preferences(self.repo, user.id)
        plan = tuple(_with_suggested_load(p, prefs) for p in plan)
        now = self.clock()
        session = StoredSession(
            id=uuid.uuid4().hex, user_id=user.id, chat_id=user.chat_id, program_id=program_id, title=title,
            plan=[p.to_json() for p in plan], state=state_to_json(WorkoutState(plan)), status="active", started_at=now, updated_at=now,
        )
        await self.repo.touch_user(user.id, user.chat_id, user.first_name)
        await self.repo.create_session(session)
        intro = Reply(f"💪 <b>{esc(title)}</b> — {len(plan)} sets. Log each set with the buttons, or type it: <code>5</code>, <code>5x100</code>, <code>5x100 rpe 8</code>.")
        return [intro, self._card(session, WorkoutState(plan), prefs)]

    # --- typed sets ---------------------------------------------------------------
    async def on_text(self, user: User, text: str, message_id: int | None = None) -> list[Reply] | None:
        stripped = text.strip()
        if not stripped[:1].isdigit():
            return None  # not a set: let the coach answer it as a question
        active = await self.repo.active_session(user.id)
        if active is None:
            return None
        state = await self._state(active)
        current = state.current()
        if current is None:
            return None
        try:
            parsed = parse_set(stripped, planned_load=current.load, unit=current.unit)
        except SetInputError as exc:
            return [Reply(esc(str(exc)))]
        event_id = f"m{message_id}" if message_id is not None else f"typed:{state.position}:{stripped[:20]}"
        data = {"reps": parsed.reps, "load": parsed.load, "unit": parsed.unit, "rpe": parsed.rpe}
        return await self._log(user, active, Event("set_logged", event_id, state.position, data), edit=False, state=state)

    # --- buttons ------------------------------------------------------------------
    async def on_button(self, user: User, data: str, tap_id: str | None = None) -> CallbackOutcome:
        parts = data.split(":")
        action, args = parts[0], parts[1:]
        if action == "go" and args:
            program = self.programs.get(args[0])
            if program is None:
                return CallbackOutcome(toast=STALE)
            return CallbackOutcome(await self.start(user, program.id, program.title, expand(program)))
        if action == "menu":
            return CallbackOutcome([await self.menu(user)])
        session = await self._own_session(user, args[0] if args else "")
        if session is None:
            return CallbackOutcome(toast=STALE)
        if action == "again":
            return CallbackOutcome(await self.start(user, session.program_id, session.title, plan_from_json(session.plan)))
        if session.status != "active":
            return CallbackOutcome(toast="That workout is already over.")
        state = await self._state(session)
        prefs = await load_preferences(self.repo, user.id)
        if action == "resume":
            return CallbackOutcome([self._card(session, state, prefs)])
        if action == "discard":
            await self.repo.close_session(session.id, "discarded", self.clock())
            await self.repo.cancel_timers(user.id, "rest")
            return CallbackOutcome([Reply("🗑 Workout discarded. Send /workout to start another.", edit=True)])
        try:
            position = int(args[1])
        except (IndexError, ValueError):
            return CallbackOutcome(toast=STALE)
        tap = tap_id or data
        if action in ("done", "skip"):
            kind = "set_logged" if action == "done" else "set_skipped"
            replies = await self._log(user, session, Event(kind, f"{action}:{position}", position), edit=True, state=state)
            return CallbackOutcome(replies, toast=None if replies else "Already logged ✅")
        if action == "adj" and len(args) == 3 and args[2] in ADJUSTMENTS:
            reps_delta, load_sign = ADJUSTMENTS[args[2]]
            event = Event("target_adjusted", f"adj:{tap}", position, {"reps_delta": reps_delta, "load_delta": load_sign * prefs.step})
            return await self._adjust(user, session, event, prefs)
        if action == "swap":
            current = state.current()
            if current is None or position != state.position:
                return CallbackOutcome(toast=STALE)
            options = self.alternatives_for(current.exercise)[:6]
            if not options:
                return CallbackOutcome(toast=f"I don't know alternatives for {current.exercise} yet.")
            rows = tuple((Button(f"↔️ {o}", f"w:swapto:{session.id}:{position}:{i}"),) for i, o in enumerate(options))
            return CallbackOutcome([Reply(f"Swap <b>{esc(current.exercise)}</b> for:", rows)])
        if action == "swapto" and len(args) == 3:
            current = state.current()
            options = self.alternatives_for(current.exercise)[:6] if current else []
            if not args[2].isdigit() or int(args[2]) >= len(options):
                return CallbackOutcome(toast=STALE)
            event = Event("exercise_swapped", f"swap:{tap}", position, {"to": options[int(args[2])]})
            return await self._adjust(user, session, event, prefs)
        if action == "end":
            return CallbackOutcome(await self._finish(user, session, state, Event("session_ended", f"end:{position}", state.position, {"reason": "user"})))
        if action == "rest" and len(args) == 3 and args[2] in ("add", "skip"):
            return await self._rest_button(user, session, state, position, args[2], prefs)
        return CallbackOutcome(toast=STALE)

    # --- engine + storage -----------------------------------------------------------
    async def _state(self, session: StoredSession) -> WorkoutState:
        events = [Event.from_json(e.payload) for e in await self.repo.events(session.id)]
        return replay(plan_from_json(session.plan), events)

    async def _own_session(self, user: User, session_id: str) -> StoredSession | None:
        session = await self.repo.get_session(session_id) if session_id else None
        return session if session is not None and session.user_id == user.id else None  # never another user's

    async def _apply(self, session: StoredSession, event: Event, known: WorkoutState | None = None) -> tuple[WorkoutState, WorkoutState, bool]:
        """Validate against the replayed log, then append atomically; retried on a race.

        `known` is a state the caller just replayed; the append re-checks it, so it saves a read."""
        for _ in range(3):
            state, known = known or await self._state(session), None
            new_state = state.apply(event)  # raises InvalidEvent: nothing is written
            if new_state is state:
                return state, state, False
            payload = event.to_json()
            if event.type == "set_logged":
                done = new_state.logged[-1]
                payload |= {"reps": done.reps, "load": done.load, "unit": done.unit, "rpe": done.rpe, "exercise": done.exercise, "set_number": done.set_number}

            def check(snapshot: dict, expected: dict = state_to_json(state), after: dict = state_to_json(new_state)) -> dict:
                if snapshot != expected:
                    raise Conflict()
                return after

            try:
                result = await self.repo.append_event(session.id, event.event_id, event.type, payload, check)
            except Conflict:
                continue
            return state, new_state, result.applied
        raise Conflict()

    async def _log(self, user: User, session: StoredSession, event: Event, *, edit: bool, state: WorkoutState | None = None) -> list[Reply]:
        prefs = await load_preferences(self.repo, user.id)
        try:
            before, state, applied = await self._apply(session, event, known=state)
        except InvalidEvent:
            return [Reply("That set was already handled. Here is where you are:"), self._card(session, await self._state(session), prefs)] if not edit else []
        if not applied:
            return []  # a duplicate tap: the first one already answered
        done_text = _done_text(state, event)
        if state.finished:
            return _acknowledged(done_text, await self._finish(user, session, state, None), edit=edit)
        rest = before.plan[event.position].rest_seconds
        if rest > 0:
            await self.repo.cancel_timers(user.id, "rest")
            await self.repo.add_timer(user.id, user.chat_id, "rest", self.clock() + timedelta(seconds=rest), {"session": session.id, "position": state.position})
            nxt = state.current()
            assert nxt is not None
            after = Reply(
                f"⏱ Rest {_clock(rest)}. Next: {esc(nxt.exercise)}, set {nxt.set_number} of {nxt.set_count}.",
                ((Button("+30 s", f"w:rest:{session.id}:{state.position}:add"), Button("Skip rest ⏭", f"w:rest:{session.id}:{state.position}:skip")),),
            )
        else:
            after = self._card(session, state, prefs)
        return _acknowledged(done_text, [after], edit=edit)

    async def _adjust(self, user: User, session: StoredSession, event: Event, prefs: Preferences) -> CallbackOutcome:
        try:
            _, state, _ = await self._apply(session, event)
        except InvalidEvent:
            return CallbackOutcome(toast=STALE)
        card = self._card(session, state, prefs)
        return CallbackOutcome([replace(card, edit=True)])

    async def _rest_button(self, user: User, session: StoredSession, state: WorkoutState, position: int, what: str, prefs: Preferences) -> CallbackOutcome:
        timers = [t for t in await self.repo.pending_timers("rest") if t.user_id == user.id and t.payload.get("session") == session.id]
        if position != state.position or not timers:
            return CallbackOutcome(toast="Rest is already over.")
        timer = timers[0]
        if what == "add":
            if not await self.repo.claim_timer(timer.id, self.clock()):
                return CallbackOutcome(toast="Rest is already over.")
            due = timer.due_at + timedelta(seconds=30)
            await self.repo.add_timer(user.id, user.chat_id, "rest", due, timer.payload)
            left = max(0, int((due - self.clock()).total_seconds()))
            return CallbackOutcome(toast=f"+30 s: {_clock(left)} left")
        if not await self.repo.claim_timer(timer.id, self.clock()):
            return CallbackOutcome(toast="Rest is already over.")
        return CallbackOutcome([self._card(session, state, prefs)])

    async def _finish(self, user: User, session: StoredSession, state: WorkoutState, end_event: Event | None) -> list[Reply]:
        if end_event is not None and not state.finished:
            try:
                _, state, _ = await self._apply(session, end_event)
            except InvalidEvent:
                pass
        if not await self.repo.close_session(session.id, "finished", self.clock()):
            return []  # already finished by an earlier tap
        await self.repo.cancel_timers(user.id, "rest")
        prefs = await load_preferences(self.repo, user.id)
        previous = await self._bests(user.id, exclude=session.id)
        summary = summarize(state, previous)
        lines = [f"🏁 <b>{esc(session.title)}</b> done: {summary.sets} sets, {summary.reps} reps, volume {format_load(round(summary.volume_kg), 'kg')}."]
        for e in summary.exercises:
            best = f", best e1RM {format_load(round(e.best_e1rm_kg, 1), 'kg')}" if e.best_e1rm_kg else ""
            mark = " 🏆 new PR!" if e.is_pr else " 📌 your first log: the baseline to beat" if e.first_time and e.best_e1rm_kg else ""
            lines.append(f"• {esc(e.exercise)}: {e.sets} sets, {e.reps} reps{best}{mark}")
        suggestions = {}
        by_exercise: dict[str, list[LoggedSet]] = {}
        for s in state.logged:
            by_exercise.setdefault(s.exercise, []).append(s)
        for exercise, sets in by_exercise.items():
            suggestion = suggest_next(sets, prefs.step if sets[0].unit == prefs.unit else DEFAULT_STEP[sets[0].unit])
            if suggestion:
                suggestions[exercise] = {"load": suggestion.load, "unit": suggestion.unit, "reps_min": suggestion.reps_min, "reps_max": suggestion.reps_max, "reason": suggestion.reason}
                lines.append(f"➡️ Next time: {esc(suggestion.describe())}")
        if suggestions:
            await save_preferences(self.repo, user, prefs.model_copy(update={"suggestions": prefs.suggestions | suggestions}))
        if not state.logged:
            lines = [f"🏁 <b>{esc(session.title)}</b> closed with no sets logged."]
        return [Reply("\n".join(lines))]

    async def _bests(self, user_id: int, exclude: str) -> dict[str, float]:
        bests: dict[str, float] = {}
        for row in await self.repo.logged_sets(user_id):
            if row.session_id == exclude or row.payload.get("load") is None:
                continue
            e1rm = estimated_1rm(to_kg(float(row.payload["load"]), row.payload.get("unit", "kg")), int(row.payload.get("reps", 0)))
            name = str(row.payload.get("exercise"))
            bests[name] = max(bests.get(name, 0.0), e1rm)
        return bests

    # --- presentation ---------------------------------------------------------------
    def _card(self, session: StoredSession, state: WorkoutState, prefs: Preferences) -> Reply:
        current = state.current()
        if current is None:
            return Reply("All sets are done. Tap Finish to see your summary.", ((Button("🏁 Finish", f"w:end:{session.id}:{state.position}"),),))
        reps = f"{current.reps_min}" if current.reps_min == current.reps_max else f"{current.reps_min}-{current.reps_max}"
        target = f"{reps} reps @ {format_load(current.load, current.unit)}" + (f" (RPE {current.rpe:g})" if current.rpe else "")
        lines = [f"🏋️ <b>{esc(current.exercise.capitalize())}</b> — set {current.set_number} of {current.set_count}", f"Target: {target}", f"Rest after: {_clock(current.rest_seconds)}"]
        suggestion = prefs.suggestions.get(current.exercise)
        if suggestion and current.set_number == 1:
            lines.append(f"📈 Last time's suggestion: {esc(str(suggestion.get('reason', '')))}")
        cue = _pick(self.cues_for(current.exercise), f"{session.id}:{state.position}")
        if cue:
            lines.append(f"💡 {esc(cue)}")
        sid, pos = session.id, state.position
        done_label = f"✅ Done {current.reps_max}" + (f" × {current.load:g}" if current.load is not None else "")
        step = f"{prefs.step:g}"
        rows = (
            (Button(done_label, f"w:done:{sid}:{pos}"),),
            (Button("−1 rep", f"w:adj:{sid}:{pos}:r-"), Button("+1 rep", f"w:adj:{sid}:{pos}:r+"),
             Button(f"−{step}", f"w:adj:{sid}:{pos}:l-"), Button(f"+{step}", f"w:adj:{sid}:{pos}:l+")),
            (Button("⏭ Skip set", f"w:skip:{sid}:{pos}"), Button("🔁 Swap", f"w:swap:{sid}:{pos}"), Button("🏁 End", f"w:end:{sid}:{pos}")),
        )
        return Reply("\n".join(lines), rows)

    async def _plates(self, user: User, args: str) -> Reply:
        prefs = await load_preferences(self.repo, user.id)
        text = args.strip().lower().replace(",", ".")
        unit = prefs.unit
        for suffix, u in (("kg", "kg"), ("lbs", "lb"), ("lb", "lb")):
            if text.endswith(suffix):
                text, unit = text[: -len(suffix)].strip(), u
                break
        try:
            target = float(text)
        except ValueError:
            return Reply(PLATES_USAGE)
        bar = prefs.bar if unit == prefs.unit else (20.0 if unit == "kg" else 45.0)
        plates = prefs.plates if (prefs.plates and unit == prefs.unit) else DEFAULT_PLATES[unit]
        try:
            loadout = plates_per_side(target, bar=bar, plates=plates)
        except ValueError as exc:
            return Reply(f"{esc(str(exc))}\n{PLATES_USAGE}")
        side = " + ".join(f"{p:g}" for p in loadout.per_side) or "nothing (just the bar)"
        note = "" if loadout.exact else f"\n(Closest I can make with your plates: {loadout.total:g} {unit}.)"
        return Reply(f"🏋️ {loadout.total:g} {unit} = {bar:g} {unit} bar + per side: <b>{side}</b>{note}")

    # --- scheduled messages -----------------------------------------------------------
    async def due(self, now: datetime) -> list[Notification]:
        out: list[Notification] = []
        for timer in await self.repo.pending_timers("rest"):
            if timer.due_at > now or not await self.repo.claim_timer(timer.id, now):
                continue
            session = await self.repo.get_session(str(timer.payload.get("session")))
            if session is None or session.status != "active":
                continue
            state = await self._state(session)
            if state.position != timer.payload.get("position"):
                continue  # the user already moved on
            prefs = await load_preferences(self.repo, session.user_id)
            card = self._card(session, state, prefs)
            out.append(Notification(session.chat_id, replace(card, text="⏰ Rest over!\n" + card.text)))
        for session in await self.repo.idle_sessions(now - IDLE_AFTER):
            await self.repo.mark_nudged(session.id)
            state = await self._state(session)
            out.append(Notification(session.chat_id, Reply(
                f"👋 Did you finish <b>{esc(session.title)}</b>? Your {len(state.logged)} logged sets are saved.",
                ((Button("🏁 Finish and save", f"w:end:{session.id}:{state.position}"), Button("▶️ Resume", f"w:resume:{session.id}")),),
            )))
        return out


ADJUSTMENTS = {"r-": (-1, 0), "r+": (1, 0), "l-": (0, -1), "l+": (0, 1)}


def _acknowledged(done_text: str, then: list[Reply], *, edit: bool) -> list[Reply]:
    """A tapped card turns into the "✅" line (its buttons go) and what comes next follows; a typed
    set gets one message: the "✅" line on top of what comes next."""
    if edit:
        return [Reply(done_text, edit=True), *then]
    if not then:
        return [Reply(done_text)]
    first, *rest = then
    return [replace(first, text=f"{done_text}\n\n{first.text}"), *rest]


def _done_text(state: WorkoutState, event: Event) -> str:
    if event.type == "set_skipped":
        skipped = state.plan[event.position]
        return f"⏭ Skipped {esc(skipped.exercise)} set {skipped.set_number}."
    s = state.logged[-1]
    load = f" × {format_load(s.load, s.unit)}" if s.load is not None else ""
    rpe = f" @ RPE {s.rpe:g}" if s.rpe else ""
    return f"✅ {esc(s.exercise.capitalize())} set {s.set_number}: {s.reps} reps{load}{rpe}"


def _with_suggested_load(planned: PlannedSet, prefs: Preferences) -> PlannedSet:
    suggestion = prefs.suggestions.get(planned.exercise)
    if planned.load is None and suggestion and suggestion.get("load") is not None:
        return replace(planned, load=float(suggestion["load"]), unit=suggestion.get("unit", planned.unit))
    return planned


def _pick(options: list[str], seed: str) -> str | None:
    if not options:
        return None
    return options[int(hashlib.sha1(seed.encode()).hexdigest(), 16) % len(options)]


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


async def todays_plan(repo: Repository, programs: dict[str, Program], user_id: int) -> tuple[str, str] | None:
    """The next template in the user's rotation: the one after their last finished template."""
    if not programs:
        return None
    order = list(programs)
    for session in await repo.recent_sessions(user_id, 20):
        if session.status == "finished" and session.program_id in programs:
            nxt = order[(order.index(session.program_id) + 1) % len(order)]
            return nxt, programs[nxt].title
    first = order[0]
    return first, programs[first].title
