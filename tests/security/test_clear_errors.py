"""Finding 4: inputs that gave a 500 where a clear error belongs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from databases import make_app
from factories import create_user, sign_in
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope
from outcomes.db import make_engine
from outcomes.errors import Busy
from outcomes.frameworks import FrameworkDefinitionError
from outcomes.frameworks.models import Framework
from outcomes.frameworks.parsing import parse_yaml
from outcomes.reviews import filing
from outcomes.reviews.filing import DuplicateReview, start_review
from outcomes.services.models import Service

API = "/api/v1"
ONE_VALUE = "Enter periods ending on or before as a day, a month and a year"


@pytest.mark.parametrize("page", ["/reviews/", "/reports/", "/exports/"])
def test_a_date_sent_as_one_value_is_a_form_error(
    client: FlaskClient, db: Session, frameworks, page: str
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, create_user(db, role=Role.ADMIN))
    response = client.get(f"{page}?framework=public-service-reform&period_to=2024-12-31")
    body = response.get_data(as_text=True)
    assert response.status_code in {200, 400}, body[:300]
    assert ONE_VALUE in body
    assert 'href="#period_to-day"' in body  # the summary links to the day box
    assert 'value="2024-12-31"' in body  # what was sent is shown back


def test_starting_a_review_with_a_date_as_one_value(
    client: FlaskClient, manager: User, service: Service
) -> None:
    sign_in(client, manager)
    form = {
        "service": str(service.id),
        "framework": "public-service-reform",
        "period_start": "2025-01-01",
        "period_end": ["31", "3", "2025"],
    }
    response = client.post("/reviews/new", data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter start of the period as a day, a month and a year" in body
    assert 'href="#period_start-day"' in body and 'href="#period_start"' not in body
    # `required` on the wrapping element of a date means nothing to browsers or readers
    assert not re.search(r"<div[^>]*\brequired\b", body)


def test_a_lone_surrogate_in_api_json_is_refused(
    api: FlaskClient, token_for, manager: User, service: Service
) -> None:  # type: ignore[no-untyped-def]
    body = f'{{"service_id": {service.id}, "framework": "\\udc80"}}'
    response = api.post(
        f"{API}/reviews",
        headers=token_for(manager, scope=TokenScope.WRITE),
        data=body,
        content_type="application/json",
    )
    assert response.status_code in {400, 422}, response.json
    assert response.content_type == "application/problem+json"


def test_a_huge_service_id_is_refused(api: FlaskClient, token_for, manager: User) -> None:  # type: ignore[no-untyped-def]
    response = api.post(
        f"{API}/reviews",
        headers=token_for(manager, scope=TokenScope.WRITE),
        data='{"service_id": 99999999999999999999, "framework": "public-service-reform"}',
        content_type="application/json",
    )
    assert response.status_code == 422, response.json
    assert response.json["errors"][0]["field"] == "service_id"


def test_a_huge_id_in_an_address_is_not_found(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db, role=Role.ADMIN))
    assert client.get("/reviews/99999999999999999999").status_code == 404


def test_a_deeply_nested_framework_is_refused_in_one_line(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    with pytest.raises(FrameworkDefinitionError, match="nested more than 50 levels"):
        parse_yaml("x: " + "[" * 500 + "]" * 500, "deep.yaml")
    nested = "".join("  " * depth + f"k{depth}:\n" for depth in range(500)) + "  " * 500 + "v"
    with pytest.raises(FrameworkDefinitionError, match="nested more than 50 levels"):
        parse_yaml(nested, "deep.yaml")
    path = tmp_path / "deep.yaml"
    path.write_text(nested)
    result = runner.invoke(args=["frameworks", "validate", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "nested more than 50 levels" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_deeply_nested_framework_upload_is_a_form_error(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db, role=Role.ADMIN))
    deep = ("x: " + "[" * 500 + "]" * 500).encode()
    response = client.post(
        "/frameworks/upload",
        data={"definition": (io.BytesIO(deep), "deep.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code in {200, 400}
    assert "nested more than 50 levels" in response.get_data(as_text=True)


def test_an_overlapping_sqlite_write_is_busy_not_a_server_error(tmp_path: Path) -> None:
    """SQLite fails a write at once, whatever the busy timeout, when another writer has
    changed the database since the transaction's snapshot: that is an overlap of two
    changes, which the person can act on."""
    engine = make_engine(f"sqlite:///{tmp_path / 'overlap.sqlite3'}")
    with engine.begin() as setup:
        setup.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)"))
        setup.execute(text("INSERT INTO t VALUES (1, 0)"))
    with engine.connect() as first, engine.connect() as second:
        first.begin()
        first.execute(text("SELECT v FROM t")).all()
        with second.begin():
            second.execute(text("UPDATE t SET v = 1"))
        with pytest.raises(Busy):
            first.execute(text("UPDATE t SET v = 2"))
        first.rollback()
    engine.dispose()


def test_a_busy_save_shows_the_edit_conflict_page(
    client: FlaskClient,
    db: Session,
    manager: User,
    service: Service,
    framework: Framework,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    review = start_review(db, manager, service, framework)
    sign_in(client, manager)

    real_flush = db.flush

    def flush(*args: object) -> None:
        if review in db.dirty:  # the save's last step, as another writer holds the lock
            raise Busy()
        real_flush(*args)

    monkeypatch.setattr(db, "flush", flush)
    response = client.post(
        f"/reviews/{review.id}/sections/principle-relational",
        data={"relational": "2", "lock_version": str(review.lock_version), "save_for_later": "y"},
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "has not been saved" in body and "Check the answers saved now" in body


def test_two_people_starting_the_same_review_at_once(
    db: Session,
    manager: User,
    service: Service,
    framework: Framework,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second insert loses the race on the unique constraint, after its own check
    found nothing: it is told the review exists, with its id, and nothing else is undone."""
    first = start_review(db, manager, service, framework)
    colleague = create_user(db, places=[service.place])
    monkeypatch.setattr(filing, "overlapping_review", _missing_once(filing.overlapping_review))
    with pytest.raises(DuplicateReview) as raised:
        start_review(db, colleague, service, framework)
    assert raised.value.review_id == first.id
    assert db.get(type(first), first.id) is first  # the session is still usable


def _missing_once(real):  # type: ignore[no-untyped-def]
    calls = []

    def lookup(*args):  # type: ignore[no-untyped-def]
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    return lookup


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("/reviews/?status=bogus", "Choose one of the options listed for ‘Status’"),
        ("/reviews/?place=" + "x" * 300, "Place must be 100 characters or fewer"),
        ("/exports/?framework=nope", "Choose one of the options listed for ‘Framework’"),
        (
            "/reports/?framework=public-service-reform&focus_place=E99999999",
            "Choose one of the options listed for ‘Place to follow’",
        ),
    ],
)
def test_an_address_altered_by_hand_names_the_field_and_what_to_do(
    client: FlaskClient, db: Session, frameworks: object, address: str, said: str
) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    response = client.get(address)
    summary = re.search(r"govuk-error-summary__list.*?</ul>", response.get_data(as_text=True), re.S)
    assert response.status_code < 500
    assert summary is not None and said in summary.group(0)
    for generic in ("Not a valid choice", "Field cannot be longer", "This field is required"):
        assert generic not in summary.group(0)


def test_a_form_sent_without_its_token_says_what_to_do(db: Session) -> None:
    client = make_app(db, WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/sign-in", data={"email": "someone@example.gov.uk", "password": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem with what was sent" in html
    assert "Go back, reload the page and try again" in html
