"""The page titles of a review's pages say which review they belong to (service and
period), so that a screen reader's list of tabs or a browser history tells them apart."""

from __future__ import annotations

from factories import sign_in
from flask.testing import FlaskClient
from reviewing import Q2_2025, file_review
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.frameworks.models import Framework
from outcomes.reviews.filing import start_review
from outcomes.services.models import Service

WHICH = "Start Well family hubs, April to June 2025"


def title(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    return page[page.index("<title>") + 7 : page.index("</title>")].strip()


def test_task_list_section_and_check_pages_name_the_review(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )
    sign_in(client, manager)
    assert title(client, f"/reviews/{review.id}/tasks") == f"Your review: {WHICH} – Outcomes"
    assert (
        title(client, f"/reviews/{review.id}/sections/measures") == f"Measures: {WHICH} – Outcomes"
    )
    assert title(client, f"/reviews/{review.id}/check") == f"Check your answers: {WHICH} – Outcomes"


def test_the_submitted_page_names_the_review(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    sign_in(client, manager)
    assert (
        title(client, f"/reviews/{review.id}/submitted/1")
        == f"Review submitted: {WHICH} – Outcomes"
    )


def test_the_diff_page_title_names_the_versions(
    client: FlaskClient, manager: User, framework: Framework
) -> None:
    sign_in(client, manager)
    url = "/frameworks/public-service-reform/diff?from=1.0.0&to=2.0.0"
    assert title(client, url) == (
        "Public service reform learning review: changes from 1.0.0 to 2.0.0 – Outcomes"
    )
