"""A small world for the security tests that walk the app: places A (Wigan) and B
(Gateshead), one person of each role, a submitted review of A with feedback, a draft of A,
an export in the log, and for each person an API token and a spare token to revoke."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from factories import create_service, create_user
from flask import Flask
from reviews.reviewing import Q3_2025, file_review
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.disclosure import DisclosureRule
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import Framework
from outcomes.national.register import import_register, shipped_register
from outcomes.places.models import Place
from outcomes.places.operations import get_place
from outcomes.reviews.feedback import give_feedback
from outcomes.reviews.filing import start_review
from outcomes.reviews.models import Review
from outcomes.scope import ReviewScope
from outcomes.services.models import Service

FRAMEWORK = "public-service-reform"


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
    import_register(db, OPERATOR, *shipped_register())  # the national bodies
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
