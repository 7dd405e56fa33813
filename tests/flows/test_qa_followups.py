"""Follow-ups resolved against the previous exchange (ten minutes), and clarifying questions, through the Coach."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.composition import wire_coach
from bot.conversation.followups import Exchange, only_numbers, resolve, search_text
from bot.conversation.model import User
from bot.conversation.qa import NUMBERS_HINT
from bot.retrieval.excerpt import rest_of
from bot.retrieval.pain import MEDICAL_ADVICE

ANN = User(id=21, chat_id=21, first_name="Ann")
BOB = User(id=22, chat_id=22, first_name="Bob")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
async def coach(real_engine, sqlite_repo, clock):
    return wire_coach(real_engine, sqlite_repo, {}, clock)


def buttons(reply):
    return [b for row in reply.buttons for b in row]


async def test_a_follow_up_within_ten_minutes_is_read_against_the_previous_question(coach, clock):
    first = (await coach.text(ANN, "how do I set up hip thrusts?"))[0]
    assert "Source: " in first.text and "feet" not in first.text.split("</b>")[0].lower()
    clock.now += timedelta(minutes=9)
    reply = (await coach.text(ANN, "feet?"))[0]
    assert "Taking that as: hip thrusts feet?" in reply.text  # a bare thing: that thing in that lift
    assert "Source: Setting up the hip thrust › " in reply.text
    section = reply.text.split("<b>", 2)[1].split("</b>")[0]
    assert "feet" in section.lower() or "foot" in section.lower()


async def test_a_follow_up_detail_picks_the_section_about_it_over_the_previous_aspect(coach, clock):
    first = (await coach.text(ANN, "how wide should i grip the bench"))[0]
    assert "<b>How wide should I grip the bench press?</b>" in first.text
    clock.now += timedelta(minutes=2)
    reply = (await coach.text(ANN, "feet?"))[0]
    assert "Taking that as: how wide should i grip the bench feet?" in reply.text
    assert "<b>Should my feet be on the floor or on the bench when benching?</b>" in reply.text
    assert "Source: Bench press › Should my feet be on the floor" in reply.text
    # A detail the chosen section is already about changes nothing: "and for beginners?" stays on sets.
    clock.now += timedelta(minutes=2)
    await coach.text(BOB, "how many sets of hip thrusts?")
    kept = (await coach.text(BOB, "and for beginners?"))[0]
    assert "Taking that as: how many sets of hip thrusts for beginners?" in kept.text
    assert "Source: " in kept.text


async def test_a_follow_up_detail_may_move_to_another_article_on_the_same_lift(coach, clock):
    """The hip thrust's beginner advice, setup and variants are separate articles: "feet?" after a beginner
    question used to repeat the beginner answer, and "what about dumbbells?" gave "how heavy"."""
    first = (await coach.text(ANN, "how heavy should i go on hip thrusts as a beginner"))[0]
    assert "Source: Progressing the hip thrust › How do I start hip thrusts as a beginner?" in first.text
    clock.now += timedelta(minutes=1)
    feet = (await coach.text(ANN, "feet?"))[0]
    assert "Taking that as: hip thrusts feet?" in feet.text
    assert "Source: Setting up the hip thrust › " in feet.text
    about = feet.text.split("<b>", 2)[1].split("</b>")[0].lower()
    assert "feet" in about or "foot" in about
    clock.now += timedelta(minutes=1)
    dumbbells = (await coach.text(ANN, "what about dumbbells?"))[0]
    assert "Taking that as: how heavy should i go on hip thrusts as a beginner dumbbells?" in dumbbells.text
    section = dumbbells.text.split("<b>", 2)[1].split("</b>")[0].lower()
    assert "dumbbell" in section and "hip thrust" in dumbbells.text.lower()
    # A detail on another lift's article does not pull the answer away: bench feet stay out of it.
    assert "bench press" not in dumbbells.text.lower().split("source:")[1]


async def test_the_same_follow_up_after_ten_minutes_is_a_new_question(coach, clock):
    await coach.text(ANN, "how do I set up hip thrusts?")
    clock.now += timedelta(minutes=11)
    reply = (await coach.text(ANN, "feet?"))[0]
    assert "Taking that as" not in reply.text
    assert "Source:" not in reply.text  # no confident answer from a guess: "don't know" or a clarifying question


async def test_a_follow_up_never_uses_another_users_exchange(coach, clock):
    await coach.text(ANN, "how do I set up hip thrusts?")
    reply = (await coach.text(BOB, "feet?"))[0]
    assert "Taking that as" not in reply.text


async def test_what_about_another_lift_swaps_the_lift(coach, clock):
    await coach.text(ANN, "how deep should I squat?")
    reply = (await coach.text(ANN, "what about hip thrusts?"))[0]
    assert "Taking that as: how deep should i hip thrust?" in reply.text  # one lift for one ("i hip thrusts")
    assert "Source: " in reply.text and "squat" not in reply.text.split("Source: ")[1].split("</i>")[0].lower()
    # a question of its own about the same lift: its words and the lift, not both questions run together
    # (a stranger's "and how many sets?" read "how deep should I squat how many sets?")
    await coach.text(ANN, "how deep should I squat?")
    sets = (await coach.text(ANN, "and how many sets?"))[0]
    assert "Taking that as: how many sets for squat?" in sets.text and "Source: " in sets.text
    clock.now += timedelta(minutes=1)
    deadlift = (await coach.text(ANN, "what about deadlifts?"))[0]  # read against the first question, as above
    assert "Taking that as: how deep should i deadlift?" in deadlift.text


async def test_a_question_that_could_mean_several_lifts_gets_one_clarifying_question(coach, sqlite_repo):
    reply = (await coach.text(ANN, "where should the bar sit?"))[0]
    assert reply.text == "Which one do you mean?"
    choices = buttons(reply)
    assert 2 <= len(choices) <= 3 and all(b.data.startswith("t:") for b in choices)
    titles = {b.label.split(":")[0] for b in choices}
    assert len(titles) == len(choices)  # one candidate per lift, each labelled with its article
    stats = await sqlite_repo.questions.question_stats()
    assert (stats.questions, stats.answered) == (1, 0)

    tapped = await coach.callback(ANN, choices[1].data)
    answer = tapped.replies[0]
    article, section = choices[1].label.removeprefix("📖 ").split(": ", 1)
    assert f"Source: {article} › " in answer.text
    assert answer.text.startswith(f"<b>{section.rstrip('…')}")
    stats = await sqlite_repo.questions.question_stats()
    assert (stats.questions, stats.answered) == (2, 1)


async def test_after_tapping_a_candidate_a_follow_up_refers_to_it(coach, clock):
    reply = (await coach.text(ANN, "where should the bar sit?"))[0]
    hip = next(b for b in buttons(reply) if "hip thrust" in b.label.lower())
    await coach.callback(ANN, hip.data)
    follow = (await coach.text(ANN, "and for beginners?"))[0]
    # The base is the tapped passage as a question that names the lift, not "Article: Section".
    assert "Taking that as: where should the pad sit on hip thrusts for beginners?" in follow.text
    assert "Source: Setting up the hip thrust › " in follow.text


def test_a_follow_up_is_searched_with_its_own_words_once_more():
    assert search_text("feet?", "how do I set up hip thrusts feet?") == "how do I set up hip thrusts feet? feet"
    resolved = "how many sets for hip thrusts for beginners?"
    assert search_text("and for beginners?", resolved) == f"{resolved} for beginners"


def test_a_bare_thing_asks_about_it_in_the_lift_and_a_question_word_keeps_the_subject():
    """A walk-through: "feet?" after "dumbbell or barbell for hip thrusts?" got "nothing more specific on feet"
    (the previous aspect's words outweighed it), and "and how much?" after "is creatine safe" read "is creatine
    safe how much?"."""
    now = datetime(2026, 12, 2, tzinfo=UTC)
    assert resolve("feet?", Exchange("dumbell or barbell for hip thrusts?", now)) == "hip thrusts feet?"
    assert resolve("bar position?", Exchange("how deep should I squat?", now)) == "squat bar position?"
    assert resolve("and how much?", Exchange("is creatine safe", now)) == "how much creatine?"
    assert resolve("how much?", Exchange("best time to take caffeine", now)) == "how much caffeine?"
    # pain stays in view, and question words or qualifiers are no bare thing
    assert resolve("feet?", Exchange("my knee hurts when i squat", now)) == "my knee hurts when i squat feet?"
    assert resolve("why?", Exchange("how many sets for hip thrusts", now)) == "how many sets for hip thrusts why?"
    assert resolve("really?", Exchange("how many sets for hip thrusts", now)) == (
        "how many sets for hip thrusts really?"
    )


async def test_a_bare_thing_after_a_lift_question_gets_that_section(coach, clock):
    await coach.text(ANN, "dumbell or barbell for hip thrusts?")
    feet = (await coach.text(ANN, "feet?"))[0]
    assert feet.text.startswith("<i>Taking that as: hip thrusts feet?</i>")
    assert "Source: Setting up the hip thrust › How far should my feet be from my butt for hip thrusts?" in feet.text
    await coach.text(BOB, "is creatine safe")
    dose = (await coach.text(BOB, "and how much?"))[0]
    assert dose.text.startswith("<i>Taking that as: how much creatine?</i>") and "Source: Creatine › " in dose.text


def test_resolve_rules():
    prev = Exchange("how many sets for hip thrusts?", T0)
    assert resolve("and for beginners?", prev) == "how many sets for hip thrusts for beginners?"
    assert resolve("why?", prev) == "how many sets for hip thrusts why?"
    assert resolve("what about dumbbells?", prev) == "how many sets for hip thrusts dumbbells?"
    assert resolve("what about squats?", prev) == "how many sets for squats?"
    assert resolve("how deep should I squat?", prev) is None  # names its own lift: a new question
    assert resolve("what is the best way to warm up before heavy deadlifts today", prev) is None
    assert resolve("feet?", None) is None
    assert resolve("?!", prev) is None
    assert resolve("ok", prev) is None and resolve("got it!", prev) is None
    # A short "what is X" asks about X: after a knee question, "what is rpe" was read as "... knees what is rpe?"
    for whole in ("what is rpe", "whats a deload?", "what's rpe", "define amrap", "what are macros"):
        assert resolve(whole, prev) is None, whole
    assert resolve("what is it?", prev) == "how many sets for hip thrusts what is it?"
    assert resolve("what is that?", prev) == "how many sets for hip thrusts what is that?"
    squat = Exchange("how deep should I squat?", prev.at)
    assert resolve("what about deadlifts?", squat) == "how deep should i deadlift?"  # was "i deadlifts"
    assert resolve("and how often?", squat) == "how often for squat?"
    assert resolve("and how is it done?", squat) == "how deep should I squat how is it done?"  # "it": the same one
    # A second QA stranger's: "on" kept beside the swapped lift ("caving in on on deadlifts"), and "bench" after a
    # question about no lift replaced the caffeine in it ("does bench press help lifting ...").
    knees = Exchange("how do i fix my knees caving in on squats", prev.at)
    assert resolve("what about on deadlifts?", knees) == "how do i fix my knees caving in on deadlifts?"
    caffeine = Exchange("does caffeine help lifting and how much before a workout?", prev.at)
    assert resolve("bench", caffeine) is None and resolve("what about squats?", caffeine) is None
    assert resolve("bench", squat) == "how deep should i bench press?"  # after a lift, still that lift's question


def test_an_exchange_is_recent_for_ten_minutes():
    exchange = Exchange("a", T0)
    assert exchange.recent(T0) and exchange.recent(T0 + timedelta(minutes=10))
    assert not exchange.recent(T0 + timedelta(minutes=10, seconds=1)) and not exchange.recent(T0 - timedelta(seconds=1))


async def test_a_follow_up_reaches_another_process_and_is_gone_after_forget(real_engine, sqlite_repo, clock):
    await wire_coach(real_engine, sqlite_repo, {}, clock).text(ANN, "how many sets for hip thrusts?")
    replica = wire_coach(real_engine, sqlite_repo, {}, clock)  # another replica, or the bot after a restart
    clock.now += timedelta(minutes=2)
    reply = (await replica.text(ANN, "and for beginners?"))[0]
    assert "Taking that as: how many sets for hip thrusts for beginners?" in reply.text
    # the follow-up is stored against its base question, asked at the follow-up's time
    assert await sqlite_repo.questions.last_exchange(ANN.id) == ("how many sets for hip thrusts?", clock.now)
    [confirm] = await replica.command(ANN, "forget", "")
    yes = next(b.data for b in buttons(confirm) if b.label.startswith("🗑"))
    await replica.callback(ANN, yes)
    assert await sqlite_repo.questions.last_exchange(ANN.id) is None
    after = (await replica.text(ANN, "and for beginners?"))[0]
    assert "Taking that as" not in after.text


async def test_a_bare_number_or_time_is_not_read_as_a_follow_up(coach, clock, sqlite_repo):
    await coach.text(ANN, "how many sets for hip thrusts?")
    asked = (await sqlite_repo.questions.question_stats()).questions
    for typed in ("12", "6:30pm", "5x100 rpe 8", "3 sets", "1e9"):  # "1e9" read "how many sets ... 1e9?"
        [reply] = await coach.text(ANN, typed)
        assert reply.text == NUMBERS_HINT and "Taking that as" not in reply.text
    assert (await sqlite_repo.questions.question_stats()).questions == asked  # nothing recorded as a question
    follow = (await coach.text(ANN, "and for beginners?"))[0]  # the last exchange is still the question
    assert "Taking that as: how many sets for hip thrusts for beginners?" in follow.text


def test_only_numbers():
    for typed in ("12", "5x100", "6:30pm", "3 sets", "45s", "3.2 km 18:00", "100kg", "5 × 100 lbs", "1e9", "-2.5E+3"):
        assert only_numbers(typed), typed
    for typed in (
        "squat 5x100",
        "why 12?",
        "how many sets?",
        "feet?",
        "x",
        "",
        "1" * 60,
        "1rm?",
        "e1rm",
        "1e9 reps for squats?",
    ):
        assert not only_numbers(typed), typed


async def test_follow_ups_in_a_row_are_each_read_against_the_first_question(coach, clock):
    await coach.text(ANN, "how many sets should I do for hip thrusts?")
    first = (await coach.text(ANN, "and for beginners?"))[0]
    assert "Taking that as: how many sets should I do for hip thrusts for beginners?" in first.text
    second = (await coach.text(ANN, "what about dumbbells?"))[0]
    assert (
        "Taking that as: how many sets should I do for hip thrusts dumbbells?" in second.text
    )  # not "...beginners dumbbells"


async def test_a_follow_up_that_finds_no_other_section_gets_the_rest_of_the_last_one(coach, clock, real_engine):
    """A stranger's "why?" after a comparison, and "feet?" after a knee-pain question, got the same answer word for
    word; later "how many?" after lunges got "nothing more specific" while the sets were in that section's rest."""
    first = (await coach.text(ANN, "my knee hurts when i squat"))[0]
    assert "Source: Knee discomfort when training › My knee hurts when I squat, what should I do?" in first.text
    clock.now += timedelta(minutes=1)
    # "feet?" now has a section of its own (squatting with flat feet, 2026-12-02): answered, not repeated
    feet = (await coach.text(ANN, "feet?"))[0]
    assert "Source: Back squat › How do I squat with flat feet?" in feet.text
    clock.now += timedelta(minutes=1)
    again = (await coach.text(ANN, "why?"))[0]
    passage = real_engine.passage("knee-discomfort#My knee hurts when I squat, what should I do?")
    shown = real_engine.answer("my knee hurts when i squat").parts[0].excerpt
    rest = rest_of(passage.text, shown.shown)
    assert rest and again.text == (
        "<i>Taking that as: my knee hurts when i squat why?</i>\n\n"
        f"⚕️ <i>{MEDICAL_ADVICE}</i>\n\n"  # a pain question keeps the professional line on the rest of its section
        f"<b>My knee hurts when I squat, what should I do?</b> (continued)\n{rest}\n\n"
        "<i>Source: Knee discomfort when training › My knee hurts when I squat, what should I do?</i>"
    )
    labels = [b.label for b in buttons(again)]
    assert "👍" in labels and not any(label.startswith("➕ More") for label in labels)  # the rest is shown


async def test_gym_shorthand_for_a_lift_swaps_the_lift_and_an_ambiguous_one_asks_which(coach, clock):
    """A stranger typed "bench" after a squat-depth answer and got "how deep should i squat bench?" (the
    Bulgarian split squat's bench height); "press" got the leg press as a detail of the squat."""
    await coach.text(ANN, "how deep should i squat")
    clock.now += timedelta(minutes=1)
    bench = (await coach.text(ANN, "bench"))[0]
    assert "Taking that as: how deep should i bench press?" in bench.text
    assert "Source: Bench press › " in bench.text
    clock.now += timedelta(minutes=1)
    press = (await coach.text(ANN, "press"))[0]
    assert press.text.startswith("Which one do you mean?") and "Taking that as" not in press.text
    assert len(buttons(press)) >= 2
    assert resolve("what about bench?", Exchange("how often should i squat", clock.now)) == (
        "how often should i bench press?"
    )
    assert resolve("curls", Exchange("how many sets of hip thrusts", clock.now)) is None
    # the lift is swapped in its place, not cut out ("how heavy should my first be bench press?", a stranger's)
    assert resolve("bench", Exchange("how heavy should my first deadlift be", clock.now)) == (
        "how heavy should my first bench press be?"
    )


async def test_a_marked_set_typed_with_no_workout_is_no_follow_up(coach, clock):
    # "drop 8x60" after a question, with no workout running, read "Taking that as: ... drop 8x60?".
    await coach.text(ANN, "how heavy should my first deadlift be")
    reply = (await coach.text(ANN, "drop 8x60"))[0]
    assert reply.text == NUMBERS_HINT and "Taking that as" not in reply.text
    assert only_numbers("8x60 failure") and only_numbers("warm-up 5x40") and not only_numbers("drop sets or supersets")


async def test_a_message_in_another_language_is_no_follow_up(coach, clock):
    """A walk-through: "сколько подходов делать?" right after an answer read "Taking that as: hip thrust and
    deadlift same day, which first сколько подходов делать?" before the language line."""
    await coach.text(ANN, "hip thrust and deadlift same day, which first?")
    [reply] = await coach.text(ANN, "сколько подходов делать?")
    assert "Taking that as" not in reply.text and "I only understand English for now" in reply.text
    assert reply.text.startswith("🌐 ")
    follow = (await coach.text(ANN, "and for beginners?"))[0]  # the English exchange is still the one before
    assert "Taking that as: hip thrust and deadlift same day, which first for beginners?" in follow.text


async def _after(coach, clock, first: str, then: str, user: User = ANN):
    await coach.text(user, first)
    clock.now += timedelta(minutes=1)
    return (await coach.text(user, then))[0]


async def test_a_short_question_declined_alone_is_read_against_the_one_before(coach, clock):
    """Strangers' "how much per day?" right after creatine, and "what should i do instead?" after a knee question,
    got "I don't know that one yet" and "outside what I know"."""
    dose = await _after(coach, clock, "is creatine worth it at 41", "how much per day?")
    assert dose.text.startswith("<i>Taking that as: is creatine worth it at 41: how much per day?</i>")
    assert "Source: Creatine › How to take creatine" in dose.text and "3 to 5 grams" in dose.text
    knee = "i had meniscus surgery on my right knee years ago, it still aches sometimes. can i do squats at all"
    instead = await _after(coach, clock, knee, "what should i do instead?", BOB)
    assert "<b>My knee hurts when I squat, what should I do?</b> (continued)" in instead.text
    assert "goblet squat or leg press" in instead.text  # the rest of the section: what to do instead


async def test_a_message_with_its_own_off_topic_subject_is_not_glued_to_the_last_question(coach, clock):
    reply = await _after(coach, clock, "is creatine worth it at 41", "can you order it for me from amazon")
    assert "Taking that as" not in reply.text and "Source:" not in reply.text


async def test_a_thing_the_user_lacks_is_left_out_of_the_follow_ups_search(coach, clock):
    """ "and if i dont have resistance bands?" after a first-pull-up answer got the section on resistance bands."""
    reply = await _after(
        coach, clock, "i cant do a single pull up. how do i get my first one", "and if i dont have resistance bands?"
    )
    assert (
        "Taking that as: i cant do a single pull up. how do i get my first one if i dont have resistance bands?"
        in reply.text
    )
    assert (
        "Source: Pull-ups and chin-ups › " in reply.text and "Getting the most from resistance bands" not in reply.text
    )
    assert search_text("and if i dont have resistance bands?", "x?").split() == ["x?", "if", "i"]  # no bands searched
    assert search_text("what if i have no barbell", "x?").split() == ["x?", "i"]


async def test_why_with_more_words_still_asks_for_the_rest_of_the_last_section(coach, clock, real_engine):
    first = "how many sets a week should i do for chest"
    before = real_engine.answer(first)
    assert before.answered and before.passage is not None
    reply = await _after(coach, clock, first, "why that many tho")
    rest = rest_of(before.passage.text, before.parts[0].excerpt.shown)
    assert rest and reply.text == (
        f"<i>Taking that as: {first}: why that many tho?</i>\n\n"
        f"<b>{before.passage.section}</b> (continued)\n{rest}\n\n"
        f"<i>Source: {before.passage.citation}</i>"
    )


async def test_why_after_a_two_part_answer_shows_the_rest_of_its_first_part(coach, clock, real_engine):
    """ "why?" after a runner's two-part answer repeated both parts word for word."""
    first = "i run half marathons and want to start lifting twice a week, how do i fit it in?"
    before = real_engine.answer(first)
    assert len(before.parts) == 2
    reply = await _after(coach, clock, first, "why?")
    lead = before.parts[0]
    rest = rest_of(lead.passage.text, lead.excerpt.shown)
    assert rest and f"<b>{lead.passage.section}</b> (continued)\n{rest}" in reply.text
    assert before.parts[1].passage.section not in reply.text


async def test_a_follow_up_about_pain_keeps_the_professional_line_when_it_shows_the_rest_of_a_section(coach, clock):
    """ "what if it hurts" after a power-clean question showed the rest of the section without the line that sends
    pain to a physiotherapist (the rest-of-section reply replaced the whole text)."""
    reply = await _after(
        coach, clock, "should i do power cleans to get faster or is that just for olympic lifters", "what if it hurts"
    )
    assert reply.text.startswith("<i>Taking that as: ")
    assert "please have a physiotherapist or sports-medicine doctor look at it" in reply.text


async def test_a_follow_up_its_own_words_answer_is_answered_alone(coach, clock):
    """A QA stranger's "what about liquid calories like mass gainers?" after push-ups was read as "should i do too
    liquid calories like mass gainers?" and declined as off-topic; "reps for strength" after pull-ups got the right
    section under "Taking that as: how many pull ups should i do reps for strength?"."""
    await coach.text(ANN, "should i do push ups too")
    clock.now += timedelta(minutes=1)
    reply = (await coach.text(ANN, "what about liquid calories like mass gainers?"))[0]
    assert "Taking that as" not in reply.text and "outside what I know" not in reply.text
    assert "<b>How can I drink my calories on a bulk?</b>" in reply.text
    await coach.text(BOB, "how many pull ups should i do")
    clock.now += timedelta(minutes=1)
    reply = (await coach.text(BOB, "reps for strength"))[0]
    assert reply.text.startswith("<b>Reps for strength</b>")
    clock.now += timedelta(minutes=1)
    reply = (await coach.text(BOB, "and for beginners?"))[0]  # a real follow-up keeps its reading
    assert reply.text.startswith("<i>Taking that as: ")


async def test_a_follow_up_the_whole_last_section_answered_shows_it_again(coach, clock):
    """A stranger's "how much per day?" after the creatine dose got "nothing more specific ... than my last answer"
    instead of the 3 to 5 g a day; then the creatine-and-water FAQ took it (its "a gallon of water a day")."""
    await coach.text(ANN, "how much creatine should i take")
    clock.now += timedelta(minutes=1)
    reply = (await coach.text(ANN, "how much per day?"))[0]
    assert "My last answer (<b>How to take creatine</b>) is all I have on “how much per day”; here it is again." in (
        reply.text
    )
    assert "Take 3 to 5 grams of creatine monohydrate every day" in reply.text
    assert "Source: Creatine › How to take creatine" in reply.text
