"""Topic agreement on uncovered lifts and subjects, clarifying candidates, and two-part detection: unit tests
on the features the engine decides with, plus the end-to-end decisions they drive."""

import pytest

from bot.retrieval.answer import AnswerKind
from bot.retrieval.compose import clarify_candidates, is_tie, second_part, two_part
from bot.retrieval.corpus import Passage
from bot.retrieval.search import Hit
from bot.retrieval.topics import TopicGuard, not_about_training, strip_topics, topics_in


def passage(key, title, section, phrasings=()):
    return Passage(key, key.split("#")[0], title, section, "Text.", tuple(phrasings))


HIP = passage("ht#Foot width", "Setting up the hip thrust", "Foot width")
SQUAT = passage("sq#Stance width", "Back squat", "Stance width")
SQUAT2 = passage("sq#Foot angle", "Back squat", "Foot angle")
REST = passage("rest#How long to rest", "Rest between sets", "How long to rest between sets")
GUARD = TopicGuard([HIP, SQUAT, SQUAT2, REST])


def hits(*pairs):
    return [Hit(p, score, score, 0.0) for p, score in pairs]


def test_new_topics_are_recognised():
    assert topics_in("Are leg extensions bad for your knees?") == {"leg extension"}
    assert topics_in("Are lifting straps cheating?") == {"lifting straps"}
    assert topics_in("can I lift barefoot or in flat shoes?") == {"lifting shoes"}
    assert "leg extension" not in topics_in("back extensions for glutes")


def test_strip_topics_removes_the_named_lifts():
    assert strip_topics("How many sets for hip thrusts?") == "how many sets for ?"
    assert strip_topics("RDL or deadlift, which first?") == "or , which first?"


def test_lifts_of_a_passage():
    assert GUARD.lifts_of(HIP) == {"hip thrust"} and GUARD.lifts_of(SQUAT) == {"squat"}
    assert GUARD.lifts_of(REST) == frozenset()


def test_clarify_candidates_one_per_lift_above_the_floor():
    ranked = hits((HIP, 0.55), (SQUAT2, 0.54), (SQUAT, 0.53))
    assert clarify_candidates(frozenset(), ranked, GUARD, 0.56) == (HIP, SQUAT2)
    # Too weak to be what was meant:
    assert clarify_candidates(frozenset(), hits((HIP, 0.40), (SQUAT, 0.39)), GUARD, 0.56) == ()
    # The question names a lift we know: nothing to ask.
    assert clarify_candidates(frozenset({"squat"}), ranked, GUARD, 0.56) == ()
    # The best candidate is general advice that fits any lift.
    assert clarify_candidates(frozenset(), hits((REST, 0.6), (HIP, 0.59), (SQUAT, 0.58)), GUARD, 0.56) == ()


def test_a_tie_needs_a_short_question_and_close_scores():
    ranked = hits((HIP, 0.60), (SQUAT, 0.59))
    candidates = (HIP, SQUAT)
    assert is_tie("how wide should my feet be?", ranked, candidates)
    assert not is_tie("how wide should my feet be when I do this exercise at home?", ranked, candidates)
    assert not is_tie("how wide?", hits((HIP, 0.65), (SQUAT, 0.59)), candidates)


def test_two_part_detection_and_the_second_passage():
    assert two_part("how many sets and reps for bench?")
    assert two_part("hip thrust and deadlift same day, which first?")
    assert not two_part("how far should my feet be for hip thrusts?")
    sets = passage("b#Sets", "Bench press", "How many sets for bench press")
    reps = passage("b#Reps", "Bench press", "Rep ranges for bench press")
    found = second_part("how many sets and reps for bench?", hits((sets, 0.70), (reps, 0.64)), 0.56)
    assert found is not None and found.passage is reps
    # Too far below the first passage, or covering nothing new: one passage only.
    assert second_part("how many sets and reps for bench?", hits((sets, 0.70), (reps, 0.55)), 0.56) is None
    both = passage("b#Both", "Bench press", "Sets and reps for bench press")
    assert second_part("how many sets and reps for bench?", hits((both, 0.70), (reps, 0.69)), 0.56) is None


def test_uncovered_lifts_get_no_confident_answer(real_engine):
    for question in ("Is the clean and jerk good for beginners?", "How do I learn the snatch?"):
        answer = real_engine.answer(question)
        assert answer.kind is AnswerKind.UNKNOWN, (question, answer.passage)


