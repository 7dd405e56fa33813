"""The transport-neutral coach: questions, related topics, feedback, admin stats."""

import pytest

from bot.conversation.coach import Coach, parse_command
from bot.conversation.model import User
from bot.conversation.qa import QuestionFlow
from bot.conversation.render import passage_token

ANN = User(id=11, chat_id=11, first_name="Ann")
ADMIN = User(id=99, chat_id=99, first_name="Root")


@pytest.fixture
async def coach(fixture_engine, sqlite_repo):
    return Coach(QuestionFlow(fixture_engine, sqlite_repo.questions, admin_ids=frozenset({ADMIN.id})), sqlite_repo)


def buttons(reply):
    return [b for row in reply.buttons for b in row]


async def test_answer_cites_source_and_offers_related_topics_and_feedback(coach):
    reply = await coach.ask(ANN, "can I use a dumbbell for hip thrusts?")
    assert "<b>Can I use a dumbbell?</b>" in reply.text
    assert "Source: Demo hip thrust › Can I use a dumbbell?" in reply.text
    data = [b.data for b in buttons(reply)]
    assert any(d.startswith("t:") for d in data)
    assert data[-2:] == ["v:1:1", "v:1:-1"]
    stats = await coach.storage.questions.question_stats()
    assert (stats.questions, stats.answered) == (1, 1)


async def test_off_topic_is_declined_politely_and_logged(coach):
    reply = await coach.ask(ANN, "what's the bitcoin price today")
    assert "outside what I know" in reply.text and not reply.buttons
    stats = await coach.storage.questions.question_stats()
    assert (stats.questions, stats.answered) == (1, 0)


@pytest.mark.parametrize("text", ["hi", "Hello there!", "good morning coach 👋", "Good evening, everyone", "hey bot"])
async def test_greetings_get_a_greeting_not_an_answer(coach, text):
    [reply] = await coach.text(ANN, text)
    assert reply.text.startswith("Hi!") and "/workout" in reply.text
    assert (await coach.storage.questions.question_stats()).questions == 0  # small talk is not logged as a question


@pytest.mark.parametrize(
    "text", ["thanks", "Thank you so much!", "thanks a lot coach 🙏", "many thanks", "cheers mate"]
)
async def test_thanks_get_a_welcome(coach, text):
    [reply] = await coach.text(ANN, text)
    assert reply.text.startswith("You're welcome")


@pytest.mark.parametrize(
    "text",
    [
        "how do I do a good morning?",
        "good mornings or RDLs?",
        "hi, can I use a dumbbell for hip thrusts?",
        "thanks, and how many sets of hip thrusts?",
    ],
)
async def test_questions_that_start_like_small_talk_are_answered(coach, text):
    [reply] = await coach.text(ANN, text)
    assert not reply.text.startswith(("Hi!", "You're welcome"))
    assert (await coach.storage.questions.question_stats()).questions == 1


@pytest.mark.parametrize(
    "text", ["translate 'good morning'", "Can you write me a poem about squats?", "tell me a joke about deadlifts"]
)
async def test_requests_for_another_kind_of_assistant_are_declined_even_when_they_name_a_lift(coach, text):
    reply = await coach.ask(ANN, text)
    assert "outside what I know" in reply.text


async def test_medical_question_gets_professional_advice(coach):
    reply = await coach.ask(ANN, "sharp pain in my knee during hip thrusts, where should my feet go?")
    assert "physiotherapist or sports-medicine doctor" in reply.text


async def test_tapping_a_related_topic_answers_it(coach, fixture_engine):
    passage = next(p for p in fixture_engine.searcher.index.passages if p.section == "Foot position")
    outcome = await coach.callback(ANN, f"t:{passage_token(passage.key)}")
    assert "<b>Foot position</b>" in outcome.replies[0].text


