"""Every operation of the OpenAPI document, generated and checked by schemathesis."""

from __future__ import annotations

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings

from outcomes.frameworks.models import FrameworkVersion


def test_every_operation_keeps_the_contract(
    api_app: Flask, token_for, frameworks: dict[str, FrameworkVersion]
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    headers = token_for()
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
            case.call_and_validate(headers=headers)

        keeps_the_contract()
