from __future__ import annotations

from databases import request_session
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.frameworks.models import FrameworkVersion
from web import create_app


def test_calls_without_a_valid_token_get_401_problems(api: FlaskClient) -> None:
    for headers in ({}, {"Authorization": "Bearer oc_wrong"}, {"Authorization": "Basic x"}):
        response = api.get("/api/v1/frameworks", headers=headers)
        assert response.status_code == 401
        assert response.content_type == "application/problem+json"
        assert response.json["status"] == 401 and response.json["detail"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_contract_and_its_page_are_public(api: FlaskClient) -> None:
    spec = api.get("/api/v1/openapi.json").json
    assert spec["openapi"] == "3.1.0"
    assert "/places/{code}" in spec["paths"]
    page = api.get("/api/v1/docs").get_data(as_text=True)
    assert "GET /places/{code}" in page


def test_read_resources(
    api: FlaskClient, token_for, frameworks: dict[str, FrameworkVersion]
) -> None:
    headers = token_for()
    listed = api.get("/api/v1/frameworks", headers=headers).json["items"]
    assert {f["slug"] for f in listed} >= {"public-service-reform"}
    version = api.get("/api/v1/frameworks/public-service-reform/versions/2.0.0", headers=headers)
    assert version.json["sha256"] == frameworks["2.0.0"].sha256
    assert any(i["id"] == "holistic" for i in version.json["definition"]["items"])
    gateshead = api.get("/api/v1/places/E08000020", headers=headers).json
    assert gateshead["current"] is False and gateshead["superseded_by"]["code"] == "E08000037"
    found = api.get("/api/v1/places?q=camden", headers=headers).json["items"]
    assert [p["code"] for p in found] == ["E09000007"]


def test_places_are_listed_a_page_at_a_time_with_or_without_a_search(
    api: FlaskClient, token_for, shipped_places: Session
) -> None:
    headers = token_for()
    first = api.get("/api/v1/places?page_size=20", headers=headers).json
    second = api.get("/api/v1/places?page_size=20&page=2", headers=headers).json
    assert first["total"] > 300 and (first["page"], first["page_size"]) == (1, 20)
    assert len(first["items"]) == 20 and first["items"][0]["current"] is True
    assert {p["code"] for p in first["items"]}.isdisjoint(p["code"] for p in second["items"])
    # More than one page of a search is counted, not cut short unseen.
    codes = api.get("/api/v1/places?q=E08&page_size=10", headers=headers).json
    assert codes["total"] > 10 and all(p["code"].startswith("E08") for p in codes["items"])
    # A page past the last is empty, with the total: a client reading pages until one
    # comes back empty stops there.
    last = -(-first["total"] // 20)
    past = api.get(f"/api/v1/places?page_size=20&page={last + 1}", headers=headers).json
    assert api.get(f"/api/v1/places?page_size=20&page={last}", headers=headers).json["items"]
    assert past == {"items": [], "page": last + 1, "page_size": 20, "total": first["total"]}


def test_errors_share_one_shape(api: FlaskClient, token_for, db: Session) -> None:
    headers = token_for()
    missing = api.get("/api/v1/places/E99999999", headers=headers)
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    bad_page = api.get("/api/v1/services?page=0", headers=headers)
    assert bad_page.status_code == 422
    assert bad_page.json["errors"] == [
        {"field": "page", "message": "page must be a whole number from 1 to 1000000"}
    ]
    assert api.get("/api/v1/nowhere", headers=headers).status_code == 404


def test_requests_are_rate_limited_per_token(db: Session, token_for) -> None:
    app: Flask = create_app(
        {"TESTING": True, "SESSION_FACTORY": request_session(db), "RATELIMIT_API": "3 per minute"}
    )
    client = app.test_client()
    headers = token_for()
    statuses = [client.get("/api/v1/frameworks", headers=headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/frameworks", headers=headers)
    assert limited.content_type == "application/problem+json"
    assert client.get("/api/v1/frameworks", headers=token_for()).status_code == 200


def test_sign_in_is_rate_limited_per_address(db: Session) -> None:
    app: Flask = create_app(
        {
            "TESTING": True,
            "SESSION_FACTORY": request_session(db),
            "WTF_CSRF_ENABLED": False,
            "SIGN_IN_FAILURE_DELAY": 0,
            "RATELIMIT_SIGN_IN": "2 per minute",
        }
    )
    client = app.test_client()
    data = {"email": "someone@example.gov.uk", "password": "guess"}
    statuses = [client.post("/sign-in", data=data).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "Too many requests" in client.post("/sign-in", data=data).get_data(as_text=True)
