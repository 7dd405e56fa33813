"""Questions asked and the votes on their answers (SQLAlchemy Core, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from ..microbatch import MicroBatcher
from .engine import Database
from .repository import JsonDict, QuestionStats
from .tables import last_exchanges, questions, users, votes
from .times import aware, utcnow


class SqlQuestions:
    def __init__(self, db: Database):
        self.db = db
        self._question_writes: MicroBatcher[JsonDict, int] = MicroBatcher(
            lambda rows: self.db.run_write(self._write_questions, rows), max_batch=200
        )

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
    ) -> int:
        """`follow_up_base`: what the user's next follow-up is read against (the answered question, or
        the section they tapped); it is written in the same batched transaction as the question.
        `at`: when it was asked, by the caller's clock (now by default)."""
        row = {
            "user_id": user_id,
            "text": text[:2000],
            "passage_key": passage_key,
            "kind": kind,
            "confidence": float(confidence),
            "created_at": at or utcnow(),
            "follow_up_base": None if follow_up_base is None else follow_up_base[:2000],
        }
        return await self._question_writes.submit(row)

    def _write_questions(self, conn: Connection, rows: list[JsonDict]) -> list[int]:
        stored = [{k: v for k, v in row.items() if k != "follow_up_base"} for row in rows]
        result = conn.execute(insert(questions).returning(questions.c.id, sort_by_parameter_order=True), stored)
        ids = [int(r[0]) for r in result]
        latest = {r["user_id"]: r for r in rows if r["follow_up_base"] is not None}  # the newest per user wins
        if latest:
            stmt = self.db.upsert(last_exchanges)
            stmt = stmt.on_conflict_do_update(
                index_elements=["user_id"], set_={"question": stmt.excluded.question, "at": stmt.excluded.at}
            )
            conn.execute(
                stmt,
                [{"user_id": u, "question": r["follow_up_base"], "at": r["created_at"]} for u, r in latest.items()],
            )
        return ids

    async def last_exchange(self, user_id: int) -> tuple[str, datetime] | None:
        """The user's last answered question (or tapped section) and when; None if there is none."""
        stmt = select(last_exchanges.c.question, last_exchanges.c.at).where(last_exchanges.c.user_id == user_id)

        def read(conn: Connection) -> tuple[str, datetime] | None:
            row = conn.execute(stmt).first()
            at = aware(row[1]) if row else None
            return (str(row[0]), at) if row and at else None

        return await self.db.run_read(read)

    async def record_vote(self, question_id: int, user_id: int, vote: int) -> bool:
        def write(conn: Connection) -> bool:
            owner = (conn.execute(select(questions.c.user_id).where(questions.c.id == question_id))).scalar()
            if owner is None or owner != user_id:  # only the asker rates an answer; a second vote replaces the first
                return False
            stmt = self.db.upsert(votes).values(
                question_id=question_id, user_id=user_id, vote=1 if vote > 0 else -1, created_at=utcnow()
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=["question_id", "user_id"], set_={"vote": 1 if vote > 0 else -1}
            )
            conn.execute(stmt)
            return True

        return await self.db.run_write(write)

    async def question_stats(self) -> QuestionStats:
        def read(conn: Connection) -> QuestionStats:
            n_users = (conn.execute(select(func.count()).select_from(users))).scalar_one()
            total = (conn.execute(select(func.count()).select_from(questions))).scalar_one()
            answered = (conn.execute(select(func.count()).where(questions.c.kind == "answer"))).scalar_one()
            up = (conn.execute(select(func.count()).where(votes.c.vote > 0))).scalar_one()
            down = (conn.execute(select(func.count()).where(votes.c.vote < 0))).scalar_one()
            return QuestionStats(n_users, total, answered, up, down)

        return await self.db.run_read(read)

    async def frequent_unanswered(self, limit: int) -> list[tuple[str, int]]:
        text = func.lower(questions.c.text)
        stmt = (
            select(text, func.count())
            .where(questions.c.kind == "unknown")
            .group_by(text)
            .order_by(func.count().desc(), text)
            .limit(limit)
        )

        def read(conn: Connection) -> list[tuple[str, int]]:
            return [(r[0], int(r[1])) for r in conn.execute(stmt)]

        return await self.db.run_read(read)

    async def frequent_downvoted(self, limit: int) -> list[tuple[str, str | None, int]]:
        text = func.lower(questions.c.text)
        stmt = (
            select(text, questions.c.passage_key, func.count())
            .select_from(votes.join(questions, votes.c.question_id == questions.c.id))
            .where(votes.c.vote < 0)
            .group_by(text, questions.c.passage_key)
            .order_by(func.count().desc(), text)
            .limit(limit)
        )

        def read(conn: Connection) -> list[tuple[str, str | None, int]]:
            return [(r[0], r[1], int(r[2])) for r in conn.execute(stmt)]

        return await self.db.run_read(read)
