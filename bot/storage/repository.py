"""The storage interfaces the rest of the bot depends on (one small protocol per aggregate), and
their value types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..history.setlog import SetEvent
from ..training.catalogue import Exercise

JsonDict = dict[str, Any]
# Given the session's current derived state, return the state after the new event,
# or raise to reject the event (nothing is written then).
Reducer = Callable[[JsonDict], JsonDict]


@dataclass(frozen=True)
class StoredSession:
    id: str
    user_id: int
    chat_id: int
    program_id: str
    title: str
    plan: list[JsonDict]
    state: JsonDict
    status: str  # active | finished | discarded
    started_at: datetime
    updated_at: datetime
    ended_at: datetime | None = None
    nudged: bool = False


# (event id, type, payload, when) of one imported event
ImportedEvent = tuple[str, str, JsonDict, datetime]


class ImportCapExceeded(Exception):
    """An import would take the user's imported sets past the cap; `already` is how many they have."""

    def __init__(self, already: int):
        super().__init__(already)
        self.already = already


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    event_id: str
    type: str
    payload: JsonDict
    created_at: datetime


@dataclass(frozen=True)
class AppendResult:
    applied: bool  # False when the event id was already logged (a duplicate tap or update)
    state: JsonDict


@dataclass(frozen=True)
class Timer:
    id: int
    user_id: int
    chat_id: int
    kind: str
    due_at: datetime
    payload: JsonDict = field(default_factory=dict)


@dataclass(frozen=True)
class StoredReminder:
    id: int
    user_id: int
    chat_id: int
    days: list[int]
    at: str  # local "HH:MM"
    timezone: str
    next_fire_at: datetime


@dataclass(frozen=True)
class StoredRoutine:
    id: int
    user_id: int
    name: str
    lines: list[JsonDict]  # RoutineLine.to_json() of each exercise
    version: int  # bumped on each change
    created_at: datetime
    updated_at: datetime

    @property
    def program_id(self) -> str:
        """How workouts started from it (and the rotation) refer to it; built-in ids never start with "my-"."""
        return f"my-{self.id}"


class RoutineNameTaken(Exception):
    """The user already has a routine with this name."""


@dataclass(frozen=True)
class QuestionStats:
    users: int
    questions: int
    answered: int
    upvotes: int
    downvotes: int

    @property
    def answer_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


class UserStore(Protocol):
    async def touch_user(self, user_id: int, chat_id: int, first_name: str) -> None: ...
    async def forget_user(self, user_id: int) -> None: ...
    async def get_settings(self, user_id: int) -> JsonDict: ...
    async def save_settings(self, user_id: int, data: JsonDict) -> None: ...
    async def settings_and_prompt(self, user_id: int) -> tuple[JsonDict, JsonDict | None]:
        """Settings and open prompt (`PromptStore`) in one read: what one update usually needs."""
        ...


class PromptStore(Protocol):
    """What a flow waits for each user to type next: one open prompt per user, as JSON."""

    async def get_prompt(self, user_id: int) -> JsonDict | None: ...
    async def save_prompt(self, user_id: int, body: JsonDict | None) -> None: ...


class QuestionStore(Protocol):
    async def record_question(
        self,
        user_id: int,
        text: str,
        passage_key: str | None,
        kind: str,
        confidence: float,
        *,
        follow_up_base: str | None = None,
        at: datetime | None = None,
    ) -> int: ...
    async def last_exchange(self, user_id: int) -> tuple[str, datetime] | None: ...
    async def record_vote(self, question_id: int, user_id: int, vote: int) -> bool: ...
    async def question_stats(self) -> QuestionStats: ...
    async def frequent_unanswered(self, limit: int) -> list[tuple[str, int]]: ...
    async def frequent_downvoted(self, limit: int) -> list[tuple[str, str | None, int]]: ...


class WorkoutStore(Protocol):
    async def create_session(self, session: StoredSession) -> None: ...
    async def get_session(self, session_id: str) -> StoredSession | None: ...
    async def active_session(self, user_id: int) -> StoredSession | None: ...
    async def recent_sessions(self, user_id: int, limit: int) -> list[StoredSession]: ...
    async def append_event(
        self, session_id: str, event_id: str, type_: str, payload: JsonDict, reducer: Reducer
    ) -> AppendResult: ...
    async def events(self, session_id: str) -> list[StoredEvent]: ...
    async def close_session(self, session_id: str, status: str, at: datetime) -> bool: ...
    async def mark_nudged(self, session_id: str) -> None: ...
    async def idle_sessions(self, before: datetime) -> list[StoredSession]: ...
    async def count_active_sessions(self) -> int: ...
    async def set_events(self, user_id: int) -> list[SetEvent]: ...
    async def reopen_session(self, session_id: str, at: datetime) -> bool: ...
    async def mark_deleted(self, session_id: str, at: datetime) -> bool: ...
    async def import_sessions(
        self, user_id: int, sessions: list[tuple[StoredSession, list[ImportedEvent]]], max_sets: int
    ) -> tuple[int, int]: ...


