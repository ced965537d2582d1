"""GET /healthz for load balancers: 200 only when the database answers at the head schema."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy.exc import SQLAlchemyError

from outcomes.migrate import current_revision, head_revision
from web.database import get_session

bp = Blueprint("health", __name__)
log = logging.getLogger("outcomes.health")


@bp.route("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    head = head_revision()
    try:
        current = current_revision(get_session().connection())
    except SQLAlchemyError:
        log.warning("Health check: the database did not answer", exc_info=True)
        return jsonify(status="unavailable", database="unreachable"), 503
    if current != head:
        return jsonify(status="unavailable", database="reachable", schema=current, head=head), 503
    return jsonify(status="ok", database="reachable", schema=current)
