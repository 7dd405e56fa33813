"""Topic agreement (bot/retrieval/topics.py): a question about one lift or subject is never answered
with a passage about another, and topics we have no article for get "I don't know that one yet"."""

import time

import pytest

from bot.retrieval.answer import AnswerKind
from bot.retrieval.corpus import Passage
from bot.retrieval.topics import TopicGuard, passage_topics, topics_in


def _p(title, section, phrasings=()):
    return Passage(
        key=f"{title}#{section}",
        article_id=title,
        article_title=title,
        section=section,
        text="t",
        phrasings=tuple(phrasings),
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Where on your chest do you bring the bar down?", {"chest"}),
        ("Chin-ups or pull-ups?", {"pull-up"}),
        ("Should I eat before my morning workout?", {"nutrition"}),
        ("good mornings or rdls", {"good morning", "deadlift"}),
        ("bench height for hip thrusts", {"hip thrust"}),
        ("how much do you bench", {"bench press"}),
        ("how to get rid of hip dips", set()),
        ("tricep dips hurt", {"dip", "triceps"}),
        ("abductor machine sit up straight or lean over?", set()),
        ("keep your chest up in the deadlift", {"deadlift"}),
        ("two days in a row", set()),
        ("barbell rows or pull ups", {"row", "pull-up"}),
        ("is pre-workout worth it?", {"nutrition"}),
        ("pre workout warm up ideas", set()),
        ("training during my period", {"menstrual cycle"}),
        ("can I hip thrust while pregnant", {"hip thrust", "pregnancy"}),
        # Lifts and subjects the technique articles added (issue 14).
        ("reverse pec deck or face pulls", {"shoulder isolation"}),
        ("pec deck or cable fly", {"chest fly", "chest"}),
        ("chest-supported row form", {"row"}),
        ("skull crushers hurt my elbows", {"triceps"}),
        ("landmine press if overhead hurts", {"overhead press"}),
        ("incline curls or preacher curls", {"biceps curl"}),
        ("how heavy should my shrugs be", {"shrug"}),
        ("are leg extensions bad for your knees", {"leg extension"}),
        ("best exercises for bigger calves", {"calf raise"}),
        ("adductor machine for inner thighs", {"hip adduction"}),
        ("farmer's carry or suitcase carry", {"carry"}),
        ("does my bench press carry over to push-ups", {"bench press", "push-up"}),
        ("how long should i dead hang", {"dead hang"}),
        ("wall sits for quads", {"wall sit"}),
        ("what damper setting on the rowing machine", {"cardio"}),
        ("ab wheel or hanging leg raises", {"abs and core"}),
        ("pallof press and dead bugs", {"abs and core"}),
        ("skipping leg day this week", set()),
        ("waiting for the squat rack", set()),  # equipment, not the lift
        ("my dl form keeps breaking down", {"deadlift"}),
    ],
)
def test_topics_named_in_text(text, expected):
    assert topics_in(text) == expected


def test_a_phrasing_example_does_not_make_a_general_passage_about_a_lift():
    dizzy = _p("Breathing and bracing", "Why do I get dizzy when lifting heavy?", ["seeing stars after squats"])
    assert passage_topics(dizzy) == frozenset()
    food = _p("Recovery", "Rest days", ["what to eat on rest days"])
    assert passage_topics(food) == {"nutrition"}


def test_guard_rules():
    cue = _p("Hip thrust coaching cues", "Chin tucked, eyes forward")
    rest = _p("Rest between sets", "How long to rest between sets")
    squat = _p("Back squat", "How deep should I squat?")
    guard = TopicGuard([cue, rest, squat])
    assert guard.known == {"hip thrust", "squat"}
    assert guard.unknown_only(topics_in("chin ups or pull ups?"))
    assert not guard.unknown_only(topics_in("how deep should i squat"))
    squat_q = topics_in("how long to rest between squat sets")
    assert guard.agrees(squat_q, rest) and guard.agrees(squat_q, squat) and not guard.agrees(squat_q, cue)
    assert guard.agrees(frozenset(), cue)  # a question naming nothing is judged by scores alone
    # A subject needs a passage about it; a general passage is not enough.
    food = _p("Eating around training", "Eating before a morning session")
    guard = TopicGuard([cue, rest, food])
    eat_q = topics_in("should i eat before my morning workout")
    assert guard.agrees(eat_q, food) and not guard.agrees(eat_q, rest)


