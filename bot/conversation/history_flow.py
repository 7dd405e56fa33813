"""/history (pages of sessions, a session's sets, edit or delete), /progress, /export and /import."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime

from ..history.csv_io import export_csv
from ..history.records import SetRecord
from ..storage.repository import BodyWeightStore, ExerciseStore, StoredSession, UserStore, WorkoutStore
from ..training.catalogue import Catalogue, ExerciseKind
from ..training.engine import Event, InvalidEvent
from ..training.session_summary import volume_parts
from ..training.units import show_total
from .callbacks import BadCallback, HistoryButton
from .flow import Flow
from .imports import IMPORT_HELP, MAX_SESSIONS_SCANNED, import_document
from .model import Button, CallbackOutcome, Reply, esc
from .own_exercises import user_catalogue
from .progress import BODY_WEIGHT, PROGRESS_USAGE, body_weight_progress, exercise_progress, set_text
from .render import sets_counted
from .turn import Turn
from .workout_cards import logged_list, set_label
from .workout_log import SessionLog

PAGE = 8  # sessions per /history page
MAX_IMPORTED_SETS = 100_000  # per user, across all imports: repeated imports can't grow the database without bound
SETS_PER_MESSAGE = 40  # a long session is shown in pages, never as a burst of messages


class HistoryFlow(Flow):
    commands = ("history", "progress", "export", "import")
    button_prefixes = ("h",)

    def __init__(
        self, workouts: WorkoutStore, users: UserStore, exercises: ExerciseStore, body_weights: BodyWeightStore
    ):
        self.workouts, self.users, self.exercises, self.body_weights = workouts, users, exercises, body_weights
        self.log = SessionLog(workouts, body_weights)

    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        user = turn.user
        if name == "history":
            return [await self._page(turn, 0)]
        if name == "progress":
            return [await self._progress(turn, args)]
        if name == "export":
            records = await self.log.history(user.id)
            if not records:
                return [Reply("You have no logged sets to export yet. Start with /workout.")]
            prefs = await turn.preferences()
            catalogue = await user_catalogue(self.exercises, user.id)
            data = export_csv(records, prefs.unit, lambda name: _kind(catalogue, name))
            return [
                Reply(
                    f"📄 {len(records)} set{'s' if len(records) != 1 else ''}, one row per set, loads in {prefs.unit} "
                    "(and exactly as you typed them), with each exercise's kind, set type, time and distance.",
                    document=("liftcoach-sets.csv", data),
                )
            ]
        return [Reply(IMPORT_HELP)]

    async def _page(self, turn: Turn, page: int, *, edit: bool = False) -> Reply:
        user = turn.user
        records = await self.log.history(user.id)
        per_session: dict[str, list[SetRecord]] = defaultdict(list)
        for r in records:
            per_session[r.session_id].append(r)
        sessions = [
            s for s in await self.workouts.recent_sessions(user.id, MAX_SESSIONS_SCANNED) if per_session.get(s.id)
        ]
        if not sessions:
            return Reply("No logged workouts yet. Send /workout to start one.", edit=edit)
        prefs = await turn.preferences()
        pages = (len(sessions) + PAGE - 1) // PAGE
        page = min(max(page, 0), pages - 1)
        shown_sessions = sessions[page * PAGE : (page + 1) * PAGE]
        lines = [f"<b>Your workouts</b> (page {page + 1} of {pages}, newest first)"]
        numbers = []
        for i, s in enumerate(shown_sessions, 1):
            sets = per_session[s.id]
            loaded = [r for r in sets if r.load is not None and r.counts]
            top = max(loaded, key=lambda r: (r.load_kg, r.reps)) if loaded else None
            # The top set as everywhere else ("5 reps +10 kg" for a weighted pull-up), without its RPE.
            best = f", top {set_text(replace(top, rpe=None), prefs.unit)}" if top else ""
            status = " (in progress)" if s.status == "active" else ""
            counted = sets_counted(sum(1 for r in sets if r.counts), sum(1 for r in sets if not r.counts))
            lines.append(f"{i}. {prefs.local(s.started_at):%a %d %b} — {esc(s.title)}: {counted}{best}{status}")
            numbers.append(Button(str(i), HistoryButton("open", s.id).pack()))
        rows = [tuple(numbers[i : i + 4]) for i in range(0, len(numbers), 4)]
        nav = []
        if page > 0:
            nav.append(Button("◀ Newer", HistoryButton("page", page=page - 1).pack()))
        if page < pages - 1:
            nav.append(Button("Older ▶", HistoryButton("page", page=page + 1).pack()))
        if nav:
            rows.append(tuple(nav))
        return Reply("\n".join(lines), tuple(rows), edit=edit)

    async def _progress(self, turn: Turn, args: str) -> Reply:
        user = turn.user
        if not args.strip() or len(args) > 60:
            return Reply(PROGRESS_USAGE)
        prefs = await turn.preferences()
        if " ".join(args.lower().split()) in BODY_WEIGHT:
            return await body_weight_progress(self.body_weights, user.id, prefs.unit, prefs.local)
        catalogue = await user_catalogue(self.exercises, user.id)
        history = await self.log.weighed(user.id, await self.log.history(user.id), lambda n: _on_body(catalogue, n))
        return await exercise_progress(args, catalogue, history, prefs.unit)

    async def on_button(
        self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        user = turn.user
        data = data.partition(":")[2]
        try:
            b = HistoryButton.unpack(data)
        except BadCallback:
            return CallbackOutcome(toast="That button is from an older message.")
        action = b.action
        if action == "page":
            return CallbackOutcome([await self._page(turn, b.page, edit=True)])
        session = await self.workouts.get_session(b.session)
        if session is None or session.user_id != user.id or session.status in ("discarded", "deleted"):
            return CallbackOutcome(toast="That workout no longer exists.")
        if action == "open":
            return CallbackOutcome([await self._session(turn, session, b.page)])
        day = f"{(await turn.preferences()).local(session.started_at):%d %b %Y}"  # the user's day
        if action == "edit":
            prefs = await turn.preferences()
            return CallbackOutcome([logged_list(session.id, await self.log.sets_of(session), prefs.unit)])
        if action == "del" and session.status == "finished":
            return CallbackOutcome(
                [
                    Reply(
                        f"Delete <b>{esc(session.title)}</b> of {day} and all its sets? This can't be undone.",
                        (
                            (
                                Button("🗑 Yes, delete it", HistoryButton("delok", session.id).pack()),
                                Button("Cancel", HistoryButton("open", session.id).pack()),
                            ),
                        ),
                    )
                ]
            )
        if action == "delok" and session.status == "finished":
            try:
                await self.log.correct(session, Event("session_deleted", f"delete:{session.id}", -1))
            except InvalidEvent:
                return CallbackOutcome(toast="Already deleted.")
            await self.workouts.mark_deleted(session.id, datetime.now(UTC))
            return CallbackOutcome([Reply(f"🗑 Deleted {esc(session.title)} of {day}.", edit=True)])
        return CallbackOutcome(toast="That button is from an older message.")

    async def _session(self, turn: Turn, session: StoredSession, page: int) -> Reply:
        prefs = await turn.preferences()
        sets = await self.log.sets_of(session)
        pages = max(1, (len(sets) + SETS_PER_MESSAGE - 1) // SETS_PER_MESSAGE)
        page = min(max(page, 0), pages - 1)
        lines = [
            f"<b>{esc(session.title)}</b> — {prefs.local(session.started_at):%a %d %b %Y}"
            + (f" (sets page {page + 1} of {pages})" if pages > 1 else "")
        ]
        for r in sets[page * SETS_PER_MESSAGE : (page + 1) * SETS_PER_MESSAGE]:
            lines.append(f"• {esc(r.exercise)} {set_label(r.set_type, r.set_number)}: {set_text(r, prefs.unit)}")
        if not sets:
            lines.append("No sets logged.")
        volume = sum(r.reps * r.load_kg for r in sets if r.counts)
        if volume:
            lines.append(f"Volume: {show_total(volume_parts([r for r in sets if r.counts]), prefs.unit)}")
        rows: list[tuple[Button, ...]] = []
        if pages > 1:
            nav = ([Button("◀", HistoryButton("open", session.id, page - 1).pack())] if page > 0 else []) + (
                [Button("▶", HistoryButton("open", session.id, page + 1).pack())] if page < pages - 1 else []
            )
            rows.append(tuple(nav))
        actions = [Button("✏️ Edit a set", HistoryButton("edit", session.id).pack())] if sets else []
        if session.status == "finished":
            actions.append(Button("🗑 Delete", HistoryButton("del", session.id).pack()))
        if actions:
            rows.append(tuple(actions))
        rows.append((Button("◀ All workouts", HistoryButton("page").pack()),))
        return Reply("\n".join(lines), tuple(rows))

    async def on_document(self, turn: Turn, filename: str, data: bytes) -> list[Reply] | None:
        return [await import_document(turn, data, self.workouts, self.users, self.exercises, MAX_IMPORTED_SETS)]


def _kind(catalogue: Catalogue, name: str) -> str:
    found = catalogue.get(name)
    return (found.kind if found else ExerciseKind.WEIGHT_REPS).value


def _on_body(catalogue: Catalogue, name: str) -> bool:
    return _kind(catalogue, name) == ExerciseKind.BODYWEIGHT_REPS.value
