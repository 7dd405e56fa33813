"""/history, /progress, /export and /import through the coach and the database."""

from datetime import UTC, datetime, timezone

import pytest
from support.wiring import wired_coach

from bot.conversation.coach import Coach
from bot.conversation.history_flow import HistoryFlow
from bot.conversation.model import User
from bot.conversation.qa import QuestionFlow
from bot.conversation.workouts import WorkoutFlow
from bot.history.csv_io import import_csv
from bot.history.setlog import fold
from bot.training.programs import load_programs

ANN = User(id=51, chat_id=51, first_name="Ann")
EVE = User(id=52, chat_id=52, first_name="Eve")


@pytest.fixture
async def coach(fixture_engine, sqlite_repo):
    return wired_coach(fixture_engine, sqlite_repo, lambda: datetime(2026, 11, 24, 17, 0, tzinfo=UTC))


async def train(coach, user=ANN, spec="hip thrust 2x5 100kg rest 0"):
    _, card = await coach.command(user, "workout", spec)
    done = next(b.data for row in card.buttons for b in row if b.data.startswith("w:done:"))
    out = await coach.callback(user, done)
    done = next(b.data for row in out.replies[1].buttons for b in row if b.data.startswith("w:done:"))
    await coach.callback(user, done)


async def test_history_lists_sessions_and_opens_one(coach):
    assert "No logged workouts yet" in (await coach.command(ANN, "history", ""))[0].text
    await train(coach)
    history = (await coach.command(ANN, "history", ""))[0]
    assert "Quick: hip thrust: 2 sets, top 5 × 100 kg" in history.text
    opened = (await coach.callback(ANN, history.buttons[0][0].data)).replies[0]
    assert "hip thrust set 2: 5 × 100 kg" in opened.text and "Volume: 1000 kg" in opened.text
    assert (await coach.callback(EVE, history.buttons[0][0].data)).replies == []


async def test_export_is_a_csv_document_that_imports_back(coach):
    assert "no logged sets" in (await coach.command(ANN, "export", ""))[0].text
    await train(coach)
    reply = (await coach.command(ANN, "export", ""))[0]
    name, data = reply.document
    assert name == "liftcoach-sets.csv" and data.decode().count("\n") == 3
    assert len(import_csv(data).records) == 2


async def test_import_strong_csv_reports_rows_and_is_idempotent(coach, sqlite_repo):
    csv = (
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE\n"
        b"2026-09-01 08:30:00,Legs,Hip Thrust,1,100,kg,8,\n"
        b"2026-09-01 08:30:00,Legs,Hip Thrust,2,bad,kg,8,\n"
        b"2026-09-03 08:30:00,Legs,Hip Thrust,1,110,kg,6,8\n"
    )
    reply = (await coach.document(ANN, "strong.csv", csv))[0]
    assert "Read 2 sets (Strong format)" in reply.text and "Rejected 1 row" in reply.text and "line 3" in reply.text
    again = (await coach.document(ANN, "strong.csv", csv))[0]
    assert "2 were already there and were skipped" in again.text
    assert [(r.reps, r.load, r.unit, r.rpe) for r in fold(await sqlite_repo.workouts.set_events(ANN.id))] == [
        (8, 100, "kg", None),
        (6, 110, "kg", 8),
    ]
    chart = (await coach.command(ANN, "progress", "hip thrust"))[0]
    assert chart.photo.startswith(b"\x89PNG") and "2 sessions" in chart.text


async def test_garbage_upload_changes_nothing(coach, sqlite_repo):
    reply = (await coach.document(ANN, "x.csv", b"\x00\xff garbage"))[0]
    assert "CSV" in reply.text
    assert await sqlite_repo.workouts.set_events(ANN.id) == []


@pytest.mark.parametrize("args", ["", "x" * 100, "bench press"])
async def test_progress_bad_or_unknown_exercise_gives_usage(coach, args):
    reply = (await coach.command(ANN, "progress", args))[0]
    assert "Usage: /progress" in reply.text and reply.photo is None
