"""The sentences of a passage that answer a question; the rest waits behind a "More" button.

A passage is split into pieces (sentences, and bullets on their own lines). The first piece
usually states the answer, so it is always shown; after it come the pieces that share the most
words with the question, in the passage's own order, within a character budget. Which pieces were
shown is a bitmask, so the rest can be rebuilt later from the passage alone (a button needs no
server-side state, and any replica can answer it). Everything here is linear in the text length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .text import tokens, trim_to_sentences

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(•])")
SHORT_PASSAGE = 450  # a passage this short is shown whole: trimming it saves the reader nothing
EXCERPT_CHARS = 400
MAX_PIECES = 60  # the bitmask travels in button data as hex; longer passages are shown the old way
WHOLE_PASSAGE_CHARS = 900
# "First, ... Second, ... Third, ...": a later step is shown only after the one before it, or an excerpt reads
# "for three reasons. First, ... Third, ..." (a stranger saw "three tools" and two).
_FIRST = re.compile(r"(?:First|Firstly)\b")
_LATER = re.compile(r"(?:Second|Secondly|Third|Thirdly|Fourth|Fifth|Finally|Lastly)\b")
# An opening that announces what follows ("build toward it with three tools", "Two things matter:").
_PROMISE = re.compile(
    r"\b(?:two|three|four|five|a few|several)\s+(?:\w+\s+)?"
    r"(?:tools|ways|reasons|things|steps|options|rules|signs|fixes)\b|:$",
    re.IGNORECASE,
)


_REFERRAL = re.compile(
    r"\b(?:doctor|physiotherapist|physio|dietitian|midwife|pelvic[- ]health|sports-medicine|GP"
    r"|medical (?:advice|help))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Excerpt:
    text: str
    shown: int  # bit i set: piece i of the passage is in `text`
    pieces: int  # how many pieces the passage has

    @property
    def complete(self) -> bool:
        return self.shown == (1 << self.pieces) - 1


def pieces(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(p.strip() for p in _SENTENCE_END.split(paragraph) if p.strip())
    return out


def join(chosen: Iterable[str]) -> str:
    """Pieces back into text: bullets on their own lines, sentences run together."""
    out = ""
    for piece in chosen:
        if not out:
            out = piece
        elif piece.startswith("•") or out.endswith(":"):
            out += "\n" + piece
        else:
            out += " " + piece
    return out


def excerpt(text: str, question: str, budget: int = EXCERPT_CHARS) -> Excerpt:
    parts = pieces(text)
    everything = (1 << len(parts)) - 1
    if len(text) <= SHORT_PASSAGE or len(parts) > MAX_PIECES or len(parts) <= 1:
        return Excerpt(trim_to_sentences(text, WHOLE_PASSAGE_CHARS), everything, len(parts))
    asked = set(tokens(question))
    overlap = [len(asked & set(tokens(p))) for p in parts]
    chosen = {0}
    used = len(parts[0])
    # An opening that promises more ("three tools", "two ways") is followed by what it promised.
    used = _in_order(parts, chosen, used, budget, when=bool(_PROMISE.search(parts[0])))
    # Best-matching pieces first; ties keep the passage's order. The piece right after the opening may
    # run half a budget over: an opening often sets up a contrast the next sentence completes.
    for i in sorted(range(1, len(parts)), key=lambda i: (-overlap[i], i)):
        limit = budget + budget // 2 if i == 1 else budget
        if i in chosen or overlap[i] == 0 or used + len(parts[i]) > limit or _skips_a_step(parts, chosen, i):
            continue
        chosen.add(i)
        used += len(parts[i])
        # A piece that introduces a list ("Three things matter:") brings the list with it.
        j = i + 1
        while parts[i].endswith(":") and j < len(parts) and parts[j].startswith("•") and used + len(parts[j]) <= budget:
            chosen.add(j)
            used += len(parts[j])
            j += 1
    # Nothing in the question picked a piece: the opening sentences, in order, within the budget.
    used = _in_order(parts, chosen, used, budget, when=len(chosen) == 1)
    # A sentence that sends the reader to a doctor, physio, dietitian or midwife is never left behind "More",
    # whatever the budget (a stranger's "creatine while breastfeeding?" lost "ask your doctor first").
    chosen |= {i for i, p in enumerate(parts) if _REFERRAL.search(p)}
    shown = sum(1 << i for i in chosen)
    return Excerpt(join(parts[i] for i in sorted(chosen)), shown, len(parts))


def _in_order(parts: list[str], chosen: set[int], used: int, budget: int, when: bool) -> int:
    """Adds the pieces after the opening, in order, while they fit; returns the characters used."""
    i = 1
    while when and i < len(parts) and used + len(parts[i]) <= budget:
        chosen.add(i)
        used += len(parts[i])
        i += 1
    return used


def _skips_a_step(parts: list[str], chosen: set[int], i: int) -> bool:
    """Piece i is a later step of an enumeration whose previous step is not shown."""
    if not _LATER.match(parts[i]):
        return False
    before = next((j for j in range(i - 1, -1, -1) if _LATER.match(parts[j]) or _FIRST.match(parts[j])), None)
    return before is not None and before not in chosen


def rest_of(text: str, shown: int) -> str:
    """The pieces an excerpt left out, in order ("" when it showed everything)."""
    return join(p for i, p in enumerate(pieces(text)) if not shown >> i & 1)
