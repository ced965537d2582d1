"""A filter naming what does not exist is refused, naming the parameter and what it may
be, rather than answered with an empty list a client would take for 'none found'."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.frameworks.models import FrameworkVersion

API = "/api/v1"


@pytest.mark.parametrize(
    ("path", "parameter", "listed"),
    [
        ("/reviews?barrier=no_such_barrier", "barrier", "multi_year_funding"),
        ("/reviews?framework=no-such-framework", "framework", "public-service-reform"),
        ("/reviews?framework=public-service-reform&version=9.9.9", "version", "2.0.0"),
        ("/reviews?version=9.9.9", "version", "2.0.0"),
        ("/reviews?places=E99999999", "places", "E99999999"),
        ("/reviews?service_area=no_such_area", "service_area", "early_help"),
        ("/national-asks?barrier=no_such_barrier", "barrier", "multi_year_funding"),
        ("/national-asks?body=no-such-body", "body", "Choose one of"),
        ("/reports?framework=public-service-reform&barrier=no_such", "barrier", "workforce"),
        ("/reports?framework=no-such-framework", "framework", "public-service-reform"),
        ("/reports?framework=public-service-reform&version=9.9.9", "version", "2.0.0"),
        ("/exports?framework=public-service-reform&versions=9.9.9", "versions", "2.0.0"),
        ("/exports?framework=no-such-framework", "framework", "public-service-reform"),
    ],
)
def test_an_unknown_filter_value_is_a_problem_naming_the_parameter(
    api: FlaskClient,
    token_for,  # type: ignore[no-untyped-def]
    frameworks: dict[str, FrameworkVersion],
    db: Session,
    path: str,
    parameter: str,
    listed: str,
) -> None:
    response = api.get(f"{API}{path}", headers=token_for(role=Role.REGULATOR))

    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json"
    error = response.json["errors"][0]
    assert error["field"] == parameter
    assert listed in error["message"]
