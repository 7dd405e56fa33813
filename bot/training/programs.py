"""Workout templates: validated YAML files in knowledge/programs/, plus quick custom workouts."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .units import MAX_LOAD_KG, Unit, to_kg


class ProgramError(Exception):
    """A template file is broken; the message names the file and the problem."""


class ExerciseBlock(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercise: str = Field(min_length=2, max_length=60)
    sets: int = Field(ge=1, le=20)
    reps_min: int = Field(ge=1, le=100)
    reps_max: int = Field(ge=1, le=100)
    load: float | None = Field(None, ge=0)  # at most 1,000 kg in its own unit (1100 lb is a fair leg press)
    unit: Unit = "kg"
    rpe: float | None = Field(None, ge=1, le=10)
    rest_seconds: int = Field(120, ge=0, le=900)
    notes: str = ""
    # Beyond load x reps (defaults keep every existing template as it was):
    superset: str | None = Field(None, max_length=8)  # blocks sharing a label are alternated, rest after each round
    warmup: bool = False  # a warm-up ramp before the first working set (loaded barbell lifts)
    amrap: bool = False  # as many reps as possible: reps_min..reps_max is only a guide
    duration_s: int | None = Field(None, ge=1, le=6 * 3600)  # a timed set's target (a 45 s plank)
    distance_m: float | None = Field(None, gt=0, le=1_000_000)  # a distance set's target (a 3.2 km run)
    distance_unit: Literal["m", "km", "mi"] | None = None  # the unit it was typed in (None: by its size)

    @model_validator(mode="after")
    def _range(self) -> ExerciseBlock:
        if self.reps_min > self.reps_max:
            raise ValueError("reps_min must not exceed reps_max")
        if self.load is not None and to_kg(self.load, self.unit) > MAX_LOAD_KG:
            raise ValueError(f"load must be at most {MAX_LOAD_KG:g} kg")
        self.exercise = self.exercise.strip().lower()
        return self


class Program(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)
    title: str = Field(min_length=1, max_length=80)  # "A" and "B" name many a lifter's days
    description: str = ""
    blocks: list[ExerciseBlock] = Field(min_length=1, max_length=15)


def load_programs(directory: Path) -> dict[str, Program]:
    programs: dict[str, Program] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            program = Program(**(data or {}))
        except yaml.YAMLError as exc:
            raise ProgramError(f"{path}: not valid YAML ({exc})") from None
        except (ValidationError, TypeError) as exc:
            raise ProgramError(f"{path}: invalid program: {exc}") from None
        if program.id != path.stem:
            raise ProgramError(f"{path}: id {program.id!r} must equal the file name {path.stem!r}")
        programs[program.id] = program
    return programs
