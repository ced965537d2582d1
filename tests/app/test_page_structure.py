"""What assistive technology reads besides the words: descriptions that exist, headings
that do not skip a level, and the phase banner inside a landmark."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser

import pytest
from factories import create_service, create_user, sign_in
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.operations import get_place

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Outline(HTMLParser):
    """The text of every element with an id, every aria-describedby, and the headings."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, str] = {}
        self.described_by: list[str] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.described_by += (found.get("aria-describedby") or "").split()
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag in VOID:
            if found.get("id"):
                self.text.setdefault(found["id"], "")
            return
        self.open.append((tag, found.get("id")))
        if found.get("id"):
            self.text[found["id"]] = ""

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, _ = self.open.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, element_id in self.open:
            if element_id:
                self.text[element_id] += data


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def assert_descriptions_have_words(html: str, url: str) -> None:
    parsed = outline(html)
    assert parsed.described_by, f"{url} has no described field to check"
    for ref in parsed.described_by:
        assert ref in parsed.text, f"{url}: aria-describedby names #{ref}, which is missing"
        assert parsed.text[ref].strip(), f"{url}: aria-describedby names #{ref}, which is empty"


FORMS = {
    Role.SERVICE_MANAGER: ["/reviews/new", "/imports/", "/account"],
    Role.ADMIN: ["/admin/users/new", "/exports/", "/places/E08000010/services/new"],
    Role.REGULATOR: ["/exports/", "/reviews/"],
}


@pytest.mark.parametrize("role", list(FORMS))
def test_fields_are_described_only_by_hints_and_errors_with_words(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion], role: Role
) -> None:
    wigan = get_place(db, "E08000010")
    create_service(db, place=wigan, name="Start Well family hubs")
    sign_in(
        client,
        create_user(db, role=role, places=[wigan] if role.value == "service_manager" else None),
    )
    for url in FORMS[role]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_descriptions_have_words(response.get_data(as_text=True), url)


def test_a_form_with_errors_describes_each_field_by_its_error(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    wigan = get_place(db, "E08000010")
    create_service(db, place=wigan)
    sign_in(client, create_user(db, places=[wigan]))
    html = client.post("/reviews/new", data={}).get_data(as_text=True)
    assert "There is a problem" in html
    assert 'aria-describedby="service-error"' in html
    assert_descriptions_have_words(html, "/reviews/new with errors")


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0", "2.0.0"])
def test_framework_version_headings_never_skip_a_level(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion], version: str
) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    html = client.get(f"/frameworks/public-service-reform/{version}").get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    headings = outline(main).headings
    assert headings[0] == 1 and 4 in headings
    for before, after in itertools.pairwise(headings):
        assert after <= before + 1, f"h{before} is followed by h{after}"


@pytest.mark.parametrize("url", ["/", "/sign-in", "/cookies"])
def test_the_phase_banner_sits_in_the_header_landmark(client: FlaskClient, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    header = html[html.index('<header class="govuk-template__header"') : html.index("</header>")]
    assert "govuk-phase-banner" in header
    assert html.count('class="govuk-phase-banner ') == 1
