"""`coach chat` imports a file by path (`/import ~/strong.csv`), the terminal's way of sending a document."""

from __future__ import annotations

from datetime import UTC, datetime

from support.paths import REPO

from bot.composition import wire_coach
from bot.conversation.model import User
from bot.terminal import TerminalChat
from bot.training.programs import load_programs


async def test_terminal_import_by_path_then_progress(fixture_engine, sqlite_repo, tmp_path):
    coach = wire_coach(
        fixture_engine, sqlite_repo, load_programs(REPO / "knowledge" / "programs"), lambda: datetime.now(UTC)
    )
    out: list[str] = []
    chat = TerminalChat(coach, User(id=81, chat_id=81, first_name="T"), write=out.append)
    await chat.handle(f"/import {REPO / 'tests' / 'fixtures' / 'imports' / 'strong.csv'}")
    assert "Read 13 sets (Strong format)" in out[-1] and "Added 13 new sets" in out[-1]
    await chat.handle("/progress bench press")
    assert "Bench press: 2 sessions" in out[-1]
    await chat.handle(f"/import {tmp_path / 'missing.csv'}")  # not a file: the usual /import help
    assert "Send me a CSV file" in out[-1]
