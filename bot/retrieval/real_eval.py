"""Grading for the held-out set of real questions (tests/eval/real/, see METHOD.md there).

Each question carries labels written before looking at the bot's reply: `scope` (in: a
training question; out: not our job), `accept` (grade 2: passages that fully answer it) and
`partial` (grade 1: passages that answer part of it, e.g. the right lift but another aspect).
A label naming a passage the knowledge base does not have is ignored, so an in-scope question
with no grade-2 passage in this knowledge base is "uncovered": the right reply is
"I don't know that one yet" (or, less good, a grade-1 passage), never an unrelated passage.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .answer import Answer, AnswerEngine, AnswerKind

TUNE, REPORT = 0, 1
HALF_NAMES = {TUNE: "tuning", REPORT: "report"}
MAIN = "real questions"  # the set that is split into halves; other sets (the blind one) are graded whole


class RealQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(min_length=1)
    url: str = Field(min_length=8)
    kind: str = Field(pattern="^(forum|qa|title)$")
    topic: str
    scope: str = Field(pattern="^(in|out)$")
    accept: list[str] = Field(default_factory=list)  # grade 2: passages that fully answer it
    partial: list[str] = Field(default_factory=list)  # grade 1: passages that partly answer it

    @property
    def half(self) -> int:
        """0 = tuning half, 1 = report half; a hash of the question, so it never changes."""
        return hashlib.sha1(self.q.encode()).digest()[0] % 2

    def grade_of(self, key: str, known_keys: set[str]) -> int:
        """2 = fully answers, 1 = partly answers, 0 = anything else (or a passage we do not have)."""
        if key not in known_keys:
            return 0
        return 2 if key in self.accept else 1 if key in self.partial else 0

    def covered(self, known_keys: set[str]) -> bool:
        return any(k in known_keys for k in self.accept)

    def gradable(self, known_keys: set[str]) -> bool:
        return any(k in known_keys for k in (*self.accept, *self.partial))


def load_real(path: Path) -> list[RealQuestion]:
    return [RealQuestion(**item) for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []]


# Outcomes, one per question. "Covered" = this knowledge base has a grade-2 passage for it.
DIRECT = "direct answer"  # in scope, answered with a grade-2 passage
PARTIAL = "partial answer (grade-1 passage)"  # covered, but answered with a passage that only partly answers
WRONG = "answered with another passage"  # covered, but answered with an ungraded passage
CONFIDENT_WRONG = "confident answer to an uncovered topic"  # no grade-2 passage; answered with an ungraded one
PARTIAL_UNCOVERED = "partial answer to an uncovered topic"  # no grade-2 passage; answered with a grade-1 one
DECLINED_COVERED = "declined although covered"
HONEST_DECLINE = "honest 'don't know' (uncovered)"
OFF_TOPIC_UNCOVERED = "called off-topic (uncovered training question)"
OUT_DECLINED = "out of scope, declined"
OUT_ANSWERED = "out of scope, answered"

COVERED = (DIRECT, PARTIAL, WRONG, DECLINED_COVERED)
UNCOVERED = (PARTIAL_UNCOVERED, CONFIDENT_WRONG, HONEST_DECLINE, OFF_TOPIC_UNCOVERED)


def grade(question: RealQuestion, answer: Answer, known_keys: set[str]) -> str:
    answered = answer.kind is AnswerKind.ANSWER and answer.passage is not None
    if question.scope == "out":
        return OUT_ANSWERED if answered else OUT_DECLINED
    chosen = question.grade_of(answer.passage.key, known_keys) if answered and answer.passage else None
    if question.covered(known_keys):
        if chosen is None:
            return DECLINED_COVERED
        return {2: DIRECT, 1: PARTIAL, 0: WRONG}[chosen]
    if chosen is None:
        return OFF_TOPIC_UNCOVERED if answer.kind is AnswerKind.OFF_TOPIC else HONEST_DECLINE
    return PARTIAL_UNCOVERED if chosen >= 1 else CONFIDENT_WRONG


@dataclass(frozen=True)
class Ranks:
    """Where the first fully (grade 2) and first at least partly (grade >= 1) answering passage sits in
    the retrieval ranking (answer.hits, before topic filtering); None when it is not there."""

    full: int | None
    any: int | None
    has_full: bool  # the knowledge base has a grade-2 passage for the question
    has_any: bool  # ... or at least a grade-1 one


def ranks(question: RealQuestion, answer: Answer, known_keys: set[str]) -> Ranks:
    grades = [question.grade_of(h.passage.key, known_keys) for h in answer.hits]
    return Ranks(
        full=next((i + 1 for i, g in enumerate(grades) if g == 2), None),
        any=next((i + 1 for i, g in enumerate(grades) if g >= 1), None),
        has_full=question.covered(known_keys),
        has_any=question.gradable(known_keys),
    )


@dataclass
class RealReport:
    outcomes: Counter[str] = field(default_factory=Counter)
    rank_list: list[Ranks] = field(default_factory=list)

    def add(self, outcome: str, rank: Ranks | None = None) -> None:
        self.outcomes[outcome] += 1
        if rank is not None:
            self.rank_list.append(rank)

    def _n(self, *names: str) -> int:
        return sum(self.outcomes[n] for n in names)

    @property
    def in_scope(self) -> int:
        return self._n(*COVERED, *UNCOVERED)

    @property
    def covered(self) -> int:
        return self._n(*COVERED)

    @property
    def uncovered(self) -> int:
        return self._n(*UNCOVERED)

    @property
    def out(self) -> int:
        return self._n(OUT_DECLINED, OUT_ANSWERED)

    def _top(self, k: int, full: bool) -> tuple[int, int]:
        pool = [r for r in self.rank_list if (r.has_full if full else r.has_any)]
        ranks = [r.full if full else r.any for r in pool]
        hits = sum(1 for rank in ranks if rank is not None and rank <= k)
        return hits, len(pool)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Each metric as (numerator, denominator); rates() divides them."""
        return {
            "direct answers / all in-scope": (self.outcomes[DIRECT], self.in_scope),
            "direct answers / covered": (self.outcomes[DIRECT], self.covered),
            "partial answers (grade 1) / in-scope": (self._n(PARTIAL, PARTIAL_UNCOVERED), self.in_scope),
            "top-1 grade 2 / covered": self._top(1, full=True),
            "top-3 grade 2 / covered": self._top(3, full=True),
            "top-1 grade >= 1 / with a graded passage": self._top(1, full=False),
            "top-3 grade >= 1 / with a graded passage": self._top(3, full=False),
            "helpful (direct or honest decline) / in-scope": (self._n(DIRECT, HONEST_DECLINE), self.in_scope),
            "confident wrong (ungraded passage) / in-scope": (self._n(WRONG, CONFIDENT_WRONG), self.in_scope),
            "confident wrong / uncovered": (self.outcomes[CONFIDENT_WRONG], self.uncovered),
            "declined / uncovered": (self._n(HONEST_DECLINE, OFF_TOPIC_UNCOVERED), self.uncovered),
            "wrongly declined / covered": (self.outcomes[DECLINED_COVERED], self.covered),
            "out-of-scope declined": (self.outcomes[OUT_DECLINED], self.out),
        }

    def rates(self) -> dict[str, float]:
        return {name: num / den if den else float("nan") for name, (num, den) in self.counts().items()}


