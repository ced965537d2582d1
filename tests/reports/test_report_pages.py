"""The report page, its downloads and the context note form, through the Flask client."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from datetime import date

import pandas as pd
import pytest
from factories import create_service, create_user, sign_in
from flask.testing import FlaskClient
from frontdoor import file_review
from report_data import LEAGUE_WORDS, SKEWED, Dataset
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.audit.models import AuditEvent
from outcomes.frameworks.definition import BarriersItem
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import as_definition
from outcomes.places.operations import get_place
from outcomes.reports.build import build_report
from outcomes.reports.models import ContextNote
from outcomes.reports.notes import MAX_LENGTH
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.models import ConsentScope
from outcomes.scope import ReviewScope

REPORT = f"/reports/?framework={SKEWED}"


def _main(html: str) -> str:
    """The text of the page's main content, without tags."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


def test_a_regulator_reads_every_section(client: FlaskClient, dataset: Dataset) -> None:
    sign_in(client, dataset.regulator)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for heading in (
        "1. Principles by place",
        "2. Change over time",
        "3. What places need from central government",
        "4. Who to learn from",
        "5. Coverage",
    ):
        assert heading in html
    assert "compared on version 2.0.0" in html
    assert "mapped to strengths_based through the declared crosswalk" in html
    assert "rule small-counts-2, threshold 5" in html
    assert "[c]" in html
    # Places are grouped under their region.
    assert html.index(
        '<caption class="govuk-table__caption govuk-table__caption--m">London'
    ) < html.index("North West</caption>")


def test_charts_are_named_svg_images_inside_the_content_security_policy(
    client: FlaskClient, dataset: Dataset
) -> None:
    sign_in(client, dataset.regulator)
    response = client.get(REPORT + "&focus_place=E08000010")
    html = response.get_data(as_text=True)
    policy = response.headers["Content-Security-Policy"]
    assert "img-src 'self' data:" in policy and "style-src 'self';" in policy
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(images) == 5
    for data, alt in images:
        svg = base64.b64decode(data).decode()
        assert re.search(r'<svg role="img" aria-label="[^"]+"', svg)
        assert "<title>" in svg and "<desc>" in svg
        assert "<script" not in svg
        assert alt
    # The page itself carries no inline style, which the policy would block.
    assert not re.search(r"<[^>]+\sstyle=", html)
    assert "<style" not in html


def test_no_page_text_ranks_places(client: FlaskClient, dataset: Dataset) -> None:
    sign_in(client, dataset.regulator)
    for query in ("", "&focus_place=E08000010", "&barrier=devolution"):
        text = _main(client.get(REPORT + query).get_data(as_text=True))
        assert not LEAGUE_WORDS.search(text), LEAGUE_WORDS.search(text)


def test_parameters_narrow_the_report_and_bad_ones_are_explained(
    client: FlaskClient, dataset: Dataset
) -> None:
    sign_in(client, dataset.regulator)
    narrowed = client.get(REPORT + "&kind=london_borough&service_areas=early_help")
    html = narrowed.get_data(as_text=True)
    sections = _main(html).split("1. Principles by place")[1].split("5. Coverage")[0]
    assert "Camden" in sections and "Wigan" not in sections
    wrong = client.get(
        REPORT
        + "&period_from=1&period_from=1&period_from=2026&period_to=1&period_to=1&period_to=2025"
    )
    assert wrong.status_code == 200
    page = wrong.get_data(as_text=True)
    assert "There is a problem" in page
    assert "The start of the period must be before its end" in page
    unknown = client.get(REPORT + "&codes=E99999999")
    assert "There is no place with the code E99999999" in unknown.get_data(as_text=True)


def test_asks_on_the_page_follow_consent(
    client: FlaskClient, dataset: Dataset, db: Session
) -> None:
    citations = [
        c for r in dataset.reviews if r.current_revision for c in r.current_revision.citations
    ]
    camden = next(c for c in citations if c.revision.review.service.place.code == "E09000007")
    camden.ask, camden.consent_scope = "Only for regulators, from Camden", ConsentScope.REGULATORS
    db.flush()
    sign_in(client, dataset.regulator)
    assert "Only for regulators, from Camden" in client.get(REPORT).get_data(as_text=True)
    client.post("/sign-out")
    sign_in(client, dataset.manager)
    assert "Only for regulators, from Camden" not in client.get(REPORT).get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/reports/download/principles.csv", "csv"),
        ("/reports/download/section/barriers.xlsx", "xlsx"),
        ("/reports/download/report.json", "json"),
        ("/reports/download/report.zip", "zip"),
    ],
)
def test_downloads_match_the_page_and_are_recorded(
    client: FlaskClient, dataset: Dataset, db: Session, path: str, kind: str
) -> None:
    sign_in(client, dataset.regulator)
    response = client.get(f"{path}?framework={SKEWED}&focus_place=E08000037")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="outcomes-report-')
    assert disposition.endswith(f'.{path.rsplit(".", 1)[1]}"')
    data = response.get_data()
    if kind == "csv":
        frame = pd.read_csv(io.BytesIO(data))
        assert "E08000037" in set(frame.place_code)
    elif kind == "json":
        assert json.loads(data)["context"]["parameters"]["focus_place"] == "E08000037"
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.namelist()
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "report.download"))
    assert event is not None and event.after is not None
    assert event.after["format"] == kind
    assert event.actor_id == dataset.regulator.id


