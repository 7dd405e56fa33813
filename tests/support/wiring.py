"""The one way tests build a Coach: `wire_coach` with the guidance `build_coach` gives it (the index's
article cues and swaps, then the catalogue's), and the real python-telegram-bot Application around a
coach with a recording request. Tests then differ from the bot only in the database, clock and index."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from functools import cache

from telegram.ext import Application

from bot.composition import exercise_guidance, wire_coach
from bot.config import load_settings
from bot.conversation.coach import Coach
from bot.retrieval.answer import AnswerEngine
from bot.storage.repository import Storage
from bot.telegram.runner import build_application
from bot.training.catalogue import default_catalogue
from bot.training.programs import Program, load_programs
from support.paths import REPO
from support.recording import RecordingRequest

ADMIN_ID, ADMIN_CHAT = 900, -100900  # the admin and the alert chat of the `bot` fixtures


@cache
def built_in_programs() -> dict[str, Program]:
    return load_programs(REPO / "knowledge" / "programs")


def wired_coach(
    engine: AnswerEngine,
    storage: Storage,
    clock: Callable[[], datetime],
    *,
    programs: dict[str, Program] | None = None,
    admin_ids: frozenset[int] = frozenset(),
) -> Coach:
    cues_for, alternatives_for = exercise_guidance(engine.guidance, default_catalogue())
    return wire_coach(
        engine,
        storage,
        built_in_programs() if programs is None else programs,
        clock,
        cues_for=cues_for,
        alternatives_for=alternatives_for,
        admin_ids=admin_ids,
    )


@asynccontextmanager
async def recording_application(coach: Coach) -> AsyncIterator[tuple[Application, RecordingRequest]]:
    """The real Application (settings from the environment) sending into a RecordingRequest."""
    request = RecordingRequest()
    app = build_application(load_settings(), coach, request=request)
    await app.initialize()
    request.clear()
    try:
        yield app, request
    finally:
        await app.shutdown()
