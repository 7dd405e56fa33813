"""The real-question grader (bot/retrieval/real_eval.py) and the question file's integrity."""

from support.paths import REPO

from bot.retrieval.answer import Answer, AnswerKind
from bot.retrieval.corpus import Passage
from bot.retrieval.real_eval import (
    CONFIDENT_WRONG,
    DECLINED_COVERED,
    DIRECT,
    HONEST_DECLINE,
    MAIN,
    OFF_TOPIC_UNCOVERED,
    OUT_ANSWERED,
    OUT_DECLINED,
    PARTIAL,
    PARTIAL_UNCOVERED,
    REPORT,
    TUNE,
    WRONG,
    RealQuestion,
    RealReport,
    grade,
    grade_all,
    load_real,
    ranks,
    report_of,
    run_real_eval,
)
from bot.retrieval.search import Hit

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


# --- grades 2 and 1, ranks, the report table and the halves (issue 14, item 1) ------------------


GRADED_KEYS = {"a#one", "a#two", "a#three"}


def _graded_q(q="x?", scope="in", accept=(), partial=()):
    return RealQuestion(
        q=q, url="https://example.org/x", kind="qa", topic="t", scope=scope, accept=list(accept), partial=list(partial)
    )


def _passage(key):
    return Passage(key=key, article_id=key.split("#")[0], article_title="A", section=key.split("#")[1], text="t")


def _ranked_answer(chosen, ranking=(), kind=AnswerKind.ANSWER):
    hits = tuple(Hit(_passage(k), score=0.9 - i / 10, dense=0.5, sparse=0.5) for i, k in enumerate(ranking))
    return Answer(kind, "x?", passage=_passage(chosen) if chosen else None, hits=hits)


def test_a_grade_two_pick_is_direct_and_a_grade_one_pick_is_partial():
    q = _graded_q(accept=["a#one"], partial=["a#two"])
    assert grade(q, _ranked_answer("a#one"), GRADED_KEYS) == DIRECT
    assert grade(q, _ranked_answer("a#two"), GRADED_KEYS) == PARTIAL
    assert grade(q, _ranked_answer("a#three"), GRADED_KEYS) == WRONG
    assert grade(q, _ranked_answer(None, kind=AnswerKind.UNKNOWN), GRADED_KEYS) == DECLINED_COVERED


def test_on_an_uncovered_question_a_decline_is_right_and_an_unrelated_answer_is_confident_wrong():
    q = _graded_q(partial=["a#two"])  # nothing fully answers it; a#two answers part of it
    assert grade(q, _ranked_answer(None, kind=AnswerKind.UNKNOWN), GRADED_KEYS) == HONEST_DECLINE
    assert grade(q, _ranked_answer("a#one"), GRADED_KEYS) == CONFIDENT_WRONG
    assert grade(q, _ranked_answer("a#two"), GRADED_KEYS) == PARTIAL_UNCOVERED
    # A grade-1 label naming a passage we lack counts for nothing.
    assert grade(_graded_q(partial=["b#missing"]), _ranked_answer("a#two"), GRADED_KEYS) == CONFIDENT_WRONG


def test_ranks_find_the_first_full_and_the_first_partial_passage_in_the_retrieval_order():
    q = _graded_q(accept=["a#one"], partial=["a#two"])
    r = ranks(q, _ranked_answer("a#one", ranking=["a#three", "a#two", "a#one"]), GRADED_KEYS)
    assert (r.full, r.any, r.has_full, r.has_any) == (3, 2, True, True)
    r = ranks(_graded_q(partial=["b#missing"]), _ranked_answer(None, ranking=["a#one"]), GRADED_KEYS)
    assert (r.full, r.any, r.has_full, r.has_any) == (None, None, False, False)


