"""The national-scale dataset the benchmarks share (built in conftest.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import Engine

from outcomes import migrate
from outcomes.accounts.access import OPERATOR
from outcomes.config import PROJECT_ROOT
from outcomes.db import make_engine, make_session_factory
from outcomes.demo.synthetic import SyntheticSummary
from outcomes.frameworks import load_directory
from outcomes.frameworks.store import store_definitions
from outcomes.places.importer import import_places, shipped_place_files

# OUTCOMES_BENCHMARK_SCALE=smoke runs every benchmark on a few places, once: `make test`
# does so (tests/app/test_benchmarks_run.py), so that a change that breaks a benchmark is
# seen when it is made, not on the next day of measuring.
SMOKE = os.environ.get("OUTCOMES_BENCHMARK_SCALE") == "smoke"
# More places than there are: every current English lower-tier place.
NATIONAL_PLACES = 4 if SMOKE else 10_000
NATIONAL_SERVICES = 3 if SMOKE else 10
NATIONAL_PERIODS = 2 if SMOKE else 8


@dataclass(frozen=True)
class NationalData:
    url: str
    engine: Engine
    summary: SyntheticSummary


def prepare(url: str) -> Engine:
    """A new database ready for synthetic reviews: migrated, places imported, the shipped
    frameworks stored (committed)."""
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        import_places(session, shipped_place_files())
        loaded = load_directory(PROJECT_ROOT / "frameworks")
        store_definitions(session, OPERATOR, [d for found in loaded.values() for d in found])
        session.commit()
    return engine


def settle(engine: Engine) -> None:
    """On PostgreSQL, vacuum and analyse the new data before anything is timed, as
    autovacuum will have long since done on a database in use: otherwise its workers
    vacuum the tables the first benchmarks read, on the same two cores, while they run."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
