"""Comparison reports in the browser: a regulator reads one, changes what it covers and
downloads a section; a service manager adds context for their place.

Reports need submitted reviews, so these journeys use the server that holds the demo
history (twenty-odd places over several quarters).
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from pathlib import Path

from journeys import LiveServer, sign_in
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role


def test_a_regulator_follows_a_place_and_downloads_a_section(
    page: Page, reviewed_server: LiveServer
) -> None:
    sign_in(page, reviewed_server.url, reviewed_server.accounts[Role.REGULATOR])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare places")
    expect(page.get_by_role("heading", name="1. Principles by place")).to_be_visible()
    expect(page.get_by_role("img", name="Median level by place and principle")).to_be_visible()
    expect(page.get_by_text("to see who it could learn from")).to_be_visible()

    page.locator("#parameters summary").click()
    page.get_by_label("Place to follow").select_option("E08000010")
    page.get_by_label("Early help and family support").check()
    page.get_by_role("button", name="Show report").click()

    expect(page).to_have_url(re.compile(r"focus_place=E08000010"))
    expect(page.get_by_role("heading", name="Wigan", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Wigan: by principle and service area")).to_be_visible()
    expect(page.get_by_role("img", name="Levels over time, Wigan")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download levels by place and principle (CSV)").click()
    name = download.value.suggested_filename
    assert name.startswith("outcomes-report-public-service-reform-principles-")
    assert name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows and "median" in rows[0] and "place_code" in rows[0]
    assert "rank" not in " ".join(rows[0]).lower()


def test_a_service_manager_adds_context_for_their_place(
    page: Page, reviewed_server: LiveServer
) -> None:
    note = f"Two family hubs were closed for rebuilding this year ({secrets.token_hex(3)})."
    sign_in(page, reviewed_server.url, reviewed_server.accounts[Role.SERVICE_MANAGER])
    page.goto(f"{reviewed_server.url}/reports/")
    # Their own place is followed, and theirs is the only place they can add context for.
    expect(page.get_by_role("heading", name="Wigan", exact=True)).to_be_visible()
    page.get_by_role("link", name="Add context for Wigan").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add context to comparison reports")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the context you want readers of the report to see"
    )
    page.get_by_label("Context for readers of the report").fill(note)
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Your note is now shown next to Wigan in reports.")).to_be_visible()
    expect(page.get_by_text(note).first).to_be_visible()
