"""The composition root: the one place that builds and wires the bot's parts."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from .config import Settings
from .conversation.bodyweight import BodyWeightFlow
from .conversation.coach import Coach
from .conversation.history import HistoryFlow
from .conversation.model import RecentlySeen
from .conversation.own_exercises import ExerciseFlow
from .conversation.qa import QuestionFlow
from .conversation.reminders import ReminderFlow
from .conversation.settings import SettingsFlow
from .conversation.workout_timers import todays_plan
from .conversation.workouts import WorkoutFlow
from .retrieval.answer import AnswerEngine, Thresholds
from .retrieval.corpus import Corpus, load_corpus
from .retrieval.embedding import QUERY_MAX_TOKENS, OnnxEncoder
from .retrieval.index import ENCODER_DIR, load_index
from .retrieval.search import HybridSearcher, SearchWeights
from .storage.repository import Storage
from .storage.sql import SqlStorage
from .training.catalogue import Catalogue, default_catalogue
from .training.programs import Program, load_programs


@functools.cache  # loaded once, not at every periodic trim
def _glibc() -> Any | None:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's per-thread malloc arenas for the long-running bot.

    With the encoder, SQLite reader/writer and executor threads each allocating in an arena of its
    own, a soak showed resident memory creeping up through fragmentation; two arenas halved the
    creep. Same effect as MALLOC_ARENA_MAX=2; a no-op where the C library is not glibc."""
    M_ARENA_MAX = -8
    if (libc := _glibc()) is not None:
        libc.mallopt(M_ARENA_MAX, arenas)


def release_free_memory() -> None:
    """Hand the pages glibc holds free inside its heaps back to the OS (malloc_trim). glibc only
    returns memory from the top of a heap by itself, so free holes left by short-lived buffers
    would otherwise stay resident in a process that runs for weeks."""
    if (libc := _glibc()) is not None:
        libc.malloc_trim(0)


async def release_free_memory_every(seconds: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=seconds)
        except TimeoutError:
            release_free_memory()


def build_answer_engine(settings: Settings) -> AnswerEngine:
    index = load_index(settings.index_dir, settings.knowledge_dir)
    encoder = OnnxEncoder(
        settings.index_dir / ENCODER_DIR, max_tokens=QUERY_MAX_TOKENS
    )  # queries only: the index is built with 256
    searcher = HybridSearcher(index, encoder, SearchWeights(dense=settings.dense_weight))
    thresholds = Thresholds(answer=settings.answer_threshold, off_topic=settings.off_topic_threshold)
    return AnswerEngine(searcher, thresholds, max_question_chars=settings.max_question_chars)


def utc_now() -> datetime:
    return datetime.now(UTC)


async def build_coach(
    settings: Settings, engine: AnswerEngine | None = None, clock: Callable[[], datetime] = utc_now
) -> Coach:
    """Everything the bot needs, built once at start-up (the model and index load here)."""
    engine = engine or build_answer_engine(settings)
    storage = await SqlStorage.connect(settings.database_url)  # applies migrations
    corpus = load_corpus(settings.knowledge_dir)  # cues and exercise alternatives for workouts
    programs = load_programs(settings.knowledge_dir / "programs")
    cues_for, alternatives_for = exercise_guidance(corpus, default_catalogue())
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


def exercise_guidance(corpus: Corpus, catalogue: Catalogue) -> tuple[Guidance, Guidance]:
    """Form cues and swap options for workout cards: an article's where one teaches the exercise (its
    cues are the longer, reviewed ones), else the catalogue's, so every catalogue exercise has some."""

    def cues_for(exercise: str) -> list[str]:
        return corpus.cues_for(exercise) or list(catalogue.cues(exercise))

    def alternatives_for(exercise: str) -> list[str]:
        return corpus.alternatives_for(exercise) or list(catalogue.alternatives(exercise))

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
    workouts = WorkoutFlow(
        storage.workouts, storage.schedule, storage.users, programs, clock, cues_for, alternatives_for
    )

    async def next_workout(user_id: int) -> tuple[str, str] | None:
        return await todays_plan(storage.workouts, programs, user_id)

    recently_seen = RecentlySeen()
    flows = [
        workouts,
        HistoryFlow(storage.workouts, storage.users, storage.exercises, storage.body_weights),
        BodyWeightFlow(storage.body_weights, storage.users, clock),
        ExerciseFlow(storage.exercises),
        SettingsFlow(storage.users, recently_seen),
        ReminderFlow(storage.schedule, storage.users, clock, next_workout),
    ]
    questions = QuestionFlow(engine, storage.questions, admin_ids=admin_ids, workout_context=workouts.question_context)
    return Coach(questions, storage, flows=flows, recently_seen=recently_seen, edited_set=workouts.on_edited_text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter() if settings.log_json else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
