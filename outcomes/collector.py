"""Pausing Python's cyclic garbage collector while a large result is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Run the block (or, as ``@paused()``, the function) with the cyclic collector off,
    and switch it back on after.

    A national report makes hundreds of thousands of short-lived objects (rows, tuples,
    cells of frames) and no cycles among them, so reference counting frees every one;
    meanwhile the collector would walk every object the process holds, several times per
    report: about 0.1 s of the 0.5 s of Python a national report takes. What the block
    leaves in cycles is collected at the next collection after it, as before."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
