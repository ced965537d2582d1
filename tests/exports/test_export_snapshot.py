"""Every table of an export is read from one snapshot of the data: a review submitted while
an export runs is in all of its tables or in none (outcomes.db.read_one_snapshot).

These tests commit for real, on a database of their own, because what they prove is how
the export's transaction sees another connection's commit."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from databases import fresh_database
from exporting import FRAMEWORK, descriptor, query, unzip
from factories import create_place, create_service, create_user, sign_in
from flask import Flask
from frontdoor import file_review
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from outcomes import migrate
from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.config import PROJECT_ROOT
from outcomes.db import NotOneSnapshot, make_engine
from outcomes.disclosure import DisclosureRule
from outcomes.exports.operations import export_dataset, preview_export
from outcomes.exports.query import ExportFormat
from outcomes.frameworks import load_directory
from outcomes.frameworks.store import store_definitions
from outcomes.places.models import Place
from web import create_app

PERIOD = (date(2025, 4, 1), date(2025, 6, 30))
# How the export's read of services.csv begins (outcomes.exports.rows): the last table
# read through SQLAlchemy before the reviews, answers and citations (read with COPY).
SERVICES_READ = "SELECT service.id, place.code, service.name,"
FRAMEWORKS = PROJECT_ROOT / "frameworks"
DOWNLOAD = "/exports/download?framework=public-service-reform&format=datapackage"


@dataclass
class Committed:
    url: str
    engine: Engine
    place_id: int
    manager_email: str
    regulator_email: str


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Committed]:
    """A database of the module's own, with two reviews filed and submitted through the
    services the pages call, committed."""
    server = os.environ.get("OUTCOMES_TEST_DATABASE_URL")
    with fresh_database(server, tmp_path_factory.mktemp("snapshot")) as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            # The core framework only: its place extensions need the ONS places loaded.
            store_definitions(session, OPERATOR, load_directory(FRAMEWORKS)[FRAMEWORK])
            place = create_place(session, name="Snapshotby")
            manager = create_user(session, places=[place])
            for seed in range(2):
                file_review(
                    session, manager, create_service(session, place=place), PERIOD, seed=seed
                )
            regulator = create_user(session, role=Role.REGULATOR)
            session.commit()
            yield Committed(url, engine, place.id, manager.email, regulator.email)
        engine.dispose()


def _submit_elsewhere(committed: Committed) -> int:
    """A review filed and submitted through another connection, committed; its id."""
    with Session(committed.engine) as session:
        manager = session.scalars(select(User).where(User.email == committed.manager_email)).one()
        place = session.get_one(Place, committed.place_id)
        service = create_service(session, place=place)
        review = file_review(session, manager, service, PERIOD, seed=service.id)
        session.commit()
        return review.id


def _rows(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"].decode("utf-8-sig"))))


@pytest.fixture
def app(committed: Committed) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret key",
            "DATABASE_URL": committed.url,
            "WTF_CSRF_ENABLED": False,
            "SIGN_IN_FAILURE_DELAY": 0,
            "STATEMENT_TIMEOUT": 25,
        }
    )
    yield app
    app.extensions["outcomes.engine"].dispose()


def test_a_review_submitted_mid_export_is_in_no_table_of_it(
    app: Flask, committed: Committed
) -> None:
    """Through the export page, on the app's own engine: after the export has read the
    places, and just before it reads the services (then the reviews, answers, citations
    and national asks), another connection commits a new review. The export's tables agree
    with each other and with what was in scope when it began."""
    engine: Engine = app.extensions["outcomes.engine"]
    seen: dict[str, Any] = {}

    def commit_before_the_services(
        _conn: object, cursor: Any, statement: str, *_args: object
    ) -> None:
        # Just before the services are read: the places are read already.
        if "new_review" in seen or not statement.startswith(SERVICES_READ):
            return
        if engine.dialect.name == "postgresql":
            with cursor.connection.cursor() as look:
                look.execute("SHOW transaction_isolation")
                seen["isolation"] = look.fetchone()[0]
                look.execute("SHOW statement_timeout")
                seen["statement_timeout"] = look.fetchone()[0]
        seen["new_review"] = _submit_elsewhere(committed)

    client = app.test_client()
    with Session(committed.engine) as session:
        regulator = session.scalars(
            select(User).where(User.email == committed.regulator_email)
        ).one()
    sign_in(client, regulator)
    before = {row["review_id"] for row in _rows(unzip(client.post(DOWNLOAD).get_data()), "reviews")}

    event.listen(engine, "before_cursor_execute", commit_before_the_services)
    try:
        response = client.post(DOWNLOAD)
    finally:
        event.remove(engine, "before_cursor_execute", commit_before_the_services)
    assert "new_review" in seen, "the hook never fired: the export read no services"
    if engine.dialect.name == "sqlite":
        # SQLite reads one snapshot too, but a transaction cannot write (the export's
        # record) once another has committed since it began reading: the export is
        # refused, never inconsistent, and asked again it holds the new review.
        assert response.status_code == 409
        assert "Someone else was saving a change" in response.get_data(as_text=True)
    else:
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        _assert_agrees(response.get_data(), before, seen["new_review"])
        assert seen["isolation"] == "repeatable read"
        assert seen["statement_timeout"] != "0"  # the request's deadline still holds

    # The next export, in a transaction of its own, has the new review everywhere.
    files = unzip(client.post(DOWNLOAD).get_data())
    assert str(seen["new_review"]) in {row["review_id"] for row in _rows(files, "reviews")}
    assert str(seen["new_review"]) in {row["review_id"] for row in _rows(files, "answers")}


def _assert_agrees(data: bytes, before: set[str], new_review: int) -> None:
    """The export's tables hold the reviews in scope when it began, and agree."""
    files = unzip(data)
    reviews = {row["review_id"] for row in _rows(files, "reviews")}
    answered = {row["review_id"] for row in _rows(files, "answers")}
    assert reviews == before and len(before) == 2
    assert answered == reviews
    assert str(new_review) not in reviews | answered
    filed_by = {row["service_id"] for row in _rows(files, "reviews")}
    assert filed_by == {row["service_id"] for row in _rows(files, "services")}
    counts = descriptor(data)["provenance"]["row_counts"]
    for name in ("reviews", "answers", "barrier_citations", "places", "services"):
        assert counts[name] == len(_rows(files, name)), name


