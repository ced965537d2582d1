"""The home page of each role through the Flask test client: every count links to a
list, and following the link shows as many rows as the count says."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from factories import create_place, create_service, create_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from frontdoor import FRAMEWORK, export_bytes, file_review
from homing import RULE, citing, draft, manager_with_services, quarters, respond, responsible_body
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import FrameworkVersion
from outcomes.national.access import attach_responder
from outcomes.places.models import Place
from outcomes.places.operations import get_place
from outcomes.reviews.feedback import give_feedback
from outcomes.reviews.submission import start_amendment
from outcomes.scope import PlaceSelection, ReviewScope

TODAY = date.today()
CURRENT, LAST = quarters(TODAY)
ITEM = re.compile(
    r'<div class="govuk-task-list__name-and-hint">\s*'
    r'(?:<a class="govuk-link govuk-task-list__link" href="([^"]+)"[^>]*>|<div>)'
    r"\s*(.*?)\s*</(?:a|div)>"
    r'.*?<div class="govuk-task-list__status[^"]*"[^>]*>\s*(.*?)\s*</div>',
    re.S,
)


@pytest.fixture
def wigan(db: Session, frameworks: dict[str, FrameworkVersion]) -> Place:
    return get_place(db, "E08000010")


def counts(page: str) -> dict[str, tuple[str, int]]:
    """Each task list row of the page: its title, the list it links to ("" if it links
    nowhere), and its count. A count of none never links."""
    found = {}
    for href, title, status in ITEM.findall(page):
        words = re.sub(r"<[^>]+>", "", status).strip()
        count = 0 if words == "None" else int(words.split()[0])
        assert count or not href, f"{title} links to an empty list"
        found[html.unescape(title.strip())] = (html.unescape(href), count)
    return found


def review_rows(client: FlaskClient, href: str) -> int:
    """The rows of the review list at ``href`` (one page: the tests make fewer than 25)."""
    page = client.get(href).get_data(as_text=True)
    results = page.split('id="results"', 1)[1]
    return results.count('<tr class="govuk-table__row">') - results.count("<thead")


def one_review(db: Session, place: Place, *, cite: bool = False) -> None:
    """One submitted review of last quarter, citing the devolution barrier if ``cite``."""
    manager, (hubs,) = manager_with_services(db, place, "Hubs")
    if cite:
        citing(db, manager, hubs, LAST)
    else:
        file_review(db, manager, hubs, LAST, seed=1)


def home(client: FlaskClient, user: User) -> str:
    sign_in(client, user)
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_managers_counts_lead_to_lists_of_as_many_reviews(
    client: FlaskClient, db: Session, wigan: Place
) -> None:
    manager, (hubs, care) = manager_with_services(db, wigan, "Family hubs", "Adult care")
    filed = citing(db, manager, hubs, LAST)
    draft(db, manager, hubs, CURRENT)
    give_feedback(db, create_user(db, role=Role.REGULATOR), filed, "What did families say?")
    respond(db, OPERATOR, responsible_body(db, LAST), LAST, TODAY)
    start_amendment(
        db, manager, filed, reason="A figure was wrong", lock_version=filed.lock_version
    )
    other = create_user(db, places=[create_place(db)])  # another place's draft is not counted
    draft(db, other, create_service(db, place=other.places[0]), CURRENT)

    page = home(client, manager)
    found = counts(page)

    assert found["Not started for these two quarters"] == ("", 2)  # the table above says which
    assert "#due-heading" not in page
    expected = {
        "In progress for these two quarters": 1,
        "Drafts not yet submitted": 1,
        "Feedback waiting for your reply": 1,
        "Amendments in progress": 1,
        "Answers from national bodies to barriers you cited": 1,
    }
    for title, count in expected.items():
        href, shown = found[title]
        assert shown == count, title
        assert href.startswith("/reviews/?") and "mine=y" in href
        assert review_rows(client, href) == count, title
    assert "Start<span" in page and f"from={LAST[0].isoformat()}" in page
    assert "required questions still to answer" in page
    start = client.get(f"/reviews/new?service={care.id}&from={LAST[0]}&to={LAST[1]}")
    checked = re.search(
        r'<input[^>]*name="service"[^>]*value="(\d+)"[^>]*checked', start.get_data(as_text=True)
    )
    assert checked and checked.group(1) == str(care.id)
    filled = dict(
        re.findall(
            r'id="period_start-(day|month|year)"[^>]*value="(\d+)"', start.get_data(as_text=True)
        )
    )
    assert {part: int(value) for part, value in filled.items()} == {
        "day": LAST[0].day,
        "month": LAST[0].month,
        "year": LAST[0].year,
    }


def test_a_regulators_counts_lead_to_lists_of_as_many_reviews(
    client: FlaskClient, db: Session, wigan: Place
) -> None:
    manager, (hubs, care) = manager_with_services(db, wigan, "Hubs", "Care")
    first = file_review(db, manager, hubs, LAST, seed=1)
    file_review(db, manager, care, LAST, seed=2)
    regulator = create_user(db, role=Role.REGULATOR)
    give_feedback(db, regulator, first, "What did you learn about referrals?")
    create_service(db, place=create_place(db, name="Quietshire"))

    page = home(client, regulator)
    found = counts(page)

    since = next(title for title in found if title.startswith("Submitted since"))
    for title, count in {
        since: 2,
        "Not yet acknowledged, longest waiting first": 2,
        "Feedback waiting for a place’s reply": 1,
    }.items():
        href, shown = found[title]
        assert shown == count, title
        assert review_rows(client, href) == count, title
    quiet_title = next(title for title in found if title.startswith("Places that filed nothing"))
    href, shown = found[quiet_title]
    quiet = client.get(href).get_data(as_text=True)
    assert shown == quiet.count('<li><a class="govuk-link" href="/places/') >= 1
    assert "Quietshire" in quiet
    assert "Waiting longest for acknowledgement" in page


def test_a_panel_member_sees_their_exports_and_can_count_again(
    client: FlaskClient, db: Session, wigan: Place
) -> None:
    inspector = create_user(db, role=Role.INSPECTOR)
    one_review(db, wigan)
    export_bytes(db, inspector, ExportFormat.JSON)

    page = home(client, inspector)

    assert "Your recent exports" in page and "No change" in page
    again = re.search(r'href="(/exports/\?[^"]+)">Count again', page)
    assert again is not None
    counted = client.get(html.unescape(again.group(1))).get_data(as_text=True)
    assert "What this export holds" in counted
    assert "Reports for your panel" in page


def test_a_panel_members_exports_are_described_in_words(
    client: FlaskClient, db: Session, wigan: Place
) -> None:
    inspector = create_user(db, role=Role.INSPECTOR)
    one_review(db, wigan)
    north_west = ReviewScope(FRAMEWORK, places=PlaceSelection(within="E12000002"))
    export_dataset(
        db, inspector, ExportQuery(north_west), ExportFormat.XLSX, io.BytesIO(), rule=RULE
    )

    page = home(client, inspector)

    row = page.split('<th scope="row"', 1)[1].split("</tr>", 1)[0].split('href="', 1)[0]
    assert "Public service reform learning review, North West" in row
    assert "Spreadsheet (XLSX)" in row and "SHA-256" in row
    assert "public-service-reform" not in row and "E12000002" not in row
    assert re.search(r"\d{1,2}:\d\d[ap]m on \d{1,2} \w+ \d{4}", row)
    assert "Made (UTC)" not in page


def test_a_responders_counts_lead_to_the_asks_of_their_body(
    client: FlaskClient, db: Session, wigan: Place
) -> None:
    one_review(db, wigan, cite=True)
    responder = create_user(db, role=Role.NATIONAL_RESPONDER)
    attach_responder(db, OPERATOR, responder, responsible_body(db, LAST))

    found = counts(home(client, responder))

    href, shown = found["Awaiting response"]
    assert shown == 1 == found["Every ask to your body"][1]
    asks = client.get(href).get_data(as_text=True)
    assert asks.count('href="/national-asks/devolution/') >= 1


def test_an_administrators_counts_lead_to_lists_of_as_many(
    client: FlaskClient, db: Session, app: Flask
) -> None:
    admin = create_user(db, role=Role.ADMIN)
    create_user(db, role=Role.REGULATOR)
    locked = create_user(db, role=Role.INSPECTOR)
    locked.locked_until = datetime.now(UTC) + timedelta(minutes=10)
    db.flush()

    found = counts(home(client, admin))

    for title in ("Active accounts never signed in", "Accounts locked after failed sign-ins"):
        href, shown = found[title]
        listed = client.get(href).get_data(as_text=True).split("<tbody", 1)[1]
        assert listed.count('<tr class="govuk-table__row">') == shown, title
    assert found["Accounts locked after failed sign-ins"][1] == 1
    assert found["Framework versions in draft"] == ("", 0)


def test_the_lists_refuse_a_filter_they_do_not_know(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db, role=Role.ADMIN))
    assert client.get("/admin/users?show=everyone").status_code == 400
    assert client.get("/frameworks/?status=lost").status_code == 400
    for query in ("waiting=nobody", "order=best", "submitted_since=99", "mine=maybe"):
        response = client.get(f"/reviews/?{query}")
        assert response.status_code < 500, query
    refused = client.get("/reviews/?order=best").get_data(as_text=True)
    assert (
        "There is a problem" in refused
        and "Choose one of the options listed for ‘Order’" in refused
    )


def test_a_regulators_latest_report_opens_the_report_it_was_taken_from(
    client: FlaskClient, db: Session, wigan: Place
) -> None:
    one_review(db, wigan)
    regulator = create_user(db, role=Role.REGULATOR)
    sign_in(client, regulator)
    query = (
        "framework=public-service-reform&within=E12000002"
        "&period_from=1&period_from=4&period_from=2024"
    )
    assert client.get(f"/reports/download/report.json?{query}").status_code == 200

    page = client.get("/").get_data(as_text=True)

    link = re.search(
        r'The latest report you downloaded: <a class="govuk-link" href="([^"]+)"', page
    )
    assert link is not None
    href = html.unescape(link.group(1))
    assert "within=E12000002" in href and "period_from=2024" in href
    report = client.get(href)
    assert report.status_code == 200
    assert 'value="E12000002"' in report.get_data(as_text=True)
    said = page.split("The latest report you downloaded:", 1)[1].split("</p>", 1)[0]
    assert "Public service reform learning review, North West</a>" in said
    assert "public-service-reform" not in said.split(">", 1)[1]


def test_a_regulators_last_visit_counts_to_the_moment_not_the_day(
    client: FlaskClient, app: Flask, db: Session, wigan: Place
) -> None:
    """A review submitted before the last sign-in, even that same minute, is not new;
    one submitted after it is, and the list the count links to shows just that one."""
    manager, (hubs, care) = manager_with_services(db, wigan, "Hubs", "Care")
    file_review(db, manager, hubs, LAST, seed=1)
    regulator = create_user(db, role=Role.REGULATOR)
    sign_in(app.test_client(), regulator)  # the last visit, on another browser
    file_review(db, manager, care, LAST, seed=2)

    page = home(client, regulator)
    found = counts(page)

    since = next(title for title in found if title.startswith("Submitted since"))
    assert "your last visit at " in since and (" on " in since)
    href, shown = found[since]
    assert shown == 1
    assert "submitted_after=" in href and "submitted_since" not in href
    assert review_rows(client, href) == 1
    listed = client.get(href).get_data(as_text=True)
    assert "Showing reviews submitted after " in listed


def test_the_review_list_refuses_a_time_it_cannot_read(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    for bad in ("yesterday", "2026-13-40T99:00", "29/11/2026"):
        response = client.get(f"/reviews/?submitted_after={bad}")
        page = response.get_data(as_text=True)
        assert response.status_code < 500, bad
        assert "There is a problem" in page and "must be a date and time" in page, bad
        # The summary links to a message a reader can see, not to the hidden field, and
        # offers the list without the time.
        assert 'href="#submitted-after"' in page, bad
        message = re.search(r'<p class="govuk-error-message" id="submitted-after".*?</p>', page)
        assert message and "must be a date and time" in message.group(0), bad
        assert 'href="/reviews/"' in message.group(0), bad
    fine = client.get("/reviews/?submitted_after=2026-11-29T15:31:10%2B00:00")
    assert fine.status_code == 200
    assert "submitted after 3:31pm on 29 November 2026" in fine.get_data(as_text=True)


def test_a_managers_answers_from_national_bodies_say_which_review_each_is_for(
    client: FlaskClient, db: Session, wigan: Place
) -> None:
    manager, (hubs, care) = manager_with_services(db, wigan, "Family hubs", "Adult care")
    citing(db, manager, hubs, LAST)
    citing(db, manager, care, LAST)
    respond(db, OPERATOR, responsible_body(db, LAST), LAST, TODAY)

    page = home(client, manager)

    answers = page.split("Latest answers from national bodies", 1)[1].split("</ul>", 1)[0]
    lines = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line)).strip()
        for line in answers.split("<li>")[1:]
    ]
    assert len(lines) == 2 and len(set(lines)) == 2, lines
    assert any("review of Family hubs" in line for line in lines)
    assert any("review of Adult care" in line for line in lines)