@pytest.mark.parametrize(
    "question",
    [
        "Where on your chest do you bring the bar down?",
        "Chin-ups or pull-ups?",
        "Should I eat before my morning workout?",
    ],
)
def test_the_screenshot_examples_are_not_answered_with_another_topic(real_engine, question):
    answer = real_engine.answer(question)
    asked = topics_in(question)
    if answer.answered:  # allowed only from a passage about what was asked
        assert passage_topics(answer.passage) & asked, (question, answer.passage.key)
    else:
        assert answer.kind is AnswerKind.UNKNOWN


def test_questions_on_covered_topics_still_get_answers(real_engine):
    for question, article in [
        ("how long should i rest between squat sets", "rest-between-sets"),
        ("good mornings or rdls?", "good-morning"),
        ("got dizzy and saw spots after heavy deadlifts", "breathing-and-bracing"),
    ]:
        answer = real_engine.answer(question)
        assert answer.answered and answer.passage.article_id == article, (
            question,
            answer.passage and answer.passage.key,
        )


def test_topic_matching_is_linear_time_on_long_hostile_input():
    nasty = ("bench " * 300 + "pre-workout " * 100 + "chin-up " * 100)[:4096]
    start = time.perf_counter()
    for _ in range(20):
        topics_in(nasty)
        topics_in("a" * 4096)
        topics_in("- " * 2048)
    assert (time.perf_counter() - start) / 60 < 0.02


@pytest.mark.parametrize(
    "question, general",
    [
        ("Should I avoid eating after 8pm?", True),
        ("is it bad to eat carbs at night", True),
        ("should i eat before my morning workout", False),
        ("how much protein a day", False),
        ("what to eat to build muscle", False),
        ("is creatine safe", False),
        ("breakfast before the gym?", False),
    ],
)
def test_general_diet_questions_are_not_training_questions(question, general):
    from bot.retrieval.topics import general_diet

    assert general_diet(question, topics_in(question)) is general


def test_a_general_diet_question_is_declined_as_outside_our_scope(real_engine):
    assert real_engine.answer("should i avoid eating after 8pm").kind is AnswerKind.OFF_TOPIC
    assert real_engine.answer("should i eat before my morning workout").answered


def test_related_topics_offered_with_an_answer_agree_with_the_question(real_engine):
    for question in ["Should I eat before my morning workout?", "Where on your chest do you bring the bar down?"]:
        answer = real_engine.answer(question)
        asked = topics_in(question)
        assert answer.answered and answer.related
        for passage in answer.related:
            assert real_engine.topics.agrees(asked, passage), (question, passage.key)


def test_a_passage_about_a_lift_is_also_about_the_muscles_it_trains():
    setup = _p("Bench press", "Bench press setup")
    cue = _p("Hip thrust coaching cues", "Chin tucked, eyes forward")
    guard = TopicGuard([setup, cue])
    assert {"bench press", "chest", "triceps"} <= passage_topics(setup)
    chest_q = topics_in("how do i grow my chest")
    assert guard.agrees(chest_q, setup) and not guard.agrees(chest_q, cue)


