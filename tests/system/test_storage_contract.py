"""One storage contract, run against every back-end (SQLite and the machine's PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from support.storage_backends import repository

from bot.storage.repository import StoredSession

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
async def repo(request, tmp_path):
    async with repository(request.param, tmp_path) as repo:
        yield repo


def session(session_id: str = "s1", user_id: int = 7) -> StoredSession:
    return StoredSession(
        id=session_id,
        user_id=user_id,
        chat_id=user_id,
        program_id="quick",
        title="Test",
        plan=[{"exercise": "hip thrust"}],
        state={"count": 0},
        status="active",
        started_at=NOW,
        updated_at=NOW,
    )


def add_one(state: dict) -> dict:
    return {"count": state["count"] + 1}


class TestStorageContract:
    async def test_users_and_settings_round_trip(self, repo):
        await repo.users.touch_user(1, 10, "Ann")
        await repo.users.touch_user(1, 10, "Ann B")  # upsert, not a second user
        assert (await repo.questions.question_stats()).users == 1
        assert await repo.users.get_settings(1) == {}
        await repo.users.save_settings(1, {"unit": "lb", "load_step": 5})
        await repo.users.save_settings(1, {"unit": "kg", "load_step": 2.5})
        assert await repo.users.get_settings(1) == {"unit": "kg", "load_step": 2.5}

    async def test_prompts_and_the_one_read_of_settings_with_prompt(self, repo):
        assert await repo.users.settings_and_prompt(3) == ({}, None)
        await repo.users.touch_user(3, 30, "Cy")
        await repo.users.save_settings(3, {"unit": "lb", "plates": [45, 25, 2.5]})
        assert await repo.users.settings_and_prompt(3) == ({"unit": "lb", "plates": [45, 25, 2.5]}, None)
        body = {"flow": "remind", "step": "time", "days": [0, 4]}
        await repo.prompts.save_prompt(3, body)
        await repo.prompts.save_prompt(3, body | {"days": [1]})  # replaced whole, one row per user
        assert await repo.prompts.get_prompt(3) == body | {"days": [1]}
        assert await repo.users.settings_and_prompt(3) == (
            {"unit": "lb", "plates": [45, 25, 2.5]},
            body | {"days": [1]},
        )
        assert await repo.users.settings_and_prompt(4) == ({}, None)  # another user's prompt is not read
        await repo.prompts.save_prompt(3, None)
        assert await repo.prompts.get_prompt(3) is None
        await repo.prompts.save_prompt(3, body)
        await repo.users.forget_user(3)
        assert await repo.users.settings_and_prompt(3) == ({}, None)

    async def test_the_last_exchange_is_the_newest_answered_question(self, repo):
        assert await repo.questions.last_exchange(7) is None
        await repo.questions.record_question(
            7, "hip thrust sets?", "a#b", "answer", 0.9, follow_up_base="hip thrust sets?", at=NOW
        )
        later = NOW + timedelta(minutes=1)
        await repo.questions.record_question(7, "how to juggle", None, "unknown", 0.1, at=later)  # not answered
        assert await repo.questions.last_exchange(7) == ("hip thrust sets?", NOW)
        await asyncio.gather(  # one batch: the newest of the user's rows wins
            repo.questions.record_question(7, "x", "a#b", "answer", 0.9, follow_up_base="first", at=later),
            repo.questions.record_question(7, "y", "a#b", "answer", 0.9, follow_up_base="second", at=later),
            repo.questions.record_question(8, "z", "a#b", "answer", 0.9, follow_up_base="other user", at=later),
        )
        assert await repo.questions.last_exchange(7) == ("second", later)
        assert await repo.questions.last_exchange(8) == ("other user", later)
        assert (await repo.questions.question_stats()).questions == 5

    async def test_questions_votes_and_reports(self, repo):
        await repo.users.touch_user(1, 1, "A")
        q1 = await repo.questions.record_question(1, "What is a hip thrust", "a#b", "answer", 0.8)
        q2 = await repo.questions.record_question(1, "how to juggle", None, "unknown", 0.2)
        await repo.questions.record_question(2, "How to juggle", None, "unknown", 0.1)
        assert await repo.questions.record_vote(q1, 1, -1)
        assert await repo.questions.record_vote(q1, 1, -1)  # same vote twice counts once
        assert not await repo.questions.record_vote(99999, 1, 1)  # unknown question changes nothing
        assert not await repo.questions.record_vote(q1, 2, 1)  # another user's question: not theirs to rate
        stats = await repo.questions.question_stats()
        assert (stats.questions, stats.answered, stats.downvotes, stats.upvotes) == (3, 1, 1, 0)
        q3 = await repo.questions.record_question(2, "Feet width", "c#d", "answer", 0.9)
        assert await repo.questions.record_vote(q3, 2, -1) and await repo.questions.record_vote(
            q3, 2, 1
        )  # changing one's mind replaces the vote
        stats = await repo.questions.question_stats()
        assert (stats.downvotes, stats.upvotes) == (1, 1)
        assert await repo.questions.frequent_unanswered(5) == [("how to juggle", 2)]
        assert await repo.questions.frequent_downvoted(5) == [("what is a hip thrust", "a#b", 1)]
        assert q2 != q1

    async def test_event_log_appends_once_and_keeps_derived_state(self, repo):
        await repo.workouts.create_session(session())
        first = await repo.workouts.append_event("s1", "e1", "set", {"reps": 5}, add_one)
        duplicate = await repo.workouts.append_event("s1", "e1", "set", {"reps": 5}, add_one)
        second = await repo.workouts.append_event("s1", "e2", "set", {"reps": 6}, add_one)
        assert (first.applied, duplicate.applied, second.applied) == (True, False, True)
        assert second.state == {"count": 2}
        assert [(e.seq, e.event_id, e.payload) for e in await repo.workouts.events("s1")] == [
            (1, "e1", {"reps": 5}),
            (2, "e2", {"reps": 6}),
        ]
        assert (await repo.workouts.get_session("s1")).state == {"count": 2}

    async def test_rejected_event_changes_nothing(self, repo):
        await repo.workouts.create_session(session())

        def reject(state: dict) -> dict:
            raise ValueError("stale button")

        with pytest.raises(ValueError):
            await repo.workouts.append_event("s1", "bad", "set", {}, reject)
        assert await repo.workouts.events("s1") == []
        assert (await repo.workouts.get_session("s1")).state == {"count": 0}

    async def test_concurrent_appends_are_serialised(self, repo):
        await repo.workouts.create_session(session())
        results = await asyncio.gather(
            *(repo.workouts.append_event("s1", f"e{i % 10}", "set", {}, add_one) for i in range(30))
        )
        assert sum(r.applied for r in results) == 10
        events = await repo.workouts.events("s1")
        assert [e.seq for e in events] == list(range(1, 11))
        assert (await repo.workouts.get_session("s1")).state == {"count": 10}

    async def test_sessions_active_close_and_recent(self, repo):
        await repo.workouts.create_session(session("a", 1))
        await repo.workouts.create_session(session("b", 2))
        assert (await repo.workouts.active_session(1)).id == "a"
        assert await repo.workouts.close_session("a", "finished", NOW)
        assert not await repo.workouts.close_session("a", "finished", NOW)  # already closed
        assert await repo.workouts.active_session(1) is None
        assert [s.id for s in await repo.workouts.recent_sessions(1, 5)] == ["a"]
        idle = await repo.workouts.idle_sessions(NOW + timedelta(hours=1))
        assert [s.id for s in idle] == ["b"]
        await repo.workouts.mark_nudged("b")
        assert await repo.workouts.idle_sessions(NOW + timedelta(hours=1)) == []

    async def test_timers_fire_exactly_once(self, repo):
        tid = await repo.schedule.add_timer(1, 1, "rest", NOW, {"session": "a"})
        await repo.schedule.add_timer(1, 1, "rest", NOW + timedelta(seconds=30), {})
        pending = await repo.schedule.pending_timers("rest")
        assert [t.id for t in pending][0] == tid and pending[0].due_at == NOW
        claims = await asyncio.gather(*(repo.schedule.claim_timer(tid, NOW) for _ in range(5)))
        assert claims.count(True) == 1
        assert await repo.schedule.cancel_timers(1, "rest") == 1
        assert await repo.schedule.pending_timers() == []

    async def test_reminders_fire_once_per_due_time(self, repo):
        rid = await repo.schedule.add_reminder(1, 1, [2, 0], "18:30", "Europe/Berlin", NOW)
        await repo.schedule.add_reminder(2, 2, [1], "07:00", "UTC", NOW + timedelta(days=1))
        assert [r.id for r in await repo.schedule.due_reminders(NOW)] == [rid]
        reminder = (await repo.schedule.reminders_of(1))[0]
        assert (reminder.days, reminder.at, reminder.next_fire_at) == ([0, 2], "18:30", NOW)
        later = NOW + timedelta(days=2)
        wins = await asyncio.gather(*(repo.schedule.advance_reminder(rid, NOW, later) for _ in range(4)))
        assert wins.count(True) == 1
        assert await repo.schedule.due_reminders(NOW) == []
        await repo.schedule.retime_reminders(1, "Asia/Tokyo", lambda r: later + timedelta(hours=1))
        moved = await repo.schedule.get_reminder(rid)
        assert (moved.timezone, moved.next_fire_at) == ("Asia/Tokyo", later + timedelta(hours=1))
        assert await repo.schedule.delete_reminders(1, rid + 1000) == 0  # someone else's id: nothing happens
        assert await repo.schedule.delete_reminders(1) == 1 and await repo.schedule.reminders_of(1) == []

    async def test_inbox_accepts_each_update_once(self, repo):
        message = {"update_id": 777, "message": {"text": "5x100"}}
        assert await repo.inbox.accept_updates([(777, 1, message), (778, 1, {"update_id": 778})], NOW) == [True, True]
        assert await repo.inbox.accept_updates([(777, 1, message)], NOW) == [False]  # delivered again
        together = await asyncio.gather(
            *(repo.inbox.accept_updates([(779, 2, {})], NOW) for _ in range(5))
        )  # to several replicas at once
        assert [fresh for [fresh] in together].count(True) == 1
        assert await repo.inbox.accept_updates([(780, 2, {}), (780, 2, {})], NOW) == [True, False]

    async def test_unfinished_updates_are_replayed_until_done_and_given_up_after_three_tries(self, repo):
        await repo.inbox.accept_updates(
            [(1, 1, {"update_id": 1, "n": 1}), (2, 1, {"update_id": 2}), (3, 1, {"update_id": 3})], NOW
        )
        await repo.inbox.finish_update(2)
        assert await repo.inbox.unfinished_updates(NOW, NOW) == []  # only updates older than the cut-off
        later = NOW + timedelta(minutes=5)
        assert await repo.inbox.unfinished_updates(later, later) == [
            (1, {"update_id": 1, "n": 1}),
            (3, {"update_id": 3}),
        ]
        assert (
            await repo.inbox.unfinished_updates(later, later) == []
        )  # claimed: renewed, so nobody else takes them now
        await repo.inbox.finish_update(3)
        for attempt in (2, 3):
            at = NOW + timedelta(minutes=5 * attempt)
            assert [uid for uid, _ in await repo.inbox.unfinished_updates(at, at)] == [1]
        at = NOW + timedelta(hours=1)
        assert await repo.inbox.unfinished_updates(at, at) == []  # it crashed the bot three times: given up
        assert await repo.inbox.accept_updates([(3, 1, {})], at) == [False]  # a handled update still catches duplicates

    async def test_two_replicas_never_replay_the_same_update(self, repo):
        await repo.inbox.accept_updates([(i, 1, {"update_id": i}) for i in range(1, 41)], NOW)
        later = NOW + timedelta(minutes=5)
        claims = await asyncio.gather(*(repo.inbox.unfinished_updates(later, later) for _ in range(3)))
        claimed = [uid for rows in claims for uid, _ in rows]
        assert sorted(claimed) == list(range(1, 41))

    async def test_forget_user_removes_every_record(self, repo):
        await repo.users.touch_user(5, 5, "Gone")
        await repo.inbox.accept_updates([(55, 5, {"message": {"text": "my private note"}})], NOW)
        await repo.users.save_settings(5, {"unit": "lb"})
        qid = await repo.questions.record_question(5, "q", None, "unknown", 0.1)
        await repo.questions.record_vote(qid, 5, 1)
        await repo.workouts.create_session(session("s5", 5))
        await repo.workouts.append_event("s5", "e1", "set", {}, add_one)
        await repo.schedule.add_timer(5, 5, "rest", NOW, {})
        await repo.schedule.add_reminder(5, 5, [0], "07:00", "UTC", NOW)
        await repo.users.touch_user(6, 6, "Stays")
        await repo.questions.record_question(6, "q6", None, "unknown", 0.1)

        await repo.users.forget_user(5)
        assert await repo.users.get_settings(5) == {}
        assert await repo.workouts.get_session("s5") is None and await repo.workouts.events("s5") == []
        assert await repo.schedule.pending_timers() == [] and await repo.schedule.reminders_of(5) == []
        assert await repo.inbox.unfinished_updates(NOW + timedelta(hours=1), NOW) == []  # their messages are gone too
        stats = await repo.questions.question_stats()
        assert (stats.users, stats.questions, stats.upvotes) == (1, 1, 0)


async def test_data_survives_reopening_the_database(tmp_path):
    from bot.storage.sql import SqlStorage

    url = f"sqlite+aiosqlite:///{tmp_path / 'durable.sqlite3'}"
    repo = await SqlStorage.connect(url)
    await repo.workouts.create_session(session())
    await repo.workouts.append_event("s1", "e1", "set", {"reps": 5}, add_one)
    await repo.close()
    reopened = await SqlStorage.connect(url)  # migrations are a no-op the second time
    assert [e.event_id for e in await reopened.workouts.events("s1")] == ["e1"]
    await reopened.close()
