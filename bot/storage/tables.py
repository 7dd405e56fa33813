"""Table definitions (SQLAlchemy Core). Schema changes go through Alembic migrations."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("first_name", String(128), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
)

user_settings = Table(
    "user_settings",
    metadata,
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("passage_key", String(300), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

votes = Table(
    "votes",
    metadata,
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", BigInteger, primary_key=True),
    Column("vote", SmallInteger, nullable=False),  # +1 or -1
    Column("created_at", DateTime(timezone=True), nullable=False),
)

workout_sessions = Table(
    "workout_sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", BigInteger, nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("program_id", String(100), nullable=False),
    Column("title", String(200), nullable=False),
    Column("plan", JSON, nullable=False),
    Column("state", JSON, nullable=False),  # derived from the event log, stored for quick reads
    Column("status", String(16), nullable=False),  # active | finished | discarded
    Column("nudged", Boolean, nullable=False, default=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Index("ix_sessions_user_status", "user_id", "status"),
)

workout_events = Table(
    "workout_events",
    metadata,
    Column("session_id", String(36), ForeignKey("workout_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("event_id", String(64), nullable=False),
    Column("type", String(32), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "event_id", name="uq_event_once"),
)

timers = Table(
    "timers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False, index=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),  # "rest" (a rest timer) or "snooze" (a reminder put off)
    Column("due_at", DateTime(timezone=True), nullable=False, index=True),
    Column("payload", JSON, nullable=False),
    Column("fired_at", DateTime(timezone=True), nullable=True),
)

reminders = Table(
    "reminders",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False, index=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("days", JSON, nullable=False),  # weekday numbers, 0=Monday
    Column("at", String(5), nullable=False),  # local "HH:MM"
    Column("timezone", String(64), nullable=False),
    Column("next_fire_at", DateTime(timezone=True), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

update_inbox = Table(
    "update_inbox",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_id", BigInteger, nullable=True, index=True),
    Column("payload", JSON, nullable=False),  # emptied once handled: message text is not kept
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("attempts", SmallInteger, nullable=False, server_default="0"),
    Column("done", Boolean, nullable=False, server_default=false()),
    Index("ix_update_inbox_done_received_at", "done", "received_at"),
)

routines = Table(
    "routines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False),
    Column("name", String(64), nullable=False),
    Column("name_key", String(64), nullable=False),  # casefolded, single spaces: one name per user
    Column("lines", JSON, nullable=False),  # RoutineLine.to_json() of each exercise
    Column("version", Integer, nullable=False, server_default="1"),  # bumped on each change: stale buttons
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("user_id", "name_key", name="uq_routine_name"),
)

routine_rotations = Table(
    "routine_rotations",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("program_ids", JSON, nullable=False),  # "my-<routine id>" or a built-in template id, in order
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

user_exercises = Table(
    "user_exercises",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("name", String(100), primary_key=True),  # lowercase, as history stores it
    Column("kind", String(32), nullable=False),  # an ExerciseKind value
    Column("equipment", String(32), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

body_weights = Table(
    "body_weights",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False),
    Column("value", Float, nullable=False),  # as entered, in `unit`
    Column("unit", String(2), nullable=False),  # "kg" or "lb"
    Column("measured_at", DateTime(timezone=True), nullable=False),
    Column("message_id", BigInteger, nullable=True),
    UniqueConstraint("user_id", "message_id", name="uq_body_weight_message"),
    Index("ix_body_weights_user_measured", "user_id", "measured_at"),
)

# What a flow waits for the user to type next (a reminder time, a routine's lines, a set correction):
# one open prompt per user, kept apart from settings so that answering it never rewrites them.
user_prompts = Table(
    "user_prompts",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("body", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Each user's last answered question, for follow-ups ("feet?", "and for beginners?") within ten
# minutes. In the database so that a follow-up handled by another replica, or after a restart,
# still reads it.
last_exchanges = Table(
    "last_exchanges",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("question", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
