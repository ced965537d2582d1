"""Migration 0010 fills the comparison read model from the reviews already stored, with
every row on its current place: the same rows as the code keeps in step."""

from __future__ import annotations

from pathlib import Path

import pytest
from databases import backends, fresh_database, postgres_server_url, store_shipped_frameworks
from frontdoor import build_front_door_data, recode

from outcomes import migrate
from outcomes.db import make_engine, make_session_factory
from outcomes.places.importer import import_places, shipped_place_files
from outcomes.places.operations import get_place
from outcomes.reports import readmodel

BEFORE = "0009_national_asks"
AFTER = "0010_comparison_read_model"


@pytest.mark.parametrize("backend", backends())
def test_the_migration_fills_the_read_model(backend: str, tmp_path: Path) -> None:
    server = postgres_server_url() if backend == "postgresql" else None
    with fresh_database(server, tmp_path) as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        try:
            with make_session_factory(engine)() as session:
                import_places(session, shipped_place_files())
                store_shipped_frameworks(session)
                build_front_door_data(session)
                recode(session, get_place(session, "E08000037"), "E06000990")
                session.commit()
                kept = readmodel.stored_rows(session)
            assert kept
            migrate.downgrade(url, BEFORE)
            migrate.upgrade(url, AFTER)
            with make_session_factory(engine)() as session:
                assert readmodel.stored_rows(session) == kept == readmodel.fresh_rows(session)
        finally:
            engine.dispose()
