"""The composition root: the one place that builds and wires the bot's parts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from .config import Settings
from .conversation.bodyweight import BodyWeightFlow
from .conversation.coach import Coach
from .conversation.history_flow import HistoryFlow
from .conversation.model import RecentlySeen
from .conversation.own_exercises import ExerciseFlow
from .conversation.own_log import OwnLog
from .conversation.qa import QuestionFlow
from .conversation.reminders import ReminderFlow
from .conversation.routine_book import RoutineBook
from .conversation.routines import RoutineFlow
from .conversation.settings_flow import SettingsFlow
from .conversation.stray_answers import StrayAnswerFlow
from .conversation.workout_timers import todays_plan
from .conversation.workouts import WorkoutFlow
from .retrieval.answer import AnswerEngine
from .retrieval.guidance import GuidanceSource
from .retrieval.serving import build_answer_engine
from .storage.repository import Storage
from .storage.sql import SqlStorage
from .training.catalogue import Catalogue, default_catalogue
from .training.programs import Program, load_programs


def utc_now() -> datetime:
    return datetime.now(UTC)


async def build_coach(
    settings: Settings, engine: AnswerEngine | None = None, clock: Callable[[], datetime] = utc_now
) -> Coach:
    """Everything the bot needs, built once at start-up (the model and index load here)."""
    engine = engine or build_answer_engine(settings)
    storage = await SqlStorage.connect(settings.database_url)  # applies migrations
    programs = load_programs(settings.knowledge_dir / "programs")
    cues_for, alternatives_for = exercise_guidance(engine.guidance, default_catalogue())
    return wire_coach(
        engine,
        storage,
        programs,
        clock,
        cues_for=cues_for,
        alternatives_for=alternatives_for,
        admin_ids=frozenset(settings.admin_ids),
    )


Guidance = Callable[[str], list[str]]


def exercise_guidance(articles: GuidanceSource, catalogue: Catalogue) -> tuple[Guidance, Guidance]:
    """Form cues and swap options for workout cards: an article's where one teaches the exercise (its
    cues are the longer, reviewed ones), else the catalogue's, so every catalogue exercise has some."""

    def cues_for(exercise: str) -> list[str]:
        return articles.cues_for(exercise) or list(catalogue.cues(exercise))

    def alternatives_for(exercise: str) -> list[str]:
        return articles.alternatives_for(exercise) or list(catalogue.alternatives(exercise))

    return cues_for, alternatives_for


def wire_coach(
    engine: AnswerEngine,
    storage: Storage,
    programs: dict[str, Program],
    clock: Callable[[], datetime],
    *,
    cues_for: Callable[[str], list[str]] = lambda name: [],
    alternatives_for: Callable[[str], list[str]] = lambda name: [],
    admin_ids: frozenset[int] = frozenset(),
) -> Coach:
    """The flows and the coach, wired the same way for the bot, the terminal chat and the tests."""
    book = RoutineBook(storage.routines, storage.workouts, programs)
    workouts = WorkoutFlow(
        storage.workouts,
        storage.schedule,
        storage.users,
        storage.prompts,
        programs,
        clock,
        cues_for,
        alternatives_for,
        book,
        own_exercises=storage.exercises,
        body_weights=storage.body_weights,
    )

    async def next_workout(user_id: int) -> tuple[str, str] | None:
        return await todays_plan(storage.workouts, programs, user_id, book)

    recently_seen = RecentlySeen()
    flows = [
        workouts,
        RoutineFlow(book, storage.users, storage.workouts, clock, storage.exercises),
        HistoryFlow(storage.workouts, storage.users, storage.exercises, storage.body_weights),
        BodyWeightFlow(storage.body_weights, storage.users, clock),
        ExerciseFlow(storage.exercises),
        SettingsFlow(storage.users, recently_seen),
        ReminderFlow(storage.schedule, storage.users, clock, next_workout),
        StrayAnswerFlow(workouts.typing_hint),  # after every flow that asks a yes/no question
    ]
    own_log = OwnLog(storage.workouts, storage.users, engine.passage, clock, storage.body_weights)
    questions = QuestionFlow(
        engine,
        storage.questions,
        admin_ids=admin_ids,
        workout_context=workouts.question_context,
        own_log=own_log,
        clock=clock,
    )
    return Coach(questions, storage, flows=flows, recently_seen=recently_seen, edited_set=workouts.on_edited_text)
