"""The SQL storage (SQLite or PostgreSQL): one small repository per aggregate over one `Database`."""

from __future__ import annotations

from .body_weight import SqlBodyWeights
from .engine import Database, create_engine, migrate
from .inbox import SqlInbox
from .own_exercises import SqlOwnExercises
from .prompts import SqlPrompts
from .questions import SqlQuestions
from .routines import SqlRoutines
from .schedule import SqlSchedule
from .users import SqlUsers
from .workouts import SqlWorkouts

__all__ = ["SqlStorage", "create_engine", "migrate"]


class SqlStorage:
    """What the composition root hands out: each flow takes only the repositories it uses."""

    def __init__(self, db: Database):
        self.db = db
        self.users = SqlUsers(db)
        self.prompts = SqlPrompts(db)
        self.questions = SqlQuestions(db)
        self.workouts = SqlWorkouts(db)
        self.schedule = SqlSchedule(db)
        self.inbox = SqlInbox(db)
        self.routines = SqlRoutines(db)
        self.body_weights = SqlBodyWeights(db)
        self.exercises = SqlOwnExercises(db)

    @classmethod
    async def connect(cls, url: str) -> SqlStorage:
        engine = create_engine(url)
        await migrate(engine)
        return cls(Database(engine))

    async def close(self) -> None:
        await self.db.close()
