"""Errors in one JSON shape: RFC 9457 problem details, with the field at fault."""

from __future__ import annotations

import logging

from flask import Response, g, jsonify, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from outcomes.errors import Conflict, InvalidInput, NotFound, OutcomesError, PermissionDenied
from outcomes.reviews.locking import EditConflict
from web.api import bp
from web.database import get_session
from web.deadline import DeadlinePassed, stopped_at_deadline

log = logging.getLogger("outcomes.api")

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    500: "Server error",
}


def problem(
    status: int, detail: str, *, errors: list[dict[str, str]] | None = None, **extra: object
) -> Response:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "request_id": g.get("request_id", ""),
        **extra,
    }
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.content_type = "application/problem+json"
    return response


# Werkzeug's own descriptions speak of "the server" and "the browser": say it plainly.
DETAILS = {
    404: "There is nothing at this address. The API reference lists every path.",
    405: "This path does not take that method: the Allow header lists those it does.",
}

_STATUS = {NotFound: 404, PermissionDenied: 403, Conflict: 409, InvalidInput: 422}

# The domain's names for a scope's fields (outcomes.scope), as the API's parameters name them.
PARAMETERS = {"codes": "places", "period": "period_from"}


@bp.errorhandler(EditConflict)
def _changed_since_read(error: EditConflict) -> Response:
    # The domain's message speaks of tabs and pages; an API client reads and sends.
    changed = f" by {error.by}" if error.by else ""
    when = f" at {error.at.isoformat(timespec='seconds')}" if error.at else ""
    return problem(
        409,
        f"This review was changed{changed}{when}, after the version you read, so your change "
        f"has not been saved. It is now version {error.version}: GET it again for its ETag "
        "and answers, then send your change again with that ETag in If-Match.",
        current_version=error.version,
    )


@bp.errorhandler(OutcomesError)
def _domain(error: OutcomesError) -> Response:
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
    errors = None
    if isinstance(error, InvalidInput):
        # Answer checks report every field at fault; other input errors name one.
        found = getattr(error, "errors", None) or {error.field or "": str(error)}
        errors = [
            {"field": PARAMETERS.get(field, field), "message": message}
            for field, message in found.items()
        ]
    return problem(status, str(error), errors=errors)


@bp.errorhandler(HTTPException)
def http_problem(error: HTTPException) -> Response:
    """Werkzeug's errors as problem details, with their headers (Allow on a 405)."""
    status = error.code or 500
    if status >= 500:
        return server_problem(error)
    described = error.description != type(error).description
    detail = error.description if described else DETAILS.get(status, error.description)
    if isinstance(error, RequestEntityTooLarge):
        detail = (
            f"The request body is larger than {body_limit()}, the most the API takes. "
            "Send less in one request (fewer answers in one change)."
        )
    response = problem(status, detail or TITLES.get(status, "Error"))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def body_limit() -> str:
    """The most this request may send, in words: the API's own limit, or the pages'."""
    return f"{(request.max_content_length or 0) / (1024 * 1024):g} MB"


@bp.errorhandler(OperationalError)
@bp.errorhandler(DeadlinePassed)
def _database(error: Exception) -> Response:
    if not stopped_at_deadline(error, get_session()):
        return server_problem(error)
    return problem(
        503,
        "This took too long and was stopped. Ask for less (fewer places or periods), or use "
        "a dataset export, which has no time limit.",
    )


@bp.errorhandler(Exception)
def server_problem(error: Exception) -> Response:
    log.exception("Unhandled API error, request_id=%s", g.get("request_id", "-"), exc_info=error)
    return problem(500, "Something went wrong. Quote the request id if you report it.")


def answers_for(path: str) -> bool:
    """Whether a request (even one that matched no route) is the API's to answer."""
    prefix = bp.url_prefix or ""
    return path == prefix or path.startswith(prefix + "/")
