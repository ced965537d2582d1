"""Every operation of the OpenAPI document, generated and checked by schemathesis."""

from __future__ import annotations

import pytest
import schemathesis
from factories import create_review, create_service, create_user
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.accounts.tokens import TokenScope
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.operations import get_place


@pytest.mark.parametrize("role", [Role.SERVICE_MANAGER, Role.REGULATOR])
def test_every_operation_keeps_the_contract(
    api_app: Flask, token_for, frameworks: dict[str, FrameworkVersion], db: Session, role: Role
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    wigan = get_place(db, "E08000010")
    service = create_service(db, place=wigan)
    manager = create_user(db, places=[wigan])
    create_review(db, version=frameworks["2.0.0"], service=service, author=manager)
    user = manager if role is Role.SERVICE_MANAGER else create_user(db, role=role)
    headers = token_for(user, scope=TokenScope.WRITE)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(len(methods) for methods in schema.raw_schema["paths"].values())
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def keeps_the_contract(case: schemathesis.Case) -> None:
            # Schema-valid input can still break a business rule (an unknown place code, a
            # review in the wrong state): such refusals are the 404/409/422 each operation
            # documents, so "valid data is accepted" is the one default check left out.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        keeps_the_contract()
