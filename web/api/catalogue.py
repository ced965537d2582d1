"""Read-only resources: frameworks and their versions, places, services; the API's own docs."""

from __future__ import annotations

from flask import Response, jsonify, render_template, request

from outcomes.frameworks.store import as_definition, get_framework, get_version, list_frameworks
from outcomes.places.operations import get_place, list_places
from outcomes.services.operations import get_service, list_services
from web.api import bp, serialise
from web.api.openapi import document
from web.api.paging import page_json, page_number, page_size
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
    found = list_places(
        get_session(), request.args.get("q", ""), page=page_number(), per_page=page_size()
    )
    return page_json(found, serialise.place_summary)


@bp.get("/places/<code>")
def place(code: str) -> Response:
    return jsonify(serialise.place_detail(get_place(get_session(), code)))


@bp.get("/services")
def services() -> Response:
    session = get_session()
    code = request.args.get("place")
    listed = list_services(
        session,
        place=get_place(session, code) if code else None,
        page=page_number(),
        per_page=page_size(),
    )
    return page_json(listed, serialise.service)


@bp.get("/services/<int(min=1, max=2147483647):service_id>")
def service(service_id: int) -> Response:
    return jsonify(serialise.service(get_service(get_session(), service_id)))
