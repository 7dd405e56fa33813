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

import numpy as np

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


# Aspects of a question that an article's sections split between them: "when" versus "how much" of
# caffeine, rest days versus rest between sets, pregnancy versus after birth. A passage's aspects come
# from its heading and `? ` phrasings only (body text mentions too much to be a signal). Each pattern
# is an alternation of literal phrases (one bounded gap at most), so matching is linear in the text.
ASPECTS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "timing": r"\b(?:when(?:'s| is| should| do| to| can)|timing|best time|what time|how long before|"
        r"how soon|before or after)\b",
        "dose": r"\b(?:how much(?! weight)|how many (?:mg|milligrams|grams|scoops|cups)|doses?|dosage|mg|milligrams)\b",
        "frequency": r"\b(?:how often|every day|each day|daily|days? (?:a|per) week|times (?:a|per) week|"
        r"rest days?|days? off|in a row|twice a day)\b",
        "between sets": r"\b(?:between (?:your |my )?sets|rest periods?|rest times?|rest intervals?)\b",
        "pregnancy": r"\b(?<!after )(?:pregnan\w*|expecting|trimesters?|prenatal)\b",
        "postpartum": r"\b(?:post-?partum|post-?natal|after (?:giving )?birth|after (?:having )?(?:a )?baby|"
        r"after pregnancy|c-section|caesarean)\b",
    }.items()
}
ASPECT_BITS = {name: 1 << i for i, name in enumerate(ASPECTS)}


def aspects_of(text: str) -> int:
    """Bit set of the aspects a text asks about (ASPECT_BITS)."""
    text = text[:4096]
    return sum(bit for name, bit in ASPECT_BITS.items() if ASPECTS[name].search(text))


def passage_aspects(passage: Passage) -> int:
    """The aspects a passage's heading and question phrasings are about."""
    bits = 0
    for line in _lines(passage):
        bits |= aspects_of(line)
    return bits


def aspect_adjustment(passages: np.ndarray, question: int, weight: float) -> np.ndarray:
    """Per passage (aspect bit sets): +weight where it shares an aspect with the question, -weight where
    both name aspects but different ones, 0 where either names none."""
    shared = (passages & question) != 0
    other = (passages != 0) & ~shared & (question != 0)
    adjustment: np.ndarray = (weight * (shared.astype(np.float32) - other.astype(np.float32))).astype(np.float32)
    return adjustment
