"""Follow-up questions ("feet?", "and for beginners?", "what about dumbbells?", "why?") read against
the user's previous exchange, if it was less than ten minutes ago.

The last exchange is stored with the question record (`QuestionStore.last_exchange`), so a follow-up
handled by another replica or after a restart reads the same one; /forget deletes it. It is read only
for a message short enough to be a follow-up (`might_follow_up`), so long questions cost no read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..retrieval.pain import mentions_pain
from ..retrieval.text import tokens
from ..retrieval.topics import TopicGuard, first_lift, strip_topics, swap_topics, topics_in

FOLLOW_UP_WINDOW = timedelta(minutes=10)
FOLLOW_UP_MAX_WORDS = 6  # a follow-up is short; a longer message is a question of its own
OPENER_MAX_WORDS = 10  # ...unless it opens like one ("and if i dont have resistance bands?")
LEANING_MAX_WORDS = 12  # a declined message this short that leans on the last one is read against it
BARE_MAX_WORDS = 3  # "feet?", "how deep?", "is it safe?": no opener, but too little to stand alone

# Openers that tie a message to the one before. A plain alternation anchored at the start: linear.
_OPENER = re.compile(
    r"^\W*(?:and what about|and how about|what about|how about|what if|and|but|also|same for|or)\b\W*",
    re.IGNORECASE,
)


# "what is rpe" is a whole question even when short; "what is it?" still leans on the one before.
_DEFINITION = re.compile(
    r"^\W*(?:what(?:'s| is| are| does)|whats|define|meaning of)\s+(?!(?:it|that|this|those|these|they|them)\b)\w",
    re.IGNORECASE,
)

# Gym shorthand that names a lift only in a lifter's mouth ("bench" alone is the bench press, though
# "bench" in a question is often the furniture), and words that could mean several lifts: alone after
# an answer they ask about that lift, or need a clarifying question, never a detail of the last one.
_LIFT_SHORTHAND = {"bench": "bench press", "benching": "bench press", "benches": "bench press"}
_SEVERAL_LIFTS = frozenset({"press", "pressing", "presses", "curl", "curls", "raise", "raises", "fly", "flys", "flies"})

# A follow-up that is a question of its own about the same lift ("and how many sets?").
# "what is it?" still leans on the one before (the pronoun), so it is left to the general rule.
_QUESTION_WORD = re.compile(
    r"(?:how|what|when|which|where|should|can|is|are|do|does)\s+(?!.*\b(?:it|that|this|they|them|those|these)\b)\w",
    re.IGNORECASE,
)

# One or two words naming a thing ("feet?", "grip width?"), not a question word or a qualifier ("why?", "for
# beginners?").
_BARE_THING = re.compile(
    r"(?!(?:why|how|what|when|which|where|who|really|seriously|sure|for|and|or|but|so|ok|okay)\b)[a-z][a-z'-]*"
    r"(?: [a-z][a-z'-]*)?",
    re.IGNORECASE,
)
# Words of a question that carry no subject ("is creatine safe" -> "creatine").
_NOT_SUBJECT = frozenset(
    "is are was were do does did can could should would will i my me you your it its a an the of for to in on "
    "and or but what how why when which who whom safe good bad ok okay really best worth time take taking get "
    "need much many often long there any at with from after before about as if just like so im i'm actually "
    "kinda go going have has had no not idea know want think am be been year years old age lol tho".split()
)


def _subject_words(question: str) -> str:
    """The words a question was about, without its question words, judgements and numbers ("is creatine worth
    it at 41" -> "creatine"); "" when nothing is left."""
    return " ".join(_all_subject_words(question)[:4])


def _all_subject_words(question: str) -> list[str]:
    return [w for w in re.findall(r"[a-z'-]+", question.lower()[:200]) if w not in _NOT_SUBJECT]


_PREPOSITION = re.compile(r"^(?:on|for|with|in|at|during|to|doing)\s+", re.IGNORECASE)


# "ok" after an answer acknowledges it; it asks nothing more.
_ACKNOWLEDGEMENTS = frozenset({"ok", "okay", "k", "cool", "nice", "great", "got it", "sure", "yes", "no", "lol", "wow"})


@dataclass(frozen=True)
class Exchange:
    question: str  # the question as it was answered (a follow-up already resolved)
    at: datetime

    def recent(self, now: datetime) -> bool:
        return timedelta(0) <= now - self.at <= FOLLOW_UP_WINDOW


# Units and markers a typed set or time may carry; a message of only these and numbers asks nothing.
_SET_WORDS = re.compile(
    r"drop|failure|fail|amrap|warm-?up|kg|lbs?|am|pm|rpe|reps?|sets?|x|h|min|s|km|mi|m|k", re.IGNORECASE
)


# A number in scientific notation ("1e9", a stranger's test of the limits) is a number, not a question.
SCIENTIFIC = re.compile(r"[+-]?\d{1,20}(?:[.,]\d{1,20})?e[+-]?\d{1,20}", re.IGNORECASE)


def only_numbers(text: str) -> bool:
    """ "12", "5x100", "6:30pm", "3 sets", "1e9": a set or a time typed where no flow waits for one, not a
    question. Linear: one pass of a plain alternation, then a scan."""
    if len(text) > 40 or not any(ch.isdigit() for ch in text):
        return False
    if SCIENTIFIC.fullmatch(text.strip(" ?!.")):
        return True
    return not any(ch.isalpha() for ch in _SET_WORDS.sub(" ", text))


def might_follow_up(text: str) -> bool:
    """Cheap, no database: short enough to be read against the previous exchange at all."""
    limit = OPENER_MAX_WORDS if _OPENER.match(text) else FOLLOW_UP_MAX_WORDS
    return 0 < len(text.split(None, limit)) <= limit


def resolve(text: str, previous: Exchange | None) -> str | None:
    """The follow-up as a whole question, or None when `text` stands on its own."""
    if previous is None:
        return None
    words = text.split()
    opener = _OPENER.match(text)
    if not words or len(words) > (OPENER_MAX_WORDS if opener else FOLLOW_UP_MAX_WORDS):
        return None
    named = topics_in(text)
    if opener is None and (named or len(words) > BARE_MAX_WORDS or _DEFINITION.match(text)):
        return None
    rest = _own_words(text, opener)
    if not rest or rest.lower() in _ACKNOWLEDGEMENTS or rest.lower() in _SEVERAL_LIFTS:
        return None
    if (lift := _LIFT_SHORTHAND.get(rest.lower())) is not None:
        rest, named = lift, topics_in(lift)
    rest = _PREPOSITION.sub("", rest) if named else rest  # "what about on deadlifts?": the lift is "deadlifts"
    # "what about squats?" after a hip-thrust question swaps the lift instead of adding one: in its place when
    # the lift is all that was said ("how heavy should my first deadlift be" -> "...first bench press be").
    # After a question about no lift ("does caffeine help lifting?"), a lift alone ("bench") is a new question.
    if (
        named
        and not strip_topics(rest)
        and first_lift(previous.question) is None
        and TopicGuard.lifts_in(rest) == named
    ):
        return None
    if named and not strip_topics(rest):
        one = rest[:-1] if rest.lower().endswith("s") and not rest.lower().endswith("ss") else None
        return f"{swap_topics(previous.question, rest, one).rstrip(' ?!.')}?"
    # "and how many sets?" after "how deep should I squat?" is a new question about the same lift: its own
    # words and the lift ("how many sets for squat?"), not both questions run together; with no lift named,
    # the words the question was about ("is creatine safe" + "how much?" -> "how much creatine?").
    if not named and _QUESTION_WORD.match(rest):
        if (lift := first_lift(previous.question)) is not None:
            return f"{rest} for {lift}?"
        if subject := _subject_words(previous.question):
            return f"{rest} {subject}?"
    # A bare thing after a question about a lift ("feet?" after "dumbbell or barbell for hip thrusts?") asks
    # about that thing in that lift, not in the previous question's aspect.
    if (
        opener is None
        and not named
        and _BARE_THING.fullmatch(rest)
        and not mentions_pain(previous.question)  # "feet?" after a knee that hurts keeps the pain in view
        and (lift := first_lift(previous.question))
    ):
        return f"{lift} {rest}?"
    base = strip_topics(previous.question) if named else previous.question
    return f"{base.rstrip(' ?!.')} {rest}?"


def search_text(text: str, resolved: str) -> str:
    """What a resolved follow-up is searched with: the follow-up's own words once more, so the detail
    just asked ("feet?") weighs as much as the question it follows; otherwise the nearly tied sections
    of that question's article win by noise. A thing the user says they lack is left out of the search
    ("and if i dont have resistance bands?" wants the way without them, not the section on bands)."""
    return _NEGATED.sub(" ", f"{resolved} {detail(text)}")


# "don't have resistance bands", "without a barbell": what follows is what the answer must do without.
# A plain alternation and at most two words after it: linear.
_NEGATED = re.compile(
    r"\b(?:do ?n[o']?t have|do not have|haven'?t got|have no|without|no access to)\s+"
    r"(?:(?:a|an|any|the|my)\s+)?[a-z-]+(?:\s+(?!for\b|to\b|and\b|or\b)[a-z-]+)?",
    re.IGNORECASE,
)

# Words that make a message lean on the one before: pronouns for the thing just discussed, and "instead",
# "then", "more"... A declined message with one of these is read against the last exchange.
_LEANS = re.compile(
    r"\b(?:it|that|those|them|this|these|they|instead|then|tho|though|too|also|more|again|same|either|else|"
    r"one|ones)\b|^\W*(?:and|but|so|or|what if|what about|how about)\b",
    re.IGNORECASE,
)

# "why?", "but why", "why that many tho": asks for the reasons behind the last answer.
_WHY = re.compile(
    r"\W*(?:(?:and|but|so|ok|okay)\W+)?(?:why|how come)(?:\W+(?:is that|that many|that much|so|tho|though|"
    r"that|not|exactly)){0,2}\W*",
    re.IGNORECASE,
)


def asks_why(text: str) -> bool:
    return len(text) <= 40 and _WHY.fullmatch(text) is not None


def leans_on_previous(text: str) -> bool:
    """A short message that only makes sense after the one before ("what should i do instead?")."""
    return len(text.split(None, LEANING_MAX_WORDS)) <= LEANING_MAX_WORDS and _LEANS.search(text[:300]) is not None


_MARKER_WORDS = frozenset(
    "that those them this these they instead then though too also more again same either else one ones what "
    "if so".split()
)


def own_subject(text: str) -> set[str]:
    """The word stems a message brings of its own ("can you order it from amazon" -> order, amazon)."""
    return set(tokens(" ".join(w for w in _all_subject_words(text) if w not in _MARKER_WORDS)))


def in_context(text: str, previous: Exchange) -> str:
    """A declined message read against the question before it, when no rule above shaped it."""
    return f"{previous.question.rstrip(' ?!.')}: {text.strip().rstrip(' ?!.')}?"


def detail(text: str) -> str:
    """What a follow-up adds: "for beginners" of "and for beginners?", "feet" of "feet?"."""
    return _own_words(text, _OPENER.match(text))


def _own_words(text: str, opener: re.Match[str] | None) -> str:
    """A follow-up without its opener ("and", "what about") and end punctuation: "for beginners"."""
    return (text[opener.end() :] if opener else text).strip(" ?!.,")
