from __future__ import annotations

from journeys import LiveServer, sign_in
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role


def test_reading_a_version_and_comparing_versions(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.SERVICE_MANAGER])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Frameworks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frameworks")
    page.get_by_role("link", name="2.0.0", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Public service reform learning review"
    )
    page.get_by_role("link", name="Principles").click()
    expect(page.get_by_role("heading", name="Holistic", exact=True)).to_be_visible()
    page.get_by_role("link", name="Frameworks", exact=True).first.click()
    page.get_by_role(
        "link", name="Compare versions of Public service reform learning review"
    ).click()
    page.get_by_label("From version").select_option("1.0.0")
    page.get_by_label("To version").select_option("2.0.0")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="1.0.0 → 2.0.0: a major change")).to_be_visible()
    expect(page.get_by_text("How levels of strengths_holistic map to holistic")).to_be_visible()
