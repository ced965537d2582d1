"""The declarative base, the engine and the session factory."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import Connection, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from outcomes.errors import Busy

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no timezone type, so without this a value written aware comes back naive.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Timestamps must be timezone-aware (UTC).")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {datetime: UTCDateTime()}


BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str, **kwargs: object) -> Engine:
    """An engine for ``url``. SQLite gets foreign keys, WAL and real transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)

    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy issue BEGIN itself: pysqlite's own transaction handling
        # breaks SAVEPOINT, which the tests and nested operations rely on.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if parsed.database and parsed.database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
        # Wait up to BUSY_TIMEOUT_MS for another writer to finish, rather than fail.
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "handle_error")
    def _on_error(context):  # type: ignore[no-untyped-def]
        # A write that still could not get the lock (or that started from a snapshot
        # another writer has since changed: SQLite then fails at once) is an overlap of
        # two changes, which the person can act on, not a server error.
        if "database is locked" in str(context.original_exception):
            return Busy()
        return None

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


# Every table of a dataset export is read from one snapshot of the data (read_one_snapshot).
SNAPSHOT_ISOLATION = "REPEATABLE READ"
_ONE_SNAPSHOT_LEVELS = {"repeatable read", "serializable"}


class NotOneSnapshot(RuntimeError):
    """A programming error: work that must read one snapshot would read several."""


def read_one_snapshot(session: Session) -> None:
    """Make every transaction of ``session`` read one snapshot of the data, from its first
    statement to its end. Call it before the session's first query.

    An export reads its tables one statement after another (some through COPY), and the
    revisions in scope are a subquery each statement evaluates again. In PostgreSQL's
    default READ COMMITTED each statement sees the data as it is when that statement
    starts, so a review submitted mid-export could be in one table and not another. At
    REPEATABLE READ a transaction sees the data as it was at its first statement; one
    that only reads, or only inserts rows nobody else updates (the export log, the audit
    trail), never fails to serialize. The level is chosen when a transaction begins, so
    it is set on the session's bind, for all its transactions: the web request's session
    reads the signed-in user first, and an API call may end that read before the export's
    own transaction. SQLite needs nothing: in WAL mode a transaction reads one snapshot
    (and a write in it after another connection has committed is refused, as Busy).

    A session joined to a transaction its caller began (the tests' rolled-back one) keeps
    that transaction's level; ``require_snapshot`` still checks it.
    """
    if session.in_transaction():
        raise NotOneSnapshot(
            "The session's transaction has already begun: call read_one_snapshot before its "
            "first query."
        )
    bind = session.get_bind()
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        session.bind = bind.execution_options(isolation_level=SNAPSHOT_ISOLATION)


def require_snapshot(session: Session) -> None:
    """Refuse, loudly, to go on in a transaction whose statements read different snapshots
    (PostgreSQL below REPEATABLE READ): its caller forgot ``read_one_snapshot``."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    level = connection.exec_driver_sql("SHOW transaction_isolation").scalar()
    if level not in _ONE_SNAPSHOT_LEVELS:
        raise NotOneSnapshot(
            f"This transaction runs at {str(level).upper()}, so each statement would read "
            "its own snapshot: make its session with outcomes.db.read_one_snapshot."
        )
