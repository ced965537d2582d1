"""The accessibility statement, cookies page and privacy notice: open to everyone, linked
from every page's footer, and true to what the app does."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from factories import PASSWORD, create_user
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.config import Settings
from web import create_app

PAGES = {
    "/accessibility": "Accessibility statement",
    "/cookies": "Cookies",
    "/privacy": "Privacy notice",
}


def cookie_names_listed(client: FlaskClient) -> list[str]:
    page = client.get("/cookies").get_data(as_text=True)
    return re.findall(r"<code data-cookie-name>([^<]+)</code>", page)


def set_cookies(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_each_page_is_open_to_everyone(client: FlaskClient, path: str, title: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert f"<title>{title} – Outcomes</title>" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/sign-in", "/accessibility", "/no-such-page"])
def test_every_footer_links_to_the_three_pages(client: FlaskClient, path: str) -> None:
    page = client.get(path).get_data(as_text=True)
    footer = page[page.index('<footer class="govuk-footer"') :]
    for target, text in [
        ("/accessibility", "Accessibility statement"),
        ("/cookies", "Cookies"),
        ("/privacy", "Privacy"),
    ]:
        assert f'href="{target}">{text}</a>' in footer


def test_the_cookies_page_lists_the_cookies_a_signed_in_visit_sets(
    client: FlaskClient, db: Session
) -> None:
    user = create_user(db, role=Role.SERVICE_MANAGER)
    seen: dict[str, str] = {}
    seen |= set_cookies(client.get("/sign-in"))
    signed_in = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    seen |= set_cookies(signed_in)
    for path in ["/", "/reviews/", "/account", "/cookies"]:
        seen |= set_cookies(client.get(path))
    seen |= set_cookies(client.post("/sign-out"))

    assert sorted(seen) == sorted(cookie_names_listed(client)) == ["session"]


def test_the_cookies_page_gives_the_lifetime_the_cookie_is_set_with(
    client: FlaskClient, app: Flask, db: Session
) -> None:
    app.permanent_session_lifetime = 3 * 60 * 60
    user = create_user(db)
    header = set_cookies(client.post("/sign-in", data={"email": user.email, "password": PASSWORD}))[
        "session"
    ]
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", header).group(1))
    hours = round((expires - datetime.now(UTC)).total_seconds() / 3600)
    page = client.get("/cookies").get_data(as_text=True)
    assert hours == 3
    assert f"or {hours} hours after the last page you open" in page


def test_contact_details_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, app: Flask
) -> None:
    defaults = Settings.from_environment()
    monkeypatch.setenv("OUTCOMES_CONTACT_EMAIL", "access@wigan.example.gov.uk")
    monkeypatch.setenv("OUTCOMES_PRIVACY_EMAIL", "dpo@wigan.example.gov.uk")
    monkeypatch.setenv("OUTCOMES_OPERATOR_NAME", "Wigan Council")
    monkeypatch.setenv("OUTCOMES_RETENTION", "Reviews are kept for 6 years.")
    configured = create_app({"TESTING": True, "SESSION_FACTORY": app.config["SESSION_FACTORY"]})
    client = configured.test_client()

    statement = client.get("/accessibility").get_data(as_text=True)
    privacy = client.get("/privacy").get_data(as_text=True)
    assert 'href="mailto:access@wigan.example.gov.uk"' in statement
    assert "Wigan Council runs Outcomes" in statement
    assert 'href="mailto:dpo@wigan.example.gov.uk"' in privacy
    assert "Reviews are kept for 6 years." in privacy
    assert defaults.contact_email not in statement


def test_safe_defaults_without_configuration(client: FlaskClient) -> None:
    settings = Settings.from_environment()
    privacy = client.get("/privacy").get_data(as_text=True)
    assert settings.contact_email.endswith(".gov.uk")
    assert f'href="mailto:{settings.privacy_email}"' in privacy
    assert "records retention schedule" in privacy


def test_the_statement_names_the_checks_the_suite_runs(client: FlaskClient) -> None:
    statement = client.get("/accessibility").get_data(as_text=True)
    for fact in [
        "axe-core, checking WCAG 2.0, 2.1 and 2.2 at levels A and AA",
        "320 CSS pixels",
        "keyboard alone",
        "JavaScript turned off",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Commission for Northern Ireland (ECNI)",
        "This statement was prepared on 29 November 2026",
    ]:
        assert fact in statement


def test_the_operator_has_a_name_that_reads_as_one_until_it_is_set(client: FlaskClient) -> None:
    page = client.get("/privacy").get_data(as_text=True)
    assert f"{Settings.operator_name} runs Outcomes" in page
    assert "The Outcomes service team runs Outcomes" in page
