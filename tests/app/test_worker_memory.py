"""A worker hands freed memory back after a request that grew it, and only then."""

from __future__ import annotations

import sys

import pytest

from web.worker_memory import Trimmer, resident_bytes

MB = 1024 * 1024


def test_memory_is_handed_back_only_after_growth() -> None:
    sizes = iter([100 * MB, 120 * MB, 140 * MB, 135 * MB, 150 * MB])
    trimmer = Trimmer(growth=32 * MB, measure=lambda: next(sizes))
    assert not trimmer.after_request()  # 120: grown by 20 only
    assert trimmer.after_request()  # 140: grown by 40, handed back down to 135
    assert trimmer.floor == 135 * MB
    assert not trimmer.after_request()  # 150 is within 32 of what was left in use


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_memory_goes_back_to_the_system() -> None:
    trimmer = Trimmer(growth=64 * MB)
    assert trimmer.trim is not None
    # Many middling blocks, with a few that stay in use among them (as a request leaves
    # behind): once the blocks are freed, glibc keeps the room between those for itself.
    blocks, kept = [], []
    for i in range(64 * 1024):
        blocks.append(bytes(4096) + bytes([i % 256]))
        if i % 16 == 0:
            kept.append(bytes(600) + bytes([i % 256]))
    grown = resident_bytes()
    assert grown >= trimmer.floor + 200 * MB
    del blocks
    assert resident_bytes() > grown - 64 * MB  # freed, but not given back
    assert trimmer.after_request()
    assert resident_bytes() < grown - 200 * MB
