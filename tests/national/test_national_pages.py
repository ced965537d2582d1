"""The national asks pages, the respond form, the public page and the review page."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from national_data import citing_review, load_register
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.frameworks.models import FrameworkVersion
from outcomes.national.models import NationalResponder, NationalResponse
from outcomes.national.register import get_body
from outcomes.reviews.models import ConsentScope

ASK_URL = "/national-asks/devolution/2025-04-01/2025-06-30"


@pytest.fixture
def version(db: Session, frameworks: dict[str, FrameworkVersion]) -> FrameworkVersion:
    load_register(db)
    return frameworks["2.0.0"]


def responder(db: Session, code: str = "mhclg"):  # type: ignore[no-untyped-def]
    user = create_user(db, role=Role.NATIONAL_RESPONDER)
    db.add(NationalResponder(user_id=user.id, body_id=get_body(db, code).id))
    db.flush()
    return user


def answer(client: FlaskClient, **fields: object):  # type: ignore[no-untyped-def]
    data = {
        "body": "mhclg",
        "status": "accepted",
        "responded_on": ["1", "9", "2025"],
        "statement": "We agree that budgets should be pooled.",
        "what_will_change": "A pooling pilot in ten places",
        "change_by": ["1", "4", "2026"],
    }
    data.update(fields)
    return client.post(f"{ASK_URL}/respond", data=data)


def test_a_responder_reads_the_ask_and_answers_it(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version, ask="Pool <b>budgets</b> please", consent=ConsentScope.PUBLIC)
    citing_review(db, version, ask="Regulators only", consent=ConsentScope.REGULATORS)
    sign_in(client, responder(db))
    listing = client.get("/national-asks").get_data(as_text=True)
    assert "Devolution and local control" in listing and "days overdue" in listing
    page = client.get(ASK_URL).get_data(as_text=True)
    assert "Pool &lt;b&gt;budgets&lt;/b&gt; please" in page
    assert "Regulators only" not in page
    assert "[c]" in page  # 2 places: withheld from a responder
    assert "Respond to this ask" in page
    response = answer(client)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    after = client.get(ASK_URL).get_data(as_text=True)
    assert "A pooling pilot in ten places" in after and "Accepted" in after


def test_a_response_that_misses_what_its_status_needs_shows_the_error(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version)
    sign_in(client, responder(db))
    response = answer(client, what_will_change="")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and "Say what will change" in page
    assert db.scalar(select(func.count()).select_from(NationalResponse)) == 0


def test_another_bodys_responder_cannot_answer(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version)
    sign_in(client, responder(db, "cqc"))
    assert "Respond to this ask" not in client.get(ASK_URL).get_data(as_text=True)
    assert answer(client).status_code == 400
    assert db.scalar(select(func.count()).select_from(NationalResponse)) == 0


def test_service_managers_do_not_read_the_national_asks_pages(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version)
    sign_in(client, create_user(db))
    assert client.get("/national-asks").status_code == 403
    assert client.get(ASK_URL).status_code == 403


def test_the_manager_sees_the_answer_on_their_review(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    review = citing_review(db, version)
    sign_in(client, responder(db))
    answer(client)
    client.post("/sign-out")
    manager = create_user(db, places=[review.service.place])
    sign_in(client, manager)
    page = client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Answers from national bodies" in page and "A pooling pilot in ten places" in page


def test_the_review_says_when_a_response_is_due_once(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    review = citing_review(db, version)
    sign_in(client, create_user(db, places=[review.service.place]))
    page = client.get(f"/reviews/{review.id}").get_data(as_text=True)
    section = page[page.index("Answers from national bodies") :]
    assert section.count("due") + section.count("Due") == 1
    assert "No response yet" not in section


def test_the_public_page_needs_no_sign_in_and_shows_only_what_everyone_may_read(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version, ask="Shared with all", consent=ConsentScope.PUBLIC)
    citing_review(db, version, ask="Kept for regulators", consent=ConsentScope.REGULATORS)
    page = client.get("/answers-from-the-centre").get_data(as_text=True)
    assert "Shared with all" in page and "Kept for regulators" not in page
    assert "[c]" in page
    assert client.get("/answers-from-the-centre?period=nonsense").status_code == 400
    assert client.get("/answers-from-the-centre?period=2020-01-01_2020-03-31").status_code == 404


def test_bad_addresses_are_4xx(client: FlaskClient, db: Session, version: FrameworkVersion) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    assert client.get("/national-asks/devolution/2025-13-01/2025-06-30").status_code == 400
    assert client.get("/national-asks/nothing/2025-04-01/2025-06-30").status_code == 404
    assert client.get("/national-asks?status=bogus").status_code == 400


def test_an_admin_maintains_the_register_and_creates_a_responder(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    sign_in(client, create_user(db, role=Role.ADMIN))
    assert "Department for Levelling Up" in client.get("/national-bodies").get_data(as_text=True)
    renamed = client.post(
        "/national-bodies/dfe",
        data={
            "action": "rename",
            "rename-name": "Department for Learning",
            "rename-on": ["1", "1", "2026"],
        },
    )
    assert renamed.status_code == 302
    assert get_body(db, "dfe").name_on(date(2026, 2, 1)) == "Department for Learning"
    created = client.post(
        "/national-bodies/dfe",
        data={
            "action": "responder",
            "responder-display_name": "Dee",
            "responder-email": "dee@education.gov.uk",
        },
    )
    assert "dee@education.gov.uk" in created.get_data(as_text=True)
    link = db.scalar(select(NationalResponder).join(NationalResponder.user))
    assert link is not None and link.body.code == "dfe"
    client.post("/sign-out")
    sign_in(client, create_user(db, role=Role.REGULATOR))
    assert client.get("/national-bodies").status_code == 403


def test_the_comparison_report_shows_each_barriers_latest_response(
    client: FlaskClient, db: Session, version: FrameworkVersion
) -> None:
    citing_review(db, version)
    citing_review(db, version, barrier="workforce")
    sign_in(client, responder(db))
    answer(client)
    client.post("/sign-out")
    sign_in(client, create_user(db, role=Role.REGULATOR))
    page = client.get("/reports/?framework=public-service-reform").get_data(as_text=True)
    section = page[page.index('id="barriers"') : page.index("Over time")]
    row = '<th scope="row" class="govuk-table__header">{}</th>'
    devolution = section[section.index(row.format("Devolution and local control")) :]
    assert "Accepted" in devolution.split("</tr>")[0]
    workforce = section[section.index(row.format("Valuing the workforce")) :]
    assert "Awaiting response" in workforce.split("</tr>")[0]
