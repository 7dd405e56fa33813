"""The exercise catalogue: the real file validates, names resolve, broken files are rejected by entry."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from support.paths import REPO

import bot.training.catalogue as catalogue_module
from bot.composition import exercise_guidance, wire_coach
from bot.conversation.model import User
from bot.history.setlog import fold
from bot.retrieval.corpus import load_corpus
from bot.training.catalogue import (
    MAX_NAME_CHARS,
    Catalogue,
    CatalogueError,
    Exercise,
    ExerciseKind,
    default_catalogue,
    load_catalogue,
    name_key,
)
from bot.training.exercises import BARBELL, BODYWEIGHT, meanings, starting_options, takes_load
from bot.training.parsing import ALIASES, normalise_exercise, parse_quick_workout
from bot.training.programs import load_programs

CATALOGUE_FILE = REPO / "knowledge" / "exercises.yaml"
ANN = User(id=71, chat_id=71, first_name="Ann")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE_FILE)


def test_real_catalogue_is_big_enough_and_covers_upper_body_core_and_every_kind(catalogue):
    assert len(catalogue) >= 80
    upper_and_core = {
        "bench press",
        "overhead press",
        "barbell row",
        "dumbbell row",
        "seated cable row",
        "pull-up",
        "chin-up",
        "dip",
        "push-up",
        "biceps curl",
        "hammer curl",
        "triceps pushdown",
        "skull crusher",
        "lateral raise",
        "plank",
        "side plank",
        "hanging leg raise",
        "ab wheel rollout",
    }
    assert upper_and_core <= catalogue.names
    assert {e.kind for e in catalogue} == set(ExerciseKind)
    assert catalogue.get("plank").kind is ExerciseKind.DURATION
    assert catalogue.get("running").kind is ExerciseKind.DISTANCE_DURATION
    assert catalogue.get("pull-up").kind is ExerciseKind.BODYWEIGHT_REPS
    assert catalogue.get("bench press").kind is ExerciseKind.WEIGHT_REPS


def test_every_entry_has_cues_swaps_and_aliases_no_two_exercises_share(catalogue):
    owners: dict[str, str] = {}
    for exercise in catalogue:
        assert len(exercise.cues) >= 2, exercise.name
        assert exercise.equipment and exercise.muscles, exercise.name
        assert exercise.name == exercise.name.lower()
        for alternative in exercise.alternatives:
            assert alternative in catalogue and alternative != exercise.name
        for spelling in (exercise.name, *exercise.aliases):
            assert owners.setdefault(name_key(spelling), exercise.name) == exercise.name, spelling
    assert default_catalogue().names == catalogue.names


def test_the_file_holds_the_canonical_names_other_modules_use(catalogue):
    programs = load_programs(REPO / "knowledge" / "programs")
    assert {b.exercise for p in programs.values() for b in p.blocks} <= catalogue.names
    taught = {x for a in load_corpus(REPO / "knowledge").articles for x in a.meta.exercises}
    assert taught <= catalogue.names
    for typed, name in ALIASES.items():  # the quick-workout shorthand agrees with the catalogue
        assert catalogue.resolve(typed).name == name, typed


@pytest.mark.parametrize(
    ("exported", "name"),
    [
        ("Bench Press (Barbell)", "bench press"),
        ("Bench Press (Dumbbell)", "dumbbell bench press"),
        ("Bench Press - Close Grip (Barbell)", "close-grip bench press"),
        ("Incline Bench Press (Barbell)", "incline bench press"),
        ("Incline Bench Press (Dumbbell)", "incline dumbbell press"),
        ("Hip Thrust (Barbell)", "hip thrust"),
        ("Hip Thrust (Machine)", "hip thrust machine"),
        ("Hip Thrust (Smith Machine)", "smith machine hip thrust"),
        ("Squat (Barbell)", "back squat"),
        ("Squat (Smith Machine)", "smith machine squat"),
        ("Deadlift (Barbell)", "deadlift"),
        ("Romanian Deadlift (Barbell)", "romanian deadlift"),
        ("Romanian Deadlift (Dumbbell)", "romanian deadlift"),
        ("Lat Pulldown (Cable)", "lat pulldown"),
        ("Seated Row (Cable)", "seated cable row"),
        ("Seated Cable Row - V Grip (Cable)", "seated cable row"),
        ("Bicep Curl (Dumbbell)", "biceps curl"),
        ("Bicep Curl (Barbell)", "biceps curl"),
        ("Hammer Curl (Dumbbell)", "hammer curl"),
        ("Triceps Pushdown (Cable - Straight Bar)", "triceps pushdown"),
        ("Skullcrusher (Barbell)", "skull crusher"),
        ("Overhead Press (Barbell)", "overhead press"),
        ("Shoulder Press (Dumbbell)", "dumbbell shoulder press"),
        ("Lateral Raise (Dumbbell)", "lateral raise"),
        ("Lateral Raise (Band)", "lateral raise"),
        ("Bent Over Row (Barbell)", "barbell row"),
        ("Bent Over Row (Dumbbell)", "dumbbell row"),
        ("Pull Up", "pull-up"),
        ("Pull Up (Assisted)", "assisted pull-up"),
        ("Pull Up (Weighted)", "pull-up"),
        ("Chin Up", "chin-up"),
        ("Chest Dip", "dip"),
        ("Push Up", "push-up"),
        ("Plank", "plank"),
        ("Dead Hang", "dead hang"),
        ("Running", "running"),
        ("Rowing Machine", "rowing machine"),
        ("Standing Calf Raise (Smith)", "standing calf raise"),
        ("Knee Raise (Captain's Chair)", "hanging leg raise"),
        ("Farmers Walk", "farmer's carry"),
    ],
)
def test_strong_and_hevy_export_names_resolve(catalogue, exported, name):
    assert catalogue.resolve(exported).name == name


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("PULL-UPS", "pull-up"),
        ("hip thrusts", "hip thrust"),
        ("squats", "back squat"),
        ("Farmer’s carry", "farmer's carry"),
    ],
)
def test_resolve_ignores_case_punctuation_and_plurals(catalogue, typed, name):
    assert catalogue.resolve(typed).name == name


@pytest.mark.parametrize(
    "exported", ["Deadlift (Trap bar)", "Squat (Dumbbell)", "Triceps Kickback (Cable)", "Bench Press (Smith Machine)"]
)
def test_an_export_name_for_another_variation_does_not_resolve(catalogue, exported):
    assert catalogue.resolve(exported) is None  # an import makes these the user's own, not a wrong lift


@pytest.mark.parametrize(
    ("typo", "name"),
    [
        ("hip thurst", "hip thrust"),
        ("bench pres", "bench press"),
        ("benchpress", "bench press"),
        ("romanain deadlift", "romanian deadlift"),
        ("lat pulldwn", "lat pulldown"),
        ("overhed press", "overhead press"),
        ("plnak", "plank"),
        ("bicpe curl", "biceps curl"),
    ],
)
def test_closest_suggests_the_exercise_a_typo_means(catalogue, typo, name):
    assert catalogue.resolve(typo) is None
    assert catalogue.closest(typo).name == name


@pytest.mark.parametrize("text", ["xyzzy", "row", "", "   ", "basket weaving"])
def test_closest_suggests_nothing_for_words_that_are_not_close(catalogue, text):
    assert catalogue.closest(text) is None


def test_long_input_is_rejected_before_any_matching_work(catalogue, monkeypatch):
    calls = []
    real = catalogue_module._bounded_distance
    monkeypatch.setattr(catalogue_module, "_bounded_distance", lambda *a: calls.append(a) or real(*a))
    for text in ("q" * 4096, "bench press " * 341, "hip thurst" * 409):
        assert catalogue.resolve(text) is None and catalogue.closest(text) is None
    assert calls == []
    assert catalogue.resolve("bench press" + " " * 4085).name == "bench press"  # padding is not a name
    assert catalogue.closest("hip thurst").name == "hip thrust"
    spellings = sum(1 + len(e.aliases) for e in catalogue)
    assert 0 < len(calls) <= spellings  # one bounded comparison per known spelling at most
    assert all(len(a) <= MAX_NAME_CHARS for a, _, _ in calls)


def test_cues_and_alternatives_follow_the_resolved_name(catalogue):
    assert catalogue.cues("Bench Press (Barbell)") == catalogue.get("bench press").cues
    assert catalogue.alternatives("rdl") == catalogue.get("romanian deadlift").alternatives
    assert catalogue.cues("basket weaving") == () and catalogue.alternatives("basket weaving") == ()


def test_user_exercises_join_a_copy_and_may_not_clash(catalogue):
    own = Exercise("zercher carry", ExerciseKind.DISTANCE_DURATION, aliases=("zercher walk",))
    mine = catalogue.with_custom([own])
    assert mine.resolve("Zercher Walks").name == "zercher carry" and mine.get("zercher carry").custom
    assert catalogue.resolve("zercher walk") is None and len(mine) == len(catalogue) + 1
    for clash in (
        Exercise("bench", ExerciseKind.WEIGHT_REPS),
        Exercise("my press", ExerciseKind.WEIGHT_REPS, aliases=("OHP",)),
    ):
        with pytest.raises(CatalogueError, match=repr(clash.name)):
            catalogue.with_custom([clash])


def _write(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    entries = {e["name"]: e for e in data["exercises"]}
    mutate(entries)
    path = tmp_path / "exercises.yaml"
    path.write_text(yaml.safe_dump({"exercises": list(entries.values())}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "entry", "problem"),
    [
        (lambda e: e["dip"]["aliases"].append("Bench"), "'dip'", "already a name or alias of 'bench press'"),
        (
            lambda e: e["face pull"]["alternatives"].append("band pull-apart"),
            "'face pull'",
            "alternative 'band pull-apart'",
        ),
        (lambda e: e["plank"].update(cues=["Hold still."]), "'plank'", "at least 2 cues, has 1"),
        (lambda e: e["running"].update(kind="cardio"), "'running'", "unknown kind 'cardio'"),
        (lambda e: e["arnold press"].update(equipment=["spaceship"]), "'arnold press'", "unknown equipment spaceship"),
        (lambda e: e["wall sit"].update(difficulty="easy"), "'wall sit'", "unknown field(s) difficulty"),
        (lambda e: e.update(copy=dict(e["lunge"])), "'lunge'", "duplicate name"),
    ],
)
def test_a_broken_catalogue_is_rejected_naming_the_entry(tmp_path, mutate, entry, problem):
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(_write(tmp_path, mutate))
    [message] = caught.value.problems
    assert f"{entry}: " in message and problem in message and str(tmp_path) in message


def test_a_file_that_is_not_a_catalogue_is_rejected(tmp_path):
    path = tmp_path / "exercises.yaml"
    for text in ("exercises: [", "just: text", "exercises:\n  - 5\n"):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CatalogueError, match="exercises.yaml"):
            load_catalogue(path)


def test_workout_helpers_derive_from_the_catalogue_as_the_old_lists_did():
    for name in (
        "glute bridge",
        "step-up",
        "lunge",
        "push-up",
        "pull-up",
        "dip",
        "plank",
        "single-leg romanian deadlift",
    ):
        assert name in BODYWEIGHT and not takes_load(name)
    for name in ("hip thrust", "back squat", "deadlift", "bench press", "overhead press", "barbell row", "split squat"):
        assert name in BARBELL and starting_options(name, "kg") == (20, 40, 60, 80, 100)
    assert not takes_load("donkey kick") and starting_options("glute bridge (barbell)", "kg")[0] == 20  # old names
    assert takes_load("bulgarian split squat") and starting_options("goblet squat", "kg") == (10, 20, 30, 40)
    assert takes_load("zercher carry") and not takes_load("running")  # unknown names ask for a weight
    assert normalise_exercise("Pull-Ups") == "pull-up" and normalise_exercise("RDL") == "romanian deadlift"
    assert normalise_exercise("  Zercher   Carry ") == "zercher carry"


def test_cards_prefer_an_articles_cues_and_fall_back_to_the_catalogue(catalogue):
    corpus = load_corpus(REPO / "knowledge")
    cues_for, alternatives_for = exercise_guidance(corpus, catalogue)
    assert cues_for("bench press") == corpus.cues_for("bench press") != list(catalogue.cues("bench press"))
    # No article teaches the stiff-legged deadlift (articles now teach face pulls): the catalogue's cues.
    assert cues_for("stiff-legged deadlift") == list(catalogue.cues("stiff-legged deadlift"))
    assert not corpus.cues_for("stiff-legged deadlift")
    assert alternatives_for("hip thrust") == corpus.alternatives_for("hip thrust")
    assert alternatives_for("hip thrust machine") == list(catalogue.alternatives("hip thrust machine"))


async def test_a_catalogue_only_exercise_gets_its_cue_and_swaps_in_a_workout(fixture_engine, sqlite_repo, catalogue):
    cues_for, alternatives_for = exercise_guidance(load_corpus(REPO / "knowledge"), catalogue)
    programs = load_programs(REPO / "knowledge" / "programs")
    coach = wire_coach(
        fixture_engine,
        sqlite_repo,
        programs,
        lambda: datetime.now(UTC),
        cues_for=cues_for,
        alternatives_for=alternatives_for,
    )
    _, card = await coach.command(ANN, "workout", "Stiff-Legged Deadlifts 3x12 20kg")
    assert "<b>Stiff-legged deadlift</b> — set 1 of 3" in card.text
    assert any(f"💡 {cue}" in card.text for cue in catalogue.cues("stiff-legged deadlift"))
    swap = next(b.data for row in card.buttons for b in row if b.data.startswith("w:swap:"))
    options = (await coach.callback(ANN, swap)).replies[0]
    alternatives = catalogue.alternatives("stiff-legged deadlift")
    assert [b.label for row in options.buttons for b in row] == [
        *(f"↔️ {n}" for n in alternatives),
        "✖ Keep stiff-legged deadlift",
    ]
    swapped = (await coach.callback(ANN, options.buttons[0][0].data, tap_id="s1")).replies[0]
    assert "<b>Romanian deadlift</b> — set 1 of 3" in swapped.text
    [logged] = await coach.text(ANN, "12x10", message_id=900)
    assert logged.text.startswith("✅ Romanian deadlift set 1: 12 × 10 kg")
    [record] = fold(await sqlite_repo.workouts.set_events(ANN.id))
    assert (record.exercise, record.reps, record.load, record.unit) == ("romanian deadlift", 12, 10.0, "kg")


def test_an_installed_bot_reads_the_catalogue_from_its_knowledge_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path))  # the image sets it; the package has no checkout beside it
    assert catalogue_module.default_path() == tmp_path / "exercises.yaml"
    monkeypatch.delenv("KNOWLEDGE_DIR")
    assert catalogue_module.default_path() == CATALOGUE_FILE


def test_knowledge_check_counts_exercises_and_reports_a_broken_entry(monkeypatch, tmp_path, capsys):
    from bot.cli import main

    knowledge = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", knowledge)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge))
    assert main(["knowledge", "check"]) == 0
    assert f", {len(default_catalogue())} exercises" in capsys.readouterr().out
    text = (knowledge / "exercises.yaml").read_text(encoding="utf-8")
    (knowledge / "exercises.yaml").write_text(text.replace("kind: duration", "kind: hold", 1), encoding="utf-8")
    assert main(["knowledge", "check"]) == 1
    assert "exercises.yaml: 'dead hang': unknown kind 'hold'" in capsys.readouterr().err


def test_a_name_that_may_mean_several_exercises_lists_them_and_a_known_one_none():
    catalogue = default_catalogue()
    known = set(catalogue.names)
    rows = [e.name for e in catalogue.containing("rows")]
    assert rows[:2] == ["upright row", "barbell row"] and len(rows) == 8 and "rowing machine" not in rows
    # most lifters' meaning first, then catalogue order ("row" listed upright row first, "press" leg press)
    assert meanings("row", known) == ["barbell row", "dumbbell row", "upright row", "pendlay row", *rows[4:]]
    assert meanings("press", known)[:3] == ["bench press", "overhead press", "leg press"]
    assert meanings("row", known | {"row (wide grip)"})[0] == "row (wide grip)"  # the lifter's own first
    assert meanings("incline press", known) == ["incline bench press", "incline dumbbell press"]
    assert meanings("carry", known) == ["farmer's carry"]
    for exact in ("barbell row", "curl", "bench", "squat", "hip thrust"):  # names and aliases: nothing to ask
        assert meanings(exact, known) == [], exact
    assert meanings("row", known | {"row"}) == []  # the lifter's own "row"
    assert meanings("hip thurst", known) == [] and catalogue.containing("x" * (MAX_NAME_CHARS + 1)) == ()


def test_every_catalogue_name_picked_from_a_button_reads_back_as_itself():
    """A tapped "which one?" button restarts /workout with the name it shows: each must parse as itself."""
    for name in default_catalogue().names:
        assert parse_quick_workout(f"{name} 3x8", unit="kg").exercise == name