@dataclass(frozen=True)
class Graded:
    question: RealQuestion
    outcome: str
    ranks: Ranks
    got: str  # the passage key answered with, or the kind of decline


def grade_all(questions: Sequence[RealQuestion], answers: Sequence[Answer], known_keys: set[str]) -> list[Graded]:
    return [
        Graded(q, grade(q, a, known_keys), ranks(q, a, known_keys), a.passage.key if a.passage else a.kind.value)
        for q, a in zip(questions, answers, strict=True)
    ]


def report_of(graded: Iterable[Graded]) -> RealReport:
    report = RealReport()
    for g in graded:
        report.add(g.outcome, g.ranks if g.question.scope == "in" else None)
    return report


def format_table(columns: dict[str, RealReport]) -> str:
    """One row per metric, one column per report: "rate (num/den)"."""
    names = list(RealReport().counts())
    width = max(len(n) for n in names) + 2
    lines = [f"{'':<{width}}" + "".join(f"{c:>20}" for c in columns)]
    counts = {c: r.counts() for c, r in columns.items()}
    for name in names:
        cells = []
        for c in columns:
            num, den = counts[c][name]
            cells.append(f"{(num / den if den else float('nan')):.3f} ({num}/{den})".rjust(20))
        lines.append(f"{name:<{width}}" + "".join(cells))
    return "\n".join(lines)


def run_real_eval(engine: AnswerEngine, sets: dict[str, list[RealQuestion]], *, list_tuning: bool = False) -> str:
    """Grade every set; the main set is split into its tuning and report halves. Per-question lines are
    only ever printed for the tuning half: report-half failures must never drive changes (METHOD.md)."""
    known = {p.key for p in engine.searcher.index.passages}
    columns: dict[str, RealReport] = {}
    tuning_lines: list[str] = []
    header: list[str] = []
    for name, questions in sets.items():
        graded = grade_all(questions, [engine.answer(q.q) for q in questions], known)
        missing = sorted({k for q in questions for k in (*q.accept, *q.partial) if k not in known})
        in_scope = [q for q in questions if q.scope == "in"]
        header.append(
            f"{name}: {len(questions)} questions ({len(in_scope)} in scope: "
            f"{sum(q.covered(known) for q in in_scope)} fully covered by this knowledge base, "
            f"{sum(not q.covered(known) and q.gradable(known) for q in in_scope)} only partly, "
            f"{sum(not q.gradable(known) for q in in_scope)} not at all; {len(questions) - len(in_scope)} out of scope)"
            + (f"; {len(missing)} labelled passages not in this knowledge base (ignored)" if missing else "")
        )
        if name == MAIN:
            for half in (TUNE, REPORT):
                columns[f"{HALF_NAMES[half]} half"] = report_of(g for g in graded if g.question.half == half)
            tuning_lines = [f"  [{g.outcome}] {g.question.q!r} -> {g.got}" for g in graded if g.question.half == TUNE]
        else:
            columns[name] = report_of(graded)
    lines = [*header, format_table(columns)]
    if list_tuning:
        lines += ["", "Tuning half, question by question (the report half is never listed):", *tuning_lines]
    return "\n".join(lines)
