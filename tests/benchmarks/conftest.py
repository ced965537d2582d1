"""National-scale data for the benchmarks, built once per run and shared by them.

Every current English lower-tier place, ten services each, eight quarters of submitted
reviews: the scale the reports and exports are meant to handle. It is built on a fresh
database (PostgreSQL when OUTCOMES_TEST_DATABASE_URL says so, else a SQLite file), and
committed, so that each benchmark can read it from its own connections and processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from databases import fresh_database
from national import (
    NATIONAL_PERIODS,
    NATIONAL_PLACES,
    NATIONAL_SERVICES,
    NationalData,
    prepare,
    settle,
)

from outcomes.db import make_session_factory
from outcomes.demo.synthetic import generate_synthetic


@pytest.fixture(scope="session")
def national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NationalData]:
    server = os.environ.get("OUTCOMES_TEST_DATABASE_URL")
    with fresh_database(server, tmp_path_factory.mktemp("national")) as url:
        engine = prepare(url)
        with make_session_factory(engine)() as session:
            summary = generate_synthetic(
                session,
                places=NATIONAL_PLACES,
                services=NATIONAL_SERVICES,
                periods=NATIONAL_PERIODS,
                seed=1,
            )
            session.commit()
        settle(engine)
        try:
            yield NationalData(url, engine, summary)
        finally:
            engine.dispose()
