"""`coach chat`: a file imported by path (`/import ~/strong.csv`, the terminal's way of sending a document), and
the messages the bot sends on its own (rest over), delivered by the chat's own tick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
    assert "Bench press: 2 sessions" in out[-2] and out[-1].startswith("       📎 liftcoach-chart.png (")
    await chat.handle(f"/import {tmp_path / 'missing.csv'}")  # not a file: the usual /import help
    assert "Send me a CSV file" in out[-1]


async def test_an_export_is_saved_as_a_file_and_its_path_shown(fixture_engine, sqlite_repo, tmp_path):
    """A stranger's /export in `coach chat` said "📄 2 sets, one row per set" and no file came."""
    coach = wire_coach(
        fixture_engine, sqlite_repo, load_programs(REPO / "knowledge" / "programs"), lambda: datetime.now(UTC)
    )
    out: list[str] = []
    (files := tmp_path / "files").mkdir()
    chat = TerminalChat(coach, User(id=83, chat_id=83, first_name="T"), write=out.append, files=files)
    await chat.handle("/workout squat 2x5 100kg rest 0")
    await chat.handle("5")
    await chat.handle("5x102.5")
    await chat.handle("/export")
    await chat.handle("/export")
    saved = [files / "liftcoach-sets.csv", files / "liftcoach-sets-2.csv"]  # the second never over the first
    assert sorted(files.iterdir()) == sorted(saved)
    assert out[-4].startswith("coach> 📄 2 sets, one row per set") and out[-2].startswith("coach> 📄 2 sets")
    assert out[-3].startswith(f"       📎 {saved[0]} (") and out[-1].startswith(f"       📎 {saved[1]} (")
    rows = saved[0].read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and saved[0].read_bytes() == saved[1].read_bytes()  # a header and the two sets
    assert ",5,100" in rows[1].replace(".0", "") and ",5,102.5" in rows[2]


async def test_the_terminal_chat_delivers_rest_timers(fixture_engine, sqlite_repo):
    """A stranger waited in `coach chat` after a 10 s rest and no "Rest over" came: the terminal never
    looked for due timers. It now does what the bot's JobQueue tick does (run_terminal_chat ticks each second)."""
    now = datetime.now(UTC)
    coach = wire_coach(fixture_engine, sqlite_repo, load_programs(REPO / "knowledge" / "programs"), lambda: now)
    out: list[str] = []
    chat = TerminalChat(coach, User(id=82, chat_id=82, first_name="T"), write=out.append)
    await chat.handle("/workout squat 2x5 100kg rest 60")
    await chat.handle("5")
    shown = len(out)
    await chat.deliver_due(now + timedelta(seconds=30))  # mid-rest: nothing yet
    assert len(out) == shown
    await chat.deliver_due(now + timedelta(seconds=61))
    assert any("⏰ Rest over!" in line and "set 2 of 2" in line for line in out[shown:])
    await chat.handle("#1")  # the ping's card is the one the numbers tap now
    assert any("✅ Back squat set 2: 5 × 100 kg" in line for line in out[-3:])
    await chat.deliver_due(now + timedelta(seconds=90))  # delivered once, never again
    assert sum("Rest over" in line for line in out) == 1


async def test_taps_after_a_restart_are_not_taken_for_repeats(fixture_engine, sqlite_repo):
    """A stranger's: after a restart of `coach chat`, "#9" (➕ Set) did nothing: tap ids restarted at 1, and the
    events they name ("addset:terminal:1") were already in the log, so the tap read as a repeat."""
    coach = wire_coach(
        fixture_engine, sqlite_repo, load_programs(REPO / "knowledge" / "programs"), lambda: datetime.now(UTC)
    )
    out: list[str] = []
    user = User(id=83, chat_id=83, first_name="T")
    first = TerminalChat(coach, user, write=out.append)

    def plus(chat):
        return f"#{[b.label for b in chat._choices].index('➕ Set') + 1}"

    await first.handle("/workout squat 3x5 100kg")
    await first.handle(plus(first))
    await first.handle(plus(first))
    assert "5 to go" in out[-1]
    again = TerminalChat(coach, user, write=out.append)  # the next run of `coach chat`
    await again.handle("/workout")
    await again.handle("#1")  # ▶️ Resume: this run's first tap
    await again.handle(plus(again))  # its second, as the first run's second was
    assert "6 to go" in out[-1] and "set 1 of 6" in out[-1]


async def test_a_tap_after_a_reply_without_buttons_taps_nothing_older(fixture_engine, sqlite_repo):
    """A stranger's "#1" after a reply without buttons tapped the keyboard of an earlier message (an undo)."""
    now = datetime.now(UTC)
    coach = wire_coach(fixture_engine, sqlite_repo, load_programs(REPO / "knowledge" / "programs"), lambda: now)
    out: list[str] = []
    chat = TerminalChat(coach, User(id=84, chat_id=84, first_name="T"), write=out.append)
    await chat.handle("/workout squat 2x5 100kg rest 0")
    await chat.handle("5")  # its reply has ↩️ Undo
    await chat.handle("/plates 100")  # a reply without buttons
    await chat.handle("#1")
    assert out[-1] == "coach> (There is no button #1; the buttons are none right now.)\n"
    await chat.handle("/workout")
    assert "set 2 of 2" in "".join(out[-2:])
