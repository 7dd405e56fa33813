"""Turn search hits into an answer: the best passage, its source, related topics, or an honest abstention."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .aspects import answers_exercise_choice, asks_exercise_choice
from .audience import fits_audience
from .background import asking_part
from .compose import (
    Split,
    article_over_glossary,
    aspect_words,
    bare_lift_meanings,
    clarify_candidates,
    is_tie,
    may_join,
    second_part,
    split_question,
)
from .corpus import Passage
from .excerpt import EXCERPT_CHARS, Excerpt, excerpt
from .guidance import ExerciseGuidance
from .language import ENGLISH, detect_language
from .names import NameGuard
from .pain import mentions_pain
from .search import Hit, HybridSearcher
from .text import tokens, trim_to_sentences
from .topics import TopicGuard, general_diet, not_about_training


class AnswerKind(StrEnum):
    ANSWER = "answer"
    UNKNOWN = "unknown"  # looks like training, but nothing we wrote answers it well enough
    OFF_TOPIC = "off_topic"  # not about training at all
    EMPTY = "empty"  # nothing to search for
    LANGUAGE = "language"  # not in English: we say we only understand English for now
    CLARIFY = "clarify"  # could mean passages about different lifts: `related` are the candidates to pick from


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.56  # fused score the top hit needs to be given as an answer
    off_topic: float = 0.30  # below this best dense similarity the question is not about training


@dataclass(frozen=True)
class Part:
    """One passage of an answer and the sentences of it that are shown."""

    passage: Passage
    excerpt: Excerpt


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    question: str
    passage: Passage | None = None
    text: str = ""
    related: tuple[Passage, ...] = ()
    medical: bool = False
    confidence: float = 0.0
    hits: tuple[Hit, ...] = field(default=(), repr=False)
    language: str = "en"  # detected language of the question (ISO 639-1, or "other")
    parts: tuple[Part, ...] = ()  # the answering passage, then a second one for a two-part question
    missing: tuple[str, ...] = ()  # exercises, lifts or sports it names that no passage is about
    unanswered: str = ""  # the question of a two-question message that got no answer (the other one did)

    @property
    def answered(self) -> bool:
        return self.kind is AnswerKind.ANSWER


_COMPOSABLE = frozenset({AnswerKind.ANSWER, AnswerKind.UNKNOWN, AnswerKind.OFF_TOPIC})

# Requests for another kind of assistant. They can name a lift ("translate 'good morning'"), so
# retrieval alone would answer them with that lift.
NOT_A_TRAINING_REQUEST = re.compile(
    r"^\W*(?:(?:can|could|would) you\s+|please\s+)?(?:translate|write (?:me )?(?:a|an|some) (?:poem|story|song|essay"
    r"|email|letter|limerick|haiku)"
    r"|tell me a (?:joke|story)|what(?:'s| is) the weather)\b",
    re.IGNORECASE,
)
ANSWER_CHARS = 900
PART_CHARS = 300  # each half of a two-part answer is shorter, so the whole stays one screen
HITS = 10  # hits considered per question: enough that topic filtering still leaves related topics


RUNNER_UP = 2  # how far below the ranking encoder's first choice a confident candidate may sit


def confident_first(fitting: list[Hit], threshold: float) -> list[Hit]:
    """The ranking encoder orders, the packaged encoder's score decides (search.RankingEncoder). When its first
    choice scores below the answer threshold but the next one or two clear it, answer with the confident one
    rather than decline a question whose answer ranked a place lower."""
    if not fitting or fitting[0].score >= threshold:
        return fitting
    for i, hit in enumerate(fitting[1 : 1 + RUNNER_UP], start=1):
        if hit.score >= threshold:
            return [hit, *fitting[:i], *fitting[i + 1 :]]
    return fitting


class AnswerEngine:
    def __init__(
        self,
        searcher: HybridSearcher,
        thresholds: Thresholds | None = None,
        max_question_chars: int = 500,
        clarify_ties: bool = True,
    ):
        self.searcher = searcher
        self.thresholds = thresholds or Thresholds()
        self.max_question_chars = max_question_chars
        self.clarify_ties = clarify_ties
        self.topics = TopicGuard(searcher.index.passages)
        self.names = NameGuard(searcher.index.passages, searcher.index.names)
        self._by_key = {p.key: p for p in searcher.index.passages}

    def clean(self, question: str) -> str:
        # Long inputs are cut before retrieval: the encoder only reads ~256 tokens anyway.
        return " ".join(question.split())[: self.max_question_chars]

    def answer(self, question: str) -> Answer:
        cleaned = self.clean(question)
        if not _has_words(cleaned):
            return Answer(AnswerKind.EMPTY, question)
        return self.answer_many([cleaned])[0]

    def composed(self, whole: Answer, searched: dict[str, list[Hit]] | None = None) -> Answer:
        """A two-question message answered from each question's own search (one search for the whole message
        never ranked an answer to the second from another article). When the whole message had an answer, it
        leads and the other question's answer joins it (compose.may_join). Without one: both answers, or the
        one there is, naming the question it could not answer ("how much protein, and the best fishing rod?")."""
        split = split_question(whole.question)
        if split is None or whole.kind not in _COMPOSABLE:
            return whole
        searches, known = _split_searches(split), dict(searched or {})
        if missing := [q for q in searches if q not in known]:
            known |= dict(zip(missing, self.searcher.search_many(missing, k=HITS), strict=True))
        first, second, *alone = (self.decide(q, known[q]) for q in searches)
        if alone and alone[0].answered and (not second.answered or alone[0].confidence >= second.confidence):
            second = alone[0]
        answered = [(a, q) for a, q in ((first, split.first), (second, second.question)) if a.passage and a.answered]
        if len(answered) == 2 and first.passage == second.passage or not answered:
            return whole
        if whole.answered:
            if len(answered) == 1 or whole.passage not in (first.passage, second.passage):
                return whole
            answered.sort(key=lambda aq: aq[0].passage != whole.passage)  # the whole message's answer first
            lead, (other, asked) = answered[0][0].passage, answered[1]
            if lead is None or other.passage is None or not may_join(asked, other.passage, lead):
                return whole
        parts = tuple(Part(a.passage, excerpt(a.passage.text, q, PART_CHARS)) for a, q in answered if a.passage)
        shown = {p.passage.key for p in parts}
        related = [p for p in (*whole.related, *answered[0][0].related) if p.key not in shown]
        return replace(
            whole,
            kind=AnswerKind.ANSWER,
            passage=parts[0].passage,
            text=parts[0].excerpt.text,
            related=tuple(dict.fromkeys(related))[:3],
            medical=any(a.medical for a in (whole, first, second)),
            confidence=min(a.confidence for a, _ in answered),
            parts=parts,
            missing=(),
            unanswered="" if len(parts) == 2 else split.second if first.answered else split.first,
        )

    def answer_many(self, questions: list[str]) -> list[Answer]:
        """Answers in one encoder call, the questions of a two-question message among them (composed)."""
        cleaned = [self.clean(q) for q in questions]
        searchable = [q for q in cleaned if _has_words(q)]
        queries = list(dict.fromkeys(q for c in searchable for q in (c, *_split_searches(split_question(c)))))
        searched = dict(zip(queries, self.searcher.search_many(queries, k=HITS), strict=True)) if queries else {}
        return [
            self.composed(self.decide(q, searched[q]), searched) if _has_words(q) else Answer(AnswerKind.EMPTY, q)
            for q in cleaned
        ]

    def with_detail(self, answer: Answer, detail: str) -> Answer:
        """A follow-up's detail ("feet?" after a bench-grip question) is what its answer must be about. When the
        chosen section's heading and phrasings lack the detail's words and another answerable hit on the same
        subject has them, that one answers: the previous question's words otherwise outweigh the detail. The
        same subject is the same article, or the same lift when the detail names a thing ("feet?", "what about
        dumbbells?": the hip thrust's setup and variants are articles of their own). A "for ..." detail ("and
        for beginners?") qualifies the question before it, so it stays in the chosen section's article."""
        asked = set(tokens(detail))
        chosen = answer.passage
        if not asked or not answer.answered or chosen is None or asked & aspect_words(chosen):
            return answer
        hits = list(answer.hits)
        lifts = frozenset() if detail.lower().startswith("for ") else self.topics.lifts_of(chosen)
        for hit in hits[1:5]:
            if (
                (hit.passage.article_id == chosen.article_id or lifts & self.topics.lifts_of(hit.passage))
                and asked & aspect_words(hit.passage)
                and hit.score >= self.thresholds.answer
            ):
                return self.decide(answer.question, [hit, *(h for h in hits if h is not hit)])
        return answer

    def decide(self, question: str, hits: list[Hit], thresholds: Thresholds | None = None) -> Answer:
        limits = thresholds or self.thresholds
        language = detect_language(question)
        if language != ENGLISH:
            return Answer(AnswerKind.LANGUAGE, question, language=language, hits=tuple(hits))
        medical = mentions_pain(question)
        if (meanings := bare_lift_meanings(question)) and len(found := self._meaning_passages(meanings)) >= 2:
            return self._clarify(question, found, medical, hits[0].score if hits else 0.0, hits)
        if not hits:
            return Answer(AnswerKind.UNKNOWN, question, medical=medical)
        best = hits[0]
        best_dense = max(h.dense for h in hits)
        if (best_dense < limits.off_topic or NOT_A_TRAINING_REQUEST.search(question)) and not medical:
            return Answer(AnswerKind.OFF_TOPIC, question, confidence=best.score, hits=tuple(hits))
        asked = self.topics.asked(question)
        if (general_diet(question, asked) or not_about_training(question)) and not medical:
            return Answer(AnswerKind.OFF_TOPIC, question, confidence=best.score, hits=tuple(hits))
        named = self.names.asked(question)
        if self.topics.unknown_only(asked) or self.names.unknown(named):
            # It names a lift, sport or subject no passage is about: any answer would be about something else.
            return replace(self._unknown(question, hits, medical), missing=tuple(sorted(self.names.unknown(named))))
        fitting, aspect_unanswered = self.fitting(question, asked, named, hits, limits.answer)
        if (
            not fitting
            and (asking := asking_part(question)) is not None
            and (narrow := self.topics.asked(asking)) != asked
        ):
            asked = narrow  # a topic named only in the story before the question does not rule out every answer
            fitting, aspect_unanswered = self.fitting(question, asked, named, hits, limits.answer)
        if aspect_unanswered:
            # A comparison or a choice of exercises nothing we wrote answers: the nearest passages are
            # offered as topics, not given as the answer.
            return self._unknown(question, fitting or hits, medical, confidence=best.score, all_hits=hits)
        fitting = confident_first(fitting, limits.answer)
        if not fitting or fitting[0].score < limits.answer:
            candidates = clarify_candidates(asked, fitting or hits, self.topics, limits.answer)
            if candidates:
                return self._clarify(question, candidates, medical, best.score, hits)
            return self._unknown(question, fitting or hits, medical, confidence=best.score, all_hits=hits)
        if self.clarify_ties:
            candidates = clarify_candidates(asked, fitting, self.topics, limits.answer)
            if is_tie(question, fitting, candidates):
                return self._clarify(question, candidates, medical, best.score, hits)
        fitting = article_over_glossary(fitting, limits.answer)
        best = fitting[0]
        second = second_part(question, fitting, limits.answer, asked)
        budget = PART_CHARS if second else EXCERPT_CHARS
        parts = tuple(Part(h.passage, excerpt(h.passage.text, question, budget)) for h in (best, second) if h)
        shown = {p.passage.key for p in parts}
        # Related topics follow the same rule: no "Programming good mornings" under an answer about breakfast.
        related = tuple(h.passage for h in fitting if h.passage.key not in shown)[:3]
        return Answer(
            AnswerKind.ANSWER,
            question,
            passage=best.passage,
            text=parts[0].excerpt.text,
            related=related,
            medical=medical,
            confidence=best.score,
            hits=tuple(hits),
            parts=parts,
        )

    def fitting(
        self, question: str, asked: frozenset[str], named: frozenset[str], hits: list[Hit], threshold: float
    ) -> tuple[list[Hit], bool]:
        """The hits about what was asked, and whether an asked aspect (a comparison, a choice of
        exercises) has no passage that answers it or none that scores well enough."""
        fitting = [h for h in hits if self.topics.agrees(asked, h.passage)]
        fitting = [h for h in fitting if fits_audience(h.passage, question)]  # for runners, for women: audience.py
        if compared := self.names.compared(question, named):
            # "RDL or deadlift?" is not answered by "RDL versus stiff-legged deadlift".
            narrowed = [h for h in fitting if self.names.may_compare(compared, h.passage)]
        elif not named and (muscles := asks_exercise_choice(question)):
            # "Best exercise for my glutes?" is not answered by a passage that only mentions glutes.
            narrowed = [h for h in fitting if answers_exercise_choice(h.passage, muscles)]
        else:
            return fitting, False
        return narrowed, not narrowed or narrowed[0].score < threshold

    def _meaning_passages(self, meanings: tuple[str, ...]) -> tuple[Passage, ...]:
        """For each lift a bare word may mean, the best passage about that lift (searched by its name)."""
        found: list[Passage] = []
        for meaning, hits in zip(meanings, self.searcher.search_many(list(meanings), k=5), strict=True):
            lifts = self.topics.lifts_in(meaning)
            passage = next((h.passage for h in hits if self.topics.lifts_of(h.passage) & lifts), None)
            if passage is not None and passage not in found:
                found.append(passage)
        return tuple(found)

    @staticmethod
    def _clarify(
        question: str, candidates: tuple[Passage, ...], medical: bool, confidence: float, hits: list[Hit]
    ) -> Answer:
        return Answer(
            AnswerKind.CLARIFY, question, related=candidates, medical=medical, confidence=confidence, hits=tuple(hits)
        )

    @staticmethod
    def _unknown(
        question: str, hits: list[Hit], medical: bool, confidence: float = 0.0, all_hits: list[Hit] | None = None
    ) -> Answer:
        closest = tuple(h.passage for h in hits[:3])
        return Answer(
            AnswerKind.UNKNOWN,
            question,
            related=closest,
            medical=medical,
            confidence=confidence,
            hits=tuple(all_hits or hits),
        )

    def top_answers(self, question: str, k: int = 5) -> list[Answer]:
        """Several confident answers at once (inline mode offers a choice)."""
        cleaned = self.clean(question)
        if not _has_words(cleaned):
            return []
        hits = self.searcher.search(cleaned, k=k)
        best = self.decide(cleaned, hits)
        if not best.answered:
            return []
        asked = self.topics.asked(cleaned)
        return [
            Answer(
                AnswerKind.ANSWER,
                cleaned,
                passage=h.passage,
                text=trim_to_sentences(h.passage.text, ANSWER_CHARS),
                confidence=h.score,
            )
            for h in hits
            if h.score >= self.thresholds.answer and self.topics.agrees(asked, h.passage)
        ]

    @property
    def guidance(self) -> ExerciseGuidance:
        """Form cues and swaps per exercise from the articles (built into the index)."""
        return self.searcher.index.guidance

    def passage_keys(self) -> list[str]:
        return [p.key for p in self.searcher.index.passages]

    def passage(self, key: str) -> Passage | None:
        return self._by_key.get(key)

    def explain(self, question: str, k: int = 10) -> dict[str, Any]:
        """The decision and the ranked passages with their scores (`coach ask --json`)."""
        cleaned = self.clean(question)
        hits = self.searcher.search(cleaned, k=k)
        answer = self.decide(cleaned, hits)
        return {
            "question": question,
            "decision": answer.kind.value,
            "medical": answer.medical,
            "results": [
                {
                    "key": h.passage.key,
                    "citation": h.passage.citation,
                    "score": round(h.score, 4),
                    "dense": round(h.dense, 4),
                    "bm25": round(h.sparse, 4),
                }
                for h in hits
            ],
        }

    def lookup(self, passage_key: str) -> Answer | None:
        """Answer with a known passage directly (a tapped "related topic" button)."""
        passage = self.passage(passage_key)
        if passage is None:
            return None
        hits = [
            h
            for h in self.searcher.search(f"{passage.article_title} {passage.section}", k=5)
            if h.passage.key != passage_key
        ]
        return Answer(
            AnswerKind.ANSWER,
            passage.section,
            passage=passage,
            text=trim_to_sentences(passage.text, ANSWER_CHARS),
            related=tuple(h.passage for h in hits[:3]),
            confidence=1.0,
        )


def _split_searches(split: Split | None) -> list[str]:
    """What a two-question message's questions are searched with: the first, the second with the subject it
    leans on, and the second as asked ("how much water do i need" does better alone than with the first's "eat")."""
    return list(dict.fromkeys([split.first, split.second_search, split.second])) if split else []


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
