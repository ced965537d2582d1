"""Finding 5: caching, the lockout message, a PATCH with no answers, absurd periods, and
acknowledging or amending from an out-of-date page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from factories import PASSWORD, create_user, sign_in
from flask.testing import FlaskClient
from reviews.reviewing import file_review
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import Framework
from outcomes.reviews.answers import AnswerInput, save_section
from outcomes.reviews.filing import start_review
from outcomes.reviews.locking import EditConflict
from outcomes.reviews.submission import start_amendment, submit
from outcomes.services.models import Service

API = "/api/v1"


def test_signed_in_pages_api_answers_and_downloads_are_not_stored(
    client: FlaskClient, api: FlaskClient, token_for, db: Session, manager: User, service
) -> None:  # type: ignore[no-untyped-def]
    assert "no-store" not in client.get("/sign-in").headers.get("Cache-Control", "")
    sign_in(client, manager)
    for path in ("/", "/account", "/reviews/", "/imports/"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    template = client.get("/imports/template.csv?framework=public-service-reform&place=E08000010")
    assert template.status_code == 200 and template.headers["Cache-Control"] == "no-store"
    assert (
        api.get(f"{API}/frameworks", headers=token_for(manager)).headers["Cache-Control"]
        == "no-store"
    )
    assert api.get(f"{API}/frameworks").headers["Cache-Control"] == "no-store"  # a 401 too
    asset = client.get("/assets/images/favicon.ico")
    assert "no-store" not in asset.headers.get("Cache-Control", "")
    asset.close()


def test_the_lockout_answer_is_the_same_for_unknown_emails(
    client: FlaskClient, db: Session
) -> None:
    user = create_user(db)
    answers = {}
    for email in (user.email, "nobody@example.gov.uk"):
        for _ in range(6):
            response = client.post("/sign-in", data={"email": email, "password": "guess"})
        answers[email] = (response.status_code, error_summary(response.get_data(as_text=True)))
    locked = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    # the right password, but the account is locked
    answers["locked"] = (locked.status_code, error_summary(locked.get_data(as_text=True)))
    assert len(set(answers.values())) == 1, answers
    assert "an account is locked for 15 minutes" in answers[user.email][1]


def error_summary(page: str) -> str:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.DOTALL)
    assert found is not None, page
    return found.group(1)


def test_a_patch_with_no_answers_is_refused_to_who_may_not_change_the_review(
    api: FlaskClient,
    token_for,
    db: Session,
    manager: User,
    service: Service,
    framework: Framework,
) -> None:  # type: ignore[no-untyped-def]
    review = start_review(db, manager, service, framework)
    elsewhere = create_user(db)  # a manager of another place
    admin = create_user(db, role=Role.ADMIN)  # may read the draft, may not change it
    for who in (elsewhere, admin):
        response = api.patch(
            f"{API}/reviews/{review.id}",
            headers=token_for(who, scope=TokenScope.WRITE) | {"If-Match": '"1"'},
            json={"answers": {}},
        )
        assert response.status_code == 403, (who.role, response.json)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (date(1, 1, 1), date(9999, 12, 31), "must start on or after 1 January 2000"),
        (date(2025, 1, 1), date(2101, 1, 1), "must end on or before 31 December 2100"),
        (date(2020, 1, 1), date(2025, 12, 31), "at most 5 years long"),
    ],
)
def test_an_absurd_review_period_is_refused(
    db: Session,
    manager: User,
    service: Service,
    framework: Framework,
    start: date,
    end: date,
    message: str,
) -> None:
    with pytest.raises(InvalidInput, match=message):
        start_review(db, manager, service, framework, period_start=start, period_end=end)


def test_an_absurd_period_through_the_api_is_a_422(
    api: FlaskClient, token_for, manager: User, service: Service
) -> None:  # type: ignore[no-untyped-def]
    response = api.post(
        f"{API}/reviews",
        headers=token_for(manager, scope=TokenScope.WRITE),
        json={
            "service_id": service.id,
            "framework": "public-service-reform",
            "period_start": "0001-01-01",
            "period_end": "9999-12-31",
        },
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "period_start"


def test_acknowledging_from_an_out_of_date_page_is_refused(
    client: FlaskClient, db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    read = review.lock_version  # the regulator opens the review...
    start_amendment(db, manager, review, reason="A wrong count.", lock_version=read)
    relational = {"relational": AnswerInput(value="1")}
    save_section(
        db, manager, review, "principle-relational", relational, lock_version=review.lock_version
    )
    submit(db, manager, review, lock_version=review.lock_version)  # ...revision 2 arrives
    sign_in(client, create_user(db, role=Role.REGULATOR))
    stale = client.post(f"/reviews/{review.id}/acknowledge", data={"lock_version": read})
    assert stale.status_code == 409
    assert review.current_revision.acknowledged_at is None
    page = client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert f'name="lock_version" type="hidden" value="{review.lock_version}"' in page
    fresh = client.post(
        f"/reviews/{review.id}/acknowledge", data={"lock_version": review.lock_version}
    )
    assert fresh.status_code == 302 and review.current_revision.acknowledged_at is not None


def test_amending_from_an_out_of_date_page_is_refused(
    client: FlaskClient, db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    with pytest.raises(EditConflict):
        start_amendment(db, manager, review, reason="Late.", lock_version=review.lock_version - 1)
    sign_in(client, manager)
    form = client.get(f"/reviews/{review.id}/amend").get_data(as_text=True)
    assert f'name="lock_version" type="hidden" value="{review.lock_version}"' in form
    stale = client.post(
        f"/reviews/{review.id}/amend",
        data={"reason": "A wrong count.", "lock_version": review.lock_version - 1},
    )
    assert stale.status_code == 409
    assert "has not been saved" in stale.get_data(as_text=True)
    assert len(review.revisions) == 1