def test_a_lift_that_gained_an_article_is_answered_from_it(real_engine):
    # Leg extensions were uncovered (and declined, test above) until knowledge/lifts/leg-extension.md.
    for question in ("Are leg extensions bad for your knees?", "Leg extensions, are they good or bad for you?"):
        answer = real_engine.answer(question)
        assert answer.kind is AnswerKind.ANSWER and answer.passage is not None, question
        assert answer.passage.key.startswith("leg-extension#"), (question, answer.passage.key)


def test_an_ambiguous_short_question_is_a_clarifying_question(real_engine):
    answer = real_engine.answer("where should the bar sit?")
    assert answer.kind is AnswerKind.CLARIFY
    lifts = [real_engine.topics.lifts_of(p) for p in answer.related]
    assert len(lifts) >= 2 and all(a.isdisjoint(b) for i, a in enumerate(lifts) for b in lifts[i + 1 :])


@pytest.mark.parametrize(
    ("question", "ours"),
    [
        ("How to fall asleep faster", False),
        ("what to do when you can't sleep", False),
        ("When should I start sleep training?", False),  # a baby's
        ("What does a urine protein test indicate?", False),
        ("Why do we feed calves the way we do?", False),
        ("how much sleep do i need to build muscle", True),
        ("does bad sleep hurt my lifting?", True),
        ("how do I grow my calves", True),
        ("best calf raise for bigger calves", True),
        ("does a high protein diet hurt your kidneys", True),
        # a stranger's teenager: sleep cut short by school and a phone is a lifter's sleep question
        ("i only get like 6 hrs of sleep cuz of school n my phone does that even matter", True),
        ("why is my phone so slow", False),
    ],
)
def test_questions_sharing_a_word_with_an_article_but_about_something_else(question, ours):
    assert not_about_training(question) is (not ours)


def test_the_something_else_check_reads_a_bounded_text():
    assert not_about_training("calves " * 600 + "feeding") is False  # past 500 characters: not read
    assert not_about_training("calves feeding " + "x" * 4000) is True


@pytest.mark.parametrize(
    "question, key",
    [
        ("what does RPE 8 mean?", "rpe-and-rir#What RPE means"),
        ("what does DOMS mean", "muscle-soreness#What DOMS is"),
        ("what does ATG mean", "glossary#ATG (ass to grass full depth squat)"),  # slang no article explains
    ],
)
def test_a_term_an_article_explains_is_answered_from_the_article_not_the_glossary(real_engine, question, key):
    answer = real_engine.answer(question)
    assert answer.answered and answer.passage is not None and answer.passage.key == key


@pytest.mark.parametrize(
    "word, lifts",
    [
        ("press", {"bench press", "overhead press", "leg press"}),
        ("curls?", {"biceps curl", "hamstring curl"}),
        ("Raises", {"shoulder isolation", "calf raise"}),
    ],
)
def test_a_bare_word_for_several_lifts_asks_which_with_one_passage_per_lift(real_engine, word, lifts):
    # "press" alone got "I don't know that one yet" once every top hit was an overhead-press section.
    answer = real_engine.answer(word)
    assert answer.kind is AnswerKind.CLARIFY
    about = [real_engine.topics.lifts_of(p) for p in answer.related]
    assert len(answer.related) == len(lifts) and set().union(*about) >= lifts
    assert all(len(a & lifts) >= 1 for a in about)


def test_the_morning_is_not_the_good_morning_exercise_when_another_lift_is_named(real_engine):
    """A 62-year-old's "my back gets stiff in the morning, can i still do deadlifts" got "Good mornings or stiff-legged
    deadlifts?", which pushes a harder hinge on a stiff back."""
    stiff = real_engine.answer("my back gets stiff in the morning, can i still do deadlifts")
    assert stiff.passage is None or stiff.passage.article_id != "good-morning"
    assert all(p.article_id != "good-morning" for p in stiff.related)
    asked = real_engine.answer("are good mornings safe for my lower back?")
    assert asked.answered and asked.passage is not None and asked.passage.article_id == "good-morning"


@pytest.mark.parametrize(
    ("question", "ours"),
    [
        ("how many calories should i be eating im 16, 6ft, 165 lbs", True),  # strangers' fair questions, declined
        ("what shud i eat before practice right after school", True),
        ("i need to cut 3kg to make 83s. should i diet down or water cut", True),
        ("Should I avoid eating after 8pm?", False),  # general diet advice stays a dietitian's
        ("how many calories in an egg", False),
    ],
)
def test_food_questions_about_training_are_ours_and_general_diet_is_not(real_engine, question, ours):
    assert (real_engine.answer(question).kind is not AnswerKind.OFF_TOPIC) is ours
