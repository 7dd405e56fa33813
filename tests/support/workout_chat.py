"""A lifter in the chat for conversation tests: sends messages, taps buttons by label, reads the database."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from bot.history.setlog import fold
from bot.retrieval.corpus import load_corpus
from bot.training.catalogue import default_catalogue
from bot.training.programs import load_programs
from bot.training.routine_render import render_lines
from bot.training.routines import RoutineLine
from support.paths import FIXTURE_KNOWLEDGE, REPO
from support.storage_backends import repository
from support.wiring import wired_coach


class Clock:
    def __init__(self, now: datetime | None = None):
        self.now = now or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Lifter:
    def __init__(self, coach, repo, user):
        self.coach, self.repo, self.user = coach, repo, user
        self.message_id = 100
        self.last = []  # the replies to the last action

    async def say(self, text: str) -> str:
        self.message_id += 1
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            self.last = await self.coach.command(self.user, name, args, message_id=self.message_id)
        else:
            self.last = await self.coach.text(self.user, text, message_id=self.message_id)
        return self.text

    async def tap(self, label: str) -> str:
        data = next(b.data for r in reversed(self.last) for row in r.buttons for b in row if b.label == label)
        outcome = await self.coach.callback(self.user, data, tap_id=f"tap{self.message_id}")
        self.message_id += 1
        self.toast = outcome.toast
        self.last = outcome.replies or self.last
        return self.text

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last)

    def labels(self) -> list[str]:
        return [b.label for r in self.last for row in r.buttons for b in row]

    async def records(self):
        return fold(await self.repo.workouts.set_events(self.user.id))

    async def stored(self):
        """(exercise, set type, reps, load, unit, duration, distance, assistance) of every live set."""
        return [
            (r.exercise, r.set_type, r.reps, r.load, r.unit, r.duration_s, r.distance_m, r.assistance)
            for r in await self.records()
        ]


async def stored_routines(repo, user_id: int) -> dict[str, str]:
    """{name: text as rendered} of the user's routines as the database holds them."""
    return {
        r.name: render_lines([RoutineLine.from_json(x) for x in r.lines], default_catalogue())
        for r in await repo.routines.list_routines(user_id)
    }


async def due_texts(coach, clock, seconds: float):
    """Move the fake clock on and collect what the bot sends on its own: [(text, edit, labels)]."""
    clock.now += timedelta(seconds=seconds)
    return [
        (n.reply.text, n.reply.edit, [b.label for row in n.reply.buttons for b in row])
        for n in await coach.due(clock.now)
    ]


@asynccontextmanager
async def chat(backend: str, tmp_path, engine, programs=None, clock=None):
    """A coach over a fresh database of the given back-end, wired like the bot; yields (coach, repo, clock)."""
    async with repository(backend, tmp_path) as repo:
        clock = clock or Clock()
        yield wired_coach(engine, repo, clock, programs=programs), repo, clock


def rewire(coach, repo, clock, programs=None):
    """A new coach over the same database: what a restart of the bot sees."""
    return wired_coach(coach.qa.engine, repo, clock, programs=programs)
