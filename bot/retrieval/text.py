"""Text helpers shared by indexing and querying: tokens, stems, slang, typos, trimming."""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(•])")

STOPWORDS = frozenset(
    """a an and are as at be been but by can could do does did for from had has have how i i'm im
    if in into is it its just me my of on or our should so some than that the their them then there
    these they this to too was we were what when where which while who why will with would you your
    yours am any all also about after before up down out over under again very really much more most
    get got go going want wanna gonna need know ok okay pls please thanks thx hi hey hello""".split()
)


_DOUBLED = re.compile(r"([b-df-hj-kmnp-rtv-y])\1$")  # a doubled final consonant other than l, s or z


def stem(word: str) -> str:
    """A light suffix stripper: enough to match thrusts/thrust, lunges/lunge, hurting/hurt."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "e", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(
                ("ges", "ses", "ces", "ves", "zes", "kes", "tes", "nes", "les", "res")
            ):
                continue
            stemmed = word[: -len(suffix)] + replacement
            if suffix in ("ing", "ed") and len(stemmed) > 3 and _DOUBLED.search(stemmed):
                return stemmed[:-1]  # squatting -> squat, resetting -> reset (but rolling -> roll)
            return stemmed
    return word


def words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'").replace("-", " "))


def tokens(text: str) -> list[str]:
    """Search tokens: lowercase words without stopwords, stemmed."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


class SlangExpander:
    """Appends the plain meaning of gym slang, so "db rdl" also searches "dumbbell romanian deadlift"."""

    def __init__(self, terms: Iterable[tuple[str, str]]):
        # Longest phrases first so "sl rdl" wins over "rdl".
        pairs = sorted(((t.lower(), m) for t, m in terms), key=lambda p: -len(p[0]))
        self._patterns = [(re.compile(rf"(?<![a-z0-9]){re.escape(t)}(?![a-z0-9])"), t, m) for t, m in pairs if t]

    def expand(self, text: str) -> str:
        lowered = text.lower()
        meanings: list[str] = []
        for pattern, _term, meaning in self._patterns:
            if pattern.search(lowered) and meaning.lower() not in lowered and meaning not in meanings:
                meanings.append(meaning)
                lowered = pattern.sub(" ", lowered)  # a longer phrase consumed it; don't expand its parts
        return f"{text} ({', '.join(meanings)})" if meanings else text


class TypoFixer:
    """Maps an unknown token to a vocabulary token one edit away (symmetric-delete lookup)."""

    def __init__(self, vocabulary: Iterable[str]):
        self._vocab = set(vocabulary)
        self._deletes: dict[str, str] = {}
        for word in sorted(self._vocab, key=lambda w: (len(w), w)):  # ties broken by spelling: no hash order
            if len(word) >= 4:
                for variant in _deletions(word):
                    self._deletes.setdefault(variant, word)

    def fix(self, token: str) -> str:
        if token in self._vocab or len(token) < 4 or token.isdigit():
            return token
        if token in self._deletes:
            return self._deletes[token]
        for variant in sorted(_deletions(token)):  # a fixed order: the same typo gets the same fix in every process
            if variant in self._vocab:
                return variant
            if variant in self._deletes:
                return self._deletes[variant]
        return token


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def trim_to_sentences(text: str, max_chars: int) -> str:
    """Cut text at a sentence (or bullet) boundary so a chat answer never ends mid-sentence."""
    if len(text) <= max_chars:
        return text
    pieces: list[str] = []
    for paragraph in text.split("\n"):
        pieces.extend(_SENTENCE_END.split(paragraph))
        pieces[-1] += "\n"
    out = ""
    for piece in pieces:
        joiner = "" if not out or out.endswith("\n") else " "
        if len(out) + len(joiner) + len(piece.rstrip()) > max_chars:
            break
        out += joiner + piece
    out = out.strip()
    if not out:  # a single enormous sentence: cut at a word boundary
        out = text[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out
