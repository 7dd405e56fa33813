"""`coach chat`: the same conversation as on Telegram, in a terminal. Buttons become numbers."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .config import Settings, scale_out_enabled
from .conversation.coach import Coach
from .conversation.flow import Notification
from .conversation.model import Button, Reply, User
from .conversation.render import render_plain
from .history.csv_io import MAX_IMPORT_BYTES

PROMPT = "you> "
TICK_SECONDS = 1.0  # how often the chat looks for due rest timers and reminders, as the bot's JobQueue tick does
log = logging.getLogger(__name__)


class TerminalChat:
    def __init__(self, coach: Coach, user: User, write: Callable[[str], object] = print, files: Path | None = None):
        self.coach = coach
        self.user = user
        self.write = write
        self.files = files  # where a sent file (/export's CSV, a chart) is saved; None: only named
        self._choices: list[Button] = []
        self._taps = time.time_ns() // 1000  # unique across runs too: a tap's id names the events it writes
        self._messages = int(time.time() * 1000)  # unique across runs: a resumed workout never sees an id twice

    def show(self, replies: list[Reply]) -> None:
        if replies and not any(r.buttons for r in replies):
            # "#1" taps the buttons shown last; after a reply without any, an older keyboard is no longer what
            # the lifter sees (a stranger's "#1" after /finish undid a set of an earlier message)
            self._choices = []
        for reply in replies:
            self.write("coach> " + render_plain(reply).replace("\n", "\n       ") + "\n")
            attached = [reply.document] if reply.document else []
            attached += [("liftcoach-chart.png", reply.photo)] if reply.photo else []
            for name, content in attached:  # Telegram sends the file; here it is saved and its path shown
                where = self._save(name, content) if self.files is not None else name
                self.write(f"       📎 {where} ({len(content):,} bytes)\n")
            if reply.buttons:
                self._choices = [b for row in reply.buttons for b in row]

    def _save(self, name: str, content: bytes) -> Path:
        """The file under `files`, never over an earlier one ("x.csv", "x-2.csv", ...)."""
        assert self.files is not None
        safe = Path(name).name or "file"
        path, n = self.files / safe, 1
        while path.exists():
            n += 1
            path = self.files / f"{Path(safe).stem}-{n}{Path(safe).suffix}"
        path.write_bytes(content)
        return path

    def notify(self, note: Notification) -> None:
        """A message the bot sends on its own (rest over, a reminder). Another chat's is shown as such: in a
        database shared with a bot, it was claimed here and would otherwise be lost."""
        if note.chat_id != self.user.chat_id:
            self.write(f"coach> (for chat {note.chat_id}) " + render_plain(note.reply).replace("\n", " ") + "\n")
            return
        self.write("\n")
        self.show([note.reply])
        self.write(PROMPT)

    async def deliver_due(self, now: datetime) -> None:
        for note in await self.coach.due(now):
            self.notify(note)

    async def handle(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        # "#2" taps the second button; a plain "5" stays a message (it may be reps in a workout).
        choice = text[1:] if text.startswith("#") else ""
        if choice.isdigit() and self._choices and 1 <= int(choice) <= len(self._choices):
            self._taps += 1  # each tap has its own id, as Telegram's callback queries do
            outcome = await self.coach.callback(
                self.user, self._choices[int(choice) - 1].data, tap_id=f"terminal:{self._taps}"
            )
            if outcome.toast:
                self.write(f"coach> ({outcome.toast})\n")
            self.show(outcome.replies)
            return
        if choice.isascii() and choice.isdigit():  # a tap on a button that isn't there: Telegram can't send one
            shown = f"#1 to #{len(self._choices)}" if self._choices else "none right now"
            self.write(f"coach> (There is no button #{choice}; the buttons are {shown}.)\n")
            return
        if text.startswith("/import ") and (path := Path(text[8:].strip()).expanduser()).is_file():
            # The terminal's stand-in for sending a document: the file at that path, read only up to the size
            # limit (the import refuses a bigger one).
            with path.open("rb") as file:
                self.show(await self.coach.document(self.user, path.name, file.read(MAX_IMPORT_BYTES + 1)))
            return
        self._messages += 1  # like Telegram's message ids: a typed set or /undo is applied once
        self.show(await self.coach.dispatch(self.user, text, message_id=self._messages))


def run_terminal_chat(settings: Settings, user_id: int = 1) -> int:
    from .composition import build_coach

    async def main() -> None:
        print("Loading the coach (model and index)...", file=sys.stderr)
        coach = await build_coach(settings)
        chat = TerminalChat(coach, User(id=user_id, chat_id=user_id, first_name="there"), files=Path.cwd())

        async def tick() -> None:  # timers live in the database; the terminal delivers them like the bot does
            while True:
                await asyncio.sleep(TICK_SECONDS)
                try:
                    await chat.deliver_due(datetime.now(UTC))
                except Exception:  # a database hiccup must not end the chat; the next tick retries
                    log.exception("could not deliver due messages")

        # With PostgreSQL (the bot's scale-out store) a running bot delivers them: a terminal claiming every chat's
        # timers would keep them from their Telegram users.
        shared = scale_out_enabled(settings)
        ticker = None if shared else asyncio.create_task(tick())
        try:
            await chat.handle("/start")
            print("Type a question or a command (/help). #1, #2, ... tap buttons. Ctrl-D quits.\n")
            if shared:
                print("(PostgreSQL: rest timers and reminders are the running bot's to send, so none arrive here.)\n")
            while True:
                try:
                    line = await asyncio.to_thread(input, PROMPT)
                except EOFError:
                    print()
                    break
                await chat.handle(line)
        finally:
            if ticker is not None:
                ticker.cancel()
            await coach.close()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print()
    return 0
