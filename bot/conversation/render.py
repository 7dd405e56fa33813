"""Turn answers into chat messages (Telegram HTML) or plain terminal text."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from ..retrieval.answer import Answer, AnswerKind, Part
from ..retrieval.corpus import Passage
from ..retrieval.pain import MEDICAL_ADVICE
from ..retrieval.text import trim_to_sentences
from .callbacks import TopicButton, VoteButton
from .model import Button, Reply, esc
from .qa_buttons import MoreButton

OFF_TOPIC = (
    "I'm a strength-training coach, so that one is outside what I know. "
    "Ask me about lifts (hip thrusts, squats, deadlifts, bench, pull-ups), programming, soreness, "
    "eating for training, cardio alongside lifting or training at home."
)
UNKNOWN = "I don't know that one yet."
CLARIFY = "Which one do you mean?"
UNKNOWN_CLOSEST = "The closest topics I do know:"
UNANSWERED = "As for “{}?”: I don't know that one."  # the other question of a two-question message
# One line each, in the user's language where we could write it, with the English after it.
ONLY_ENGLISH_EN = "I only understand English for now. Please ask me in English."
ONLY_ENGLISH = {
    "es": "Por ahora solo entiendo inglés; escríbeme en inglés, por favor.",
    "pt": "Por enquanto só entendo inglês; escreva em inglês, por favor.",
    "fr": "Pour l'instant je ne comprends que l'anglais ; écrivez-moi en anglais, s'il vous plaît.",
    "de": "Ich verstehe vorerst nur Englisch; bitte schreib mir auf Englisch.",
    "it": "Per ora capisco solo l'inglese; scrivimi in inglese, per favore.",
    "nl": "Ik begrijp voorlopig alleen Engels; stel je vraag alsjeblieft in het Engels.",
    "ru": "Пока я понимаю только английский; пожалуйста, напишите по-английски.",
    "uk": "Поки що я розумію лише англійську; будь ласка, напишіть англійською.",
    "ja": "今のところ英語しか分かりません。英語で質問してください。",
    "zh": "目前我只懂英语，请用英语提问。",
    "ko": "지금은 영어만 이해할 수 있어요. 영어로 질문해 주세요.",
    "ar": "أفهم الإنجليزية فقط حاليًا، من فضلك اكتب بالإنجليزية.",
    "el": "Προς το παρόν καταλαβαίνω μόνο αγγλικά· γράψε μου στα αγγλικά, παρακαλώ.",
}


def only_english(language: str) -> str:
    """One line saying only English is understood, in the user's language when we have it."""
    local = ONLY_ENGLISH.get(language)
    return f"🌐 {local} ({ONLY_ENGLISH_EN})" if local else f"🌐 {ONLY_ENGLISH_EN}"


def unknown_line(missing: tuple[str, ...]) -> str:
    """ "I don't know that one yet", naming what we have nothing on when the question named it."""
    if not missing:
        return UNKNOWN
    return f"I don't know about {' or '.join(missing)} yet."


ASK_PROMPT = "What would you like to know? Type your question, e.g. <i>hip thrust and deadlift on the same day?</i>"
EMPTY = "Send me a training question, for example: <i>how far should my feet be for hip thrusts?</i>"


def sets_counted(work: int, warmups: int) -> str:
    """ "3 sets + 4 warm-ups": warm-ups are shown apart and never counted as work, as in the summary."""
    ramp = f" + {warmups} warm-up{'s' if warmups != 1 else ''}" if warmups else ""
    return f"{work} set{'s' if work != 1 else ''}{ramp}"


def passage_token(key: str) -> str:
    """A short stable id for a passage, small enough for Telegram callback data."""
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def _label(section: str) -> str:
    return section if len(section) <= 48 else section[:45].rstrip() + "…"


def topic_button(passage: Passage) -> Button:
    return Button(f"📖 {_label(passage.section)}", TopicButton(passage_token(passage.key)).pack())


def candidate_button(passage: Passage) -> Button:
    """A clarifying question's choice: the article title says which lift "Foot width" is about."""
    label = f"{passage.article_title}: {passage.section}"
    return Button(f"📖 {_label(label)}", TopicButton(passage_token(passage.key)).pack())


