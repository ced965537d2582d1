"""Every route of the app and every API operation, walked as each role and signed out, and
each answer checked against the doors written down once in outcomes.doors.

A route the table does not name fails here, so a new route cannot ship before someone
decides who may use it. Pages are asked with GET where they have it, else with an empty
POST; API operations with their method and an empty JSON object. An answer counts as a
refusal when it is 401, 403, 404 or 409 (a refusal by the review's state), or a redirect
to the sign-in page; anything else below 500 lets the person through.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from factories import sign_in
from flask import Flask
from flask.testing import FlaskClient
from walking import FRAMEWORK, World
from werkzeug.routing import Rule as Route

from outcomes.doors import DOORS, Subjects
from outcomes.reviews.models import Review
from web import create_app

ROLES = ("admin", "regulator", "inspector", "manager of A", "manager of B", "signed out")
QUERIES = {
    "imports.template": f"?framework={FRAMEWORK}&place=E08000010",
    "reports.index": f"?framework={FRAMEWORK}",
    "reports.table_file": f"?framework={FRAMEWORK}",
    "reports.json_file": f"?framework={FRAMEWORK}",
    "reports.zip_file": f"?framework={FRAMEWORK}",
    "reports.section_file": f"?framework={FRAMEWORK}",
    "api.report": f"?framework={FRAMEWORK}",
    "api.export": f"?framework={FRAMEWORK}",
}


def routes(app: Flask) -> list[Route]:
    return sorted(app.url_map.iter_rules(), key=lambda route: route.endpoint)


def test_every_route_has_a_door() -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    missing = sorted({route.endpoint for route in routes(app)} - set(DOORS))
    assert missing == [], f"Say who may use these in outcomes/doors.py: {missing}"
    gone = sorted(set(DOORS) - {route.endpoint for route in routes(app)})
    assert gone == [], f"outcomes/doors.py names routes that no longer exist: {gone}"


def _arguments(world: World, route: Route, role: str, review: Review) -> dict[str, Any]:
    values = {
        "review_id": review.id,
        "number": 1,
        "feedback_id": world.feedback_id,
        "key": "principle-relational",
        "token_id": world.revocable.get(role, 1),
        "user_id": world.people["manager of B"].id,  # type: ignore[union-attr]
        "export_id": world.export_id,
        "service_id": world.service_a.id,
        "code": "dhsc" if route.endpoint == "national.body" else world.place_a.code,
        # The national ask the submitted review's barriers answer makes (tests/reviews).
        "barrier": "multi_year_funding",
        "start": review.period_start.isoformat(),
        "end": review.period_end.isoformat(),
        "period_start": review.period_start.isoformat(),
        "period_end": review.period_end.isoformat(),
        "framework": FRAMEWORK,
        "slug": "principles" if route.endpoint == "reports.section_file" else FRAMEWORK,
        "version": "2.0.0",
        "table": "principles",
        "kind": "csv",
        "ext": "css",
        "filename": "outcomes.css" if route.endpoint == "static" else "images/favicon.ico",
    }
    return {name: values[name] for name in route.arguments}


def _refused(response: Any) -> bool:
    if response.status_code in {401, 403, 404, 409}:
        return True
    return response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def _ask(client: FlaskClient, world: World, route: Route, role: str, review: Review) -> Any:
    path = re.sub(r"/+", "/", route.build(_arguments(world, route, role, review))[1])
    path += QUERIES.get(route.endpoint, "")
    methods = (route.methods or set()) - {"HEAD", "OPTIONS"}
    method = "GET" if "GET" in methods else sorted(methods)[0]
    if route.endpoint.startswith("api."):
        headers = world.tokens.get(role, {}) | {"If-Match": f'"{review.lock_version}"'}
        body = {"json": _api_body(world, route)} if method != "GET" else {}
        return client.open(path, method=method, headers=headers, **body)
    return client.open(path, method=method, data={} if method != "GET" else None)


def _api_body(world: World, route: Route) -> dict[str, Any]:
    """A body that would succeed for someone allowed, so a refusal is about who asks."""
    return {
        "api.create_review": {
            "service_id": world.service_a.id,
            "framework": FRAMEWORK,
            "period_start": "2025-10-01",
            "period_end": "2025-12-31",
        },
        "api.add_feedback": {"body": "What made the difference?"},
        "api.update_review": {"answers": {}},
        "api.add_national_response": {
            "status": "acknowledged",
            "statement": "We have read what places asked and will reply in full.",
        },
    }.get(route.endpoint, {})


def _reviews_for(route: Route, world: World) -> list[Review]:
    """Routes that name a review are asked about a submitted review and about a draft,
    except those naming a submitted revision by its number, which a draft has none of."""
    if "review_id" not in route.arguments:
        return [world.submitted]
    if "number" in route.arguments:
        return [world.submitted]
    return [world.submitted, world.draft]


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_as_its_door_says(world: World, role: str) -> None:
    client = world.app.test_client()
    person = world.people[role]
    if person is not None:
        sign_in(client, person)
    wrong = []
    for route in routes(world.app):
        if route.endpoint in {"auth.sign_out", "auth.sign_in"}:
            continue  # asked last: they end or renew the walk's own session
        for review in _reviews_for(route, world):
            response = _ask(client, world, route, role, review)
            response.close()
            subjects = Subjects(review=review, place=world.place_a)
            allowed = DOORS[route.endpoint](person, subjects)
            if response.status_code >= 500 or allowed == _refused(response):
                state = "draft" if review is world.draft else "submitted"
                wrong.append(
                    f"{route.endpoint} ({state}): {response.status_code} "
                    f"{response.headers.get('Location', '')} but the door "
                    f"{'lets them in' if allowed else 'keeps them out'}"
                )
    assert wrong == [], f"As {role}:\n" + "\n".join(wrong)
