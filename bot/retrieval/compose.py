"""Two-part answers and clarifying questions: decisions over hits the engine already ranked.

- A two-part question ("how many sets and reps for bench?") whose best passage's heading and
  question phrasings cover only one of the asked aspects gets a second passage that covers the
  other one, when that passage scores nearly as well.
- A question of two clauses ("how much protein do i need and does timing matter?") is also split
  and each clause searched on its own (split_question): when each has its own confident answer, the
  reply gives both, even from two articles that one search for the whole question never ranks together.
- A question that names no lift, whose best candidates are about different lifts ("how wide
  should my feet be?": hip thrust, squat or deadlift?), gets one clarifying question with the
  candidates as buttons instead of a guess or "I don't know".
Patterns are plain alternations, so matching is linear in the question's length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .corpus import GLOSSARY_ID, Passage
from .search import Hit
from .text import STOPWORDS, tokens, words
from .topics import TOPICS, TopicGuard

_JOINED = re.compile(
    r"\b(?:and|or|plus|vs|versus|then|also)\b|&|,\s*(?:which|what|how|should|when|why|do|does|is|are|can)\b",
    re.IGNORECASE,
)
SECOND_PART_GAP = 0.10  # the second passage may score this much below the first...
SECOND_PART_FLOOR = 0.04  # ...and this much below the answer threshold, no lower
CLARIFY_FLOOR = 0.12  # candidates for a clarifying question score at least threshold minus this
CLARIFY_TIE = 0.02  # an answer this close to a passage about another lift is a coin toss: ask instead
# ...but only for a short question: a longer one carries words that decide it, even when scores are close
# ("is single leg training better than two legs" is answered, "where should the bar sit?" is asked back).
CLARIFY_TIE_MAX_WORDS = 6
MAX_CANDIDATES = 3


# A bare word that names several lifts: "press" alone is a bench, overhead or leg press. Its scores are
# too flat to pick candidates from (every top hit was an overhead-press section), so the candidates are
# the usual meanings, each found by its own name.
BARE_LIFT_WORDS: dict[str, tuple[str, ...]] = {
    "press": ("bench press", "overhead press", "leg press"),
    "curl": ("biceps curl", "hamstring curl"),
    "raise": ("lateral raise", "calf raise"),
    "fly": ("chest fly", "reverse fly"),
}
_BARE_FORMS = {
    **{w: w for w in BARE_LIFT_WORDS},
    **{"presses": "press", "pressing": "press", "curls": "curl", "raises": "raise"},
    **{"flys": "fly", "flies": "fly"},
}


def bare_lift_meanings(question: str) -> tuple[str, ...]:
    """The lifts a one-word question like "press?" may mean, or () for any other question."""
    word = question.strip(" ?!.").lower()
    return BARE_LIFT_WORDS.get(_BARE_FORMS.get(word, ""), ())


def two_part(question: str) -> bool:
    return bool(_JOINED.search(question)) or question.count("?") >= 2


_QUESTION_WORD = r"(?:how|hows|what|whats|which|when|why|where|should|do|does|did|is|are|can|will|would)\b"
# Words of the first question that say how it asks, not what about ("how often should i deload" -> "deload").
_ASKING_WORDS = frozenset(
    "often many much long best good bad safe ok okay worth take taking get time whats hows".split()
)
# Where a chat question turns to a second question: a question mark with more text after it, "and"/"but"
# before a question word, or a comma before one ("squat first, how long should i rest?").
_CLAUSE_BREAK = re.compile(
    rf"\?\s+(?=\w)|,?\s+(?:and|but|also|plus)\s+(?={_QUESTION_WORD})|,\s*(?={_QUESTION_WORD})", re.I
)
_ASKS = re.compile(rf"\W*{_QUESTION_WORD}", re.I)
SPLIT_MAX_WORDS = 30  # a longer message is a post with context, not two short questions


class Split(NamedTuple):
    first: str
    second: str  # as asked
    second_search: str  # with the subject it leans on


def split_question(question: str) -> Split | None:
    """The two questions of a short two-question message, the second carrying the lifts and subjects the
    first names when it names none of its own ("and does timing matter?" is about the protein), or None."""
    if len(question.split()) > SPLIT_MAX_WORDS:
        return None
    breaks = list(_CLAUSE_BREAK.finditer(question))
    if len(breaks) != 1:
        return None
    first, second = question[: breaks[0].start()].strip(" ,"), question[breaks[0].end() :].strip()
    if not _ASKS.match(first) and question[breaks[0].start()] != "?":
        return None  # "I'm 42 and my squat is stuck, how do i..." is one question with its context
    if any(len(part.split()) < 3 or not tokens(part) for part in (first, second)):
        return None  # "which first?" leans on the rest of the message: not a question of its own
    if named_in(second):
        return Split(first, second, second)
    # What the first names (or else its words) is what the second is about: "how do i use it" after "what is rpe".
    carried = named_in(first) or [w for w in words(first) if w not in STOPWORDS and w not in _ASKING_WORDS]
    return Split(first, second, f"{second.rstrip(' ?')} ({' '.join(carried)})?")


def named_in(text: str) -> list[str]:
    """The words of a text that name a lift or subject, in order ("how much protein" -> ["protein"])."""
    lowered = text.lower().replace("’", "'")
    found = [(m.start(), m.group(0)) for t in TOPICS if (m := t.pattern.search(lowered))]
    return list(dict.fromkeys(word.strip() for _, word in sorted(found)))


def may_join(question: str, answer: Passage, lead: Passage) -> bool:
    """Whether the answer to one question of two may join the whole message's answer: the question names its
    subject, or stays in the lead's article, or its words are mostly the passage's heading and phrasings. A vague
    clause alone finds anything ("which exercise is the better choice for building muscle" got collagen)."""
    if named_in(question) or answer.article_id == lead.article_id:
        return True
    asked = set(tokens(question))
    return bool(asked) and 2 * len(asked & aspect_words(answer)) >= len(asked)


def aspect_words(passage: Passage) -> set[str]:
    """What a passage says it is about: its heading and the questions it answers."""
    return set(tokens(" ".join((passage.section, *passage.phrasings))))


def second_part(
    question: str, fitting: Sequence[Hit], threshold: float, topics: frozenset[str] = frozenset()
) -> Hit | None:
    """A passage that answers the part of a two-part question the best passage does not cover."""
    if len(fitting) < 2 or not two_part(question):
        return None
    best = fitting[0]
    asked = set(tokens(question))
    covered = aspect_words(best.passage)
    # The lift or subject named is what both parts are about, not a part: "stalled on squat, should i reset?"
    # must not add a passage only because it also says "squat". Numbers name no aspect either.
    missing = {w for w in asked - covered - set(tokens(" ".join(topics))) if not w.isdigit()}
    if not missing or not (asked & covered):
        return None
    floor = max(threshold - SECOND_PART_FLOOR, best.score - SECOND_PART_GAP)
    for hit in fitting[1:]:
        if hit.score < floor:
            break
        if hit.passage.article_id == GLOSSARY_ID or hit.passage.section == best.passage.section:
            continue
        if aspect_words(hit.passage) & missing:
            return hit
    return None


def clarify_candidates(
    asked: frozenset[str], hits: Sequence[Hit], guard: TopicGuard, threshold: float
) -> tuple[Passage, ...]:
    """Two or three passages about different lifts that the question could equally mean, or ()."""
    if asked & guard.known:
        return ()  # it names a lift or subject we know: not ambiguous between lifts
    chosen: list[Passage] = []
    seen: set[str] = set()
    for hit in hits:
        if hit.score < threshold - CLARIFY_FLOOR or len(chosen) == MAX_CANDIDATES:
            break
        lifts = guard.lifts_of(hit.passage)
        if not lifts:
            if not chosen:
                return ()  # the best candidate is general advice that fits any lift
            continue
        if lifts & seen:
            continue
        chosen.append(hit.passage)
        seen |= lifts
    return tuple(chosen) if len(chosen) >= 2 else ()


def is_tie(question: str, hits: Sequence[Hit], candidates: Sequence[Passage]) -> bool:
    """A short question whose best two candidates are about different lifts and score within CLARIFY_TIE."""
    if len(question.split()) > CLARIFY_TIE_MAX_WORDS:
        return False
    if len(candidates) < 2 or not hits or hits[0].passage.key != candidates[0].key:
        return False
    second = next((h for h in hits if h.passage.key == candidates[1].key), None)
    return second is not None and hits[0].score - second.score <= CLARIFY_TIE


_EXPLAINS = re.compile(r"\bwhat\b|\bmeans?\b|\bexplained\b")


def article_over_glossary(hits: list[Hit], threshold: float) -> list[Hit]:
    """A glossary entry first yields to a passage whose heading explains the same term ("What RPE means"
    over the glossary's one-line "RPE"): the glossary is for slang no article explains."""
    first = hits[0].passage
    if first.article_id != GLOSSARY_ID:
        return hits
    term = first.section.split(" (")[0].lower()
    pattern = re.compile(rf"\b{re.escape(term)}\b")
    for hit in hits[1:]:
        heading = hit.passage.section.lower()
        if (
            hit.score >= threshold
            and hit.passage.article_id != GLOSSARY_ID
            and _EXPLAINS.search(heading)
            and pattern.search(heading)
        ):
            return [hit, *(h for h in hits if h is not hit)]
    return hits
