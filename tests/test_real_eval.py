"""The real-question grader (bot/retrieval/real_eval.py) and the question file's integrity."""

from conftest import REPO

from bot.retrieval.answer import Answer, AnswerKind
from bot.retrieval.corpus import Passage
from bot.retrieval.real_eval import (
    CONFIDENT_WRONG,
    DECLINED_COVERED,
    DIRECT,
    HONEST_DECLINE,
    OFF_TOPIC_UNCOVERED,
    OUT_ANSWERED,
    OUT_DECLINED,
    WRONG,
    RealQuestion,
    RealReport,
    grade,
    load_real,
)

KEYS = {"a#one", "a#two"}


def _q(scope="in", accept=()):
    return RealQuestion(q="x?", url="https://example.org/x", kind="qa", topic="t", scope=scope, accept=list(accept))


def _answer(key=None, kind=AnswerKind.ANSWER):
    passage = Passage(key=key, article_id="a", article_title="A", section=key.split("#")[1], text="t") if key else None
    return Answer(kind, "x?", passage=passage)


def test_grades_each_outcome():
    assert grade(_q(accept=["a#one"]), _answer("a#one"), KEYS) == DIRECT
    assert grade(_q(accept=["a#one"]), _answer("a#two"), KEYS) == WRONG
    assert grade(_q(accept=["a#one"]), _answer(kind=AnswerKind.UNKNOWN), KEYS) == DECLINED_COVERED
    assert grade(_q(), _answer("a#two"), KEYS) == CONFIDENT_WRONG
    assert grade(_q(), _answer(kind=AnswerKind.UNKNOWN), KEYS) == HONEST_DECLINE
    assert grade(_q(), _answer(kind=AnswerKind.OFF_TOPIC), KEYS) == OFF_TOPIC_UNCOVERED
    assert grade(_q("out"), _answer("a#one"), KEYS) == OUT_ANSWERED
    assert grade(_q("out"), _answer(kind=AnswerKind.OFF_TOPIC), KEYS) == OUT_DECLINED


def test_labels_for_passages_we_lack_mean_the_question_must_be_declined():
    assert grade(_q(accept=["b#missing"]), _answer("a#one"), KEYS) == CONFIDENT_WRONG
    assert grade(_q(accept=["b#missing"]), _answer(kind=AnswerKind.UNKNOWN), KEYS) == HONEST_DECLINE


def test_report_rates():
    report = RealReport()
    for outcome in (DIRECT, DIRECT, WRONG, HONEST_DECLINE, OUT_DECLINED):
        report.add(outcome)
    rates = report.rates()
    assert rates["direct answers / all in-scope"] == 2 / 4
    assert rates["direct answers / covered"] == 2 / 3
    assert rates["out-of-scope declined"] == 1.0


def test_question_file_is_valid_and_sourced():
    questions = load_real(REPO / "tests" / "eval" / "real" / "questions.yaml")
    assert len(questions) >= 120
    assert len({q.q for q in questions}) == len(questions)
    assert sum(q.scope == "out" for q in questions) >= 25
    assert all(q.url.startswith("http") for q in questions)
    assert all(not q.accept for q in questions if q.scope == "out")
    assert {q.half for q in questions} == {0, 1}


def test_blind_set_is_valid_and_sourced():
    questions = load_real(REPO / "tests" / "eval" / "real" / "blind.yaml")
    assert len(questions) >= 20 and all(q.url.startswith("http") for q in questions)
    main = {q.q for q in load_real(REPO / "tests" / "eval" / "real" / "questions.yaml")}
    assert not main & {q.q for q in questions}
