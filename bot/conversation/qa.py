"""Questions and answers as a flow: /ask, free-text questions, topic and vote buttons, inline mode."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

from ..metrics import METRICS
from ..retrieval.answer import Answer, AnswerEngine, AnswerKind
from ..retrieval.corpus import Passage
from ..retrieval.excerpt import rest_of
from ..retrieval.language import ENGLISH, detect_language
from ..retrieval.pain import mentions_pain
from ..retrieval.text import tokens
from ..storage.repository import QuestionStore
from .answer_batcher import AnswerBatcher
from .callbacks import BadCallback, TopicButton, VoteButton
from .flow import STALE_BUTTON, Flow
from .followups import (
    Exchange,
    asks_why,
    detail,
    in_context,
    leans_on_previous,
    might_follow_up,
    only_numbers,
    own_subject,
    resolve,
    search_text,
)
from .model import Button, CallbackOutcome, Reply, User, esc
from .own_log import OwnLog
from .prompts import AddExercise, EditSet
from .qa_buttons import MoreButton
from .render import (
    ASK_PROMPT,
    InlineResult,
    medical_line,
    passage_token,
    render_answer,
    render_inline,
    render_more,
)
from .turn import Turn

NUMBERS_HINT = (
    "That looks like a set or a time, but no workout or question is waiting for one. "
    "To log sets, start a workout: /workout (or <code>/workout squat 3x5 100kg</code>). "
    "To ask something, type the question in words."
)

# Mid-workout: the way back to the set card, and the lift being trained.
WorkoutContext = Callable[[User, str], Awaitable[tuple[Button | None, str | None]]]


class QuestionFlow(Flow):
    commands = ("ask", "stats")
    button_prefixes = ("t", "v", "m")
    personal = False

    def __init__(
        self,
        engine: AnswerEngine,
        questions: QuestionStore,
        *,
        admin_ids: frozenset[int] = frozenset(),
        workout_context: WorkoutContext | None = None,
        own_log: OwnLog | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.engine, self.questions, self.admin_ids = engine, questions, admin_ids
        self.batcher = AnswerBatcher(engine)
        self._workout_context = workout_context
        self._own_log = own_log
        self._clock = clock
        self._passages = {passage_token(key): key for key in engine.passage_keys()}

    async def command(self, turn: Turn, name: str, args: str, message_id: int | None = None) -> list[Reply]:
        user = turn.user
        if name == "stats":
            return [await self.stats(user)]
        return [await self.ask(turn, args)]

    async def on_text(self, turn: Turn, text: str, message_id: int | None = None) -> list[Reply] | None:
        """The last flow asked: any text nobody else is waiting for is a question."""
        context = self._workout_context
        back, about = await context(turn.user, text) if context is not None else (None, None)
        if back is not None and only_numbers(text):  # "1:00" on a card that wants reps: not "no workout is waiting"
            card = f" for {esc(about)}" if about else ""
            return [
                Reply(
                    f"“{esc(text.strip())}” doesn't fit the card{card}, so nothing was logged. "
                    "Type the set the way the card asks, or tap ✅ on it.",
                    ((back,),),
                )
            ]
        answer = await self.ask(turn, text, about=about)
        # The question ended an open correction or /add: say so, so the set typed next is no surprise.
        if isinstance(turn.closed, (EditSet, AddExercise)):
            what = "The set correction" if isinstance(turn.closed, EditSet) else "Adding an exercise"
            closed = f"<i>{what} you started is closed; start it again when you're ready.</i>"
            answer = replace(answer, text=f"{closed}\n\n{answer.text}")
        return [replace(answer, buttons=answer.buttons + ((back,),)) if back is not None else answer]

    async def ask(self, turn: Turn, question: str, *, about: str | None = None) -> Reply:
        """`about`: the lift the user is training right now, for a question that names none
        ("how deep should I go?" mid hip thrust is about the hip thrust, not the squat)."""
        user = turn.user
        if not question.strip():
            return Reply(ASK_PROMPT)
        if only_numbers(question):  # a set or time typed where nothing waits for one: not a follow-up ("... 12?")
            return Reply(NUMBERS_HINT)
        if self._own_log is not None:
            own = await self._own_log.answer(turn, question)
            if own is not None:
                await self.questions.record_question(user.id, question, None, "own_log", 1.0)
                return replace(own, answers_question=True)
        now = self._clock()
        previous = await self._previous(user, question, now)
        resolved = resolve(question, previous)
        started = time.perf_counter()
        earlier: dict[str, Answer] = {}  # the previous question's answer, found at most once per message
        if previous is not None and asks_why(question):
            # The reasons behind the last answer: its section again, so that the rest of it is shown below (a
            # search for "<question> why?" found a neighbour section instead).
            answer = await self._earlier(previous, earlier)
            answer = replace(answer, parts=answer.parts[:1])  # of a two-part answer, the first part's reasons
            resolved = resolved or in_context(question, previous)
        else:
            answer = await self._search(question, resolved, about)
            if resolved is not None:
                answer, resolved = await self._alone_if_enough(question, about, answer, resolved)
        if resolved is None and self._may_lean(question, answer):
            # "how much per day?" or "what should i do instead?" declined on its own: read it against the question
            # before it. Off-topic on its own and with words of its own ("can you order it for me?"), the reading must
            # find something the last answer did not say.
            previous = previous or await self._previous(user, question, now, leaning=True)
            if previous is not None:
                glued = in_context(question, previous)
                # Searched without its "?": with the message's words once more it stays one question, not two.
                alt = await self._search(question, glued.rstrip("?"), about)
                if alt.answered and alt.passage and await self._fits(question, answer, alt.passage, previous, earlier):
                    answer, resolved = alt, glued
        asked = resolved or question
        METRICS.answer_latency.observe(time.perf_counter() - started)
        METRICS.questions.labels(kind=answer.kind.value).inc()
        if answer.kind is AnswerKind.EMPTY:
            return render_answer(answer)
        question_id = await self.questions.record_question(
            user.id,
            asked if resolved else answer.question,
            answer.passage.key if answer.passage else None,
            answer.kind.value,
            answer.confidence,
            # A follow-up keeps the question it followed as the base, so a chain ("and for beginners?",
            # "what about dumbbells?") reads each against it instead of piling the fragments up.
            follow_up_base=(previous.question if resolved and previous else asked) if answer.answered else None,
            at=now,
        )
        reply = render_answer(answer, question_id if answer.answered else None)
        asks_more = resolved is not None and not detail(question).lower().startswith("for ")
        before = await self._same_as_before(answer, previous, earlier) if asks_more and previous is not None else None
        if before is not None:
            # "why?" or "how many?" that finds no other section: the rest of the section the last answer showed
            # part of (where the reasons and numbers usually are; a stranger got "nothing more specific on 'how
            # many'" while the sets were in that section), else say so instead of repeating the answer word for
            # word. ("and for beginners?" getting the same section is an answer: it holds for them too.)
            assert answer.passage is not None
            medical = medical_line(answer.medical or mentions_pain(question))  # the reply's text is replaced
            if remaining := rest_of(answer.passage.text, before):
                rows = tuple(r for r in reply.buttons if not any(b.data.startswith("m:") for b in r))  # shown now
                reply = replace(reply, text=medical + render_more(answer.passage, remaining).text, buttons=rows)
            else:
                # The whole section was shown: say so, and show it again rather than point back ("how much per
                # day?" after creatine got "nothing more specific ... than my last answer", not the 3 to 5 g).
                reply = replace(
                    reply,
                    text=f"<i>My last answer (<b>{esc(answer.passage.section)}</b>) is all I have on "
                    f"“{esc(detail(question))}”; here it is again.</i>\n\n{reply.text}",
                )
        if resolved is not None:
            # Say how a follow-up was read, so a wrong reading is easy to spot and rephrase.
            reply = replace(reply, text=f"<i>Taking that as: {esc(resolved)}</i>\n\n{reply.text}")
        return replace(reply, answers_question=True)

    async def _search(self, question: str, resolved: str | None, about: str | None) -> Answer:
        if resolved is None:
            return await self._in_context(question, about)
        answer = await self._in_context(search_text(question, resolved), about)
        return self.engine.with_detail(answer, detail(question))

    async def _alone_if_enough(
        self, question: str, about: str | None, answer: Answer, resolved: str
    ) -> tuple[Answer, str | None]:
        """A message read as a follow-up that its own words answer: answered alone when the reading found nothing
        ("what about liquid calories like mass gainers?" after push-ups became "should i do too liquid calories",
        declined as off-topic) or the same section (then "Taking that as: how many pull ups should i do reps for
        strength?" only confuses)."""
        alone = await self._in_context(question, about)
        if not alone.answered or alone.passage is None:
            return answer, resolved
        if not answer.answered or (answer.passage is not None and answer.passage.key == alone.passage.key):
            return alone, None
        return answer, resolved

    async def _fits(
        self, question: str, alone: Answer, passage: Passage, previous: Exchange, earlier: dict[str, Answer]
    ) -> bool:
        """Whether a declined message's reading against the last question may answer it: the message brings no
        subject of its own, or the passage speaks of it ("how much per day?" -> "every day"; "can you order it
        from amazon?" finds no "order" or "amazon" in what the last question leads to); off-topic alone, it must
        also find something the last answer did not say."""
        words = own_subject(question)
        if words and not words & set(tokens(f"{passage.section} {passage.text}")):
            return False
        if alone.kind is AnswerKind.UNKNOWN or not words:
            return True
        before = await self._earlier(previous, earlier)
        return not before.answered or before.passage is None or passage.key != before.passage.key

    @staticmethod
    def _may_lean(question: str, answer: Answer) -> bool:
        """Declined on its own, and short or worded like a follow-up ("instead", "that", "and ...")."""
        if answer.kind is AnswerKind.UNKNOWN:
            return might_follow_up(question) or leans_on_previous(question)
        return answer.kind is AnswerKind.OFF_TOPIC and leans_on_previous(question)

    async def _earlier(self, previous: Exchange, earlier: dict[str, Answer]) -> Answer:
        """The answer the previous question got: answered again (the same question gets the same answer), once
        per message however many steps ask for it."""
        if previous.question not in earlier:
            earlier[previous.question] = await self.batcher.answer(previous.question)
        return earlier[previous.question]

    async def _in_context(self, searched: str, about: str | None) -> Answer:
        """The answer, read with the lift being trained when the question needs it: "how deep should I go?" mid
        hip thrust is about the hip thrust. A question answered by general advice stays general: "how long should
        I rest" mid back squat got the back-injury passage once "(back squat)" was added to it."""
        plain = await self.batcher.answer(searched)
        if about is None or (plain.answered and plain.passage and not self.engine.topics.lifts_of(plain.passage)):
            return plain
        lift = " ".join(sorted(self.engine.topics.lifts_in(about))) or about  # "squat", never "back"
        return await self.batcher.answer(f"{searched} ({lift})")

    async def _same_as_before(self, answer: Answer, previous: Exchange, earlier: dict[str, Answer]) -> int | None:
        """When a follow-up's answer is the single passage the question it follows got (answered again: the same
        question gets the same answer, and only a short follow-up pays for it), the pieces that answer showed of
        it (Excerpt.shown); else None."""
        if not answer.answered or answer.passage is None or len(answer.parts) > 1:
            return None
        before = await self._earlier(previous, earlier)
        if not before.answered or before.passage is None or before.passage.key != answer.passage.key:
            return None
        return before.parts[0].excerpt.shown if before.parts else 0

    async def _previous(self, user: User, text: str, now: datetime, *, leaning: bool = False) -> Exchange | None:
        """The exchange a short message may follow up, if it was recent (one read, only for short messages, or
        with `leaning` for a declined message that leans on the one before)."""
        if not (leaning or might_follow_up(text)) or detect_language(text) != ENGLISH:
            return None  # a message in another language gets the language line, not "Taking that as: ..."
        last = await self.questions.last_exchange(user.id)
        exchange = Exchange(*last) if last is not None else None
        return exchange if exchange is not None and exchange.recent(now) else None

    async def stats(self, user: User) -> Reply:
        if user.id not in self.admin_ids:
            return Reply("Sorry, /stats is only for the bot's maintainers.")
        s = await self.questions.question_stats()
        return Reply(
            "<b>LiftCoach stats</b>\n"
            f"Users: {s.users}\nQuestions: {s.questions}\nAnswered: {s.answered} ({s.answer_rate:.0%})\n"
            f"Feedback: 👍 {s.upvotes} · 👎 {s.downvotes}"
        )

    async def inline_results(self, text: str) -> list[InlineResult]:
        answers = await asyncio.to_thread(self.engine.top_answers, text, 5)
        return [render_inline(answer) for answer in answers]

    async def on_button(
        self, turn: Turn, data: str, tap_id: str | None = None, message_id: int | None = None
    ) -> CallbackOutcome:
        user = turn.user
        kind, _, rest = data.partition(":")
        if kind == "t":
            return await self._topic(user, rest)
        if kind == "m":
            return self._more(rest)
        return await self._vote(user, rest)

    async def _topic(self, user: User, rest: str) -> CallbackOutcome:
        try:
            key = self._passages.get(TopicButton.unpack(rest).token)
        except BadCallback:
            return CallbackOutcome(toast=STALE_BUTTON)
        answer = self.engine.lookup(key) if key else None
        if answer is None or answer.passage is None:
            return CallbackOutcome(toast=STALE_BUTTON)
        # A tapped topic (a clarifying question's candidate, too) is what a follow-up refers to.
        question_id = await self.questions.record_question(
            user.id,
            f"[topic] {answer.passage.section}",
            key,
            "answer",
            1.0,
            follow_up_base=answer.passage.as_question,
            at=self._clock(),
        )
        return CallbackOutcome([render_answer(answer, question_id)])

    def _more(self, rest: str) -> CallbackOutcome:
        try:
            button = MoreButton.unpack(rest)
        except BadCallback:
            return CallbackOutcome(toast=STALE_BUTTON)
        key = self._passages.get(button.token)
        passage = self.engine.passage(key) if key else None
        if passage is None:
            return CallbackOutcome(toast=STALE_BUTTON)
        remaining = rest_of(passage.text, button.shown)
        if not remaining:
            return CallbackOutcome(toast="That was all of it.")
        return CallbackOutcome([render_more(passage, remaining)])

    async def _vote(self, user: User, rest: str) -> CallbackOutcome:
        # ASCII digits only ("²".isdigit() is true, int("٣") is 3) and within a 64-bit id: forged
        # data like v:99999999999999999999:1 is a stale button, not an OverflowError in the database.
        try:
            b = VoteButton.unpack(rest)
        except BadCallback:
            return CallbackOutcome(toast=STALE_BUTTON)
        if not await self.questions.record_vote(b.question, user.id, b.vote):
            return CallbackOutcome(toast=STALE_BUTTON)
        return CallbackOutcome(
            toast="Thanks! That helps me improve." if b.vote == 1 else "Thanks, noted: I'll work on that answer."
        )
