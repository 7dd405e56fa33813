"""Routine text: parsing, rendering (parse -> render -> parse is the identity), names, typed edits, rotation."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.adversarial_inputs import INPUTS

from bot.training.catalogue import default_catalogue
from bot.training.distances import to_metres
from bot.training.routine_ops import apply_edits, next_in_rotation, resolve_names, routine_from_program, to_program
from bot.training.routine_render import render_lines
from bot.training.routines import (
    MAX_TEXT_CHARS,
    Routine,
    RoutineError,
    RoutineLine,
    clean_name,
    name_from_title,
    parse_lines,
    parse_numbered,
    relabel,
)

CATALOGUE = default_catalogue()
NAMES = sorted(CATALOGUE.names)

PUSH_A = """bench press 3x5 80kg
overhead press 3x8-10
dips 3xAMRAP
plank 3x45s
superset: curl 3x12 / triceps pushdown 3x12 rest 60"""


def test_the_issue_example_reads_as_meant():
    lines = parse_lines(PUSH_A, "kg")
    assert lines[0] == RoutineLine("bench press", 3, 5, 5, load=80.0, unit="kg")
    assert lines[1] == RoutineLine("overhead press", 3, 8, 10)
    assert lines[2] == RoutineLine("dips", 3, amrap=True)
    assert lines[3] == RoutineLine("plank", 3, duration_s=45)
    assert lines[4] == RoutineLine("curl", 3, 12, 12, superset="A")
    assert lines[5] == RoutineLine("triceps pushdown", 3, 12, 12, rest_s=60, superset="A")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Squat 3 x 5 @ 100 kg", RoutineLine("squat", 3, 5, 5, load=100.0)),
        ("squat 3×5 225lb", RoutineLine("squat", 3, 5, 5, load=225.0, unit="lb")),
        ("squat 3x5 100", RoutineLine("squat", 3, 5, 5, load=100.0, unit="lb")),  # a bare number: the user's unit
        ("pull-up 4x6-8 +10kg rpe 8.5", RoutineLine("pull-up", 4, 6, 8, load=10.0, rpe=8.5)),
        ("plank 2x1:30 rest 2min", RoutineLine("plank", 2, duration_s=90, rest_s=120)),
        ("running 1x3.2km", RoutineLine("running", 1, distance_m=3200.0, distance_unit="km")),
        ("running 1x3mi", RoutineLine("running", 1, distance_m=4828.032, distance_unit="mi")),
        ("running 2x1 miles", RoutineLine("running", 2, distance_m=1609.344, distance_unit="mi")),
        # "5k" and "10k" as typed runs read them (they were refused in routine lines)
        ("running 1x5k", RoutineLine("running", 1, distance_m=5000.0, distance_unit="km")),
        ("running 1x10k rest 3min", RoutineLine("running", 1, distance_m=10000.0, distance_unit="km", rest_s=180)),
        ("rowing machine 2x2 kms", RoutineLine("rowing machine", 2, distance_m=2000.0, distance_unit="km")),
        (
            "rowing machine 4x500m rest 1:30",
            RoutineLine("rowing machine", 4, distance_m=500.0, distance_unit="m", rest_s=90),
        ),
        ("wall sit 3x2min", RoutineLine("wall sit", 3, duration_s=120)),
        # a time or a distance without a set count is one set, as "squat 5x5" is five
        ("running 5km", RoutineLine("running", 1, distance_m=5000.0, distance_unit="km")),
        ("running 3 mi rest 0", RoutineLine("running", 1, distance_m=4828.032, distance_unit="mi", rest_s=0)),
        ("rowing 2000m", RoutineLine("rowing", 1, distance_m=2000.0, distance_unit="m")),
        ("plank 60s", RoutineLine("plank", 1, duration_s=60)),
        ("plank 1:30", RoutineLine("plank", 1, duration_s=90)),
        ("dead hang 2min", RoutineLine("dead hang", 1, duration_s=120)),
        ("back squat 3x5 100kg warm-up", RoutineLine("back squat", 3, 5, 5, load=100.0, warmup=True)),
        ("dip 3x8 bodyweight", RoutineLine("dip", 3, 8, 8)),
    ],
)
def test_line_shapes(text, expected):
    assert parse_lines(text, "lb" if text == "squat 3x5 100" else "kg") == (expected,)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("bench press", "can't find the sets"),
        ("squat 5", "can't find the sets"),  # a bare number could be sets or reps: not read as one set
        ("squat 5 100kg", "can't find the sets"),
        ("running 5km -20kg", "negative"),
        ("running 0km", "up to 1,000 km"),
        ("3x5 80kg", "exercise name first"),
        ("bench press 3x", "can't find the sets"),
        ("bench press 0x5", "Sets go from 1 to 20"),
        ("bench press 3x10-8", "low to high"),
        ("bench press 3x5 -80kg", "Loads can't be negative"),
        ("squat 3x5 100kg rest -30", "Rest can't be negative"),  # a stranger got "Loads can't be negative"
        ("bench press 3x5 5000kg", "up to 1,000 kg"),
        ("bench press 3x5 rpe 11", "RPE goes from 1 to 10"),
        ("bench press 3x5 rest 2000", "Rest goes from 0 to 900"),
        ("bench press 3x5 80kg 90kg", "each option once"),
        ("bench press 3x5 banana", "don't understand “banana”"),
        ("curl 3x12 / pushdown 3x12", "superset:"),
        ("superset: curl 3x12", "two or more"),
        ("plank 3x1:75", "like 1:30"),
        ("bench <b>press</b> 3x5 &amp;", "&lt;"),  # the user's text is escaped in the message
    ],
)
def test_bad_lines_are_named_with_a_friendly_reason(text, fragment):
    with pytest.raises(RoutineError) as caught:
        parse_lines(f"squat 3x5\n\n{text}", "kg")
    assert caught.value.line == 3 and str(caught.value).startswith("Line 3 (“")
    assert fragment in str(caught.value)
    assert "<b>press" not in str(caught.value)


def test_limits_and_empty_text():
    with pytest.raises(RoutineError, match="no exercises"):
        parse_lines("\n  \n", "kg")
    with pytest.raises(RoutineError, match="at most 15"):
        parse_lines("\n".join(["squat 3x5"] * 16), "kg")
    with pytest.raises(RoutineError, match="too long"):
        parse_lines("squat 3x5\n" * 500, "kg")


def test_source_line_numbers_follow_blank_lines_and_supersets():
    lines, numbers = parse_numbered("squat 3x5\n\nsuperset: curl 3x12 / pushdown 3x12\nplank 3x30s", "kg")
    assert numbers == (1, 3, 3, 4) and [line.superset for line in lines] == [None, "A", "A", None]


def test_two_supersets_in_a_row_stay_two():
    lines = parse_lines("ss: curl 3x12 / pushdown 3x12\nsuperset: lateral raise 3x15 / face pull 3x15", "kg")
    assert [line.superset for line in lines] == ["A", "A", "B", "B"]
    assert render_lines(lines).count("superset:") == 2


@pytest.mark.parametrize("label", list(INPUTS))
def test_adversarial_text_is_rejected_quickly(label):
    text = INPUTS[label]
    started = time.perf_counter()
    for unit in ("kg", "lb"):
        try:
            parse_lines(text, unit)
        except RoutineError:
            pass
        try:
            apply_edits(Routine("R", (RoutineLine("squat", 3, 5, 5),)), text, unit)
        except RoutineError:
            pass
    assert time.perf_counter() - started < 1.0  # generous: a backtracking pattern takes seconds here
    assert len(text) == MAX_TEXT_CHARS


# --- the round trip --------------------------------------------------------------------------
def _targets():
    reps = st.integers(1, 100).flatmap(lambda low: st.tuples(st.just(low), st.integers(low, 100)))
    return st.one_of(
        reps.map(lambda r: {"reps_min": r[0], "reps_max": r[1]}),
        st.just({"amrap": True}),
        st.integers(1, 6 * 3600).map(lambda s: {"duration_s": s}),
        st.tuples(st.integers(1, 6_000), st.sampled_from(["m", "km", "mi"])).map(
            lambda d: {"distance_m": to_metres(d[0] / 10, d[1]), "distance_unit": d[1]}
        ),
    )


@st.composite
def routine_lines(draw):
    values = draw(_targets())
    load = draw(st.none() | st.integers(1, 90_000).map(lambda c: c / 100))
    return RoutineLine(
        exercise=draw(st.sampled_from(NAMES)),
        sets=draw(st.integers(1, 20)),
        load=load,
        unit=draw(st.sampled_from(["kg", "lb"])) if load is not None else "kg",
        rpe=draw(st.none() | st.integers(2, 20).map(lambda h: h / 2)),
        rest_s=draw(st.none() | st.integers(0, 900)),
        warmup=draw(st.booleans()),
        superset=draw(st.none() | st.sampled_from(["x", "y"])),
        **values,
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(routine_lines(), min_size=1, max_size=15), st.sampled_from(["kg", "lb"]))
def test_parse_render_parse_gives_the_same_routine(lines, unit):
    lines = relabel(lines)
    text = render_lines(lines, CATALOGUE)
    parsed = parse_lines(text, unit)
    assert parsed == lines  # every load was rendered with its unit, so the user's unit changes nothing
    assert parse_lines(render_lines(parsed, CATALOGUE), unit) == parsed


@settings(max_examples=200, deadline=None)
@given(st.lists(routine_lines(), min_size=1, max_size=15), st.sampled_from(["kg", "lb"]), st.randoms())
def test_messy_typing_reads_the_same_after_one_render(lines, unit, rnd):
    """Typed with other spacing and capitals, the text parses to lines whose rendering parses back to them."""
    text = render_lines(relabel(lines))
    messy = "\n\n".join(
        (line.upper() if rnd.random() < 0.3 else line).replace(" ", "  " if rnd.random() < 0.5 else " ")
        for line in text.splitlines()
    )
    parsed = parse_lines(messy, unit)
    assert parse_lines(render_lines(parsed), unit) == parsed


def test_bodyweight_load_is_written_as_added_load():
    lines = parse_lines("pull-up 3x8 10kg\nbench press 3x5 80kg", "kg")
    assert render_lines(lines, CATALOGUE) == "pull-up 3x8 +10kg\nbench press 3x5 80kg"


# --- names, templates, edits, rotation ------------------------------------------------------
def test_names_resolve_through_aliases_typos_and_the_users_own_exercises():
    text = (
        "Bench Press (Barbell) 3x5\noverhead pres 3x5\nohp 3x5\nzercher thing 3x5\nmy sled 3x5\nRDL 3x8\nhip thurst 3x5"
    )
    resolved = resolve_names(parse_lines(text, "kg"), CATALOGUE, own=["my sled"])
    assert [line.exercise for line in resolved.lines] == [
        "bench press",
        "overhead press",
        "overhead press",
        "zercher thing",  # unknown: left as typed, and the routine is not saved
        "my sled",
        "romanian deadlift",
        "hip thrust",
    ]
    assert [(i.index, i.typed, i.suggestion) for i in resolved.typos] == [
        (1, "overhead pres", "overhead press"),
        (6, "hip thurst", "hip thrust"),
    ]
    assert [(i.index, i.typed) for i in resolved.unknown] == [(3, "zercher thing")]
    far = resolve_names(parse_lines("romanian deadlifft row 3x5", "kg"), CATALOGUE)
    assert far.unknown and far.unknown[0].suggestion == "romanian deadlift"  # rejected, with the closest name


def test_a_routine_becomes_a_template_with_the_users_default_rest():
    routine = Routine("Push A", parse_lines(PUSH_A, "kg"))
    program = to_program(routine, "my-3", default_rest=150)
    assert program.id == "my-3" and program.title == "Push A" and len(program.blocks) == 6
    bench, _, dips, plank, curl, pushdown = program.blocks
    assert (bench.load, bench.rest_seconds) == (80.0, 150) and dips.amrap and plank.duration_s == 45
    assert (curl.superset, pushdown.superset, pushdown.rest_seconds) == ("A", "A", 60)


def test_a_built_in_template_round_trips_through_text(tmp_path):
    from support.paths import REPO

    from bot.training.programs import load_programs

    for program in load_programs(REPO / "knowledge" / "programs").values():
        routine = routine_from_program(program, clean_name(name_from_title(program.title)))
        assert parse_lines(render_lines(routine.lines, CATALOGUE), "kg") == routine.lines


def test_typed_edits_replace_keep_the_name_add_remove_move_and_rename():
    routine = Routine("Push A", parse_lines(PUSH_A, "kg"))
    edited = apply_edits(routine, "2: overhead press 4x6-8 40kg", "kg").routine
    assert edited.lines[1] == RoutineLine("overhead press", 4, 6, 8, load=40.0)
    edited = apply_edits(routine, "1: 5x3 90", "lb").routine  # the exercise is kept, the bare load is in lb
    assert edited.lines[0] == RoutineLine("bench press", 5, 3, 3, load=90.0, unit="lb")
    # options alone keep the exercise, sets, target and load (a stranger's "2: rest 60" was refused)
    edited = apply_edits(routine, "1: rest 60\n1: rpe 8", "kg").routine
    assert edited.lines[0] == replace(routine.lines[0], rest_s=60, rpe=8.0)
    result = apply_edits(routine, "face pull 3x15\nremove 3\nmove 5 to 1\nrename Push B\ndone", "kg")
    assert result.done and result.routine.name == "Push B"
    assert [line.exercise for line in result.routine.lines] == [
        "face pull",
        "bench press",
        "overhead press",
        "plank",
        "curl",
        "triceps pushdown",
    ]
    assert result.changed == (0,)  # only the typed line needs its name checked


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("remove 9", "no line 9"),
        ("move 1 to 7", "no line 7"),
        ("5: 4x10", "superset"),
        ("rename <script>", "letters, digits and spaces"),
        ("remove 1\nremove 1\nremove 1\nremove 1\nremove 1", "at least one exercise"),
        ("2: overhead press", "can't find the sets"),
    ],
)
def test_bad_edits_change_nothing(text, fragment):
    routine = Routine("Push A", parse_lines(PUSH_A, "kg"))
    with pytest.raises(RoutineError) as caught:
        apply_edits(routine, text, "kg")
    assert fragment in str(caught.value)
    assert routine == Routine("Push A", parse_lines(PUSH_A, "kg"))


def test_rotation_follows_the_last_finished_routine():
    rotation = ["push", "pull", "legs"]
    assert next_in_rotation(rotation, []) == "push"
    assert next_in_rotation(rotation, ["quick", "push"]) == "pull"
    assert next_in_rotation(rotation, ["legs", "pull", "push"]) == "push"
    assert next_in_rotation([], ["push"]) is None
    # A, B, A, C: the A after B is followed by C, the A after C by B.
    abac = ["a", "b", "a", "c"]
    assert next_in_rotation(abac, ["a", "b"]) == "c"
    assert next_in_rotation(abac, ["a", "c"]) == "b"
    assert next_in_rotation(abac, ["b", "a"]) == "a"


def test_an_edit_of_sets_and_reps_keeps_what_it_does_not_retype():
    routine = Routine("P", parse_lines("bench press 3x8 60kg rest 120 warmup\noverhead press 3x8 95lb rpe 8", "kg"))
    result = apply_edits(routine, "2: 3x8-10\n1: 5x5 62.5", "kg")
    assert result.routine.lines == (
        RoutineLine("bench press", 5, 5, 5, load=62.5, rest_s=120, warmup=True),
        RoutineLine("overhead press", 3, 8, 10, load=95.0, unit="lb", rpe=8.0),
    )
    assert result.was == {0: routine.lines[:1], 1: routine.lines[1:]}  # what each replaced line was
    moved = apply_edits(routine, "2: 4x6\nmove 2 to 1\nface pull 3x15", "kg")
    assert moved.was == {0: routine.lines[1:]}  # carried along by the move; an added line has none
    assert apply_edits(routine, "2: 3x45s", "kg").routine.lines[1].load == 95.0  # a weighted hold keeps it