class ScheduleStore(Protocol):
    """Timers (rest, idle nudges) and daily reminders: everything due later, kept across restarts."""

    async def add_timer(self, user_id: int, chat_id: int, kind: str, due_at: datetime, payload: JsonDict) -> int: ...
    async def cancel_timers(self, user_id: int, kind: str) -> int: ...
    async def pending_timers(self, kind: str | None = None) -> list[Timer]: ...
    async def claim_timer(self, timer_id: int, at: datetime) -> bool: ...

    async def add_reminder(
        self, user_id: int, chat_id: int, days: list[int], at: str, timezone: str, next_fire_at: datetime
    ) -> int: ...
    async def reminders_of(self, user_id: int) -> list[StoredReminder]: ...
    async def get_reminder(self, reminder_id: int) -> StoredReminder | None: ...
    async def delete_reminders(self, user_id: int, reminder_id: int | None = None) -> int: ...
    async def due_reminders(self, now: datetime) -> list[StoredReminder]: ...
    async def advance_reminder(self, reminder_id: int, expected: datetime, next_fire_at: datetime) -> bool: ...
    async def retime_reminders(
        self, user_id: int, timezone: str, next_fire: Callable[[StoredReminder], datetime]
    ) -> None: ...


class RoutineStore(Protocol):
    """A user's own routines and the rotation of routines (or built-in templates) they follow."""

    async def list_routines(self, user_id: int) -> list[StoredRoutine]: ...
    async def get_routine(self, user_id: int, routine_id: int) -> StoredRoutine | None: ...
    async def create_routine(
        self, user_id: int, name: str, key: str, lines: list[JsonDict]
    ) -> StoredRoutine | None: ...
    async def update_routine(
        self, user_id: int, routine_id: int, version: int, name: str, key: str, lines: list[JsonDict]
    ) -> StoredRoutine | None: ...
    async def delete_routine(self, user_id: int, routine_id: int, version: int) -> bool: ...
    async def get_rotation(self, user_id: int) -> list[str]: ...
    async def set_rotation(self, user_id: int, program_ids: list[str]) -> None: ...


class InboxStore(Protocol):
    """Updates are stored before Telegram is told we have them, and marked done once handled."""

    async def accept_updates(self, updates: list[tuple[int, int | None, JsonDict]], at: datetime) -> list[bool]: ...
    async def finish_update(self, update_id: int) -> None: ...
    async def unfinished_updates(
        self, received_before: datetime, now: datetime, max_attempts: int = 3
    ) -> list[tuple[int, JsonDict]]: ...


@dataclass(frozen=True)
class BodyWeight:
    value: float  # as entered
    unit: str  # "kg" or "lb"
    measured_at: datetime


class BodyWeightStore(Protocol):
    async def add_body_weight(
        self, user_id: int, value: float, unit: str, at: datetime, message_id: int | None = None
    ) -> bool: ...
    async def body_weights(self, user_id: int, limit: int = 5000) -> list[BodyWeight]: ...


class ExerciseStore(Protocol):
    """A user's own exercises; with the catalogue (`Catalogue.with_custom`) they behave like built-in ones."""

    async def own_exercises(self, user_id: int) -> list[Exercise]: ...
    async def add_exercises(self, user_id: int, exercises: Sequence[Exercise]) -> int: ...
    async def delete_exercise(self, user_id: int, name: str) -> bool: ...


class Storage(Protocol):
    """All repositories of one database; only the composition root holds this whole."""

    @property
    def users(self) -> UserStore: ...
    @property
    def prompts(self) -> PromptStore: ...
    @property
    def questions(self) -> QuestionStore: ...
    @property
    def workouts(self) -> WorkoutStore: ...
    @property
    def schedule(self) -> ScheduleStore: ...
    @property
    def inbox(self) -> InboxStore: ...
    @property
    def routines(self) -> RoutineStore: ...
    @property
    def body_weights(self) -> BodyWeightStore: ...
    @property
    def exercises(self) -> ExerciseStore: ...

    async def close(self) -> None: ...
