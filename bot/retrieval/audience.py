"""Sections written for one audience (women; older beginners; teenagers; runners; people on a cut; combat-sport
athletes) answer
only questions that say they are about it. A 41-year-old man's "is creatine worth it at 41" got "Is creatine useful for
women over 40?", a 62-year-old man got menopause sections, and "so sore after leg day, can i still train" got the
runners' section on soreness: the words matched, the audience did not."""

from __future__ import annotations

import re

from .corpus import Passage

# (the audience in a section heading or FAQ question, the words that put a question in that audience). The heading
# only, not the article title: the menopause article's osteoporosis section is for anyone. Plain alternations,
# searched once each: linear.
_AUDIENCES = (
    (
        # "Is the hip thrust only for women?" is for everyone: it answers "can guys do hip thrusts too".
        re.compile(
            r"(?<!only for )\b(?:women|woman|female|perimenopause|menopause|menstrual|periods?|pregnan\w*|"
            r"postpartum)\b",
            re.I,
        ),
        re.compile(
            r"\b(?:women|woman|womens|female|females|girls?|lady|ladies|she|her|hers|wife|girlfriend|mom|mum|mother|"
            r"daughter|sister|menopaus\w*|perimenopaus\w*|periods?|menstrua\w*|cycle|pregnan\w*|postpartum|"
            r"breastfeed\w*|pcos|hrt|estrogen|oestrogen|hormones?)\b",
            re.I,
        ),
    ),
    (
        re.compile(r"\bafter 60\b|\bover 60\b|\bolder (?:lifters?|adults?|beginners?)\b", re.I),
        re.compile(
            r"\b(?:[5-9]\d|1[01]\d) ?(?:yo|y/o|yrs?|years?|year-old|years-old)\b|"
            r"\b(?:i'?m|im|at|age|aged|turned|turning) [5-9]\d\b|"
            r"\b(?:older|elderly|senior|seniors|retired|retirement|pensioner|grand\w+|aging|ageing|fifties|"
            r"sixties|seventies|eighties)\b|\bover (?:50|55|60|65|70|75|80)\b|\b(?:50|60|70|80)s\b",
            re.I,
        ),
    ),
    (
        re.compile(r"\b(?:high[- ]school|teen\w*|under 18)\b", re.I),
        re.compile(
            r"\b(?:1[2-9]) ?(?:yo|y/o|yrs?|years?|year-old)\b|\b(?:i'?m|im|at|age|aged|turned|turning) 1[2-8]\b|"
            r"\b(?:teen\w*|high ?school|school|son|kids?|child|children|parents?|mom|dad|under 18|junior|varsity|"
            r"freshman|sophomore|youth)\b",
            re.I,
        ),
    ),
    (
        re.compile(r"\brunners?\b", re.I),
        re.compile(
            r"\b(?:run|runs|runner|runners|running|ran|jog\w*|marathons?|5k|10k|race|races|racing|parkrun)\b", re.I
        ),
    ),
    (
        # Dieting down: "feeling weaker on a bulk, deload?" got "Keeping your strength on a cut".
        re.compile(r"\bon a cut\b|\bcalorie deficit\b", re.I),
        re.compile(
            r"\b(?:cut|cuts|cutting|deficit|diet\w*|lose fat|losing fat|fat loss|lean(?:ing)? out|get(?:ting)? lean\w*|"
            r"shred\w*|(?:lose|losing|lost) weight|weight loss|eating less|fewer calories|calories? (?:down|low))\b",
            re.I,
        ),
    ),
    (
        re.compile(r"\bcombat (?:sports?|training)\b|\brolling and sparring\b|\byou also roll\b", re.I),
        re.compile(
            r"\b(?:combat|bjj|jiu ?jitsu|judo|wrestl\w*|boxing|boxer|mma|muay thai|kickbox\w*|martial arts?|grappl\w*|"
            r"sparring|spar|roll|rolling|fight|fighter|fights)\b",
            re.I,
        ),
    ),
)


def fits_audience(passage: Passage, question: str) -> bool:
    """False for a section written for an audience the question does not name."""
    asked = question[:2000]
    return all(not section.search(passage.section) or words.search(asked) for section, words in _AUDIENCES)
