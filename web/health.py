"""GET /healthz for load balancers: 200 only when the database answers at the head schema."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from outcomes.migrate import current_revision, head_revision
from web.database import get_session

bp = Blueprint("health", __name__)
log = logging.getLogger("outcomes.health")
HEAD = "outcomes.migration_head"


def _head() -> str | None:
    """The newest migration, read from the scripts on the first check and kept (it cannot
    change while the code runs): reading it on every call was half of each check's time,
    and reading it when the app starts would slow every command."""
    if HEAD not in current_app.extensions:
        current_app.extensions[HEAD] = head_revision()
    head: str | None = current_app.extensions[HEAD]
    return head


@bp.route("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    head = _head()
    try:
        current = current_revision(get_session().connection())
    except SQLAlchemyError:
        log.warning("Health check: the database did not answer", exc_info=True)
        return jsonify(status="unavailable", database="unreachable"), 503
    if current != head:
        return jsonify(status="unavailable", database="reachable", schema=current, head=head), 503
    return jsonify(status="ok", database="reachable", schema=current)
