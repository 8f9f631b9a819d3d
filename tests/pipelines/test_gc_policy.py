"""The batch processes' memory settings: freed heap pages go back to the system after a chunk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.gc_policy import _malloc_trim, release_free_memory


def _anonymous_kb() -> int:
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    found = re.search(r"^RssAnon:\s+(\d+) kB", status, re.MULTILINE)
    assert found is not None
    return int(found.group(1))


@pytest.mark.skipif(
    _malloc_trim() is None or not Path("/proc/self/status").exists(), reason="needs glibc and /proc"
)
def test_freed_chunk_memory_is_handed_back() -> None:
    release_free_memory(keep=0)  # growth is counted from here
    kept = _free_256_mb_below_the_heap_top()
    before = _anonymous_kb()
    release_free_memory()
    after = _anonymous_kb()
    assert before - after > 100 * 1024, (before, after)
    assert all(len(buffer) == 4096 for buffer in kept)


@pytest.mark.skipif(
    _malloc_trim() is None or not Path("/proc/self/status").exists(), reason="needs glibc and /proc"
)
def test_free_memory_up_to_the_limit_is_kept_for_the_next_chunk() -> None:
    release_free_memory(keep=0)  # handed back now: growth is counted from here
    kept = _free_256_mb_below_the_heap_top()
    before = _anonymous_kb()
    release_free_memory(keep=1 << 40)  # grown by less than that: nothing handed back
    assert before - _anonymous_kb() < 10 * 1024
    release_free_memory(keep=128 << 20)
    assert before - _anonymous_kb() > 100 * 1024
    assert all(len(buffer) == 4096 for buffer in kept)


def _free_256_mb_below_the_heap_top() -> list[bytearray]:
    """Free 256 MB of heap and return what pins it. Buffers of 4 kB come from malloc's heap, not from Python's
    small-object arenas. Keeping every 64th alive pins the heap's top, so glibc keeps the freed pages below it
    until it is asked to trim."""
    buffers = [bytearray(4096) for _ in range(64 * 1024)]
    kept = buffers[::64]
    del buffers
    return kept
