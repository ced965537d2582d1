"""A gunicorn worker's memory handed back after a big request, and the heavy libraries
imported once in gunicorn's master so that every worker shares them (gunicorn.conf.py).

A national report grows a worker by a hundred megabytes and more (pandas frames, Arrow
buffers); Python frees the objects, but glibc keeps most of the freed heap for the next
allocation, so without help the worker stays at its peak until it restarts. After a
request that grew the worker by ``GROWTH`` or more (or once it has crept up so much), a
full garbage collection and glibc's ``malloc_trim`` return what is free to the system.
It runs after the response is written (gunicorn's post_request), so no reader waits.

What the libraries keep after that (caches, arenas split by long-lived objects, pages of
the master's a worker wrote to) can leave a worker 30 to 70 MB above where it started.
A worker still more than ``SPENT`` above its start once it has handed back what it could
finishes after its response and gunicorn forks a fresh one from the master, as it does
for ``max_requests``: with the app preloaded that costs milliseconds, and every worker is
back within ``SPENT`` of idle.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import importlib
import os
from collections.abc import Callable

GROWTH = 16 * 1024 * 1024  # bytes a worker may grow by before it hands memory back
SPENT = 48 * 1024 * 1024  # bytes above its start a worker may keep before it is replaced

# Imported in the master before it forks: their code and data are then shared by every
# worker (copy-on-write) instead of each importing its own copy on first use.
HEAVY = ("numpy", "pyarrow", "pandas")


def import_heavy() -> None:
    for name in HEAVY:
        importlib.import_module(name)
    # Arrow's own allocator (mimalloc) keeps about 30 MB a worker after a national report
    # that malloc_trim cannot reach; on glibc's malloc it is handed back with the rest.
    pyarrow = importlib.import_module("pyarrow")
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    # Objects made so far live as long as the master: the collector need not look at them
    # again, and in the workers it then never writes to (and so copies) their pages.
    gc.collect()
    gc.freeze()


def resident_bytes() -> int:
    """This process's resident memory (Linux; 0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc
        return None
    return trim


class Trimmer:
    """Hands a worker's freed memory back after a request that grew it by ``growth``, or
    once it has crept up by ``growth`` since it last did: not after every request, which
    would cost each a collection."""

    def __init__(
        self,
        growth: int = GROWTH,
        measure: Callable[[], int] = resident_bytes,
        spent: int = SPENT,
    ) -> None:
        self.growth = growth
        self.measure = measure
        self.trim = _malloc_trim()
        self.floor = measure()
        self.idle = self.floor  # where the worker started
        self.started = self.floor
        self.spent = spent

    def before_request(self) -> None:
        self.started = self.measure()

    def after_request(self) -> bool:
        """Whether memory was handed back."""
        now = self.measure()
        if now < self.started + self.growth and now < self.floor + self.growth:
            return False
        gc.collect()
        if self.trim is not None:
            self.trim(0)
        # What is left is in use: the next trim waits for growth beyond it.
        self.floor = self.measure()
        return True

    def worn(self) -> bool:
        """Whether what is left after handing memory back is more than ``spent`` above
        where the worker started: time for a fresh one."""
        return self.floor > self.idle + self.spent
