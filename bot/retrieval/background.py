"""The asking sentences of a message that tells its story first, as forum posts do.

"I'm on a bulk but I've been feeling weaker ... Should I take a week off? Deload maybe?" names nutrition only in its
background; read as a whole, topic agreement wanted a nutrition passage and the deload sections were declined."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")  # one pass, no backtracking across sentences


def asking_part(text: str) -> str | None:
    """The sentences that ask (end in "?") plus the last one, when the message has other sentences too; None for a
    message that is all question."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if len(sentences) < 2:
        return None
    asking = [s for s in sentences[:-1] if s.endswith("?")] + [sentences[-1]]
    return " ".join(asking) if len(asking) < len(sentences) else None
