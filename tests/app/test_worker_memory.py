"""A worker hands freed memory back after a request that grew it, and only then."""

from __future__ import annotations

import sys

import pytest

from web.worker_memory import Trimmer, resident_bytes

MB = 1024 * 1024


def test_memory_is_handed_back_after_a_request_that_grew_it_or_after_creeping() -> None:
    sizes = iter([100, 100, 110, 110, 130, 125, 125, 135, 135, 142, 138])
    trimmer = Trimmer(growth=16 * MB, measure=lambda: next(sizes) * MB)  # floor 100
    trimmer.before_request()  # 100
    assert not trimmer.after_request()  # 110: grown by 10 only
    trimmer.before_request()  # 110
    assert trimmer.after_request()  # 130: grown by 20 in this request; 125 left after it
    assert trimmer.floor == 125 * MB
    trimmer.before_request()  # 125
    assert not trimmer.after_request()  # 135: 10 more in this request, 10 above the floor
    trimmer.before_request()  # 135
    assert trimmer.after_request()  # 142: 7 in this request, but crept 17 above the floor


def test_a_worker_still_well_above_its_start_after_handing_back_is_worn() -> None:
    sizes = iter([100, 100, 180, 140, 140, 230, 149])
    trimmer = Trimmer(growth=16 * MB, measure=lambda: next(sizes) * MB, spent=48 * MB)
    trimmer.before_request()  # 100
    assert trimmer.after_request()  # 180, then 140 left: 40 above its start
    assert not trimmer.worn()
    trimmer.before_request()  # 140
    assert trimmer.after_request()  # 230, then 149 left: 49 above its start
    assert trimmer.worn()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_memory_goes_back_to_the_system() -> None:
    trimmer = Trimmer(growth=64 * MB)
    trimmer.before_request()
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
