"""The pure workout domain: parsing, the session engine (property-tested), progression, plates, programs."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.training.engine import Event, InvalidEvent, WorkoutState, expand, replay
from bot.training.parsing import SetInputError, parse_quick_workout, parse_set
from bot.training.plates import plates_per_side
from bot.training.programs import ExerciseBlock, Program, ProgramError, load_programs
from bot.training.progression import estimated_1rm, suggest_next, summarize
from conftest import REPO

PROGRAM = Program(id="t", title="Test day", blocks=[
    ExerciseBlock(exercise="hip thrust", sets=3, reps_min=4, reps_max=6, load=100, rest_seconds=120),
    ExerciseBlock(exercise="glute bridge", sets=2, reps_min=10, reps_max=15, rest_seconds=60),
])


@pytest.mark.parametrize(
    ("text", "reps", "load", "unit", "rpe"),
    [("5", 5, 90, "kg", None), ("5x100", 5, 100, "kg", None), ("5 @ 102.5", 5, 102.5, "kg", None), ("5@102,5", 5, 102.5, "kg", None),
     ("5x100 rpe 8", 5, 100, "kg", 8), ("5x225lb", 5, 225, "lb", None), ("5 × 225 lbs", 5, 225, "lb", None), ("8 reps", 8, 90, "kg", None),
     ("0", 0, 90, "kg", None)],
)
def test_parse_set(text, reps, load, unit, rpe):
    parsed = parse_set(text, planned_load=90, unit="kg")
    assert (parsed.reps, parsed.load, parsed.unit, parsed.rpe) == (reps, load, unit, rpe)


@pytest.mark.parametrize("text", ["", "five", "5x", "x100", "500", "5x5000", "5x100 rpe 11", "5x100 rpe 7.3", "-5", "5 tips for hip thrusts"])
def test_bad_sets_raise_a_friendly_hint(text):
    with pytest.raises(SetInputError) as err:
        parse_set(text, planned_load=90, unit="kg")
    assert "5x100" in str(err.value) or "reps" in str(err.value)


def test_parse_quick_workout_normalises_names():
    q = parse_quick_workout("bht 4x6-8 100kg rest 150", unit="kg")
    assert (q.exercise, q.sets, q.reps_min, q.reps_max, q.load, q.unit, q.rest_seconds) == ("hip thrust", 4, 6, 8, 100, "kg", 150)
    assert parse_quick_workout("RDL 3x10 135lb", unit="kg").exercise == "romanian deadlift"
    for bad in ["hip thrust", "hip thrust 0x5", "hip thrust 30x5", "4x6", "hip thrust 4x6 9999"]:
        with pytest.raises(SetInputError, match="Usage: /workout"):
            parse_quick_workout(bad, unit="kg")


def ev(kind, eid, position, **data):
    return Event(kind, eid, position, data)


def test_engine_walks_the_plan_set_by_set():
    state = WorkoutState(expand(PROGRAM))
    assert state.current().exercise == "hip thrust" and state.current().set_number == 1 and state.current().set_count == 3
    state = state.apply(ev("target_adjusted", "a", 0, load_delta=2.5, reps_delta=-1))
    assert (state.current().load, state.current().reps_min, state.current().reps_max) == (102.5, 3, 5)
    state = state.apply(ev("set_logged", "b", 0))  # done as planned
    assert state.logged[-1].reps == 5 and state.logged[-1].load == 102.5
    state = state.apply(ev("set_logged", "c", 1, reps=4, load=100, unit="kg", rpe=9))
    state = state.apply(ev("set_skipped", "d", 2))
    state = state.apply(ev("exercise_swapped", "e", 3, to="single-leg glute bridge"))
    assert [p.exercise for p in state.plan[3:]] == ["single-leg glute bridge"] * 2
    state = state.apply(ev("session_ended", "f", 3, reason="tired"))
    assert state.finished and len(state.logged) == 2 and state.skipped == (2,)


def test_duplicates_are_ignored_and_stale_events_rejected():
    state = WorkoutState(expand(PROGRAM)).apply(ev("set_logged", "x", 0, reps=5))
    assert state.apply(ev("set_logged", "x", 0, reps=5)) is state
    with pytest.raises(InvalidEvent):
        state.apply(ev("set_logged", "y", 0, reps=5))  # button of the previous set
    with pytest.raises(InvalidEvent):
        state.apply(ev("set_logged", "z", 1, reps=500))


events = st.builds(
    lambda kind, eid, pos, reps, load: Event(kind, f"e{eid}", pos, {"reps": reps, "load": load, "to": "glute bridge", "reps_delta": 1, "load_delta": -2.5}),
    st.sampled_from(["set_logged", "set_skipped", "target_adjusted", "exercise_swapped", "session_ended", "bogus"]),
    st.integers(0, 30),
    st.integers(-1, 6),
    st.integers(-5, 120),
    st.one_of(st.none(), st.floats(-10, 3000, allow_nan=False)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(events, max_size=40))
def test_no_event_sequence_corrupts_a_session_or_loses_a_set(sequence):
    state = WorkoutState(expand(PROGRAM))
    accepted = []
    for event in sequence:
        before = state
        try:
            state = state.apply(event)
        except InvalidEvent:
            assert state is before  # rejected events change nothing
            continue
        if state is not before:
            accepted.append(event)
        # logged sets are only ever appended, never lost or rewritten
        assert state.logged[: len(before.logged)] == before.logged
        assert len(state.logged) - len(before.logged) in (0, 1)
        assert 0 <= state.position <= len(state.plan)
    assert replay(expand(PROGRAM), accepted) == state
    assert len({s.position for s in state.logged}) == len(state.logged)  # never logged twice


def test_estimated_1rm():
    assert estimated_1rm(100, 1) == 100
    assert estimated_1rm(100, 0) == 0
    assert estimated_1rm(100, 6) == pytest.approx(120)


def logged(reps_list, load=100.0):
    state = WorkoutState(expand(Program(id="p", title="Pp p", blocks=[ExerciseBlock(exercise="hip thrust", sets=len(reps_list), reps_min=4, reps_max=6, load=load)])))
    for i, reps in enumerate(reps_list):
        state = state.apply(ev("set_logged", f"s{i}", i, reps=reps))
    return state


def test_double_progression_suggestions():
    assert suggest_next(list(logged([6, 6, 6]).logged), 2.5).load == 102.5
    hold = suggest_next(list(logged([6, 5, 6]).logged), 2.5)
    assert hold.load == 100 and "add reps" in hold.reason
    short = suggest_next(list(logged([6, 4, 3]).logged), 2.5)
    assert short.load == 100 and "fell short" in short.reason
    back_off = suggest_next(list(logged([3, 3, 2]).logged), 2.5)
    assert back_off.load == 92.5 and "back off" in back_off.reason
    assert suggest_next([], 2.5) is None


def test_summary_counts_volume_and_prs():
    state = logged([6, 6, 5])
    summary = summarize(state, {"hip thrust": 110.0})
    assert (summary.sets, summary.reps, summary.volume_kg) == (3, 17, 1700)
    assert summary.prs and summary.exercises[0].best_e1rm_kg == pytest.approx(120)
    assert not summarize(state, {"hip thrust": 130.0}).prs
    first = summarize(state, {}).exercises[0]  # never logged before: a baseline, not a record broken
    assert not first.is_pr and first.first_time


@pytest.mark.parametrize(
    ("target", "bar", "plates", "per_side", "exact"),
    [(142.5, 20, (25, 20, 15, 10, 5, 2.5, 1.25), (25, 25, 10, 1.25), True),
     (143, 20, (25, 20, 15, 10, 5, 2.5, 1.25), (25, 25, 10, 1.25), False),
     (20, 20, (25,), (), True),
     (315, 45, (45, 35, 25, 10, 5, 2.5), (45, 45, 45), True),
     (60, 20, (15, 10), (10, 10), True)],  # DP finds 10+10, greedy would stop at 15
)
def test_plates(target, bar, plates, per_side, exact):
    loadout = plates_per_side(target, bar=bar, plates=plates)
    assert loadout.per_side == per_side and loadout.exact == exact


@pytest.mark.parametrize("target", [10, -5, 0, 99999, float("nan")])
def test_impossible_plate_targets(target):
    with pytest.raises(ValueError):
        plates_per_side(target, bar=20, plates=(25, 20))


def test_shipped_programs_load_and_broken_ones_name_their_file(tmp_path):
    programs = load_programs(REPO / "knowledge" / "programs")
    assert {"heavy-hip-thrust-day", "glute-accessory-after-deadlifts", "beginner-bodyweight", "home-no-barbell", "full-lower-body"} <= set(programs)
    heavy = programs["heavy-hip-thrust-day"].blocks[0]
    assert (heavy.exercise, heavy.reps_min, heavy.reps_max) == ("hip thrust", 4, 6) and 4 <= programs["heavy-hip-thrust-day"].blocks[0].sets <= 6
    (tmp_path / "bad.yaml").write_text("id: bad\ntitle: Bad one\nblocks:\n  - exercise: x squat\n    sets: 3\n    reps_min: 9\n    reps_max: 5\n")
    with pytest.raises(ProgramError, match="bad.yaml"):
        load_programs(tmp_path)
