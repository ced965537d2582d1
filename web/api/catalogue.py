"""Read-only resources: frameworks and their versions, places, services; the API's own docs."""

from __future__ import annotations

from flask import Response, jsonify, render_template, request
from sqlalchemy import select

from outcomes.frameworks.store import as_definition, get_framework, get_version, list_frameworks
from outcomes.places.identity import Succession
from outcomes.places.operations import find_places, get_place
from outcomes.reviews.paging import count_and_clamp
from outcomes.services.models import Service
from outcomes.services.operations import get_service
from web.api import bp, serialise
from web.api.openapi import document
from web.api.paging import page_number, page_size
from web.database import get_session


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document())


@bp.get("/docs")
def docs() -> str:
    return render_template("api/docs.html", spec=document())


@bp.get("/frameworks")
def frameworks() -> Response:
    return jsonify({"items": [serialise.framework(f) for f in list_frameworks(get_session())]})


@bp.get("/frameworks/<slug>")
def framework(slug: str) -> Response:
    return jsonify(serialise.framework(get_framework(get_session(), slug)))


@bp.get("/frameworks/<slug>/versions/<version>")
def framework_version(slug: str, version: str) -> Response:
    row = get_version(get_session(), slug, version)
    return jsonify(serialise.version_detail(row, as_definition(row)))


@bp.get("/places")
def places() -> Response:
    query = request.args.get("q", "")
    return jsonify(
        {"items": [serialise.place_summary(p) for p in find_places(get_session(), query)]}
    )


@bp.get("/places/<code>")
def place(code: str) -> Response:
    return jsonify(serialise.place_detail(get_place(get_session(), code)))


@bp.get("/services")
def services() -> Response:
    session = get_session()
    statement = select(Service).order_by(Service.id)
    if request.args.get("place"):
        # A place by any of its codes is the whole place over time.
        place = get_place(session, request.args["place"])
        statement = statement.where(
            Service.place_id.in_(Succession.read(session).over_time([place.id]))
        )
    size = page_size()
    total, page = count_and_clamp(session, statement, page_number(), size)
    rows = session.scalars(statement.limit(size).offset((page - 1) * size))
    return jsonify(
        {
            "items": [serialise.service(s) for s in rows],
            "page": page,
            "page_size": size,
            "total": total,
        }
    )


@bp.get("/services/<int(min=1, max=2147483647):service_id>")
def service(service_id: int) -> Response:
    return jsonify(serialise.service(get_service(get_session(), service_id)))
