"""A bare "yes", "no" or "ok" when nothing was asked: a short reply saying so and what the user can do
now, instead of a search for a passage about "yes". Only whole-message affirmations and negations;
anything longer goes its usual way. It runs after every flow that asks a yes/no question (a slip's
"Log it anyway?", a routine's "did you mean ...?"), so it only sees answers nobody waits for."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from .flow import Flow
from .model import Button, Reply, User
from .turn import Turn

# Whole message only, checked after a length cap: linear on any input.
_BARE = re.compile(r"(?:yes|no|y|n|ok|okay|sure|yep|nope|yeah|nah)[\s!.,?👍]*", re.IGNORECASE)
MAX_CHARS = 20
NOTHING_ASKED = "Nothing is waiting for a yes or no right now"


def bare_answer(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) <= MAX_CHARS and _BARE.fullmatch(stripped) is not None


class StrayAnswerFlow(Flow):
    """`typing_hint`: mid-workout, where the lifter is and how to log that set, with the way back to it."""

    def __init__(self, typing_hint: Callable[[User], Awaitable[tuple[str, Button] | None]]):
        self.typing_hint = typing_hint

    async def on_text(self, turn: Turn, text: str, message_id: int | None = None) -> list[Reply] | None:
        if not bare_answer(text):
            return None
        hint = await self.typing_hint(turn.user)
        if hint is None:
            return [
                Reply(f"{NOTHING_ASKED}. Ask me a training question, or send /workout to train (/help lists more).")
            ]
        where, back = hint
        return [Reply(f"{NOTHING_ASKED}. You're on {where}.", ((back,),))]