async def test_votes_are_recorded_and_forged_votes_change_nothing(coach):
    await coach.ask(ANN, "db hip thrust ok?")
    assert "Thanks" in (await coach.callback(ANN, "v:1:-1")).toast
    for forged in ["v:999:1", "v:1:7", "v:abc:1", "v::", "t:nope", "zz", "", "w:" + "x" * 60]:
        outcome = await coach.callback(ANN, forged)
        assert outcome.replies == [] and "older message" in outcome.toast
    stats = await coach.storage.questions.question_stats()
    assert (stats.downvotes, stats.upvotes) == (1, 0)


async def test_stats_only_for_admins(coach):
    assert "only for the bot's maintainers" in (await coach.command(ANN, "stats", ""))[0].text
    await coach.ask(ANN, "db hip thrust ok?")
    text = (await coach.command(ADMIN, "stats", ""))[0].text
    assert "Questions: 1" in text and "Answered: 1 (100%)" in text


async def test_html_in_questions_and_names_is_escaped(coach):
    replies = await coach.start(User(id=5, chat_id=5, first_name="<b>Eve</b>"))
    assert "&lt;b&gt;Eve&lt;/b&gt;" in replies[0].text
    reply = await coach.ask(ANN, "<script>alert(1)</script> hip thrust dumbbell")
    assert "<script>" not in reply.text


async def test_empty_and_symbol_only_questions_get_a_hint(coach):
    for text in ["   ", "???", "👍"]:
        reply = (await coach.text(ANN, text))[0]
        assert "question" in reply.text and not reply.buttons
    assert (await coach.storage.questions.question_stats()).questions == 0


async def test_deep_link_ask_prompts_for_a_question(coach):
    replies = await coach.start(ANN, "ask")
    assert len(replies) == 2 and "What would you like to know" in replies[1].text


def test_parse_command_handles_bot_suffix_and_args():
    assert parse_command("/ask@LiftCoachBot  hip thrust", "LiftCoachBot").args == "hip thrust"
    assert parse_command("/start@OtherBot", "LiftCoachBot") is None
    assert parse_command("hello") is None


async def test_report_lists_unanswered_and_downvoted_questions(coach):
    from bot.reporting import build_report

    await coach.ask(ANN, "what's the bitcoin price today")
    await coach.ask(ANN, "db hip thrust ok?")
    await coach.callback(ANN, "v:2:-1")
    report = await build_report(coach.storage.questions, 10)
    assert "Questions: 2 from 1 users, answered 1 (50%)" in report
    assert "1 × db hip thrust ok?  ->  demo-hip-thrust#Can I use a dumbbell?" in report


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("/routines", "/routine"),
        ("/workouts", "/workout"),
        ("/wrokout squat 3x5", "/workout"),
        ("/hist", "/history"),
        ("/reminders", "/remind"),
        ("/units lb", "/settings"),
        ("/tz EST", "/timezone"),
        ("/Exercises", "/exercise"),
    ],
)
async def test_an_unknown_command_suggests_the_nearest_one_and_changes_nothing(typed, meant, tmp_path, fixture_engine):
    from support.workout_chat import chat

    async with chat("sqlite", tmp_path, fixture_engine) as (wired, repo, clock):
        [reply] = await wired.dispatch(User(61, 61, "Ann"), typed + "\nsquat 3x5", message_id=5)  # as Telegram sends it
        name = typed.split()[0].lower()
        assert reply.text == f"I don't know the command {name}. Did you mean {meant}? Send /help to see what I can do."
        assert await repo.routines.list_routines(61) == [] and await repo.workouts.active_session(61) is None
        assert (await repo.users.get_settings(61)).get("unit") is None


async def test_an_unknown_command_far_from_any_gets_help_and_a_long_one_is_clipped(coach):
    assert (await coach.command(ANN, "dance", ""))[0].text == (
        "I don't know the command /dance. Send /help to see what I can do."
    )
    long = (await coach.command(ANN, "x" * 4000, ""))[0].text
    assert long == f"I don't know the command /{'x' * 40}…. Send /help to see what I can do."
