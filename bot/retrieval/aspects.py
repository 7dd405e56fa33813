"""Aspects a topic match alone does not settle.

"What's the best exercise for my glutes?" asks for a choice of exercises. Passages that merely mention
the glutes (the glossary entry, what the squat trains, glute work without a barbell) are about the
right muscle but answer another question; only a passage that itself answers "which exercises for
this muscle" may answer it, and without one we say we do not know that yet.

Patterns are alternations with one bounded gap, so matching is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .corpus import Passage

_CHOICE = re.compile(
    r"\b(?:best|top|which|what|whats|what's|most effective|greatest)\b[^.?!;|]{0,30}?\bexercises?\b",
    re.IGNORECASE,
)
MUSCLES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "glutes": r"\b(?:glutes?|gluteus|butt|booty|bum)\b",
        "hamstrings": r"\b(?:hamstrings?|hams)\b",
        "quads": r"\b(?:quads?|quadriceps|thighs?)\b",
        "calves": r"\b(?:calf|calves)\b",
        "chest": r"\b(?:chest|pecs?|pectorals?)\b",
        "back": r"\b(?:back|lats|upper back|traps)\b",
        "shoulders": r"\b(?:shoulders?|delts?|deltoids?)\b",
        "arms": r"\b(?:arms?|biceps?|triceps?)\b",
        "abs": r"\b(?:abs?|abdominals?|six[- ]?pack|core|obliques?)\b",
        "grip": r"\b(?:grip|forearms?)\b",
        "legs": r"\b(?:legs?|lower body)\b",
    }.items()
}


def asks_exercise_choice(question: str) -> frozenset[str]:
    """The muscles a "which exercises for <muscle>?" question asks about, or () for other questions."""
    text = question[:500]
    if not _CHOICE.search(text):
        return frozenset()
    return frozenset(name for name, pattern in MUSCLES.items() if pattern.search(text))


def answers_exercise_choice(passage: Passage, muscles: frozenset[str]) -> bool:
    """The passage's heading or one of its question phrasings itself asks which exercises train one of
    these muscles."""
    return any(_CHOICE.search(line) and any(MUSCLES[m].search(line) for m in muscles) for line in _lines(passage))


def _lines(passage: Passage) -> Sequence[str]:
    return (passage.section, *passage.phrasings)
