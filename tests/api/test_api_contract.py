"""The API keeps its own contract, checked in-process by schemathesis with every check it
has: each operation (coverage and fuzzing phases, valid and invalid data, any Unicode
text), and the stateful phase walking a review's life through the document's links, as a
service manager and as a regulator."""

from __future__ import annotations

import copy
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from databases import rolled_back, store_shipped_frameworks
from factories import create_review, create_service, create_user
from flask import Flask
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.places.importer import import_places, shipped_place_files
from outcomes.places.operations import get_place
from outcomes.services.models import Service
from web.api.openapi import document

# Schema-valid input can still break a business rule (an unknown place code, a review in
# the wrong state, a question left unanswered): such refusals are the 404, 409 and 422 each
# operation documents, so "valid data is accepted" is the one check left out.
EXCLUDED_CHECKS = ["positive_data_acceptance"]
# Enough to meet every check on every operation, few enough to run in seconds.
MAX_EXAMPLES = 10
STATEFUL_SCENARIOS = 20


# Every check but the one above, valid and invalid data, any Unicode text (NUL too).
CONTRACT = schemathesis.Config.from_dict(
    {
        "checks": {name: {"enabled": False} for name in EXCLUDED_CHECKS},
        "cache": {"enabled": False},
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "codec": "utf-8",
            "allow-x00": True,
            "database": "none",
            # The token is the caller's (ignored_auth tries calls without it).
            "with-security-parameters": False,
        },
    }
)


@dataclass
class World:
    """What the module's tests share, in one transaction rolled back at the end."""

    session: Session
    service: Service
    manager: User
    review_ids: set[int]


@pytest.fixture(scope="module")
def world(engine: Engine) -> Iterator[World]:
    with rolled_back(engine) as session:
        import_places(session, shipped_place_files())
        versions = store_shipped_frameworks(session)
        wigan = get_place(session, "E08000010")
        service = create_service(session, place=wigan)
        manager = create_user(session, places=[wigan])
        submitted = create_review(session, version=versions["2.0.0"], service=service)
        draft = create_review(
            session,
            version=versions["2.0.0"],
            service=service,
            author=manager,
            submitted=False,
            period_start=date(2025, 7, 1),
            period_end=date(2025, 9, 30),
        )
        yield World(session, service, manager, {submitted.id, draft.id})


@pytest.fixture
def db(world: World) -> Session:
    """The module's tests share one transaction: places and frameworks are stored once."""
    return world.session


@dataclass
class Caller:
    """Who calls the API, and what the calls did to the reviews that exist."""

    role: Role
    headers: dict[str, str]
    # Statuses of the calls that named a review that exists, by operation.
    walked: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    created: set[int] = field(default_factory=set)


@pytest.fixture(
    scope="module", params=[Role.SERVICE_MANAGER, Role.REGULATOR], ids=lambda role: role.value
)
def caller(request: pytest.FixtureRequest, world: World) -> Caller:
    role = request.param
    user = world.manager if role is Role.SERVICE_MANAGER else create_user(world.session, role=role)
    _, secret = create_token(world.session, user, name="contract", scope=TokenScope.WRITE)
    return Caller(role, {"Authorization": f"Bearer {secret}"})


class EachTestsApp:
    """The WSGI app the calls go to: each test's own app, over the module's transaction."""

    app: Flask | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        assert self.app is not None, "use the in_process fixture"
        return self.app(environ, start_response)


# The document is plain Python, so the tests are generated from it at collection, one for
# each operation (schemathesis' lazy loading from a fixture does not run on pytest 9). A
# copy: schemathesis rewrites the links it reads, and the app serves the original.
schema = schemathesis.openapi.from_dict(copy.deepcopy(document()), config=CONTRACT)
schema.app = EachTestsApp()


@pytest.fixture
def in_process(api_app: Flask) -> Iterator[Flask]:
    schema.app.app = api_app
    yield api_app
    schema.app.app = None


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_the_contract(
    case: schemathesis.Case, in_process: Flask, caller: Caller
) -> None:
    case.call_and_validate(headers=caller.headers)


def test_links_walk_a_review_through_its_life(
    in_process: Flask, caller: Caller, world: World
) -> None:
    """The links lead from a review a manager creates, or one a regulator finds in the
    list, to reading, changing, submitting and giving feedback on that very review."""
    quarters = itertools.count()

    # The operations on reviews only, so that every step is one of a review's life.
    reviews = schema.include(path_regex="^/reviews")

    class ReviewLife(reviews.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": caller.headers}

        def before_call(self, case: schemathesis.Case) -> None:
            # Every review listed (the filters have their own test above), or a real service
            # and framework and a quarter not filed yet, so that the list is not empty, a
            # manager's new review is created, and their links have something to follow.
            if case.operation.label == "GET /reviews":
                case.query = {}
            elif case.operation.label == "POST /reviews" and isinstance(case.body, dict):
                start = date(2000, 1, 1) + timedelta(days=92 * next(quarters))
                case.body = {
                    "service_id": world.service.id,
                    "framework": "public-service-reform",
                    "period_start": start.isoformat(),
                    "period_end": (start + timedelta(days=80)).isoformat(),
                }

        def validate_response(
            self, response: schemathesis.Response, case: schemathesis.Case, **kwargs: Any
        ) -> None:
            # As in the other test: the checks know the token is the caller's, not generated.
            case.validate_response(
                response, headers=caller.headers, transport_kwargs=kwargs, recorder=self.recorder
            )

        def after_call(self, response: schemathesis.Response, case: schemathesis.Case) -> None:
            super().after_call(response, case)
            if case.operation.label == "POST /reviews" and response.status_code == 201:
                caller.created.add(response.json()["id"])
            review_id = (case.path_parameters or {}).get("review_id")
            if review_id in world.review_ids | caller.created:
                caller.walked[case.operation.label].add(response.status_code)

    ReviewLife.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=10,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    walked = caller.walked
    if caller.role is Role.SERVICE_MANAGER:
        assert caller.created
        assert 200 in walked["GET /reviews/{review_id}"]
        assert walked["PATCH /reviews/{review_id}"] - {404}
        # A new draft has unanswered questions (422) or was changed since (409).
        assert walked["POST /reviews/{review_id}/submit"] - {404}
    else:  # a regulator starts no review, but reads one from the list and answers it
        assert not caller.created
        assert 200 in walked["GET /reviews/{review_id}"]
        assert 201 in walked["POST /reviews/{review_id}/feedback"]
