"""Writing many rows quickly: ids chosen in Python, inserts in batches (``COPY`` on
PostgreSQL, executemany on SQLite), and rows made in a background thread while the
database writes the previous batch.

Choosing ids here lets one row name another (a revision its review, an answer its
revision) before either is written, with no round trip per row. It is only safe while
nothing else inserts into the same tables, which is why only demo and benchmark data
is written this way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session


class Rows:
    """A batch of rows for several tables, inserted parents first (in ``order``)."""

    def __init__(self, order: Sequence[str], next_ids: dict[str, int]) -> None:
        self.order = order
        self.next_ids = next_ids  # shared by every batch of one run
        self.by_shape: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)

    def new_id(self, table: str) -> int:
        self.next_ids[table] += 1
        return self.next_ids[table] - 1

    def add(self, table: str, row: dict[str, Any], shape: str = "") -> None:
        """Add a row. One executemany needs the same columns in every row, so rows whose
        columns differ are told apart by ``shape``; a column left out takes its default
        (NULL), as it would through the ORM."""
        self.by_shape[(table, shape)].append(row)

    @property
    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for (table, _), rows in self.by_shape.items():
            counts[table] += len(rows)
        return counts

    def insert(self, session: Session, tables: dict[str, Table]) -> None:
        copy = session.get_bind().dialect.name == "postgresql"
        for name in self.order:
            for (table, _), rows in self.by_shape.items():
                if table == name:
                    if copy:
                        copy_rows(session, tables[name], rows)
                    else:
                        session.execute(insert(tables[name]), rows)


def copy_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """On PostgreSQL, write rows (all with the same columns) with ``COPY … FROM STDIN``,
    the database's own bulk load, in the session's transaction. Each value goes through
    its column's type as an insert would send it (JSON, enums by their value)."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    quote = dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(map(quote, names))}) FROM STDIN"
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    value if process is None or value is None else process(value)
                    for value, process in zip(map(row.__getitem__, names), processors, strict=True)
                ]
            )


def next_ids(session: Session, tables: dict[str, Table]) -> dict[str, int]:
    """One past the largest id in each table."""
    return {
        name: (session.scalar(select(func.max(table.c.id))) or 0) + 1
        for name, table in tables.items()
    }


def advance_sequences(session: Session, tables: dict[str, Table]) -> None:
    """On PostgreSQL, move each table's id sequence past the ids chosen here, so that
    later inserts that take their id from the sequence do not collide; and gather the
    tables' statistics, so that the next queries are planned for the rows now there
    rather than for the empty tables the last statistics saw."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in tables:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {name}))"
            )
        )
        session.execute(text(f"ANALYZE {name}"))


@contextmanager
def sqlite_page_cache(session: Session) -> Iterator[None]:
    """On SQLite, a page cache big enough for large tables' indexes while writing: with
    the small default, most of the time goes on moving index pages to and from disk."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    before = int(session.execute(text("PRAGMA cache_size")).scalar_one())
    session.execute(text("PRAGMA cache_size = -262144"))  # 256 MB, taken only as needed
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {before}"))
