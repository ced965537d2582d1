"""Friendly error pages, and domain exceptions mapped to HTTP at the edge."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from outcomes.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from web.database import get_session
from web.deadline import DeadlinePassed, lift, timed_out

log = logging.getLogger("outcomes.errors")

_STATUS = {NotFound: 404, PermissionDenied: 403, Conflict: 409, InvalidInput: 400}


def init_app(app: Flask) -> None:
    for exception, status in _STATUS.items():
        app.register_error_handler(exception, _domain_handler(status))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_error)
    app.register_error_handler(DeadlinePassed, _database_error)
    app.register_error_handler(Exception, _server_error)


def _domain_handler(status: int):  # type: ignore[no-untyped-def]
    def handle(error: Exception) -> tuple[str, int]:
        return render_template("errors/error.html", status=status, message=str(error)), status

    return handle


def _http_error(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    if status >= 500:
        return _server_error(error)
    return render_template("errors/error.html", status=status, message=None), status


def _server_error(error: Exception) -> tuple[str, int]:
    log.exception("Unhandled error, request_id=%s", g.get("request_id", "-"), exc_info=error)
    return render_template("errors/500.html", request_id=g.get("request_id", "-")), 500


def stopped_at_deadline(error: Exception) -> bool:
    """Whether the database stopped the request's statement at its deadline; if so, the
    request's failed transaction is rolled back, without a deadline, so that a page can
    still be drawn."""
    if not timed_out(error):
        return False
    session = get_session()
    lift(session)
    session.rollback()
    log.warning(
        "Stopped at the deadline: %s %s, request_id=%s",
        request.method,
        request.path,
        g.get("request_id", "-"),
    )
    return True


def _database_error(error: Exception) -> tuple[str, int]:
    if not stopped_at_deadline(error):
        return _server_error(error)
    report = request.blueprint == "reports"
    return render_template("errors/too_long.html", report=report), 503
