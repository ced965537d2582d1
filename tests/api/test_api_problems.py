"""Every answer under /api/v1 is RFC 9457 problem details when it is an error, and what the
OpenAPI document declares is what the API accepts: the same declarations check requests."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from outcomes.accounts.models import Role
from outcomes.accounts.tokens import TokenScope
from outcomes.frameworks.models import FrameworkVersion
from web.api.openapi import PATHS, document

API = "/api/v1"
PROBLEM = "application/problem+json"


def test_unknown_paths_and_methods_answer_problem_details(api: FlaskClient, token_for) -> None:
    headers = token_for()
    missing = api.get(f"{API}/nowhere", headers=headers)
    assert missing.status_code == 404 and missing.content_type == PROBLEM
    assert missing.json["status"] == 404 and "API reference" in missing.json["detail"]
    for method in ("TRACE", "PUT", "DELETE", "QUERY"):
        refused = api.open(f"{API}/places", method=method, headers=headers)
        assert refused.status_code == 405, method
        assert refused.content_type == PROBLEM
        assert set(refused.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    # A path that takes several methods lists them all.
    refused = api.delete(f"{API}/reviews", headers=headers)
    assert {"GET", "POST"} <= set(refused.headers["Allow"].split(", "))
    # The pages keep their own error page.
    assert api.get("/nowhere").content_type.startswith("text/html")


def test_every_operation_documents_405_with_allow() -> None:
    for path, operations in PATHS.items():
        for method, operation in operations.items():
            refused = operation["responses"]["405"]
            assert refused["headers"]["Allow"]["required"] is True, f"{method} {path}"
            assert PROBLEM in refused["content"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("/places?q=" + "x" * 101, "q", "q must be at most 100 characters long"),
        ("/services?place=Wigan", "place", "place must be an ONS code"),
        ("/reviews?within=E1200000", "within", "within must be an ONS code"),
        ("/reviews?kind=shire", "kind", "kind must be one of: country, region,"),
        ("/reviews?period_from=2025-02-30", "period_from", "period_from must be a date"),
        ("/services?page_size=0", "page_size", "page_size must be a whole number from 1 to 200"),
        (
            "/exports?framework=x&include_drafts=yes",
            "include_drafts",
            "include_drafts must be true or false",
        ),
        ("/reports", "framework", "framework is required"),
        ("/places?q=caf%00e", "q", "q must not contain the NUL character"),
    ],
)
def test_parameters_are_held_to_their_declaration(
    api: FlaskClient, token_for, query: str, field: str, message: str
) -> None:
    refused = api.get(API + query, headers=token_for())
    assert refused.status_code == 422 and refused.content_type == PROBLEM
    assert [e["field"] for e in refused.json["errors"]] == [field]
    assert refused.json["errors"][0]["message"].startswith(message)


def test_each_declared_length_is_the_one_enforced(api: FlaskClient, token_for) -> None:
    """Walk the document: one character over any declared maxLength is refused, naming the
    parameter, and the most it allows is not, so the two cannot drift apart."""
    headers = token_for(role=Role.REGULATOR)
    checked = set()
    for path, operations in PATHS.items():
        url = API + path.replace("{slug}", "public-service-reform").replace("{version}", "2.0.0")
        declared = operations.get("get", {}).get("parameters", [])
        # The framework where the operation takes one (those that take none refuse it).
        base = (
            {"framework": "public-service-reform"}
            if any(d["name"] == "framework" for d in declared)
            else {}
        )
        for declaration in declared:
            name, schema = declaration["name"], declaration["schema"]
            if declaration["in"] != "query" or "maxLength" not in schema or "pattern" in schema:
                continue
            faults = {}
            for length in (schema["maxLength"] + 1, schema["maxLength"]):
                query = base | {name: "x" * length}
                answer = api.get(url, query_string=query, headers=headers)
                faults[length] = {e["field"]: e["message"] for e in answer.json.get("errors", [])}
            # (At its longest a value may still break a rule of the domain, under its own name:
            # naming no such barrier, say.)
            too_long = f"{name} must be at most {schema['maxLength']:,} characters long"
            assert faults[schema["maxLength"] + 1] == {name: too_long}, path
            assert faults[schema["maxLength"]].get(name) != too_long, path
            checked.add(name)
    assert {"q", "places", "barrier", "version", "versions"} <= checked


def test_a_parameter_an_address_does_not_take_is_refused_not_ignored(
    api: FlaskClient, token_for
) -> None:
    # place= for places= would otherwise list every review, and be read as one place's.
    headers = token_for(role=Role.REGULATOR)
    mistyped = api.get(f"{API}/reviews?place=E08000010&per_page=10", headers=headers)
    assert mistyped.status_code == 422 and mistyped.content_type == PROBLEM
    errors = {e["field"]: e["message"] for e in mistyped.json["errors"]}
    assert set(errors) == {"place", "per_page"}
    assert errors["place"].startswith("This address takes no parameter 'place'. It takes ")
    assert "places" in errors["place"] and "page_size" in errors["per_page"]
    assert api.get(f"{API}/reviews?page=1&page_size=10", headers=headers).status_code == 200
    none = api.get(f"{API}/frameworks?q=x", headers=headers)
    assert none.json["errors"] == [
        {"field": "q", "message": "This address takes no parameter 'q'. It takes none."}
    ]


def test_bodies_are_held_to_their_declaration(
    api: FlaskClient, token_for, frameworks: dict[str, FrameworkVersion]
) -> None:
    headers = token_for(role=Role.SERVICE_MANAGER, scope=TokenScope.WRITE)
    form = api.post(f"{API}/reviews", headers=headers, data={"service_id": "1"})
    assert form.status_code == 415 and form.content_type == PROBLEM
    extra = api.post(
        f"{API}/reviews",
        headers=headers,
        json={"service_id": 1, "framework": "public-service-reform", "colour": "red"},
    )
    assert extra.status_code == 422
    assert extra.json["errors"][0]["field"] == "colour"
    missing = api.post(f"{API}/reviews", headers=headers, json={"service_id": 1})
    assert missing.json["errors"] == [{"field": "framework", "message": "framework is required"}]
    # Broken JSON is told where it breaks (its Content-Type was right), and null is named.
    json_type = headers | {"Content-Type": "application/json"}
    broken = api.post(f"{API}/reviews", headers=json_type, data='{"service_id": 1,,}')
    assert broken.status_code == 422 and broken.content_type == PROBLEM
    [error] = broken.json["errors"]
    assert error["field"] == "body"
    assert error["message"].startswith("The body is not valid JSON (Expecting property name")
    assert "line 1 column 18" in error["message"]
    null = api.post(f"{API}/reviews", headers=json_type, data="null")
    assert null.json["errors"] == [
        {"field": "body", "message": "Send one JSON object as the body, not null"}
    ]
    for text in ("\u0000", "\udc80"):
        unstorable = api.post(
            f"{API}/reviews/1/feedback", headers=headers, json={"body": f"a{text}b"}
        )
        assert unstorable.status_code == 422
        assert unstorable.json["errors"][0]["field"] == "body.body"


def test_if_match_is_a_documented_precondition(api: FlaskClient, token_for) -> None:
    spec = document()
    for path in ("/reviews/{review_id}", "/reviews/{review_id}/submit"):
        operation = spec["paths"][path]["patch" if path.endswith("}") else "post"]
        if_match = next(p for p in operation["parameters"] if p["name"] == "If-Match")
        assert if_match["required"] is False and "Precondition" in if_match["description"]
        assert "428" in operation["responses"]
    too_long = api.post(
        f"{API}/reviews/1/submit",
        headers=token_for(scope=TokenScope.WRITE) | {"If-Match": '"' + "1" * 30 + '"'},
    )
    assert too_long.status_code == 422
    assert too_long.json["errors"][0]["field"] == "If-Match"


def test_links_lead_from_a_new_review_to_its_life() -> None:
    created = PATHS["/reviews"]["post"]["responses"]["201"]
    assert "ETag" in created["headers"]
    links = created["links"]
    assert set(links) == {
        "getReview",
        "updateReview",
        "submitReview",
        "listFeedback",
        "addFeedback",
    }
    assert links["submitReview"]["parameters"] == {
        "path.review_id": "$response.body#/id",
        "header.If-Match": "$response.header.ETag",
    }
    operation_ids = {op["operationId"] for ops in PATHS.values() for op in ops.values()}
    for operations in PATHS.values():
        for operation in operations.values():
            for response in operation["responses"].values():
                for link in response.get("links", {}).values():
                    assert link["operationId"] in operation_ids


def test_a_failure_inside_answers_problem_details(
    api_app: Flask, token_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setitem(api_app.view_functions, "api.frameworks", broken)
    failed = api_app.test_client().get(f"{API}/frameworks", headers=token_for())
    assert failed.status_code == 500 and failed.content_type == PROBLEM
    assert failed.json["request_id"] and "a bug" not in failed.get_data(as_text=True)
