"""Time a few searches in-process against a database: `python tests/load/search_timing.py URL`.

Not a test (pytest does not collect it): figures for the README, beside the load test.
"""

from __future__ import annotations

import sys
import time

from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.db import make_engine
from outcomes.reviews.search import search_answers

WORDS = ("families", "families", "families", "allotments", "evening sessions")


def main(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        for words in WORDS:
            started = time.perf_counter()
            found = search_answers(session, OPERATOR, words)
            elapsed = time.perf_counter() - started
            print(f"{words!r}: {found.total} counted, about {found.about}, {elapsed * 1000:.0f} ms")
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
