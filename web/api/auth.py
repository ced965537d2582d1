"""Bearer-token authentication for the API: who is calling, and may they write."""

from __future__ import annotations

from flask import Response, g, request

from outcomes.accounts.models import User
from outcomes.accounts.tokens import (
    TokenRejected,
    TokenScope,
    authenticate_token,
    record_token_use,
    token_use_is_due,
)
from outcomes.db import utcnow
from web.api import bp
from web.api.problems import problem
from web.database import apart, get_session

OPEN_ENDPOINTS = {"api.openapi", "api.docs"}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


@bp.before_request
def _authenticate() -> Response | None:
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return _unauthorised("Send a personal API token as 'Authorization: Bearer <token>'.")
    try:
        user, token = authenticate_token(get_session(), secret.strip())
    except TokenRejected as rejected:
        return _unauthorised(str(rejected))
    if request.method not in READ_METHODS and token.scope is not TokenScope.WRITE:
        return problem(403, "This token can only read. Create a read and write token to do this.")
    now = utcnow()
    if token_use_is_due(token, now):
        # In its own short transaction: the request's transaction never writes (or locks)
        # the token's row, so calls with one token run side by side. The request has only
        # read so far; ending that read first keeps SQLite from refusing its later writes
        # for a snapshot older than this one.
        get_session().commit()
        with apart() as connection:
            record_token_use(connection, token.id, now)
    g.api_user = user
    return None


def _unauthorised(detail: str) -> Response:
    response = problem(401, detail)
    response.headers["WWW-Authenticate"] = 'Bearer realm="outcomes"'
    return response


def api_user() -> User:
    return g.api_user