def more_button(part: Part) -> Button:
    return Button(
        f"➕ More: {_label(part.passage.section)}",
        MoreButton(passage_token(part.passage.key), part.excerpt.shown).pack(),
    )


def render_part(part: Part) -> str:
    e = esc
    return f"<b>{e(part.passage.section)}</b>\n{e(part.excerpt.text)}\n\n<i>Source: {e(part.passage.citation)}</i>"


def render_more(passage: Passage, rest: str) -> Reply:
    """The rest of a passage after its excerpt (the "More" button)."""
    e = esc
    return Reply(f"<b>{e(passage.section)}</b> (continued)\n{e(rest)}\n\n<i>Source: {e(passage.citation)}</i>")


@dataclass(frozen=True)
class InlineResult:
    """One answer offered in inline mode (@LiftCoachBot question): the Telegram layer only wraps it."""

    id: str
    title: str
    description: str
    html: str


def render_inline(answer: Answer) -> InlineResult:
    assert answer.passage is not None
    passage, e = answer.passage, esc
    return InlineResult(
        id=passage_token(passage.key),
        title=passage.section[:100],
        description=trim_to_sentences(passage.text, 120),
        html=f"<b>{e(passage.section)}</b>\n{e(answer.text)}\n\n<i>Source: {e(passage.citation)}</i>",
    )


def feedback_buttons(question_id: int) -> tuple[Button, ...]:
    return (Button("👍", VoteButton(question_id, 1).pack()), Button("👎", VoteButton(question_id, -1).pack()))


def medical_line(medical: bool) -> str:
    """The line that sends pain to a professional, above any reply to a message that mentions it."""
    return f"⚕️ <i>{esc(MEDICAL_ADVICE)}</i>\n\n" if medical else ""


def render_answer(answer: Answer, question_id: int | None = None) -> Reply:
    e = esc
    if answer.kind is AnswerKind.EMPTY:
        return Reply(EMPTY)
    if answer.kind is AnswerKind.OFF_TOPIC:
        return Reply(e(OFF_TOPIC))
    if answer.kind is AnswerKind.LANGUAGE:
        return Reply(e(only_english(answer.language)))
    medical = medical_line(answer.medical)
    if answer.kind is AnswerKind.CLARIFY:
        return Reply(f"{medical}{e(CLARIFY)}", tuple((candidate_button(p),) for p in answer.related))
    if answer.kind is AnswerKind.UNKNOWN:
        text = f"{medical}{e(unknown_line(answer.missing))}"
        if answer.related:
            text += f" {e(UNKNOWN_CLOSEST)}"
        return Reply(text, tuple((topic_button(p),) for p in answer.related))
    assert answer.passage is not None
    if answer.parts:
        text = medical + "\n\n".join(render_part(p) for p in answer.parts)
        if answer.unanswered:
            text += f"\n\n{e(UNANSWERED.format(answer.unanswered.rstrip(' ?')))}"
    else:
        text = (
            f"{medical}<b>{e(answer.passage.section)}</b>\n{e(answer.text)}\n\n"
            f"<i>Source: {e(answer.passage.citation)}</i>"
        )
    # Related topics first (the first choice stays where it always was), then the rest of this answer.
    rows: list[tuple[Button, ...]] = [(topic_button(p),) for p in answer.related]
    rows += [(more_button(p),) for p in answer.parts if not p.excerpt.complete]
    if question_id is not None:
        rows.append(feedback_buttons(question_id))
    return Reply(text, tuple(rows))


_TAG = re.compile(r"</?(b|i|code|a)(\s[^>]*)?>")


def html_to_plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def render_plain(reply: Reply) -> str:
    """Terminal form of a reply: text, then buttons as numbered choices (#1, #2, ...)."""
    lines = [html_to_plain(reply.text)]
    choices = [b for row in reply.buttons for b in row]
    for i, button in enumerate(choices, 1):
        lines.append(f"  [#{i}] {button.label}")
    return "\n".join(lines)


def render_answer_plain(answer: Answer) -> str:
    return render_plain(render_answer(answer))