def test_the_api_and_the_command_export_from_one_snapshot(
    app: Flask, committed: Committed, tmp_path: Path
) -> None:
    """The API and ``outcomes export`` on sessions of their own (not the tests' joined
    transaction): each begins its transaction as one snapshot, or the export's check
    would refuse it on PostgreSQL."""
    with Session(committed.engine, expire_on_commit=False) as session:
        regulator = session.scalars(
            select(User).where(User.email == committed.regulator_email)
        ).one()
        _, secret = create_token(session, regulator, name="snapshot", scope=TokenScope.READ)
        session.commit()
    response = app.test_client().get(
        "/api/v1/exports?framework=public-service-reform",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert _rows(unzip(response.get_data()), "reviews")

    output = tmp_path / "export.zip"
    result = app.test_cli_runner().invoke(
        args=["export", "--framework", FRAMEWORK, "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert _rows(unzip(output.read_bytes()), "reviews")


def test_an_export_that_would_read_several_snapshots_is_refused(committed: Committed) -> None:
    """On PostgreSQL, an export (or its count) in a READ COMMITTED transaction is a
    programming error, refused before it reads a table; SQLite reads one snapshot anyway."""
    export_query = query()
    with Session(committed.engine) as session:
        if committed.engine.dialect.name != "postgresql":
            assert preview_export(session, OPERATOR, export_query, rule=DisclosureRule())
            return
        with pytest.raises(NotOneSnapshot, match="READ COMMITTED"):
            preview_export(session, OPERATOR, export_query, rule=DisclosureRule())
        session.rollback()
        with pytest.raises(NotOneSnapshot, match="read_one_snapshot"):
            export_dataset(
                session,
                OPERATOR,
                export_query,
                ExportFormat.DATAPACKAGE,
                io.BytesIO(),
                rule=DisclosureRule(),
            )
