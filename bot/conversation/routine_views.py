"""What /routine shows: the list, a routine to edit, its shareable text; and its button codec."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from ..storage.repository import StoredRoutine
from ..training.catalogue import default_catalogue
from ..training.routine_ops import EDIT_HELP
from ..training.routine_render import render_entry, render_lines
from ..training.routines import MAX_TEXT_CHARS, Routine, RoutineLine, groups, one_set_line
from .callbacks import BadCallback, WorkoutButton
from .model import CALLBACK_DATA_LIMIT, Button, Reply, esc
from .routine_book import Choice

LIST_ROWS = 20  # routines with buttons in the list; Telegram allows 100 buttons a message
_ARG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
NONE: Mapping[int, tuple[RoutineLine, ...]] = MappingProxyType({})


@dataclass(frozen=True)
class RoutineButton:
    """rt:<action>:<routine id>:<version>:<argument> (the argument: a line number, a template id or a nonce)."""

    action: str
    routine: int = 0
    version: int = 0
    arg: str = ""

    PREFIX: ClassVar[str] = "rt"
    ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"ed", "up", "dn", "rm", "done", "del", "delok", "keep", "cp", "yes", "no", "rn"}
    )

    def pack(self) -> str:
        data = f"rt:{self.action}:{self.routine}:{self.version}:{self.arg}"
        if len(data.encode()) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: str) -> RoutineButton:
        parts = data.split(":")
        if len(parts) != 5 or parts[0] != cls.PREFIX or parts[1] not in cls.ACTIONS:
            raise BadCallback(data[:10])
        _, action, routine, version, arg = parts
        if not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in (routine, version)):
            raise BadCallback(data[:10])
        if len(arg) > 40 or not set(arg) <= _ARG_CHARS:
            raise BadCallback(data[:10])
        return cls(action, int(routine), int(version), arg)


def count(routine: Routine | None) -> str:
    n = len(routine.lines) if routine else 0
    return f"{n} exercise{'s' if n != 1 else ''}"


def list_reply(
    own: list[tuple[StoredRoutine, Routine | None]],
    built_in: list[Choice],
    rotation: list[Choice],
    next_up: Choice | None,
) -> Reply:
    lines = ["<b>Your routines</b>"]
    rows: list[tuple[Button, ...]] = []
    if not own:
        lines.append("None yet. Create one: <code>/routine new Push A</code>, then the exercises, one per line.")
    for n, (stored, routine) in enumerate(own, 1):
        lines.append(f"{n}. {esc(stored.name)} — {count(routine)}")
        if n <= LIST_ROWS:
            rows.append(
                (
                    Button(f"▶️ {stored.name}"[:40], WorkoutButton("go", stored.program_id).pack()),
                    Button("✏️ Edit", RoutineButton("ed", stored.id).pack()),
                )
            )
    lines.append("\n<b>Built-in</b>")
    for choice in built_in:
        lines.append(f"• {esc(choice.title)}")
        rows.append(
            (
                Button(f"▶️ {choice.title}"[:40], WorkoutButton("go", choice.program_id).pack()),
                Button("📄 Copy", RoutineButton("cp", arg=choice.program_id).pack()),
            )
        )
    if rotation:
        order = " → ".join(esc(c.title) for c in rotation)
        lines.append(f"\n<b>Rotation</b>: {order}" + (f" (next: <b>{esc(next_up.title)}</b>)" if next_up else ""))
    lines.append("\nSend <code>/routine help</code> for everything you can do with routines.")
    return Reply("\n".join(lines), tuple(rows))


def edit_reply(
    stored: StoredRoutine, routine: Routine, prefix: str = "", was: Mapping[int, tuple[RoutineLine, ...]] = NONE
) -> Reply:
    """`was`: entry index -> the entry a typed edit replaced, shown beside it so the change can be checked."""
    entries = groups(routine.lines)
    catalogue = default_catalogue()
    text = [f"{prefix}✏️ <b>{esc(routine.name)}</b>"]
    for n, entry in enumerate(entries, 1):
        now = render_entry(entry, catalogue)
        old = render_entry(was[n - 1], catalogue) if n - 1 in was else now
        same_name = len(entry) == 1 and old.startswith(f"{entry[0].exercise} ")
        before = f" (was {old[len(entry[0].exercise) + 1 :] if same_name else old})" if old != now else ""
        text.append(f"{n}. {esc(now)}{esc(before)}")
    text.append(EDIT_HELP)
    rows: list[tuple[Button, ...]] = []
    for n in range(1, len(entries) + 1):
        rows.append(
            (
                Button(f"⬆️ {n}", RoutineButton("up", stored.id, stored.version, str(n)).pack()),
                Button(f"⬇️ {n}", RoutineButton("dn", stored.id, stored.version, str(n)).pack()),
                Button(f"🗑 {n}", RoutineButton("rm", stored.id, stored.version, str(n)).pack()),
            )
        )
    rows.append(
        (
            Button("✏️ Rename", RoutineButton("rn", stored.id, stored.version).pack()),
            Button("🗑 Delete", RoutineButton("del", stored.id, stored.version).pack()),
            Button("✅ Done", RoutineButton("done", stored.id, stored.version).pack()),
        )
    )
    return Reply("\n".join(text), tuple(rows))


def share_text(routine: Routine) -> str:
    """The message that creates this routine again: `/routine new <name>` and one line per exercise."""
    return f"/routine new {routine.name}\n{render_lines(routine.lines, default_catalogue())}"


def saved_reply(stored: StoredRoutine, routine: Routine, verb: str = "Saved", note: str = "") -> Reply:
    body = esc(render_lines(routine.lines, default_catalogue()))
    return Reply(
        f"✅ {verb} <b>{esc(stored.name)}</b> ({count(routine)}):\n<code>{body}</code>{note}\n"
        f"Start it with <code>/workout {esc(stored.name)}</code>.",
        (
            (
                Button("▶️ Start", WorkoutButton("go", stored.program_id).pack()),
                Button("✏️ Edit", RoutineButton("ed", stored.id).pack()),
            ),
        ),
    )


_SETS_SHAPE = re.compile(r"(?<![\w.,])\d{1,3} ?[x×*] ?[\da-z]")
_EDIT_SHAPE = re.compile(
    r"\d{1,3} ?[:.)]|(?:remove|delete|del|drop|rm|move|rename) "
    r"|(?:done|finish|finished|save|ok|yes|y|yep|yeah|no|n|nope)$"  # yes/no answer "did you mean"
)


def might_be_routine_text(text: str) -> bool:
    """Cheap, no database: could this message be routine lines or a typed edit at all?"""
    low = text[: MAX_TEXT_CHARS + 1].strip().lower()
    if "?" in low:
        return False
    return bool(_SETS_SHAPE.search(low) or _EDIT_SHAPE.match(low) or any(map(one_set_line, low.splitlines())))


def delete_question(stored: StoredRoutine) -> Reply:
    return Reply(
        f"Delete <b>{esc(stored.name)}</b>? Workouts you did with it stay in your history.",
        (
            (
                Button("🗑 Yes, delete it", RoutineButton("delok", stored.id, stored.version).pack()),
                Button("Keep it", RoutineButton("keep", stored.id).pack()),
            ),
        ),
    )
