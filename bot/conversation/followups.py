"""Follow-up questions ("feet?", "and for beginners?", "what about dumbbells?", "why?") read against
the user's previous exchange, if it was less than ten minutes ago.

The last exchange lives in a bounded per-process map, not in the database: it is a convenience,
and losing it is safe. A replica that lacks it (the previous question went to another replica, or
the process restarted) answers the follow-up as a new question, which at worst gets "I don't know
that one yet" or a clarifying question, never an answer about someone else's context. The map
holds nothing but the question text and only for ten minutes: entries older than that are dropped
at every write, and beyond its capacity the oldest go first.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..retrieval.topics import strip_topics, topics_in

FOLLOW_UP_WINDOW = timedelta(minutes=10)
FOLLOW_UP_MAX_WORDS = 6  # a follow-up is short; a longer message is a question of its own
BARE_MAX_WORDS = 3  # "feet?", "how deep?", "is it safe?": no opener, but too little to stand alone

# Openers that tie a message to the one before. A plain alternation anchored at the start: linear.
_OPENER = re.compile(
    r"^\W*(?:and what about|and how about|what about|how about|what if|and|but|also|same for|or)\b\W*",
    re.IGNORECASE,
)


# "ok" after an answer acknowledges it; it asks nothing more.
_ACKNOWLEDGEMENTS = frozenset({"ok", "okay", "k", "cool", "nice", "great", "got it", "sure", "yes", "no", "lol", "wow"})


@dataclass(frozen=True)
class Exchange:
    question: str  # the question as it was answered (a follow-up already resolved)
    at: datetime


class LastExchanges:
    def __init__(self, capacity: int = 20_000):
        self._capacity = capacity
        self._by_user: OrderedDict[int, Exchange] = OrderedDict()

    def remember(self, user_id: int, question: str, at: datetime) -> None:
        self._by_user.pop(user_id, None)
        self._by_user[user_id] = Exchange(question, at)
        # Insertion order is time order, so expired entries are at the front.
        while self._by_user and (
            len(self._by_user) > self._capacity or at - next(iter(self._by_user.values())).at > FOLLOW_UP_WINDOW
        ):
            self._by_user.popitem(last=False)

    def recent(self, user_id: int, now: datetime) -> Exchange | None:
        exchange = self._by_user.get(user_id)
        if exchange is None or not timedelta(0) <= now - exchange.at <= FOLLOW_UP_WINDOW:
            return None
        return exchange

    def forget(self, user_id: int) -> None:
        self._by_user.pop(user_id, None)


def resolve(text: str, previous: Exchange | None) -> str | None:
    """The follow-up as a whole question, or None when `text` stands on its own."""
    if previous is None:
        return None
    words = text.split()
    if not words or len(words) > FOLLOW_UP_MAX_WORDS:
        return None
    opener = _OPENER.match(text)
    named = topics_in(text)
    if opener is None and (named or len(words) > BARE_MAX_WORDS):
        return None
    rest = text[opener.end() :] if opener else text
    rest = rest.strip(" ?!.,")
    if not rest or rest.lower() in _ACKNOWLEDGEMENTS:
        return None
    # "what about squats?" after a hip-thrust question swaps the lift instead of adding one.
    base = strip_topics(previous.question) if named else previous.question
    return f"{base.rstrip(' ?!.')} {rest}?"
