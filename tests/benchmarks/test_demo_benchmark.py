"""`outcomes demo --places 300 --services 10 --periods 8` on PostgreSQL, against a bare
``COPY FROM`` of the same rows, measured in the same run.

Two new databases are made ready alike (migrated, places, frameworks). The synthetic
reviews are written to the first and committed (timed: what the command does). The rows
they added are then read out as CSV and loaded into the second with ``COPY FROM`` in one
transaction, with the one update that links each review to its revision (timed: the
floor). The ratio is recorded and printed, never asserted.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import psycopg
import pytest
from databases import fresh_database
from national import NATIONAL_PERIODS, NATIONAL_PLACES, NATIONAL_SERVICES, prepare
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy.engine import make_url

from outcomes.db import make_session_factory
from outcomes.demo.synthetic import generate_synthetic

# Parents first. A review names its current revision, which names the review: the review
# goes in without it, and the update below links them, as the demo itself does.
TABLES = (
    "user_account",
    "user_place",
    "service",
    "review",
    "review_revision",
    "answer",
    "barrier_citation",
    "audit_event",
)


def _plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _columns(connection: psycopg.Connection, table: str) -> list[str]:
    return [
        name
        for (name,) in connection.execute(
            # Generated columns (the answers' search words) are made by the database.
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND is_generated = 'NEVER' ORDER BY ordinal_position",
            (table,),
        )
    ]


def _copy_floor(source_url: str, target_url: str, folder: Path) -> float:
    """Seconds to load the rows the demo added to ``source_url`` into ``target_url``."""
    files = {}
    with (
        psycopg.connect(_plain(source_url)) as source,
        psycopg.connect(_plain(target_url)) as target,
    ):
        for table in TABLES:
            columns = _columns(source, table)
            has_id = "id" in columns
            before = target.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            if has_id:
                before = target.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]  # noqa: S608
            listed = ", ".join("NULL" if c == "current_revision_id" else c for c in columns)
            where = f"WHERE id > {before}" if has_id else ""
            files[table] = folder / f"{table}.csv"
            with (
                files[table].open("wb") as out,
                source.cursor().copy(
                    f"COPY (SELECT {listed} FROM {table} {where}) TO STDOUT"  # noqa: S608
                ) as copy,
            ):
                for chunk in copy:
                    out.write(chunk)
        started = time.perf_counter()
        with target.transaction():
            for table in TABLES:
                with (
                    files[table].open("rb") as data,
                    target.cursor().copy(f"COPY {table} FROM STDIN") as copy,
                ):
                    while chunk := data.read(1 << 20):
                        copy.write(chunk)
            target.execute(
                "UPDATE review SET current_revision_id = review_revision.id FROM review_revision "
                "WHERE review_revision.review_id = review.id AND review.current_revision_id IS NULL"
            )
        return time.perf_counter() - started


def test_demo_against_copy_from(benchmark: BenchmarkFixture, tmp_path: Path) -> None:
    server = os.environ.get("OUTCOMES_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        pytest.skip("COPY FROM is PostgreSQL's: set OUTCOMES_TEST_DATABASE_URL to one")
    with (
        fresh_database(server, tmp_path) as demo_url,
        fresh_database(server, tmp_path) as floor_url,
    ):
        engines = [prepare(demo_url), prepare(floor_url)]
        seconds: list[float] = []

        def demo() -> None:
            started = time.perf_counter()
            with make_session_factory(engines[0])() as session:
                generate_synthetic(
                    session,
                    places=NATIONAL_PLACES,
                    services=NATIONAL_SERVICES,
                    periods=NATIONAL_PERIODS,
                )
                session.commit()
            seconds.append(time.perf_counter() - started)

        try:
            benchmark.pedantic(demo, rounds=1, iterations=1)
            floor = _copy_floor(demo_url, floor_url, tmp_path)
        finally:
            for engine in engines:
                engine.dispose()
    ratio = seconds[0] / floor
    benchmark.extra_info.update(
        {"demo_seconds": round(seconds[0], 2), "copy_from_seconds": round(floor, 2), "ratio": ratio}
    )
    print(
        f"\ndemo --places 300 --services 10 --periods 8: {seconds[0]:.1f} s, "
        f"{ratio:.2f}x a bare COPY FROM of the same rows ({floor:.1f} s)"
    )
