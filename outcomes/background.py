"""Work done in a thread while the caller uses what it made before."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar, cast

_DONE = object()
T = TypeVar("T")


def in_background(batches: Iterator[T], depth: int = 2) -> Iterator[T]:
    """The batches, made in a thread while the caller uses the ones before them.

    Work that waits on the database (or on zlib, or hashing) lets other threads run, so
    making and using batches overlap. An error in the thread is raised here; if the
    caller stops early, the thread stops.
    """
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        """Hand an item over, unless the caller has stopped listening."""
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for batch in batches:
                if not put(batch):
                    return
            put(_DONE)
        except BaseException as error:  # handed to the caller, who raises it
            put(error)

    thread = threading.Thread(target=make, name="in-background", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield cast(T, item)
    finally:
        stop.set()
        thread.join()
