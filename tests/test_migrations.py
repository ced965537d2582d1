"""The schema is built by migrations only: they must agree with the models and round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from databases import backends, fresh_database, postgres_server_url
from sqlalchemy import Engine, inspect

from outcomes import migrate
from outcomes.db import make_engine
from outcomes.models import Base
from outcomes.reviews import search


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        # Full-text search lives in database-specific objects that no model describes.
        opts = {"compare_type": True, "include_name": search.include_name}
        context = MigrationContext.configure(connection, opts=opts)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_revision_ids_are_the_file_stems() -> None:
    script = ScriptDirectory(str(migrate.MIGRATIONS))
    for revision in script.walk_revisions():
        assert Path(revision.path).stem == revision.revision
        assert revision.revision[:4].isdigit() and revision.revision[4] == "_"


def test_the_database_is_at_the_head_revision(engine: Engine) -> None:
    assert migrate.current_revision(engine) == migrate.head_revision()


@pytest.mark.parametrize("backend", backends())
def test_upgrade_downgrade_upgrade(backend: str, tmp_path: Path) -> None:
    server = postgres_server_url() if backend == "postgresql" else None
    with fresh_database(server, tmp_path) as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        try:
            tables = set(inspect(engine).get_table_names())
            assert set(Base.metadata.tables) <= tables
            migrate.downgrade(url, "base")
            inspector = inspect(engine)
            assert set(inspector.get_table_names()) <= {"alembic_version"}
            migrate.upgrade(url)
            assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
            assert migrate.current_revision(engine) == migrate.head_revision()
        finally:
            engine.dispose()
