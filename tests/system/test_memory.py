"""Process memory upkeep for the long-running bot (glibc only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.memory import _glibc, release_free_memory


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(_glibc() is None or not Path("/proc/self/status").exists(), reason="needs glibc and /proc (Linux)")
def test_release_free_memory_returns_freed_holes_to_the_os() -> None:
    # 2 KiB buffers come from glibc's heap (Python's own allocator only takes <= 512 bytes).
    # Keeping every 50th one alive leaves the heap full of free holes that glibc keeps by itself.
    buffers = [bytearray(2048) for _ in range(60_000)]  # ~120 MB
    kept = buffers[::50]
    del buffers
    before = resident_mb()
    release_free_memory()
    after = resident_mb()
    assert before - after > 60, (before, after)  # most of the ~118 MB freed goes back
    assert len(kept) == 1200