@pytest.mark.parametrize(
    "question, other",
    [
        ("how to row a boat in a straight line", True),
        ("how much protein does a cat need per day", True),
        ("how long should I warm up my car engine in winter", True),
        ("how do I curl my hair with a flat iron", True),
        ("how to lay laminate planks on a concrete floor", True),
        ("which way should oak flooring planks run", True),
        ("when do I need to change the timing belt", True),
        ("how should I warm up before I sing", True),
        # Training questions with the same words stay ours.
        ("can i do bird dogs on rest days", False),
        ("cat cow stretch before squats?", False),
        ("can I deadlift on a concrete floor at home", False),
        ("does creatine cause hair loss", False),
        ("my dog wakes me up, how do i still train at 6am", False),
        ("do I need a belt for heavy squats", False),
        ("planks on a hard floor hurt my elbows", False),
        # Sleep: a lifter's when it names growing or recovering (a stranger's "to grow" was called off-topic).
        ("how much sleep do i need to grow", False),
        ("how much sleep to recover between sessions", False),
        ("how much sleep does my toddler need to grow", True),
        ("how do I sleep-train my baby", True),
        ("how to fall asleep faster with insomnia", True),
        # ... and how much sleep, asked of a strength coach (it was declined as a sleep problem)
        ("how much sleep do I need", False),
        ("how many hours sleep should i get", False),
        ("am I getting enough sleep at 6 hours", False),
        ("how much sleep does my newborn need", True),
        ("i can't sleep, what should i do", True),
        # Singing and a dentist's bridge decide it even beside a training word (the eval's tuning half)
        ("Do I Really Have to Do Warm-up Exercises Before I Sing?", True),
        ("What is better, a bridge or an implant?", True),
        ("can i lift after a root canal", False),
        # A stranger's word collisions (2026-12-02): hair curls, a toddler's pull-ups, a waltz's tempo, ironing
        ("best products to keep my curls defined in humid weather", True),
        ("toddler still in pull-ups at 4, should i be worried", True),
        ("what tempo is a waltz usually in bpm", True),
        ("whats the best way to press a suit jacket without an iron", True),
        ("best music for lifting", False),
        ("how many curls for bigger arms", False),
        ("can my toddler watch me train in the garage gym", False),
        ("how do i breathe while squatting", False),
        # Games and business name a lift or a press and are still not ours (a stranger's questions).
        ("how do i deadlift a car in gta", True),
        ("how do i write a press release for my startup", True),
        ("best squat program for a startup founder with no time", False),
        # Vehicles, even beside a lift word (a stranger's; both got a lifting passage)
        ("my car squats in the back when loaded, how do i fix the suspension", True),
        ("what is a deadlift in trucking slang", True),
        ("can i do tire flips instead of deadlifts", False),
        ("what does DL mean in gym slang", False),
        # A second stranger's (each got a lifting passage)
        ("how do i bench press my couch cushions back into shape they're all flat", True),
        ("whats a good deadline app for students to track assignments", True),
        ("how do i squat in linux, like the squash commit thing in git", True),
        ("best protein for my sourdough starter, is whole wheat flour better", True),
        ("is it ok to bench press on a flat bench with a pillow under my back", False),  # a lifter's
    ],
)
def test_everyday_objects_make_a_shared_word_another_question(question, other):
    from bot.retrieval.topics import not_about_training

    assert not_about_training(question) is other


@pytest.mark.parametrize(
    "question, medical",
    [
        ("how long should i take off after a back tweak", True),
        ("tweaked my shoulder benching", True),
        ("how do i tweak my program for a deload", False),
        ("how many sets for arms", False),
    ],
)
def test_a_tweaked_back_gets_the_see_a_professional_line(real_engine, question, medical):
    assert real_engine.answer(question).medical is medical


@pytest.mark.parametrize(
    "question, medical",
    [
        # A fear of getting hurt is not pain: the reply answers it without "if something hurts, see a physio".
        ("im scared ill get hurt lifting heavy", False),
        ("worried about injury when deadlifting", False),
        ("is the risk of injury high with squats", False),
        ("how do i deadlift without hurting my back", False),  # a QA stranger got the back-pain passage
        # "Would it hurt to ..." is "would it be bad": carbs at night got the physio line.
        ("how much would it hurt my gains to lift fasted", False),
        # Pain now, or fear after an injury, still gets the line.
        ("scared because my knee hurts when i squat", True),
        ("worried my shoulder pain is a tear", True),
        ("afraid of hurting my back again after a disc injury", True),
        ("knee pain when squatting, how to avoid it", True),
        ("it hurt my knee when i squatted deep", True),
    ],
)
def test_a_worry_about_getting_hurt_is_not_pain(real_engine, question, medical):
    answer = real_engine.answer(question)
    assert answer.medical is medical
    assert answer.answered or answer.related, "a lifter's worry is answered or offered topics, never called off-topic"


@pytest.mark.parametrize(
    "question, section",
    [
        # Forum posts tell their story first; a topic named only there ("supplements", "a bulk") vetoed every
        # passage about what they then ask, and both were declined with the right section offered as a button.
        (
            "My arms just won't grow. I've tried volume, extremely heavy curls, supplements. I want pipes, man. "
            "What do I do?",
            "arm-training#Why aren't my arms growing?",
        ),
        (
            "I'm on a bulk but this past week I've been feeling weaker and my reps are decreasing in certain "
            "exercises. Should I take a week off? Deload maybe?",
            "deloads-and-recovery#How often should I take a deload week?",
        ),
    ],
)
def test_a_topic_named_only_in_the_story_before_the_question_does_not_veto_the_answer(real_engine, question, section):
    answer = real_engine.answer(question)
    assert answer.answered and answer.passage is not None and answer.passage.key == section


def test_the_asking_part_is_the_questions_and_the_last_sentence():
    from bot.retrieval.background import asking_part

    assert asking_part("On a bulk. Reps dropping. Should I deload? Or push on.") == "Should I deload? Or push on."
    assert asking_part("should i deload?") is None  # all question: nothing to narrow
    assert asking_part("Is it ok? Should I deload?") is None
    assert asking_part("x." * 2000) is not None  # linear on a long message
