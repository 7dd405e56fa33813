"""Exercise-level names (bot/retrieval/names.py) and the exercise-choice aspect (aspects.py): a question
about something no article covers gets "I don't know ... yet" with the closest topics, and a comparison
is answered only by a passage about both lifts."""

import time

import pytest

from bot.retrieval.aspects import answers_exercise_choice, asks_exercise_choice
from bot.retrieval.corpus import Passage
from bot.retrieval.names import UNCOVERED_LEXICON, NameFinder, NameGuard

CATALOGUE = {
    "deadlift": ["dl", "conventional deadlift"],
    "romanian deadlift": ["rdl"],
    "stiff-legged deadlift": ["sldl", "stiff leg deadlift"],
    "back squat": ["squat"],
    "hip thrust": ["ht", "barbell hip thrust"],
    "bench press": ["bench"],
    "overhead press": ["ohp", "shoulder press"],
    "pull-up": ["pullup"],
    "chin-up": ["chinup"],
    "glute bridge": ["bridge", "floor bridge"],
}


def _p(title, section, phrasings=()):
    return Passage(
        key=f"{title}#{section}", article_id=title, article_title=title, section=section, text="t", phrasings=phrasings
    )


@pytest.fixture
def finder():
    return NameFinder({**UNCOVERED_LEXICON, **CATALOGUE})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Should You Do a RDL or Deadlift?", {"romanian deadlift", "deadlift"}),
        ("stiff-legged deadlifts vs RDLs", {"stiff-legged deadlift", "romanian deadlift"}),
        ("Chin Up vs. Pull-Ups", {"chin-up", "pull-up"}),
        ("how to do a pistol squat", {"pistol squats"}),  # the longer name wins: not the back squat
        ("kettlebell snatch technique", {"the Olympic lifts"}),
        ("hip thrust: bench or box?", {"hip thrust"}),  # a plain "bench" is not the bench press
        ("should i train my neck", {"neck training"}),
        ("how long to rest between sets", set()),
        ("can I curl in the squat rack?", set()),  # equipment named after a lift names no lift
        ("squat rack or power cage for squats?", {"back squat"}),
    ],
)
def test_names_in_text(finder, text, expected):
    assert finder.find(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Which is better – the bench or the overhead press?", {"bench press", "overhead press"}),
        ("hip thrust: bench or box?", set()),
        ("why is a floor bridge easier than a bench thrust", set()),  # "bench thrust" is no bench press
    ],
)
def test_a_plain_word_counts_only_right_beside_the_other_lift(finder, text, expected):
    assert finder.compared(text) == expected


def test_guard_knows_what_passages_name_and_what_they_compare():
    rdl_vs_sldl = _p("Romanian deadlift", "RDL versus stiff-legged deadlift")
    ht_vs_squat = _p("Hip thrust benefits", "Are hip thrusts better than squats for glutes?")
    belt = _p("Belts", "At what weight should I start wearing a belt?")
    guard = NameGuard([rdl_vs_sldl, ht_vs_squat, belt], CATALOGUE)
    assert guard.unknown(guard.asked("how do i do a muscle up")) == {"muscle-ups"}
    assert not guard.unknown(guard.asked("rdl form"))
    q = "Should You Do a RDL or Deadlift?"
    compared = guard.compared(q, guard.asked(q))
    assert compared == {"romanian deadlift", "deadlift"}
    assert not guard.may_compare(compared, rdl_vs_sldl)  # the other deadlift
    assert guard.may_compare(compared, belt)  # general advice names no lift
    q = "squats vs hip thrusts for glutes"
    assert guard.may_compare(guard.compared(q, guard.asked(q)), ht_vs_squat)
    assert guard.compared("rdl form", guard.asked("rdl form")) == frozenset()
    # Two lifts and an "or" that is not between them: no comparison, so no passage is ruled out for it.
    q = "is it ok to do deadlifts after squats, or is that too much?"
    assert len(guard.asked(q)) == 2 and guard.compared(q, guard.asked(q)) == frozenset()
    q = "are deadlifts better than squats?"
    assert guard.compared(q, guard.asked(q)) == {"deadlift", "back squat"}


def test_a_lexicon_entry_stops_being_unknown_once_an_article_names_it():
    guard = NameGuard([_p("Yoga for lifters", "Does yoga help lifting?")], {})
    assert not guard.unknown(guard.asked("is yoga good on rest days"))


@pytest.mark.parametrize(
    "question, muscles",
    [
        ("What’s the Best Exercise for My Glutes?", {"glutes"}),
        ("Which glute exercises work best?", {"glutes"}),
        ("best exercises for bigger calves", {"calves"}),
        ("how many sets for glutes", set()),
        ("what exercises should I do to improve my lockout?", set()),
    ],
)
def test_exercise_choice_questions(question, muscles):
    assert asks_exercise_choice(question) == muscles


def test_only_a_passage_that_answers_the_choice_may_answer_it():
    calves = _p("Calf raises", "What calf raises train", ("best exercises for bigger calves",))
    glossary = _p("Glossary", "glutes (buttock muscles)")
    at_home = _p("Training at home", "Glute training without a barbell", ("no barbell glute exercises",))
    assert answers_exercise_choice(calves, frozenset({"calves"}))
    assert not answers_exercise_choice(glossary, frozenset({"glutes"}))
    assert not answers_exercise_choice(at_home, frozenset({"glutes"}))


def test_name_matching_is_linear_time_on_long_hostile_input(finder):
    hostile = [("rdl or " * 600)[:4096], "a" * 4096, "- " * 2048, ("best " * 800)[:4096]]
    start = time.perf_counter()
    for text in hostile * 5:
        finder.find(text)
        finder.compared(text)
        asks_exercise_choice(text)
    assert (time.perf_counter() - start) / 20 < 0.05
