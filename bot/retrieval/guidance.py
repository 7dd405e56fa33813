"""Form cues and swap options per exercise, taken from the articles when the index is built, so the
running bot reads them with the index instead of parsing knowledge/ a second time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .corpus import Corpus


class GuidanceSource(Protocol):
    def cues_for(self, exercise: str) -> list[str]: ...
    def alternatives_for(self, exercise: str) -> list[str]: ...


@dataclass(frozen=True)
class ExerciseGuidance:
    cues: dict[str, list[str]] = field(default_factory=dict)
    alternatives: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> ExerciseGuidance:
        names = sorted({name for a in corpus.articles for name in a.meta.exercises})
        return cls(
            {n: corpus.cues_for(n) for n in names if corpus.cues_for(n)},
            {n: corpus.alternatives_for(n) for n in names if corpus.alternatives_for(n)},
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExerciseGuidance:
        return cls({k: list(v) for k, v in data["cues"].items()}, {k: list(v) for k, v in data["alternatives"].items()})

    def to_json(self) -> dict[str, Any]:
        return {"cues": self.cues, "alternatives": self.alternatives}

    def cues_for(self, exercise: str) -> list[str]:
        return list(self.cues.get(exercise.lower(), ()))

    def alternatives_for(self, exercise: str) -> list[str]:
        return list(self.alternatives.get(exercise.lower(), ()))
