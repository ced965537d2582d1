"""The navigation and the pages offer what outcomes/ lets each person do, and nothing else."""

from __future__ import annotations

import re

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.config import PROJECT_ROOT


def menu(client: FlaskClient) -> list[str]:
    page = client.get("/").get_data(as_text=True)
    nav = page.split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
    return [
        re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<a[^>]*>(.*?)</a>", nav, re.S)
    ]


def test_a_service_manager_with_a_place_is_offered_reports_and_import(
    client: FlaskClient, db: Session
) -> None:
    sign_in(client, create_user(db, role=Role.SERVICE_MANAGER))
    items = menu(client)
    assert "Reports" in items and "Import" in items
    assert "Exports" not in items and "Users" not in items
    assert client.get("/reports/").status_code == 200


def test_a_service_manager_without_a_place_is_offered_neither(
    client: FlaskClient, db: Session
) -> None:
    sign_in(client, create_user(db, role=Role.SERVICE_MANAGER, places=[]))
    items = menu(client)
    assert "Reports" not in items and "Import" not in items
    assert client.get("/reports/").status_code == 403


@pytest.mark.parametrize(
    ("role", "offered"),
    [(Role.ADMIN, True), (Role.REGULATOR, False), (Role.SERVICE_MANAGER, False)],
)
def test_only_those_who_may_load_versions_see_the_upload_button(
    client: FlaskClient, db: Session, role: Role, offered: bool
) -> None:
    sign_in(client, create_user(db, role=role))
    page = client.get("/frameworks/").get_data(as_text=True)
    assert ("Upload a new version" in page) is offered
    home = client.get("/").get_data(as_text=True)
    assert ("Manage accounts" in home) is (role is Role.ADMIN)
    assert ("Your places" in home) is (role is Role.SERVICE_MANAGER)


def test_no_template_decides_by_the_name_of_a_role() -> None:
    # Templates ask may(...) (web/navigation.py), which asks outcomes/: a role compared in
    # a template is a second home for a rule.
    templates = PROJECT_ROOT / "web" / "templates"
    comparing = re.compile(r"\.role(\.value|\.name)?\s*(==|!=|\bis\b|\bin\b)")
    found = [
        f"{path.relative_to(templates)}:{number}"
        for path in sorted(templates.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if comparing.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("role", "offered"),
    [(Role.ADMIN, True), (Role.REGULATOR, False), (Role.NATIONAL_RESPONDER, False)],
)
def test_only_who_keeps_the_register_of_national_bodies_is_offered_it(
    client: FlaskClient, db: Session, role: Role, offered: bool
) -> None:
    sign_in(client, create_user(db, role=role))
    page = client.get("/national-asks").get_data(as_text=True)
    assert ("Maintain the register of national bodies" in page) is offered
    assert client.get("/national-bodies").status_code == (200 if offered else 403)
