"""The engine with set kinds and plan changes: any sequence of events (logged sets of every kind, skips,
undos, warm-ups, added and removed sets, added exercises) replays to the same state, rejected events
change nothing, and history's fold of the stored payloads gives exactly the engine's logged sets."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.history.setlog import SetEvent, fold
from bot.training import event_payloads
from bot.training.engine import Event, InvalidEvent, WorkoutState, expand, replay
from bot.training.programs import ExerciseBlock, Program

PROGRAM = Program(
    id="mixed",
    title="Mixed",
    blocks=[
        ExerciseBlock(exercise="plank", sets=1, reps_min=1, reps_max=1, duration_s=45),
        ExerciseBlock(exercise="running", sets=1, reps_min=1, reps_max=1, distance_m=5000),
        ExerciseBlock(exercise="biceps curl", sets=2, reps_min=10, reps_max=12, load=12, superset="A"),
        ExerciseBlock(exercise="pull-up", sets=2, reps_min=6, reps_max=8, superset="A"),
        ExerciseBlock(exercise="back squat", sets=2, reps_min=5, reps_max=5, load=100, warmup=True),
    ],
)

seconds = st.one_of(st.none(), st.floats(-1, 30000, allow_nan=False))
set_data = st.one_of(
    st.just({}),  # the card's target, as ✅ Done logs it
    st.fixed_dictionaries({"duration_s": seconds}),
    st.fixed_dictionaries({"distance_m": st.floats(-1, 2e6, allow_nan=False), "duration_s": seconds}),
    st.fixed_dictionaries({"reps": st.integers(-1, 101), "load": st.none(), "assistance": st.floats(-1, 300)}),
    st.fixed_dictionaries(
        {"reps": st.integers(-1, 101), "load": st.one_of(st.none(), st.floats(-5, 3000, allow_nan=False))},
        optional={
            "set_type": st.sampled_from(["working", "drop", "failure", "warmup", "bogus"]),
            "assistance": st.floats(0, 50),
            "duration_s": st.floats(1, 100),
        },
    ),
)
changes = st.one_of(
    st.just({}),
    st.fixed_dictionaries({"sets": st.just([[10, 20.0], [5, 40.0]]), "unit": st.sampled_from(["kg", "lb", "st"])}),
    st.fixed_dictionaries(
        {
            "exercise": st.sampled_from(["lat pulldown", "x", "side plank"]),
            "sets": st.integers(0, 3),
            "reps_min": st.just(8),
            "reps_max": st.just(10),
            "kind": st.sampled_from(["weight_reps", "duration", "nonsense"]),
        }
    ),
)
# (type, id number, offset from the current position, data): mostly aimed at the current set, some stale
events = st.builds(
    lambda kind, n, offset, data, change: (
        kind,
        f"e{n}",
        offset,
        change if kind in ("warmups_added", "exercise_added") else data,
    ),
    st.sampled_from(
        ["set_logged"] * 6
        + ["set_skipped", "set_undone", "warmups_added", "set_added", "set_removed", "exercise_added"]
    ),
    st.integers(0, 60),
    st.sampled_from([0, 0, 0, 0, -1, 1]),
    set_data,
    changes,
)


def values(s):
    return (s.exercise, s.reps, s.load, s.set_type, s.duration_s, s.distance_m, s.assistance)


@settings(max_examples=400, deadline=None)
@given(st.lists(events, max_size=40))
def test_any_sequence_replays_and_folds_to_the_engines_sets(sequence):
    state = WorkoutState(expand(PROGRAM))
    accepted, stored = [], []
    for kind, event_id, offset, data in sequence:
        event = Event(kind, event_id, state.position + offset, data)
        before = state
        try:
            state = state.apply(event)
        except InvalidEvent:
            assert state is before  # rejected events change nothing
            continue
        if state is before:
            continue
        accepted.append(event)
        payload = event_payloads.logged(event, state)
        stored.append(SetEvent("s", "w", datetime(2026, 1, 1, tzinfo=UTC), event.type, payload))
        assert 0 <= state.position <= len(state.plan) <= 200
        for p in state.plan:  # every set knows its place in its block
            assert 1 <= p.set_number <= p.set_count
    assert replay(expand(PROGRAM), accepted) == state
    assert [values(r) for r in fold(stored)] == [values(s) for s in state.logged]
    for s in state.logged:
        assert not (s.load is not None and s.assistance is not None)  # added load or assistance, never both
        assert (s.set_type == "warmup") == (s.target.set_type == "warmup")  # only a planned warm-up is one
        assert s.set_type != "warmup" or (s.target.kind == "weight_reps" and s.duration_s is None)
