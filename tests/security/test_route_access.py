"""Every route of the app and every API operation, walked as each role and signed out, and
each answer checked against the doors written down once in outcomes.doors.

A route the table does not name fails here, so a new route cannot ship before someone
decides who may use it. Pages are asked with GET where they have it, else with an empty
POST; API operations with their method and an empty JSON object. An answer counts as a
refusal when it is 401, 403, 404 or 409 (a refusal by the review's state), or a redirect
to the sign-in page; anything else below 500 lets the person through.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from factories import create_service, create_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from reviews.reviewing import Q3_2025, file_review
from sqlalchemy.orm import Session
from werkzeug.routing import Rule as Route

from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.disclosure import DisclosureRule
from outcomes.doors import DOORS, Subjects
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import Framework
from outcomes.places.models import Place
from outcomes.places.operations import get_place
from outcomes.reviews.feedback import give_feedback
from outcomes.reviews.filing import start_review
from outcomes.reviews.models import Review
from outcomes.scope import ReviewScope
from outcomes.services.models import Service
from web import create_app

ROLES = ("admin", "regulator", "inspector", "manager of A", "manager of B", "signed out")
FRAMEWORK = "public-service-reform"
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


@dataclass
class World:
    app: Flask
    place_a: Place
    service_a: Service
    submitted: Review
    draft: Review
    feedback_id: int
    export_id: int
    people: dict[str, User | None]
    tokens: dict[str, dict[str, str]]  # API headers by role
    revocable: dict[str, int]  # a token each person may revoke, by role


@pytest.fixture
def world(db: Session, app: Flask, framework: Framework, service: Service, manager: User) -> World:
    place_b = get_place(db, "E08000037")
    people: dict[str, User | None] = {
        "admin": create_user(db, role=Role.ADMIN),
        "regulator": create_user(db, role=Role.REGULATOR),
        "inspector": create_user(db, role=Role.INSPECTOR),
        "manager of A": manager,
        "manager of B": create_user(db, places=[place_b]),
        "signed out": None,
    }
    create_service(db, place=place_b, name="Gateshead early help")
    submitted = file_review(db, manager, service, framework)
    draft = start_review(
        db, manager, service, framework, period_start=Q3_2025[0], period_end=Q3_2025[1]
    )
    feedback = give_feedback(db, people["regulator"], submitted, "What changed for families?")
    export = export_dataset(
        db,
        people["admin"],
        # a period with no reviews: the walk needs an export in the log, not its rows
        ExportQuery(ReviewScope(framework=FRAMEWORK, period_from=date(2099, 1, 1))),
        ExportFormat.JSON,
        io.BytesIO(),
        rule=DisclosureRule(),
    )
    tokens, revocable = {}, {}
    for role, person in people.items():
        if person is not None:
            _, secret = create_token(db, person, name="walk", scope=TokenScope.WRITE)
            tokens[role] = {"Authorization": f"Bearer {secret}"}
            revocable[role] = create_token(db, person, name="spare", scope=TokenScope.READ)[0].id
    return World(
        app,
        service.place,
        service,
        submitted,
        draft,
        feedback.id,
        export.id,
        people,
        tokens,
        revocable,
    )


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
        "code": world.place_a.code,
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
