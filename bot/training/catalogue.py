"""The exercise catalogue: every exercise the bot knows by name, with its kind, aliases, swaps and form cues.

`knowledge/exercises.yaml` is loaded and validated by `load_catalogue`; a broken file raises
CatalogueError naming each bad entry. `Catalogue.resolve` maps what people type or what Strong and
Hevy export ("Bench Press (Barbell)") to one exercise; `Catalogue.closest` suggests one for a typo.
Pure domain code: no Telegram, no database.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_FILE = "exercises.yaml"
MAX_NAME_CHARS = 100  # longer than any name or alias: longer text is not an exercise name
MIN_CUES = 2
EQUIPMENT = frozenset(
    {
        "barbell",
        "dumbbell",
        "kettlebell",
        "cable",
        "machine",
        "smith machine",
        "bodyweight",
        "band",
        "ez bar",
        "landmine",
        "pull-up bar",
        "dip bars",
        "ab wheel",
        "jump rope",
        "cardio machine",
        "none",
    }
)
# Strong and Hevy spell some equipment differently inside "Name (Equipment)".
_GEAR_SYNONYMS = {"smith": "smith machine", "resistance band": "band", "ez": "ez bar", "kettlebells": "kettlebell"}
# libyaml's safe loader reads the file about 10x faster than the pure-Python one; every process loads it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FIELDS = ("name", "kind", "equipment", "muscles", "aliases", "alternatives", "cues")


class ExerciseKind(StrEnum):
    """What one set of the exercise records."""

    WEIGHT_REPS = "weight_reps"  # load x reps
    BODYWEIGHT_REPS = "bodyweight_reps"  # reps, optionally with added load or assistance
    DURATION = "duration"  # a hold: plank, dead hang
    DISTANCE_DURATION = "distance_duration"  # a run, a row

    @property
    def takes_load(self) -> bool:
        """Does a set of this kind ask for a weight by default?"""
        return self is ExerciseKind.WEIGHT_REPS


@dataclass(frozen=True)
class Exercise:
    name: str  # canonical, lowercase: the name history is stored under
    kind: ExerciseKind
    equipment: tuple[str, ...] = ()
    muscles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()  # canonical names, offered by the swap button
    cues: tuple[str, ...] = ()
    custom: bool = False  # a user's own exercise, not from the catalogue file


class CatalogueError(ValueError):
    """The catalogue is inconsistent; the message lists each problem with the entry it belongs to."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Exercise catalogue has errors:\n" + "\n".join(f"  {p}" for p in problems))


