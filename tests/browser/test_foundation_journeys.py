from __future__ import annotations

import pytest
from journeys import LiveServer, sign_in, sign_out
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role

EXPECTED_NAVIGATION = {
    Role.ADMIN: [
        "Home",
        "Places",
        "Reviews",
        "Search",
        "Frameworks",
        "Reports",
        "Exports",
        "National asks",
        "Users",
        "Your account",
    ],
    Role.SERVICE_MANAGER: [
        "Home",
        "Places",
        "Reviews",
        "Search",
        "Frameworks",
        "Reports",
        "Import",
        "Your account",
    ],
    Role.REGULATOR: [
        "Home",
        "Places",
        "Reviews",
        "Search",
        "Frameworks",
        "Reports",
        "Exports",
        "National asks",
        "Your account",
    ],
    Role.INSPECTOR: [
        "Home",
        "Places",
        "Reviews",
        "Search",
        "Frameworks",
        "Reports",
        "Exports",
        "National asks",
        "Your account",
    ],
    Role.NATIONAL_RESPONDER: [
        "Home",
        "Places",
        "Reviews",
        "Search",
        "Frameworks",
        "National asks",
        "Your account",
    ],
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_sees_its_navigation(
    page: Page, live_server: LiveServer, role: Role
) -> None:
    sign_in(page, live_server.url, live_server.accounts[role])
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link")).to_have_text(EXPECTED_NAVIGATION[role])
    expect(page.get_by_text(f"({role.label.lower()})")).to_be_visible()
    sign_out(page)
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_finding_gateshead_shows_its_old_code(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.REGULATOR])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Places").click()
    page.get_by_label("Name or ONS code").fill("Gateshead")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("table")
    expect(results.get_by_role("row")).to_have_count(3)  # a header and two codes
    results.get_by_role("row").filter(has_text="Current").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gateshead")
    history = page.locator("#code-history")
    expect(history).to_contain_text("E08000020 (Gateshead) was replaced by E08000037")
    history.get_by_role("link", name="E08000020").click()
    expect(page.get_by_text("This is a former code")).to_be_visible()
