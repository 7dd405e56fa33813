"""Non-English messages get one line saying only English is understood (not "off-topic")."""

import glob
import time

import pytest
import yaml
from support.paths import REPO

from bot.conversation.render import ONLY_ENGLISH, render_answer
from bot.retrieval.answer import AnswerKind
from bot.retrieval.language import detect_language


@pytest.mark.parametrize(
    "text, language",
    [
        ("¿Cuántas series de hip thrust debo hacer?", "es"),
        ("como se dice hip thrust", "es"),
        ("hola", "es"),
        ("Как правильно делать становую тягу?", "ru"),
        ("hip thrust как делать", "ru"),
        ("як робити присідання", "uk"),
        ("ヒップスラストの足の位置は？", "ja"),
        ("臀推怎么做", "zh"),
        ("힙 쓰러스트 자세", "ko"),
        ("Wie viele Sätze Kniebeugen soll ich machen?", "de"),
        ("Combien de séries de squats pour les fessiers ?", "fr"),
        ("Quantas séries de agachamento devo fazer?", "pt"),
        ("quante serie di squat devo fare per i glutei", "it"),
        ("hoeveel sets moet ik doen voor mijn billen", "nl"),
        ("hip thrust feet?", "en"),
        ("db or bb for hip thrusts??", "en"),
        ("I feel like I'm gonna die after squats", "en"),
        ("de-load week?", "en"),
        ("RDL vs SLDL", "en"),
        ("5x5 or 3x10? 💪", "en"),
        ("🍑🍑🍑", "en"),
    ],
)
def test_detects_the_language(text, language):
    assert detect_language(text) == language


def test_no_english_question_in_our_eval_sets_is_taken_for_another_language():
    questions = []
    for path in glob.glob(str(REPO / "tests" / "eval" / "*.yaml")) + [
        str(REPO / "tests" / "eval" / "real" / "questions.yaml")
    ]:
        questions += [item["q"] for item in yaml.safe_load(open(path, encoding="utf-8")) or []]
    assert len(questions) > 500
    assert [q for q in questions if detect_language(q) != "en"] == []


def test_detection_is_linear_time_on_4096_chars():
    samples = ["é" * 4096, "de " * 1365, "ж" * 4096, ("hip thrust как " * 400)[:4096], "¿" * 4096]
    start = time.perf_counter()
    for text in samples:
        detect_language(text)
    assert (time.perf_counter() - start) / len(samples) < 0.05


@pytest.mark.parametrize(
    "question, language",
    [
        ("¿Cuántas series de hip thrust debo hacer?", "es"),
        ("Как делать становую тягу?", "ru"),
        ("ヒップスラストの足の位置は？", "ja"),
    ],
)
def test_the_engine_says_only_english_in_that_language_and_not_off_topic(real_engine, question, language):
    answer = real_engine.answer(question)
    assert answer.kind is AnswerKind.LANGUAGE and answer.language == language
    reply = render_answer(answer)
    assert ONLY_ENGLISH[language] in reply.text and "\n" not in reply.text and "English" in reply.text
    assert not reply.buttons


def test_an_unnamed_language_still_gets_the_english_line(real_engine):
    answer = real_engine.answer("ทำฮิปทรัสต์ยังไง")  # Thai: detected, no Thai text of ours
    assert answer.kind is AnswerKind.LANGUAGE
    assert "only understand English" in render_answer(answer).text