def name_key(text: str) -> str:
    """What two spellings of one name share: "Pull-Ups" and "pull up" -> "pull up". Linear in len(text)."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(_singular(word) for word in cleaned.split())


def _singular(word: str) -> str:
    if len(word) < 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _split_qualifier(text: str) -> tuple[str, str]:
    """ "Lat Pulldown (Cable)" -> ("Lat Pulldown", "Cable"); no trailing parentheses -> (text, "")."""
    stripped = text.rstrip()
    opening = stripped.rfind("(")
    if not stripped.endswith(")") or opening <= 0:
        return text, ""
    return stripped[:opening], stripped[opening + 1 : -1]


def _typo_limit(length: int) -> int:
    """Edits tolerated in a name of this length: none in very short ones, where one edit is another word."""
    return 0 if length < 4 else 1 if length < 6 else 2 if length < 12 else 3


def _bounded_distance(a: str, b: str, bound: int) -> int | None:
    """Edit distance counting a swap of neighbours as one edit, or None above bound. O(len(a) * bound)."""
    if abs(len(a) - len(b)) > bound:
        return None
    over = bound + 1
    before: list[int] = []
    prev = [min(j, over) for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cur = [over] * (len(b) + 1)
        cur[0] = min(i, over)
        for j in range(max(1, i - bound), min(len(b), i + bound) + 1):
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            cur[j] = min(best, over)
        if min(cur) > bound:
            return None
        before, prev = prev, cur
    return prev[-1] if prev[-1] <= bound else None


class Catalogue:
    """An immutable set of exercises, looked up by name, alias, export name or typo."""

    def __init__(self, exercises: Iterable[Exercise]):
        self.exercises: tuple[Exercise, ...] = tuple(exercises)
        self._by_name = {e.name: e for e in self.exercises}
        self._index: dict[str, Exercise] = {}
        problems: list[str] = []
        seen: set[str] = set()
        for exercise in self.exercises:
            if exercise.name in seen:
                problems.append(f"{exercise.name!r}: duplicate name")
            seen.add(exercise.name)
        for exercise in self.exercises:
            for spelling in (exercise.name, *exercise.aliases):
                key = name_key(spelling)
                owner = self._index.setdefault(key, exercise)
                if not key:
                    problems.append(f"{exercise.name!r}: name or alias {spelling!r} has no letters")
                elif owner.name != exercise.name:
                    problems.append(f"{exercise.name!r}: {spelling!r} is already a name or alias of {owner.name!r}")
        for exercise in self.exercises:
            for alternative in exercise.alternatives:
                target = self._by_name.get(alternative)
                if target is None or target.name == exercise.name:
                    problems.append(f"{exercise.name!r}: alternative {alternative!r} is not another catalogue name")
        if problems:
            raise CatalogueError(problems)

    def __len__(self) -> int:
        return len(self.exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._by_name)

    def get(self, name: str) -> Exercise | None:
        """The exercise with exactly this canonical name."""
        return self._by_name.get(name)

    def resolve(self, text: str) -> Exercise | None:
        """The exercise this name, alias or Strong/Hevy export name means, ignoring case, punctuation and
        plurals ("Pull-Ups", "Bench Press (Dumbbell)", "Lateral Raise (Cable)"); None if none does."""
        text = (text or "").strip()
        if not text or len(text) > MAX_NAME_CHARS:
            return None
        if (found := self._index.get(name_key(text))) is not None:
            return found
        base, qualifier = _split_qualifier(text)
        gear = name_key(qualifier.split(" - ")[0]) if qualifier else ""
        gear = _GEAR_SYNONYMS.get(gear, gear)
        base, _, variant = base.partition(" - ")  # "Bench Press - Close Grip"
        for words in (f"{variant} {base}", base) if variant else (base,):
            if gear and (found := self._index.get(name_key(f"{gear} {words}"))) is not None:
                return found  # "Bench Press (Dumbbell)" -> "dumbbell bench press"
            found = self._index.get(name_key(words))
            gear_of = {name_key(e) for e in found.equipment} - {"none"} if found is not None else set()
            if found is not None and (not gear or gear in gear_of or not gear_of):
                # "Lat Pulldown (Cable)" -> lat pulldown, done on a cable; "Running (Treadmill)" -> running,
                # which needs no gear, so a place or machine named with it changes nothing
                return found
        return None

    def closest(self, text: str) -> Exercise | None:
        """The exercise a typo most likely means ("hip thurst" -> hip thrust), or None when nothing is close
        or two exercises are equally close. Text over MAX_NAME_CHARS is rejected before any work."""
        if (found := self.resolve(text)) is not None:
            return found
        text = (text or "").strip()
        if not text or len(text) > MAX_NAME_CHARS:
            return None
        key = name_key(text)
        best: Exercise | None = None
        best_distance = _typo_limit(len(key))
        ambiguous = False
        if best_distance == 0:
            return None
        for spelling, exercise in self._index.items():
            distance = _bounded_distance(key, spelling, best_distance)
            if distance is None:
                continue
            if best is None or distance < best_distance:
                best, best_distance, ambiguous = exercise, distance, False
            elif exercise is not best:
                ambiguous = True
        return None if ambiguous else best

    def containing(self, text: str) -> tuple[Exercise, ...]:
        """Exercises whose name has every word of the text, in catalogue order: what a name too short to
        be one exercise may mean ("row": barbell row, dumbbell row...). () for text over MAX_NAME_CHARS."""
        words = set(name_key(text).split()) if len(text or "") <= MAX_NAME_CHARS else set()
        return tuple(e for e in self.exercises if words and words <= set(name_key(e.name).split()))

    def cues(self, name: str) -> tuple[str, ...]:
        """Form cues of the exercise this name resolves to; () for an unknown name."""
        found = self.resolve(name)
        return found.cues if found else ()

    def alternatives(self, name: str) -> tuple[str, ...]:
        """Canonical names the swap button offers for this exercise; () for an unknown name."""
        found = self.resolve(name)
        return found.alternatives if found else ()

    def with_custom(self, exercises: Iterable[Exercise]) -> Catalogue:
        """This catalogue plus a user's own exercises (marked custom). Raises CatalogueError when one's name
        or alias is already a catalogue name or alias."""
        custom = [replace(e, custom=True) for e in exercises]
        problems = [
            f"{e.name!r}: {spelling!r} is already the exercise {self._index[name_key(spelling)].name!r}"
            for e in custom
            for spelling in (e.name, *e.aliases)
            if name_key(spelling) in self._index
        ]
        if problems:
            raise CatalogueError(problems)
        return Catalogue((*self.exercises, *custom))


def load_catalogue(path: Path) -> Catalogue:
    """Read and validate a catalogue file; CatalogueError names the file and each broken entry."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CatalogueError([f"{path}:{(mark.line + 1) if mark else 1}: not valid YAML"]) from None
    entries = data.get("exercises") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogueError([f"{path}: expected a non-empty 'exercises:' list"])
    problems: list[str] = []
    exercises = [e for i, raw in enumerate(entries, 1) if (e := _parse_entry(raw, i, problems)) is not None]
    if not problems:
        try:
            return Catalogue(exercises)
        except CatalogueError as exc:
            problems = exc.problems
    raise CatalogueError([f"{path}: {p}" for p in problems])


