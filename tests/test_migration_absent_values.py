"""Migration 0006 turns the JSON ``null`` older code stored for absent values into SQL
NULL, and its downgrade puts them back where that code wrote them."""

from __future__ import annotations

from pathlib import Path

import pytest
from databases import backends, fresh_database, postgres_server_url
from sqlalchemy import text

from outcomes import migrate
from outcomes.db import make_engine

BEFORE = "0005_answer_search"
AFTER = "0006_absent_values_as_null"


def _nulls(connection) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(JSON nulls, SQL NULLs) in audit_event.before."""
    json_null = (
        "json_typeof(before) = 'null'"
        if connection.dialect.name == "postgresql"
        else ("before = 'null'")
    )
    stored = connection.execute(
        text(
            f"SELECT count(*) FILTER (WHERE {json_null}), "  # noqa: S608 (fixed text)
            "count(*) FILTER (WHERE before IS NULL) "
            "FROM audit_event"
        )
    ).one()
    return int(stored[0]), int(stored[1])


@pytest.mark.parametrize("backend", backends())
def test_json_nulls_become_sql_nulls_and_back(backend: str, tmp_path: Path) -> None:
    server = postgres_server_url() if backend == "postgresql" else None
    with fresh_database(server, tmp_path) as url:
        migrate.upgrade(url, BEFORE)
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                for before in ("null", '{"revision": 1}'):
                    connection.execute(
                        text(
                            "INSERT INTO audit_event (at, actor_label, action, subject_type, "
                            "subject_id, before, after) VALUES (CURRENT_TIMESTAMP, 'test', "
                            "'review.save', 'review', '1', :before, 'null')"
                        ),
                        {"before": before},
                    )
            migrate.upgrade(url, AFTER)
            with engine.connect() as connection:
                assert _nulls(connection) == (0, 1)
                assert (
                    connection.scalar(text("SELECT count(*) FROM audit_event WHERE after IS NULL"))
                    == 2
                )
            migrate.downgrade(url, BEFORE)
            with engine.connect() as connection:
                assert _nulls(connection) == (1, 0)
        finally:
            engine.dispose()
