"""/settings and /forget through the coach, against the database."""

import pytest

from bot.conversation.coach import Coach
from bot.conversation.model import RecentlySeen, User
from bot.conversation.preferences import load_preferences
from bot.conversation.qa import QuestionFlow
from bot.conversation.settings_flow import SettingsFlow

ANN = User(id=31, chat_id=31, first_name="Ann")
BOB = User(id=32, chat_id=32, first_name="Bob")


@pytest.fixture
async def coach(fixture_engine, sqlite_repo):
    recently_seen = RecentlySeen()  # shared, as the composition root wires it
    return Coach(
        QuestionFlow(fixture_engine, sqlite_repo.questions),
        sqlite_repo,
        flows=[SettingsFlow(sqlite_repo.users, recently_seen)],
        recently_seen=recently_seen,
    )


async def test_overview_shows_defaults(coach):
    text = (await coach.command(ANN, "settings", ""))[0].text
    assert (
        "Units: kg" in text and "Load step: 2.5 kg" in text and "Bar: 20 kg" in text and "Default rest: 120 s" in text
    )


async def test_typed_settings_are_saved(coach, sqlite_repo):
    for args in ["step 5", "bar 15", "rest 90", "plates 20, 10,5,2.5"]:
        assert "Saved" in (await coach.command(ANN, "settings", args))[0].text
    prefs = await load_preferences(sqlite_repo.users, ANN.id)
    assert (prefs.step, prefs.bar, prefs.rest_seconds, prefs.plates) == (5, 15, 90, [20, 10, 5, 2.5])
    # a stranger changed the rest mid-workout and the card kept 2:00 with nothing said
    rest = (await coach.command(ANN, "settings", "rest 45"))[0]
    assert rest.text.startswith(
        "✅ Saved. New workouts rest 0:45 by default; a workout already running keeps the rest on its cards"
    )
    assert (await load_preferences(sqlite_repo.users, ANN.id)).rest_seconds == 45


async def test_switching_units_keeps_bar_and_plates_as_typed_and_says_so(coach, sqlite_repo):
    await coach.command(ANN, "settings", "bar 15")
    await coach.command(ANN, "settings", "plates 20,10,5")
    await coach.command(ANN, "settings", "step 1")
    outcome = await coach.callback(ANN, "s:unit:lb")
    text = outcome.replies[0].text
    assert (
        outcome.replies[0].edit
        and "Units: lb" in text
        and "Bar: 15 kg\n" in text  # as typed, never "33.07 lb"
        and "Plates: 20, 10, 5 kg\n" in text  # never "44.09, 22.05, 11.02"
    )
    assert (
        "Your bar and plates stay as you typed them, and plate maths uses them in their own unit. "
        "Load step is now 5 lb." in text
    )
    # what it says of logged sets is what summaries, /history and progression now do (a stranger saw "totals
    # are in lb" beside a kg session's "volume 1500 kg")
    assert "with its totals and next load in that unit; mixed units add up in lb." in text
    prefs = await load_preferences(sqlite_repo.users, ANN.id)
    # kilo plates stay kilo plates: plate maths happens in kg, loads read in lb
    assert (prefs.unit, prefs.step, prefs.bar, prefs.gear_unit, prefs.gear) == (
        "lb",
        5.0,
        33.07,
        "kg",
        (15, [20, 10, 5]),
    )
    assert (prefs.bar_weight, prefs.bar_unit, prefs.plates, prefs.plates_unit) == (
        15,
        "kg",
        [20, 10, 5],
        "kg",
    )  # stored as typed
    for _ in range(3):  # there and back, several times: nothing drifts
        await coach.callback(ANN, "s:unit:kg")
        back = (await coach.callback(ANN, "s:unit:lb")).replies[0].text
    back = (await coach.callback(ANN, "s:unit:kg")).replies[0].text
    assert "Bar: 15 kg" in back and "Plates: 20, 10, 5\n" in back


@pytest.mark.parametrize(
    "args",
    [
        "unit stone",
        "step -1",
        "step lots",
        "bar 500",
        "rest 1.5",
        "rest 9999",
        "plates",
        "plates 0",
        "colour red",
        "step nan",
        "step inf",
        "step 0.0001",  # a stranger's: cards then offered "+0.0001 kg"
        "bar 300lb",
    ],
)
async def test_bad_settings_answer_with_usage_and_change_nothing(coach, sqlite_repo, args):
    reply = (await coach.command(ANN, "settings", args))[0]
    assert "Usage: /settings" in reply.text
    assert await sqlite_repo.users.get_settings(ANN.id) == {}


async def test_forget_asks_first_and_then_deletes_everything(coach, sqlite_repo):
    await coach.command(ANN, "settings", "rest 60")
    await coach.ask(ANN, "db hip thrust ok?")
    await coach.command(BOB, "settings", "rest 90")
    confirm = (await coach.command(ANN, "forget", ""))[0]
    assert [b.data for row in confirm.buttons for b in row] == ["s:forget:yes", "s:forget:no"]
    assert "nothing was deleted" in (await coach.callback(ANN, "s:forget:no")).replies[0].text
    assert await sqlite_repo.users.get_settings(ANN.id) != {}
    assert "deleted" in (await coach.callback(ANN, "s:forget:yes")).replies[0].text
    assert await sqlite_repo.users.get_settings(ANN.id) == {}
    stats = await sqlite_repo.questions.question_stats()
    assert (stats.users, stats.questions) == (1, 0)
    assert (await load_preferences(sqlite_repo.users, BOB.id)).rest_seconds == 90
    await coach.ask(ANN, "db hip thrust ok?")  # back within minutes: a known user again, not a question without a user
    assert (await sqlite_repo.questions.question_stats()).users == 2


def test_recently_seen_stores_activity_once_per_interval_and_forgets_on_request():
    now = [0.0]
    seen = RecentlySeen(every_seconds=300, clock=lambda: now[0], capacity=2)
    assert seen.due(1)
    seen.stored(1)
    now[0] = 299
    assert not seen.due(1)
    seen.forget(1)
    assert seen.due(1)  # /forget: the next message stores the user again
    seen.stored(1)
    now[0] = 700
    assert seen.due(1)
    seen.stored(2)
    seen.stored(3)  # over capacity: it starts afresh rather than growing
    assert seen.due(2) and not seen.due(3)


async def test_a_bar_or_plates_typed_with_a_unit_keep_it(coach, sqlite_repo):
    """A stranger's "/settings bar 35lb" on a kg account got "The bar weight must be a number"."""
    await coach.command(ANN, "settings", "bar 35lb")
    await coach.command(ANN, "settings", "plates 45,25,10,5,2.5 lb")
    prefs = await load_preferences(sqlite_repo.users, ANN.id)
    assert (prefs.unit, prefs.bar_weight, prefs.bar_unit, prefs.plates, prefs.plates_unit) == (
        "kg",
        35,
        "lb",
        [45, 25, 10, 5, 2.5],
        "lb",
    )
    assert prefs.gear_unit == "lb" and prefs.gear == (35, [45, 25, 10, 5, 2.5])
