"""One update, one turn: a user's settings (with their open prompt) are read from the database at most
once per update however many flows look at them, and answering a prompt never rewrites the settings."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User

ANN = User(31, 31, "Ann")
# settings and the open prompt come in one read; the plain settings read is not used on top of it
READ_ONCE = {"settings_and_prompt": 1, "get_settings": 0, "save_settings": 0}


class Counting:
    """Counts calls to a repository's methods, passing them through."""

    def __init__(self, store, *names: str):
        self.calls = dict.fromkeys(names, 0)
        for name in names:
            real = getattr(store, name)

            async def counted(*args, _real=real, _name=name, **kwargs):  # type: ignore[no-untyped-def]
                self.calls[_name] += 1
                return await _real(*args, **kwargs)

            setattr(store, name, counted)

    def take(self) -> dict[str, int]:
        seen, self.calls = self.calls, dict.fromkeys(self.calls, 0)
        return seen


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_workout_reads_settings_once_per_update(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, _clock):
        ann = Lifter(coach, repo, ANN)
        await ann.say("/settings unit lb")
        settings = Counting(repo.users, "settings_and_prompt", "get_settings", "save_settings")
        await ann.say("/workout hip thrust 3x5 225lb rest 0")
        assert "225 lb" in ann.text
        assert settings.take() | {"save_settings": 0} == READ_ONCE
        await ann.tap("✅ Done 5 × 225 lb")
        assert "✅ Hip thrust set 1: 5 × 225 lb" in ann.text
        assert settings.take() == READ_ONCE
        await ann.say("5x230")
        assert "✅ Hip thrust set 2: 5 × 230 lb" in ann.text
        assert settings.take() == READ_ONCE
        await ann.say("/undo")
        assert "Undone: Hip thrust set 2 (5 × 230 lb)" in ann.text
        assert settings.take() | {"save_settings": 0} == READ_ONCE
        assert [(r.reps, r.load, r.unit) for r in await ann.records()] == [(5, 225.0, "lb")]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_answering_a_prompt_leaves_the_settings_alone(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, _clock):
        ann = Lifter(coach, repo, ANN)
        await ann.say("/settings rest 90")
        before = await repo.users.get_settings(ANN.id)
        settings = Counting(repo.users, "save_settings")
        await ann.say("/routine new Push A")
        assert (await repo.prompts.get_prompt(ANN.id))["waiting_for"] == {
            "step": "lines",
            "name": "Push A",
            "from_prompt": False,
        }
        await ann.say("bench press 3x5 80kg")
        assert "Push A" in ann.text
        await ann.say("done")
        assert await repo.prompts.get_prompt(ANN.id) is None
        [routine] = await repo.routines.list_routines(ANN.id)
        assert [(line["exercise"], line["sets"], line["load"]) for line in routine.lines] == [("bench press", 3, 80.0)]
        assert settings.take() == {"save_settings": 0}
        assert await repo.users.get_settings(ANN.id) == before == {**before, "rest_seconds": 90}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_prompt_of_one_flow_is_not_closed_by_another(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, _clock):
        ann = Lifter(coach, repo, ANN)
        await ann.say("/timezone")
        assert "What time is it for you right now?" in ann.text
        await ann.say("/routine new Legs")  # a new prompt replaces the time-zone question
        await ann.say("/remind off")
        assert (await repo.prompts.get_prompt(ANN.id))["flow"] == "routine"
        await ann.say("squat 5x5 100kg")
        [routine] = await repo.routines.list_routines(ANN.id)
        assert routine.name == "Legs" and routine.lines[0]["load"] == 100.0
