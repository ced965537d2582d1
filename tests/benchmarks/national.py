"""The national-scale dataset the benchmarks share (built in conftest.py)."""

from __future__ import annotations

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

NATIONAL_PLACES = 10_000  # more than there are: every current English lower-tier place
NATIONAL_SERVICES = 10
NATIONAL_PERIODS = 8


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
