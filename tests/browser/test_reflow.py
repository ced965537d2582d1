"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide, the width of a 1280 pixel screen at 400%
zoom, no main page scrolls sideways. Only a wide data table scrolls, inside its own
focusable, labelled region."""

from __future__ import annotations

import re

import pytest
from accessibility import sideways_scroll
from journeys import LiveServer, sign_in
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role

NARROW = {"width": 320, "height": 640}
FRAMEWORK = "/frameworks/public-service-reform"

MAIN_PAGES = {
    Role.ADMIN: [
        "/",
        "/admin/users",
        "/reviews/",
        "/frameworks/",
        f"{FRAMEWORK}/1.0.0",
        f"{FRAMEWORK}/2.0.0",
        f"{FRAMEWORK}/diff?from=1.0.0&to=2.0.0",
        "/api/v1/docs",
        "/places/E08000010",
        "/exports/",
        "/exports/log",
        "/search/?q=families",
        "/account",
        "/accessibility",
        "/cookies",
        "/privacy",
    ],
    Role.REGULATOR: ["/reviews/", "/account"],
    Role.SERVICE_MANAGER: ["/", "/reviews/", "/reviews/new", "/imports/", "/account"],
}

# What overflows, to say where to look when the check fails.
OVERFLOWING = """() => Array.from(document.querySelectorAll('main *'))
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((el) => !el.closest('[role=region][tabindex="0"]'))
  .slice(0, 5).map((el) => el.tagName + '.' + el.className + ' ' + el.textContent.slice(0, 40))"""


def assert_reflows(page: Page, path: str) -> None:
    scroll = sideways_scroll(page)
    assert scroll == 0, f"{path} scrolls {scroll}px sideways: {page.evaluate(OVERFLOWING)}"


@pytest.mark.parametrize("role", list(MAIN_PAGES))
def test_main_pages_reflow_at_320_pixels(
    page: Page, reviewed_server: LiveServer, role: Role
) -> None:
    page.set_viewport_size(NARROW)
    sign_in(page, reviewed_server.url, reviewed_server.accounts[role])
    for path in MAIN_PAGES[role]:
        page.goto(reviewed_server.url + path)
        assert_reflows(page, path)


def test_a_review_and_its_history_reflow(page: Page, reviewed_server: LiveServer) -> None:
    page.set_viewport_size(NARROW)
    sign_in(page, reviewed_server.url, reviewed_server.accounts[Role.REGULATOR])
    page.goto(reviewed_server.url + "/reviews/")
    page.locator("main table a").first.click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    assert_reflows(page, page.url)


def test_the_report_reflows_and_its_wide_tables_scroll_in_labelled_regions(
    page: Page, reviewed_server: LiveServer
) -> None:
    page.set_viewport_size(NARROW)
    sign_in(page, reviewed_server.url, reviewed_server.accounts[Role.REGULATOR])
    # The report draws its charts on the server: allow for a busy test machine.
    page.goto(reviewed_server.url + "/reports/?focus_place=E08000010", timeout=180_000)
    assert_reflows(page, "/reports/")
    regions = page.locator(".outcomes-wide-table")
    assert regions.count() > 0
    for index in range(regions.count()):
        region = regions.nth(index)
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_attribute("aria-label", re.compile(r"\w"))