def test_unknown_downloads_are_not_found(client: FlaskClient, dataset: Dataset) -> None:
    sign_in(client, dataset.regulator)
    assert client.get(f"/reports/download/ranking.csv?framework={SKEWED}").status_code == 404
    assert client.get(f"/reports/download/section/nope.xlsx?framework={SKEWED}").status_code == 404
    refused = client.get(f"/reports/download/principles.csv?framework={SKEWED}&codes=E99999999")
    assert refused.status_code == 400


def test_a_service_manager_adds_context_for_their_place(
    client: FlaskClient, dataset: Dataset, db: Session
) -> None:
    sign_in(client, dataset.manager)
    page = client.get(REPORT).get_data(as_text=True)
    # Their own place is followed by default, and offers a note; others do not.
    assert '<h3 class="govuk-heading-m" id="followed-place">Wigan</h3>' in page
    note_path = f"/reports/notes/{SKEWED}/E08000010"
    assert note_path in page
    assert f"/reports/notes/{SKEWED}/E09000007" not in page

    # The count counts to the form's own limit, written once in the domain.
    form = client.get(note_path).get_data(as_text=True)
    assert f'data-maxlength="{MAX_LENGTH}"' in form
    assert f"You can enter up to {MAX_LENGTH:,} characters" in form

    empty = client.post(note_path, data={"body": "   "})
    assert "Enter the context you want readers of the report to see" in empty.get_data(as_text=True)
    added = client.post(note_path, data={"body": "Our hubs closed <b>for rebuilding</b>."})
    assert added.status_code == 302
    assert db.scalar(select(ContextNote.body)) == "Our hubs closed <b>for rebuilding</b>."
    shown = client.get(added.headers["Location"]).get_data(as_text=True)
    assert "Our hubs closed &lt;b&gt;for rebuilding&lt;/b&gt;." in shown
    assert "is now shown next to Wigan" in shown

    assert client.get(f"/reports/notes/{SKEWED}/E09000007").status_code == 403
    assert client.post(f"/reports/notes/{SKEWED}/E09000007", data={"body": "x"}).status_code == 403


def test_who_may_open_reports(client: FlaskClient, dataset: Dataset, db: Session) -> None:
    sign_in(client, create_user(db, places=[]))
    assert client.get(REPORT).status_code == 403
    client.post("/sign-out")
    sign_in(client, create_user(db, role=Role.INSPECTOR))
    response = client.get(REPORT)
    assert response.status_code == 200
    assert 'href="/reports/"' in response.get_data(as_text=True)  # in the navigation
    client.post("/sign-out")
    assert client.get(REPORT).status_code == 302  # signed out: to the sign-in page


def test_who_to_learn_from_links_to_reviews_for_the_followed_place(
    client: FlaskClient, dataset: Dataset, db: Session
) -> None:
    sign_in(client, dataset.regulator)
    unfollowed = client.get(REPORT).get_data(as_text=True)
    assert "to see who it could learn from" in unfollowed
    code = "E08000010"
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED), focus_place=code))
    expected = report.neighbours
    assert not expected.empty
    html = client.get(f"{REPORT}&focus_place={code}").get_data(as_text=True)
    section = html.split('id="neighbours"')[1].split('id="coverage"')[0]
    for review_id in expected.learn_from_review:
        assert f'href="/reviews/{review_id}"' in section
    assert expected.nearness.iloc[0] in section


def test_downloads_keep_the_dates_the_page_shows(client: FlaskClient, dataset: Dataset) -> None:
    """A date is three values of one name (day, month, year): the page's links keep them
    in their order, so every download covers the period the page does."""
    sign_in(client, dataset.regulator)
    dates = (
        "&period_from=1&period_from=10&period_from=2026&period_to=31&period_to=12&period_to=2026"
    )
    page = client.get(REPORT + dates).get_data(as_text=True)
    links = re.findall(r'href="(/reports/download/[^"]+)"', page)
    assert links
    for link in links:
        assert "period_to=31&amp;period_to=12&amp;period_to=2026" in link, link
    json_link = next(link for link in links if "report.json" in link)
    downloaded = client.get(json_link.replace("&amp;", "&"))
    assert downloaded.status_code == 200
    text = downloaded.get_data(as_text=True)
    assert '"2026-10-01"' in text and '"2026-12-31"' in text


def test_a_report_on_one_review_says_review_and_ask_in_the_singular(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    """One review filed through the front door, with one ask: the page's counts agree
    with their nouns (it once said "2.0.0: 1 reviews" and "1 asks")."""
    wigan = get_place(db, "E08000010")
    manager = create_user(db, places=[wigan])
    service = create_service(db, place=wigan)
    definition = as_definition(frameworks["2.0.0"])
    (cites,) = (item.id for item in definition.items if isinstance(item, BarriersItem))
    asks = AnswerInput(asks={"devolution": "Let us pool budgets"}, consent="public")
    file_review(db, manager, service, (date(2025, 4, 1), date(2025, 6, 30)), but={cites: asks})
    sign_in(client, create_user(db, role=Role.REGULATOR))
    page = client.get("/reports/?framework=public-service-reform&codes=E08000010")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2.0.0: 1 review," in html
    assert "1 ask, the latest periods first" in html
    assert not re.search(r"\b1 (reviews|asks)\b", html)
