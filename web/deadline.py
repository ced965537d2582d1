"""Nothing a web request asks of the database runs past its deadline.

Each request's session gets a statement timeout below gunicorn's worker timeout (30 s by
default), so a slow report is stopped by the database, which frees its worker and its
connection, instead of the worker being killed mid-way (a 500, and on PostgreSQL a query
left running for minutes after the browser gave up). PostgreSQL: ``SET LOCAL
statement_timeout`` at the start of every transaction of the request. SQLite: a progress
handler that interrupts any statement once the request's deadline has passed. Command-line
work (exports, reports to files, demo data) has no deadline.

A statement stopped so is answered with 503 and a page saying what to do: narrow the
report or download it (web/errors.py); the API answers with a problem document.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from flask import current_app, g, has_request_context, request
from sqlalchemy import Connection, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger("outcomes.deadline")

# How many SQLite virtual-machine steps between two looks at the clock.
_SQLITE_STEPS = 10_000


class DeadlinePassed(Exception):
    """The request's deadline passed between two statements (in Python's own work)."""


def limit(session: Session) -> None:
    """Give every transaction of this request's session the request's deadline."""
    seconds = current_app.config.get("STATEMENT_TIMEOUT")
    if not seconds or not has_request_context():  # commands have no deadline
        return
    # In a list, so that lifting it reaches the SQLite handler already set.
    g.deadline = [time.monotonic() + float(seconds)]
    if not event.contains(session, "after_begin", _on_begin):
        event.listen(session, "after_begin", _on_begin)
    engine = session.get_bind().engine
    if not event.contains(engine, "before_cursor_execute", _before_statement):
        event.listen(engine, "before_cursor_execute", _before_statement)
    if session.in_transaction():  # the session's transaction began before the request
        _on_begin(session, None, session.connection())


def lift(session: Session) -> None:
    """No deadline for the rest of the request (its error page), nor on the connection
    once it is back in the pool."""
    deadline = g.pop("deadline", None)
    if deadline is not None:
        deadline[0] = math.inf
    if event.contains(session, "after_begin", _on_begin):
        event.remove(session, "after_begin", _on_begin)


def _on_begin(
    session: Session, _transaction: SessionTransaction | None, connection: Connection
) -> None:
    deadline = g.get("deadline")
    if deadline is None:
        return
    if connection.dialect.name == "postgresql":
        remaining_ms = max(1, int((deadline[0] - time.monotonic()) * 1000))
        # SET LOCAL ends with the transaction: the pooled connection keeps no limit.
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {remaining_ms}")
    elif connection.dialect.name == "sqlite":
        raw: Any = connection.connection.driver_connection
        raw.set_progress_handler(lambda: time.monotonic() > deadline[0], _SQLITE_STEPS)


def check() -> None:
    """Refuse to go on once the request's deadline has passed: a statement timeout
    bounds each statement, this bounds the request (say, long Python work between)."""
    deadline = g.get("deadline") if has_request_context() else None
    if deadline is not None and time.monotonic() > deadline[0]:
        raise DeadlinePassed("The request's deadline has passed.")


def _before_statement(*_args: object) -> None:
    check()


def timed_out(error: BaseException) -> bool:
    """Whether the database stopped a statement for running past the deadline, or the
    deadline passed before the next one."""
    if isinstance(error, DeadlinePassed):
        return True
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    # psycopg's QueryCanceled (SQLSTATE 57014); sqlite3 says "interrupted".
    return getattr(original, "sqlstate", None) == "57014" or str(original) == "interrupted"


def stopped_at_deadline(error: Exception, session: Session) -> bool:
    """Whether the database stopped the request's statement at its deadline; if so, the
    request's failed transaction is rolled back, without a deadline, so that a page can
    still be drawn."""
    if not timed_out(error):
        return False
    lift(session)
    session.rollback()
    log.warning(
        "Stopped at the deadline: %s %s, request_id=%s",
        request.method,
        request.path,
        g.get("request_id", "-"),
    )
    return True
