"""Friendly error pages, and domain exceptions mapped to HTTP at the edge."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from outcomes.errors import Busy, Conflict, InvalidInput, NotFound, PermissionDenied
from web.api import problems
from web.database import get_session
from web.deadline import DeadlinePassed, stopped_at_deadline

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
        session = g.get("db")
        if isinstance(error, Busy) and session is not None:
            # The overlap failed the request's transaction (say, an export's record, refused
            # by SQLite because another change committed after the export began reading):
            # end it, so that the page, which reads the signed-in user, can be drawn.
            session.rollback()
        return render_template("errors/error.html", status=status, message=str(error)), status

    return handle


def _http_error(error: HTTPException) -> ResponseReturnValue:
    # Unmatched paths and methods never reach a blueprint: the API answers its own.
    if problems.answers_for(request.path):
        return problems.http_problem(error)
    status = error.code or 500
    if status >= 500:
        return _server_error(error)
    message = None
    if isinstance(error, CSRFError):
        # Most often a page left open past its form token's life, or sent from a copy.
        message = (
            "The form was sent without a valid security token, which happens when a page "
            "has been open for a long time. Go back, reload the page and try again: what "
            "you entered may need entering again."
        )
    elif isinstance(error, RequestEntityTooLarge):
        message = (
            f"What you sent is larger than {problems.body_limit()}, the most this service "
            "accepts. Make the file smaller, or split it into smaller files, and try again."
        )
    return render_template("errors/error.html", status=status, message=message), status


def _server_error(error: Exception) -> ResponseReturnValue:
    if problems.answers_for(request.path):
        return problems.server_problem(error)
    log.exception("Unhandled error, request_id=%s", g.get("request_id", "-"), exc_info=error)
    return render_template("errors/500.html", request_id=g.get("request_id", "-")), 500


def _database_error(error: Exception) -> ResponseReturnValue:
    if not stopped_at_deadline(error, get_session()):
        return _server_error(error)
    report = request.blueprint == "reports"
    return render_template("errors/too_long.html", report=report), 503
