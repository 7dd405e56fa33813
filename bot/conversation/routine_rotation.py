"""/routine rotation: chain routines (A/B, push/pull/legs) that /workout and the reminders follow."""

from __future__ import annotations

from .model import Reply, esc, read_as
from .routine_book import RoutineBook

MAX_ROTATION = 10
MAX_TITLE_PIECES = 6  # a template title's comma-separated parts ("Full body B: deadlift, press, pulldown")
MAX_PIECES = MAX_ROTATION * MAX_TITLE_PIECES
EXAMPLE = "<code>/routine rotation Push A, Pull A, Legs</code>"


async def rotation_reply(book: RoutineBook, user_id: int, args: str) -> Reply:
    """Show, set (names split by commas or arrows, typo tolerant) or stop the rotation. An unknown
    name changes nothing."""
    if not args:
        rotation = await book.rotation(user_id)
        if not rotation:
            return Reply(f"No rotation yet. Chain routines in the order you train them: {EXAMPLE}")
        return await _shown(book, user_id, " → ".join(esc(c.title) for c in rotation), "")
    if args.lower() in ("off", "stop", "clear", "none"):
        await book.routines.set_rotation(user_id, [])
        return Reply("🔁 Rotation stopped. /workout shows all your routines.")
    pieces = [n.strip() for n in args.replace("→", ",").replace(">", ",").split(",") if n.strip()]
    if not 1 <= len(pieces) <= MAX_PIECES:
        return Reply(f"A rotation chains 1 to {MAX_ROTATION} routines, split by commas: {EXAMPLE}")
    chosen, notes = [], []
    i = 0
    while i < len(pieces):
        # A template's title has commas of its own ("Full body B: deadlift, press, pulldown"): the longest
        # run of pieces that is exactly a title is one name; otherwise a piece alone, typos read.
        for j in range(min(len(pieces), i + MAX_TITLE_PIECES), i + 1, -1):
            found, exact = await book.find(user_id, ", ".join(pieces[i:j]))
            if found is not None and exact:
                chosen.append(found)
                break
        else:
            j = i + 1
            typed = pieces[i]
            found, exact = await book.find(user_id, typed)
            if found is None:
                return Reply(
                    f"I don't know the routine “{esc(typed[:40])}”; the rotation is unchanged. /routine lists them."
                )
            chosen.append(found)
            if not exact:
                notes.append(read_as(typed[:40], found.title))
        i = j
    if len(chosen) > MAX_ROTATION:
        return Reply(f"A rotation chains 1 to {MAX_ROTATION} routines, split by commas: {EXAMPLE}")
    await book.routines.set_rotation(user_id, [c.program_id for c in chosen])
    return await _shown(book, user_id, " → ".join(esc(c.title) for c in chosen), "".join(notes))


async def _shown(book: RoutineBook, user_id: int, order: str, notes: str) -> Reply:
    next_up = await book.next_up(user_id)
    title = esc(next_up.title) if next_up else ""
    return Reply(
        f"{notes}🔁 Rotation: {order}\nNext up: <b>{title}</b>; /workout offers it first.\n"
        "Stop it with <code>/routine rotation off</code>."
    )
