"""The "did you mean …?" asked about a likely typo in a routine's exercise name.

The line is saved as typed first, so no line the user sent is lost while the question waits (they often
send the next line instead of answering). ✅ renames it to the suggestion; ✖ keeps it. The buttons carry a
short hash of each typed name, not a line number, so they work on the routine as it is when tapped,
whatever was added or moved meanwhile."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import replace

from ..training.catalogue import default_catalogue
from ..training.routine_ops import NameIssue, Resolved
from ..training.routines import Routine, RoutineLine
from .model import Button, Reply, esc
from .routine_views import RoutineButton

MAX_ASKED = 5  # names one question's buttons carry: five 6-hex tags fit Telegram's 64-byte button data


def tag(name: str) -> str:
    return f"{zlib.crc32(name.encode()) & 0xFFFFFF:06x}"


def as_typed(resolved: Resolved) -> tuple[RoutineLine, ...]:
    """The lines with each likely typo as the user typed it (resolve_names put the suggestion there)."""
    typed = {issue.index: issue.typed for issue in resolved.typos}
    return tuple(replace(line, exercise=typed[n]) if n in typed else line for n, line in enumerate(resolved.lines))


def suggestion(name: str) -> str | None:
    """The catalogue name a name likely means; None once the catalogue knows it (renamed already)."""
    catalogue = default_catalogue()
    if catalogue.resolve(name) is not None:
        return None
    close = catalogue.closest(name)
    return close.name if close is not None else None


def asked_in(routine: Routine, tags: Iterable[str]) -> list[str]:
    """The routine's names a question (its buttons' tags) asked about that are still unanswered by ✅."""
    wanted = set(tags)
    return sorted(
        {line.exercise for line in routine.lines if tag(line.exercise) in wanted and suggestion(line.exercise)}
    )


def still_open(asks: Iterable[Iterable[str]], routine: Routine, keep: int = 10) -> list[list[str]]:
    """The questions whose names are still in the routine and still unknown, the latest `keep` of them."""
    here = {line.exercise for line in routine.lines}
    groups = [[n for n in dict.fromkeys(group) if n in here and suggestion(n)][:MAX_ASKED] for group in asks]
    return [group for group in groups if group][-keep:]


def renamed(routine: Routine, names: Iterable[str]) -> Routine:
    to = {name: suggestion(name) or name for name in names}
    return Routine(
        routine.name, tuple(replace(line, exercise=to.get(line.exercise, line.exercise)) for line in routine.lines)
    )


def question(routine_id: int, typos: Iterable[NameIssue], where: Callable[[int], str] = lambda i: "") -> Reply:
    issues = list({issue.typed: issue for issue in typos}.values())[:MAX_ASKED]
    asks = [f"“{esc(i.typed[:40])}”{where(i.index)}: did you mean <b>{esc(i.suggestion or '')}</b>?" for i in issues]
    keep = "it" if len(issues) == 1 else "them"
    arg = "-".join(tag(i.typed) for i in issues)
    return Reply(
        "\n".join(asks) + f"\nI saved {keep} as you typed {keep} for now, so nothing is lost.",
        (
            (
                Button(
                    "✅ Yes, change it" if len(issues) == 1 else "✅ Yes, change them",
                    RoutineButton("yes", routine_id, 0, arg).pack(),
                ),
                Button("✖ No, keep mine", RoutineButton("no", routine_id, 0, arg).pack()),
            ),
        ),
    )


def asked_again(routine_id: int, names: list[str]) -> Reply:
    """An earlier question still open after the latest was answered by typing: asked again, below it."""
    return question(routine_id, [NameIssue(0, name, suggestion(name)) for name in names])


def answered(names: list[str], routine_name: str, yes: bool, routine_id: int, arg: str) -> Reply:
    quoted = ", ".join(f"“{esc(n)}”" for n in names)
    if yes:
        changes = ", ".join(f"“{esc(n)}” is now <b>{esc(suggestion(n) or n)}</b>" for n in names)
        return Reply(f"✅ {changes} in <b>{esc(routine_name)}</b>.", edit=True)
    undo = Button("↩️ Change it after all", RoutineButton("yes", routine_id, 0, arg).pack())
    return Reply(f"OK, {quoted} stays as you typed it in <b>{esc(routine_name)}</b>.", ((undo,),), edit=True)
