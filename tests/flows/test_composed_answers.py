"""Two-part questions answered from both sections, excerpts trimmed to what answers, and the More button."""

from datetime import UTC, datetime

import pytest

from bot.composition import wire_coach
from bot.conversation.model import User
from bot.conversation.qa_buttons import MoreButton
from bot.conversation.render import passage_token
from bot.retrieval.excerpt import excerpt, pieces, rest_of

ANN = User(id=31, chat_id=31, first_name="Ann")


@pytest.fixture
async def coach(real_engine, sqlite_repo):
    return wire_coach(real_engine, sqlite_repo, {}, lambda: datetime(2026, 12, 1, tzinfo=UTC))


def buttons(reply):
    return [b for row in reply.buttons for b in row]


def sources(text):
    return [line.split("Source: ", 1)[1].removesuffix("</i>") for line in text.split("\n") if "Source: " in line]


async def test_hip_thrust_and_deadlift_which_first_is_answered_from_both_sections(coach):
    reply = (await coach.text(ANN, "hip thrust and deadlift same day, which first?"))[0]
    cited = sources(reply.text)
    assert len(cited) == 2 and len(set(cited)) == 2
    assert any("same day" in c for c in cited)
    assert any("first" in c.lower() for c in cited)


async def test_sets_and_reps_for_bench_cites_two_sections(coach):
    reply = (await coach.text(ANN, "how many sets and reps for bench?"))[0]
    cited = sources(reply.text)
    assert len(cited) == 2 and len(set(cited)) == 2
    assert cited[0].startswith("Bench press › ")
    assert reply.text.count("<b>") == 2  # two short parts, each under its own heading


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # Two articles: one search for the whole message never ranked the rest section with the squat one.
        (
            "should i squat or deadlift first and how long should i rest?",
            [
                "Training frequency and workout splits › Can I squat and deadlift on the same day, and which goes"
                " first?",
                "Rest between sets › Rest after heavy, low-rep sets",
            ],
        ),
        # The second question names nothing: it is about the protein (it used to get only the timing section).
        (
            "how much protein do i need and does timing matter?",
            [
                "Protein for lifters › How much protein you need",
                "Protein for lifters › Spreading protein through the day",
            ],
        ),
        (
            "is creatine safe? how much should i take",
            ["Creatine › Is creatine safe?", "Creatine › How to take creatine"],
        ),
    ],
)
async def test_a_two_question_message_gets_each_questions_own_answer(coach, message, expected):
    # The whole message's own answer leads, so the order follows its scores (a near tie for protein): both, once each.
    reply = (await coach.text(ANN, message))[0]
    cited = sources(reply.text)
    assert sorted(cited) == sorted(expected) and len(cited) == 2


async def test_one_answerable_question_of_two_is_answered_and_the_other_named(coach):
    # The whole message used to be called off-topic because of the fishing rod.
    reply = (await coach.text(ANN, "how much protein do i need and what is the best fishing rod?"))[0]
    assert sources(reply.text) == ["Protein for lifters › How much protein you need"]
    assert reply.text.endswith("As for “what is the best fishing rod?”: I don't know that one.")


async def test_a_vague_clause_does_not_replace_the_whole_messages_answer(coach):
    # Split, the first clause alone ("which exercise is the better choice ...") found a supplements passage.
    message = (
        "Which exercise is the better choice in regards to building muscle and strength, "
        "is it the barbell or the dumbbell row?"
    )
    reply = (await coach.text(ANN, message))[0]
    assert sources(reply.text) == ["Rows for the upper back › Barbell row or dumbbell row, which is better?"]


async def test_two_off_topic_questions_stay_off_topic(coach):
    reply = (await coach.text(ANN, "how do i fix a leaking tap? what is the best fishing rod"))[0]
    assert sources(reply.text) == [] and "outside what I know" in reply.text


async def test_a_one_part_question_gets_one_passage(coach):
    reply = (await coach.text(ANN, "how far should my feet be for hip thrusts?"))[0]
    assert len(sources(reply.text)) == 1


async def test_more_button_sends_the_rest_of_the_passage(coach, real_engine):
    question = "hip thrust and deadlift same day, which first?"
    reply = (await coach.text(ANN, question))[0]
    more = [b for b in buttons(reply) if b.data.startswith("m:")]
    assert more and all(b.label.startswith("➕ More: ") for b in more)
    button = MoreButton.unpack(more[0].data[2:])
    key = next(k for k in real_engine.passage_keys() if passage_token(k) == button.token)
    passage = real_engine.passage(key)
    assert more[0].label.removeprefix("➕ More: ").rstrip("…") in passage.section

    outcome = await coach.callback(ANN, more[0].data)
    sent = outcome.replies[0].text
    assert sent.startswith(f"<b>{passage.section}</b> (continued)")
    assert f"Source: {passage.citation}" in sent
    # What was shown plus what More sent is the whole passage, each sentence exactly once.
    shown_and_rest = [p for i, p in enumerate(pieces(passage.text)) if button.shown >> i & 1]
    rest = [p for i, p in enumerate(pieces(passage.text)) if not button.shown >> i & 1]
    assert rest and all(p in sent for p in rest)
    assert not any(p in sent for p in shown_and_rest if p not in rest)
    assert all(p.split(". ")[0] in reply.text for p in shown_and_rest)


async def test_forged_more_buttons_are_stale(coach):
    for data in ("m:zzzzzzzzzzzz:1", "m:0123456789ab:1", "m:0123456789ab", "m:" + "a" * 12 + ":" + "f" * 20):
        outcome = await coach.callback(ANN, data)
        assert outcome.replies == [] and "older message" in outcome.toast


def test_excerpt_keeps_the_opening_and_the_sentences_that_share_the_questions_words():
    text = (
        "Deadlift first if strength is the goal. "
        "Warm up with a few lighter sets before the first work set. "
        "Hip thrusts after deadlifts need less load because the glutes are tired. "
        "Sleep well the night before. "
        "Eat a normal meal two hours before training. "
        "Drink water through the session and keep the rest periods honest. "
        "Write down every set you do so that next week you know what to beat, and add weight slowly. "
        "Keep the bar close to your legs on every rep and brace before each pull."
    )
    assert len(text) > 450
    cut = excerpt(text, "how heavy should hip thrusts be after deadlifts?", budget=120)
    assert cut.text.startswith("Deadlift first if strength is the goal.")
    assert "Hip thrusts after deadlifts need less load" in cut.text
    assert "Sleep well" not in cut.text and not cut.complete
    rest = rest_of(text, cut.shown)
    assert "Sleep well the night before." in rest and "Deadlift first" not in rest


def test_a_short_passage_is_shown_whole():
    cut = excerpt("One sentence. Two sentences.", "anything")
    assert cut.complete and cut.text == "One sentence. Two sentences."
    assert rest_of("One sentence. Two sentences.", cut.shown) == ""