def test_report_counts_direct_partial_top_k_abstention_and_confident_wrong():
    covered = _graded_q(accept=["a#one"], partial=["a#two"])
    uncovered = _graded_q(partial=["a#two"])
    cases = [
        (covered, _ranked_answer("a#one", ["a#one", "a#two"])),  # direct, top-1
        (covered, _ranked_answer("a#two", ["a#two", "a#three", "a#one"])),  # partial, full answer at rank 3
        (covered, _ranked_answer(None, ["a#three"], kind=AnswerKind.UNKNOWN)),  # wrongly declined, missed
        (uncovered, _ranked_answer("a#three", ["a#three", "a#two"])),  # confident wrong
        (uncovered, _ranked_answer(None, ["a#three"], kind=AnswerKind.UNKNOWN)),  # honest decline
        (_graded_q(scope="out"), _ranked_answer(None, kind=AnswerKind.OFF_TOPIC)),
        (_graded_q(scope="out"), _ranked_answer("a#one", ["a#one"])),
    ]
    counts = report_of(grade_all([q for q, _ in cases], [a for _, a in cases], GRADED_KEYS)).counts()
    assert counts["direct answers / all in-scope"] == (1, 5)
    assert counts["direct answers / covered"] == (1, 3)
    assert counts["partial answers (grade 1) / in-scope"] == (1, 5)
    assert counts["top-1 grade 2 / covered"] == (1, 3)
    assert counts["top-3 grade 2 / covered"] == (2, 3)
    assert counts["top-1 grade >= 1 / with a graded passage"] == (2, 5)
    assert counts["top-3 grade >= 1 / with a graded passage"] == (3, 5)
    assert counts["confident wrong / uncovered"] == (1, 2)
    assert counts["declined / uncovered"] == (1, 2)
    assert counts["wrongly declined / covered"] == (1, 3)
    assert counts["out-of-scope declined"] == (1, 2)


def _text_in_half(half, stem):
    return next(t for t in (f"{stem} {i}?" for i in range(100)) if _graded_q(t).half == half)


class _CannedEngine:
    """Answers from a table, so the report is checked on known answers (the real engine is tested below)."""

    def __init__(self, answers):
        self.answers = answers
        self.searcher = type("S", (), {"index": type("I", (), {"passages": [_passage(k) for k in GRADED_KEYS]})()})()

    def answer(self, question):
        return self.answers[question]


def test_the_real_eval_reports_each_half_and_lists_only_the_tuning_half():
    tune_q, report_q = _text_in_half(TUNE, "tuning question"), _text_in_half(REPORT, "report question")
    questions = [_graded_q(tune_q, accept=["a#one"]), _graded_q(report_q, accept=["a#one"])]
    engine = _CannedEngine({tune_q: _ranked_answer("a#one", ["a#one"]), report_q: _ranked_answer("a#two", ["a#two"])})
    out = run_real_eval(engine, {MAIN: questions}, list_tuning=True)
    row = next(line for line in out.splitlines() if line.startswith("direct answers / all in-scope"))
    assert "1.000 (1/1)" in row and "0.000 (0/1)" in row  # tuning half, then report half
    assert tune_q in out and report_q not in out


def test_the_real_engine_graded_on_a_few_real_questions(real_engine):
    questions = load_real(REPO / "tests" / "eval" / "real" / "questions.yaml")
    sample = [q for q in questions if q.q in {"Where Should the Bar Touch on Bench Press?", "How to Press Flowers?"}]
    graded = grade_all(
        sample, [real_engine.answer(q.q) for q in sample], {p.key for p in real_engine.searcher.index.passages}
    )
    outcomes = {g.question.q: g.outcome for g in graded}
    assert outcomes == {"Where Should the Bar Touch on Bench Press?": DIRECT, "How to Press Flowers?": OUT_DECLINED}


def test_cli_eval_prints_the_real_halves_first_and_never_lists_the_report_half(capsys):
    from bot.cli import main

    assert main(["eval", "--list-tuning"]) == 0
    out = capsys.readouterr().out
    assert out.index("direct answers / all in-scope") < out.index("Own labelled questions")
    assert "tuning half" in out and "report half" in out and "blind set" in out
    listed = out.split("Tuning half, question by question")[1].split("Own labelled questions")[0]
    questions = load_real(REPO / "tests" / "eval" / "real" / "questions.yaml")
    assert all(repr(q.q) in listed for q in questions if q.half == TUNE)
    assert not any(repr(q.q) in listed for q in questions if q.half == REPORT)


def test_the_question_file_has_250_sourced_questions_a_fifth_out_of_scope_and_consistent_grades():
    questions = load_real(REPO / "tests" / "eval" / "real" / "questions.yaml")
    assert len(questions) >= 250
    assert 0.15 <= sum(q.scope == "out" for q in questions) / len(questions) <= 0.25
    assert all(not q.partial for q in questions if q.scope == "out")
    assert all(not set(q.accept) & set(q.partial) for q in questions)
    assert all("#" in key for q in questions for key in (*q.accept, *q.partial))
    assert sum(bool(q.partial) for q in questions) >= 50
