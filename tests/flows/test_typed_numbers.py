"""A number the user typed is shown back exactly as typed, in the unit typed, wherever it appears:
the card, "last time", /edit, /history, summaries, records, /progress, the own-log answers and /bw.
A stranger's walk-through found 100 kg shown to an lb user as "220.5 lb" (and 235 lb to a kg user
as "106.6 kg"). Figures computed from sets (volume, estimated 1RM, a step up) are in the user's unit."""

from datetime import timedelta

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User

SQ = "back squat"
ODD = ("220.5", "226", "225.97", "106.6", "242.5", "176.4")  # what conversions used to show


def no_conversions(text: str) -> bool:
    return not any(number in text for number in ODD)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_loads_typed_in_kg_stay_in_kg_for_a_lifter_who_reads_lb(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(81, 81, "Ann"))
        await ann.say("/workout squat 2x5 100kg rest 0")
        await ann.tap("✅ Done 5 × 100 kg")
        summary = await ann.say("5x102.5")
        assert summary.startswith("✅ Back squat set 2: 5 × 102.5 kg")
        assert "2 sets, 10 reps, volume 1012.5 kg." in summary  # 500 + 512.5, not rounded to 1012
        assert await ann.stored() == [(SQ, "working", 5, 100.0, "kg", None, None, None)] + [
            (SQ, "working", 5, 102.5, "kg", None, None, None)
        ]

        assert "Units: lb" in await ann.say("/settings unit lb")
        listing = await ann.say("/history")
        assert "Quick: back squat: 2 sets, top 5 × 102.5 kg" in listing and no_conversions(listing)
        opened = await ann.tap("1")
        assert "• back squat set 1: 5 × 100 kg\n• back squat set 2: 5 × 102.5 kg\nVolume: 1012.5 kg" in opened
        await ann.tap("✏️ Edit a set")
        assert ann.labels() == ["back squat set 1: 5 × 100 kg", "back squat set 2: 5 × 102.5 kg"]
        prompt = await ann.tap("back squat set 1: 5 × 100 kg")
        # the example names its unit, so typing it back means the same set (a bare 100 would be lb)
        assert "Back squat set 1 is logged as 5 × 100 kg. Send the corrected set, e.g. <code>5x100kg</code>" in prompt
        assert await ann.say("6x100kg") == "✏️ Back squat set 1: 6 × 100 kg (was 5 × 100 kg)."
        assert (await ann.stored())[0] == (SQ, "working", 6, 100.0, "kg", None, None, None)

        # next time: last time's sets and the load kept are quoted as typed; nothing converted
        clock.now += timedelta(days=2)
        card = await ann.say("/workout squat 2x5 rest 0")
        assert "Target: 5 reps @ 102.5 kg\n" in card and "Last time, set 1: 6 × 100 kg" in card
        assert "📈 From last time: 1 of 2 sets was at 102.5 kg (5), the rest lighter → stay at 102.5 kg" in card
        assert ann.labels()[0] == "✅ Done 5 × 102.5 kg" and no_conversions(card)
        await ann.tap("✅ Done 5 × 102.5 kg")
        summary = await ann.say("5x235")  # a bare number is lb now: 235 lb (106.6 kg) is a record
        assert summary.startswith("✅ Back squat set 2: 5 × 235 lb")
        assert "volume about 2305 lb." in summary  # 512.5 kg + 1175 lb: mixed units, so converted, and said so
        assert "🏆 heaviest for 5+ reps: 235 lb" in summary and no_conversions(summary)
        assert "Next time, back squat 5 reps: 235 lb (1 of 2 sets was at 235 lb (5), the rest lighter" in summary
        assert await ann.stored() == [
            (SQ, "working", 6, 100.0, "kg", None, None, None),
            (SQ, "working", 5, 102.5, "kg", None, None, None),
            (SQ, "working", 5, 102.5, "kg", None, None, None),
            (SQ, "working", 5, 235.0, "lb", None, None, None),
        ]

        progress = await ann.say("/progress squat")
        assert "• best e1RM: 274.2 lb (5 × 235 lb)\n• heaviest set: 5 × 235 lb" in progress
        recent = await ann.say("what did I lift last week?")
        assert "• back squat: 2 sets, reps 6/5, top 102.5 kg" in recent and "reps 5/5, top 235 lb" in recent
        assert no_conversions(recent)

        # body weight: the latest entry as typed; the average is computed, in the user's unit
        logged = await ann.say("/bw 80 kg")
        assert logged.startswith("✅ Logged 80 kg.\n⚖️ Latest: <b>80 kg</b>")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_heaviest_so_far_is_quoted_as_typed_when_a_set_looks_like_a_slip(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(82, 82, "Bob"))
        await bob.say("/settings unit lb")
        await bob.say("/workout squat 1x5 225 rest 0")
        await bob.tap("✅ Done 5 × 225 lb")
        await bob.say("/settings unit kg")
        clock.now += timedelta(days=1)
        await bob.say("/workout squat 1x5 100kg rest 0")
        asked = await bob.say("5x180")  # 180 kg after a best of 225 lb (102.1 kg)
        assert "180 kg is more than 1.5× your best back squat (225 lb). Log it anyway?" in asked
        assert len(await bob.stored()) == 1  # nothing stored until answered


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_stale_slip_check_tap_says_what_was_logged_instead(backend, tmp_path, fixture_engine):
    """Retyped after "Log it anyway?", the old "✅ 5 × 1000 kg" button toasted "Already logged ✅", as if
    1000 kg had been logged."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        ann = Lifter(coach, repo, User(84, 84, "Ann"))
        await ann.say("/workout squat 2x5 100kg rest 0")
        asked = await ann.say("5x1000")
        assert "1000 kg is more than 1.5× this set's target (100 kg). Log it anyway?" in asked
        assert await ann.stored() == []
        slip = ann.last
        await ann.say("4")
        assert [(reps, load, unit) for _, _, reps, load, unit, *_ in await ann.stored()] == [(4, 100.0, "kg")]
        ann.last = slip
        await ann.tap("✅ 5 × 1000 kg")
        assert ann.toast == "Already logged: 4 × 100 kg ✅"
        assert [(reps, load, unit) for _, _, reps, load, unit, *_ in await ann.stored()] == [(4, 100.0, "kg")]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_step_buttons_on_a_target_in_the_other_unit_keep_its_unit(backend, tmp_path, fixture_engine):
    """An lb lifter with a 100 kg target tapped "+5 lb" and got 225 lb (100 kg read as 220 lb, plus 5):
    the target keeps its unit and steps by that unit's usual step nearest the user's (5 lb -> 2.5 kg)."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        bob = Lifter(coach, repo, User(83, 83, "Bob"))
        await bob.say("/settings unit lb")
        await bob.say("/workout squat 2x5 100kg rest 0")
        assert "Target: 5 reps @ 100 kg" in bob.text
        assert ["−2.5 kg", "+2.5 kg"] == [label for label in bob.labels() if label.endswith(("kg", "lb"))][-2:]
        assert "+5 lb" not in bob.labels()
        await bob.tap("+2.5 kg")
        assert "Target: 5 reps @ 102.5 kg" in bob.text and "✅ Done 5 × 102.5 kg" in bob.labels()
        assert await bob.stored() == []  # a target change logs nothing
        await bob.tap("✅ Done 5 × 102.5 kg")
        assert await bob.stored() == [(SQ, "working", 5, 102.5, "kg", None, None, None)]
        # the next set's card: the load carried, the buttons still in kg; −2.5 kg twice is 97.5 kg
        assert "Target: 5 reps @ 102.5 kg" in bob.text
        await bob.tap("−2.5 kg")
        await bob.tap("−2.5 kg")
        assert "Target: 5 reps @ 97.5 kg" in bob.text
        await bob.say("5")
        assert await bob.stored() == [
            (SQ, "working", 5, 102.5, "kg", None, None, None),
            (SQ, "working", 5, 97.5, "kg", None, None, None),
        ]

        # a target in the user's own unit steps as before: 225 lb + 5 lb
        clock.now += timedelta(days=1)
        await bob.say("/workout bench 1x5 225lb rest 0")
        assert "+5 lb" in bob.labels() and "+2.5 kg" not in bob.labels()
        await bob.tap("+5 lb")
        assert "Target: 5 reps @ 230 lb" in bob.text

        # and the other way round: a kg lifter with a 135 lb target steps by 5 lb (2.5 kg is 5.5 lb)
        await bob.tap("✅ Done 5 × 230 lb")
        await bob.say("/settings unit kg")
        clock.now += timedelta(days=1)
        await bob.say("/workout barbell row 1x8 135lb rest 0")
        await bob.tap("+5 lb")
        assert "Target: 8 reps @ 140 lb" in bob.text
        await bob.say("8")
        stored = await bob.stored()
        assert [(s[0], s[2], s[3], s[4]) for s in stored[2:]] == [
            ("bench press", 5, 230, "lb"),
            ("barbell row", 8, 140, "lb"),
        ]