def _parse_entry(raw: Any, number: int, problems: list[str]) -> Exercise | None:
    if not isinstance(raw, dict):
        problems.append(f"entry {number}: must be a mapping with {', '.join(_FIELDS)}")
        return None
    name = raw.get("name")
    label = repr(name) if isinstance(name, str) and name.strip() else f"entry {number}"
    found: list[str] = []
    if not isinstance(name, str) or not name.strip() or name != " ".join(name.lower().split()):
        found.append("name must be lowercase text with single spaces")
    if unknown := sorted(set(raw) - set(_FIELDS)):
        found.append(f"unknown field(s) {', '.join(unknown)}")
    try:
        kind = ExerciseKind(str(raw.get("kind")))
    except ValueError:
        found.append(f"unknown kind {raw.get('kind')!r} (one of {', '.join(k.value for k in ExerciseKind)})")
    lists = {f: raw.get(f, []) for f in _FIELDS[2:]}
    for field, values in lists.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            found.append(f"{field} must be a list of non-empty text")
            lists[field] = []
    if not lists["equipment"] or not lists["muscles"]:
        found.append("equipment and muscles must each name at least one")
    if bad := [e for e in lists["equipment"] if e not in EQUIPMENT]:
        found.append(f"unknown equipment {', '.join(bad)} (known: {', '.join(sorted(EQUIPMENT))})")
    if len(lists["cues"]) < MIN_CUES:
        found.append(f"needs at least {MIN_CUES} cues, has {len(lists['cues'])}")
    if found:
        problems.extend(f"{label}: {p}" for p in found)
        return None
    equipment, muscles, aliases, alternatives, cues = (tuple(v.strip() for v in lists[f]) for f in _FIELDS[2:])
    return Exercise(str(name), kind, equipment, muscles, aliases, alternatives, cues)


def default_path() -> Path:
    """exercises.yaml in the knowledge directory: KNOWLEDGE_DIR when set (the variable Settings reads; an
    installed image has no source tree beside the package), else the checkout's knowledge/."""
    root = os.environ.get("KNOWLEDGE_DIR")
    return (Path(root) if root else Path(__file__).resolve().parents[2] / "knowledge") / CATALOGUE_FILE


@functools.cache
def default_catalogue() -> Catalogue:
    """The knowledge base's catalogue, loaded once per process."""
    return load_catalogue(default_path())
