"""Grading for the held-out set of real questions (tests/eval/real/, see METHOD.md there).

Each question carries labels written before looking at the bot's reply: `scope` (in: a
training question; out: not our job) and `accept`, the passages that directly answer it.
A label naming a passage the knowledge base does not have is ignored, so an in-scope question
whose passages do not exist (yet) must be declined with "I don't know that one yet".
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .answer import Answer, AnswerKind

TUNE, REPORT = 0, 1


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


def load_real(path: Path) -> list[RealQuestion]:
    return [RealQuestion(**item) for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []]


# Outcomes, one per question.
DIRECT = "direct answer"  # in scope, answered with an accepted passage
WRONG = "answered with another passage"  # in scope and covered, but the wrong passage
CONFIDENT_WRONG = "confident answer to an uncovered topic"  # we have nothing; answered anyway
DECLINED_COVERED = "declined although covered"
HONEST_DECLINE = "honest 'don't know' (uncovered)"
OFF_TOPIC_UNCOVERED = "called off-topic (uncovered training question)"
OUT_DECLINED = "out of scope, declined"
OUT_ANSWERED = "out of scope, answered"


def grade(question: RealQuestion, answer: Answer, known_keys: set[str]) -> str:
    accepted = {k for k in question.accept if k in known_keys}
    answered = answer.kind is AnswerKind.ANSWER
    if question.scope == "out":
        return OUT_ANSWERED if answered else OUT_DECLINED
    if accepted:
        if not answered:
            return DECLINED_COVERED
        return DIRECT if answer.passage is not None and answer.passage.key in accepted else WRONG
    if answered:
        return CONFIDENT_WRONG
    return OFF_TOPIC_UNCOVERED if answer.kind is AnswerKind.OFF_TOPIC else HONEST_DECLINE


@dataclass
class RealReport:
    outcomes: Counter = field(default_factory=Counter)

    def add(self, outcome: str) -> None:
        self.outcomes[outcome] += 1

    def _n(self, *names: str) -> int:
        return sum(self.outcomes[n] for n in names)

    @property
    def in_scope(self) -> int:
        return self._n(DIRECT, WRONG, CONFIDENT_WRONG, DECLINED_COVERED, HONEST_DECLINE, OFF_TOPIC_UNCOVERED)

    @property
    def covered(self) -> int:
        return self._n(DIRECT, WRONG, DECLINED_COVERED)

    @property
    def uncovered(self) -> int:
        return self._n(CONFIDENT_WRONG, HONEST_DECLINE, OFF_TOPIC_UNCOVERED)

    @property
    def out(self) -> int:
        return self._n(OUT_DECLINED, OUT_ANSWERED)

    def rates(self) -> dict[str, float]:
        def r(num: int, den: int) -> float:
            return num / den if den else float("nan")

        return {
            "direct answers / all in-scope": r(self.outcomes[DIRECT], self.in_scope),
            "direct answers / covered": r(self.outcomes[DIRECT], self.covered),
            "helpful (direct or honest decline) / in-scope": r(self._n(DIRECT, HONEST_DECLINE), self.in_scope),
            "confident wrong (any wrong passage) / in-scope": r(self._n(WRONG, CONFIDENT_WRONG), self.in_scope),
            "confident wrong / uncovered": r(self.outcomes[CONFIDENT_WRONG], self.uncovered),
            "wrongly declined / covered": r(self.outcomes[DECLINED_COVERED], self.covered),
            "out-of-scope declined": r(self.outcomes[OUT_DECLINED], self.out),
        }
