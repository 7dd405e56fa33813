"""Exercise-level names: which lifts a question names, and whether anything we wrote is about them.

`topics.py` groups lifts into families (every deadlift variant is "deadlift"), which is enough to keep
a breakfast question away from the good-morning exercise, but not to tell "RDL or deadlift?" from the
section on RDL versus *stiff-legged* deadlift, or a muscle-up from a pull-up. Here a name is one
exercise of the catalogue (knowledge/exercises.yaml, name and aliases), or one entry of a small lexicon
of lifts and sports people ask about that the knowledge base has no article on (muscle-ups, sissy
squats, the snatch, golf...). Two decisions use them:

- a question naming something no passage's title, heading or question phrasings name is one we do
  not know yet, whatever the scores say (a lexicon entry stops counting once an article names it);
- a question comparing two named exercises ("RDL or deadlift?", "bench or overhead press?") is only
  answered by a passage that names both.

Matching works on words (lowercased, singular, hyphens split), looking for the longest name at each
word with at most MAX_WORDS words, so it is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from .corpus import Passage
from .text import STOPWORDS

MAX_WORDS = 4

# Lifts, skills and sports people ask a strength coach about that no article covers (2026-12-01).
# Single words only where the word has no everyday meaning ("clean" and "neck" alone do). The power clean
# left this list when it got an article and a catalogue entry (2026-12-02): an entry here maps to one name, so
# an article naming it would have made every Olympic lift "known".
UNCOVERED_LEXICON: Mapping[str, Sequence[str]] = {
    "muscle-ups": ("muscle up", "muscleup", "bar muscle up", "ring muscle up"),
    "sissy squats": ("sissy squat",),
    "pistol squats": ("pistol squat", "pistol", "single leg squat", "one leg squat"),
    "the Olympic lifts": (
        "snatch",
        "clean and jerk",
        "hang clean",
        "squat clean",
        "clean and press",
        "push jerk",
        "split jerk",
        "olympic lift",
    ),
    "Turkish get-ups": ("turkish get up", "turkish getup", "tgu"),
    "handstands": ("handstand", "handstand push up", "hspu"),
    "plyometrics": ("box jump", "plyometric", "plyo", "vertical jump", "depth jump", "broad jump", "jump squat"),
    "neck training": (
        "neck training",
        "neck curl",
        "neck harness",
        "neck exercise",
        "neck workout",
        "train my neck",
        "train your neck",
        "train the neck",
        "thicker neck",
        "bigger neck",
    ),
    "calisthenics skills": ("planche", "front lever", "back lever", "human flag", "l sit"),
    "strongman": (
        "strongman",
        "atlas stone",
        "tire flip",
        "tyre flip",
        "log press",
        "yoke carry",
        "sled push",
        "prowler",
    ),
    "burpees": ("burpee",),
    "battle ropes": ("battle rope",),
    "yoga": ("yoga",),
    "Pilates": ("pilate", "pilates"),
    # A running plan for a race, not strength work for runners (strength-training-for-runners names marathons).
    "marathon running plans": (
        "first marathon",
        "marathon plan",
        "marathon training plan",
        "half marathon plan",
        "ultramarathon",
    ),
    "triathlon training": ("triathlon", "ironman"),
    "swimming": ("swimming", "swim"),
    "golf": ("golf", "golfer"),
    "tennis": ("tennis",),
    "basketball": ("basketball",),
    "football": ("football",),
    "soccer": ("soccer",),
    "rugby": ("rugby",),
    "hockey": ("hockey",),
    "baseball": ("baseball", "pitcher", "pitching"),
    "volleyball": ("volleyball",),
    "combat sports": ("boxing", "mma", "bjj", "jiu jitsu", "muay thai", "kickboxing", "wrestling", "martial art"),
    "arm wrestling": ("arm wrestling", "armwrestling"),  # its own sport, not the combat-sports article's wrestling
    "climbing": ("rock climbing", "bouldering"),
    "skiing": ("skiing", "snowboarding"),
    "CrossFit": ("crossfit", "wod", "hyrox"),
    "competition prep": (
        "competition prep",
        "contest prep",
        "physique competition",
        "bodybuilding competition",
        "bodybuilding show",
        "powerlifting meet",
        "powerlifting competition",
        "peak week",
    ),
    "performance-enhancing drugs": ("steroid", "sarm", "trt", "testosterone booster", "hgh", "prohormone"),
    "brand recommendations": ("brand",),
    # Niche lifts, programs, rules, diets, devices, supplements and medical conditions (2026-12-02, a stranger's
    # niche questions got confident answers about the nearest general topic: a type 1 diabetic's blood sugar
    # got the blood-pressure passage). Each stops counting once a passage names it.
    "Jefferson curls": ("jefferson curl",),
    "Zercher squats": ("zercher", "zercher squat", "zercher carry"),
    "kettlebell sport": ("kettlebell sport", "long cycle", "girevoy"),
    "one-arm skills": ("one arm pull up", "one arm chin up", "one arm push up", "single arm pull up"),
    "named programs beyond the basics": (
        "sheiko",
        "smolov",
        "candito",
        "juggernaut",
        "texas method",
        "madcow",
        "nsuns",
        "westside",
        "conjugate method",
        "german volume training",
        "bulgarian method",
        "daily max",
        "daily maxing",
    ),
    "federations and meet rules": ("ipf", "usapl", "uspa", "wrpf", "powerlifting federation", "meet rule"),
    "military fitness tests": ("acft", "apft", "army fitness test", "combat fitness test", "pft"),
    "specific diets": ("carnivore", "keto", "ketogenic", "paleo", "atkins", "whole30", "omad"),
    "wearables and apps": ("whoop", "oura", "garmin", "fitbit", "apple watch", "myfitnesspal"),
    "equipment brands": ("rogue", "rep fitness", "titan fitness", "eleiko", "bowflex", "peloton"),
    "supplements beyond the basics": (
        "ashwagandha",
        "turkesterone",
        "tongkat",
        "hmb",
        "citrulline",
        "glutamine",
        "collagen",
        "fish oil",
    ),
    # Each condition on its own: as one group, a passage on arthritis made every condition "known", and a type 1
    # diabetic's question got the blood-pressure passage again. Arthritis, osteoporosis and diabetes have passages now.
    "diabetes": ("diabetes", "diabetic"),
    "asthma": ("asthma",),
    "epilepsy": ("epilepsy",),
    "hernias": ("hernia",),
    "multiple sclerosis": ("multiple sclerosis",),
    "lupus": ("lupus",),
    "Crohn's disease": ("crohn",),
    "thyroid conditions": ("thyroid",),
    "heart conditions": ("heart condition", "pacemaker"),
    "spondylolisthesis": ("spondylolisthesis", "spondylolysis"),
}

# Catalogue aliases too common as plain words to stand for the exercise ("the bench" in a hip-thrust
# setup, a golf "swing", a "bridge", "run"): the family patterns in topics.py judge those in context.
AMBIGUOUS_ALIASES = frozenset(
    {
        *"bench swing bridge run jog rowing hyper skipping spinning bike fly flye clam curl rollout".split(),
        *"bulgarian nordic pallof sumo pushdown pulldown pressdown treadmill erg rower dl ht bht bss cgbp".split(),
        "hip bridge",
        "floor bridge",
        "static lunge",
    }
)

_WEIGHING_WORDS = r"vs|versus|better|worse|compared?|comparison|difference|differences|instead|than|rather"
COMPARISON = re.compile(rf"\b(?:or|{_WEIGHING_WORDS})\b", re.IGNORECASE)
# The same without "or": two lifts and an "or" somewhere ("curls in the squat rack, or is it rude?") are
# a comparison only when the "or" stands between their names (NameFinder.compared).
WEIGHING = re.compile(rf"\b(?:{_WEIGHING_WORDS})\b", re.IGNORECASE)
# Equipment named after a lift ("curls in the squat rack" does not name the squat), and injuries named after
# a sport ("golfer's elbow" is no golf question).
NOT_LIFTS = ("squat rack", "squat stand", "squat cage", "power rack", "power cage", "tennis elbow", "golfer elbow")


_WORD = re.compile(r"[a-z0-9]+")


def name_words(text: str) -> list[str]:
    """Lowercase words without punctuation, plural -s dropped: "Pull-Ups!" -> ["pull", "up"]."""
    return [_singular(w) for w in _WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))]


def _singular(word: str) -> str:
    if len(word) < 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


class NameFinder:
    """Finds the exercise (or lexicon) names in a text; longest name wins at each word."""

    def __init__(self, names: Mapping[str, Iterable[str]]):
        self._strict: dict[tuple[str, ...], str] = {}
        self._loose: dict[tuple[str, ...], str] = {}  # also the ambiguous aliases, for "X or Y" only
        for phrase in NOT_LIFTS:  # matched, so their words name nothing, and then dropped
            self._strict[tuple(name_words(phrase))] = self._loose[tuple(name_words(phrase))] = ""
        for canonical, aliases in names.items():
            for alias in (canonical, *aliases):
                key = tuple(name_words(alias))
                if "(" in alias or not key or len(key) > MAX_WORDS:
                    continue  # export names ("Bench Press (Barbell)")
                self._loose.setdefault(key, canonical)
                if alias.lower() not in AMBIGUOUS_ALIASES:
                    self._strict.setdefault(key, canonical)

    def find(self, text: str) -> frozenset[str]:
        return frozenset(name for name, _, _ in self._spans(name_words(text), self._strict) if name)

    def compared(self, text: str) -> frozenset[str]:
        """Both names of an "X or Y" / "X vs Y" where X or Y may be a plain word ("the bench or the
        overhead press"): an ambiguous alias counts only right beside the other exercise's name."""
        words = name_words(text)
        spans = [
            (name, start, end)
            for name, start, end in self._spans(words, self._loose)
            # "a bench thrust" is not the bench press: a plain word counts only at the end of its phrase
            if tuple(words[start:end]) in self._strict or end == len(words) or words[end] in _PHRASE_END
        ]
        found: set[str] = set()
        for (left, _, left_end), (right, right_start, _) in zip(spans, spans[1:], strict=False):
            between = [w for w in words[left_end:right_start] if w not in _FILLER]
            if left and right and left != right and len(between) == 1 and between[0] in _VERSUS:
                found |= {left, right}
        return frozenset(found)

    @staticmethod
    def _spans(words: list[str], names: dict[tuple[str, ...], str]) -> list[tuple[str, int, int]]:
        spans: list[tuple[str, int, int]] = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                name = names.get(tuple(words[i : i + n])) if n > 1 else names.get((words[i],))
                if name is not None:
                    spans.append((name, i, i + n))
                    i += n
                    break
            else:
                i += 1
        return spans


_VERSUS = frozenset({"or", "vs", "versus"})
_FILLER = frozenset({"the", "a", "an", "do", "doing"})
_PHRASE_END = STOPWORDS | _VERSUS | {"better", "worse", "first", "instead"}


def catalogue_names(path_text: str) -> dict[str, list[str]]:
    """{name: aliases} from the text of knowledge/exercises.yaml (used when the index is built)."""
    import yaml  # only at index build time: the running bot reads the result from the index

    data = yaml.safe_load(path_text) or {}
    return {
        str(e["name"]): [str(a) for a in e.get("aliases") or []] for e in data.get("exercises") or [] if "name" in e
    }


class NameGuard:
    """What each passage names, and the two decisions described above."""

    def __init__(self, passages: Sequence[Passage], catalogue: Mapping[str, Iterable[str]]):
        self.finder = NameFinder({**UNCOVERED_LEXICON, **catalogue})
        self._of: dict[str, frozenset[str]] = {}  # filled on first use
        # Everything any passage names, read in one pass; the separator word stops a name from being
        # made of the end of one heading and the start of the next.
        self.known: frozenset[str] = self.finder.find(" zzz ".join(self._text(p) for p in passages))

    @staticmethod
    def _text(passage: Passage) -> str:
        return " zzz ".join((passage.article_title, passage.section, *passage.phrasings))

    def _names_of(self, passage: Passage) -> frozenset[str]:
        found = self._of.get(passage.key)
        if found is None:
            found = self._of[passage.key] = self.finder.find(self._text(passage))
        return found

    def asked(self, question: str) -> frozenset[str]:
        return self.finder.find(question)

    def unknown(self, named: frozenset[str]) -> frozenset[str]:
        """The named exercises, lifts and sports that no passage names."""
        return named - self.known

    def compared(self, question: str, named: frozenset[str]) -> frozenset[str]:
        """The exercises a comparing question weighs against each other, or () when it compares none."""
        if not COMPARISON.search(question):
            return frozenset()
        side_by_side = self.finder.compared(question)
        both = named | side_by_side if side_by_side or WEIGHING.search(question) else side_by_side
        return both if len(both) >= 2 else frozenset()

    def may_compare(self, named: frozenset[str], passage: Passage) -> bool:
        """A passage may answer a comparison when it names every compared exercise, or names no exercise
        at all (general advice: "should I wear a belt for squats or deadlifts?")."""
        about = self._names_of(passage)
        return named <= about or not about
