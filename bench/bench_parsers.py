"""Worst-case time of the workout and routine parsers on 4,096-character adversarial input (Telegram's limit).

    .venv/bin/python bench/bench_parsers.py

Prints the slowest of 20 runs per input class and parser, in milliseconds (target: well under 20 ms)."""

from __future__ import annotations

import time

from bot.training.catalogue import default_catalogue
from bot.training.parsing import SetInputError, parse_quick_workout, read_load, read_set
from bot.training.routine_ops import apply_edits, resolve_names
from bot.training.routines import Routine, RoutineError, RoutineLine, parse_lines

N = 4096
CLASSES = {
    "spaces": "5" + " " * (N - 2) + "z",
    "digits": "5" * N,
    "x-runs": "5x" * (N // 2),
    "separators": ("5 @ 1,2 x " * N)[:N],
    "unicode": ("💪ß×" * N)[:N],
    "name+spaces": "hip thrust " + " " * (N - 20) + "4x6",
    "dashes": "hip-thrust " + "-" * (N - 20) + "4x6",
    "routine lines": ("squat 3x5 100kg rest 90\n" * N)[:N],
    "superset": ("superset: " + "curl 3x12 / " * N)[:N],
    "long names": ("zq" * 95 + " 3x5\n") * 15,  # 15 unknown 190-character names: the closest-name search
}
ROUTINE = Routine("Push A", (RoutineLine("bench press", 3, 5, 5),))


def worst(fn, text: str) -> float:
    slowest = 0.0
    for _ in range(20):
        start = time.perf_counter()
        try:
            fn(text)
        except (SetInputError, RoutineError):
            pass
        slowest = max(slowest, time.perf_counter() - start)
    return slowest * 1000


def main() -> None:
    parsers = {
        "read_set": lambda t: read_set(t, unit="kg"),
        "read_load": lambda t: read_load(t, unit="kg"),
        "parse_quick_workout": lambda t: parse_quick_workout(t, unit="kg"),
        "routine+names": lambda t: resolve_names(parse_lines(t, "kg"), default_catalogue()),
        "routine edits": lambda t: apply_edits(ROUTINE, t, "kg"),
    }
    print(f"{'input class':<14}" + "".join(f"{name:>22}" for name in parsers))
    for label, text in CLASSES.items():
        print(f"{label:<14}" + "".join(f"{worst(fn, text):>19.3f} ms" for fn in parsers.values()))


if __name__ == "__main__":
    main()
