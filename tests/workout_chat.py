"""A lifter in the chat for conversation tests: sends messages, taps buttons by label, reads the database."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.history.setlog import fold


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
