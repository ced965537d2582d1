"""A national body responder reads an ask and answers it; the service manager sees the
answer on their review; a signed-out visitor reads it on the public page."""

from __future__ import annotations

from journeys import LiveServer, sign_in, sign_out
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role

BARRIER = "Investment in prevention"
PERIOD = "July to September 2026"
ANSWER = "We are working with the Treasury on letting prevention money move earlier."


def test_a_responder_answers_and_the_place_and_the_public_read_it(
    page: Page, reviewed_server: LiveServer
) -> None:
    base = reviewed_server.url
    sign_in(page, base, reviewed_server.accounts[Role.NATIONAL_RESPONDER])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="National asks").click()
    expect(page.get_by_text("You answer for Department of Health and Social Care")).to_be_visible()
    page.get_by_label("Barrier").select_option(label=BARRIER)
    page.get_by_label("Period").select_option(label=PERIOD)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=BARRIER).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BARRIER)
    expect(page.get_by_role("heading", name="What places asked")).to_be_visible()

    page.get_by_role("button", name="Respond to this ask").click()
    page.get_by_role("radio", name="Accepted", exact=True).check()
    page.get_by_label("Your response", exact=True).fill(ANSWER)
    page.get_by_role("button", name="Record this response").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Say what will change")
    summary.get_by_role("link", name="Say what will change").click()

    page.get_by_role("radio", name="Under consideration").check()
    page.get_by_role("button", name="Record this response").click()
    expect(
        page.get_by_text("Response recorded for Department of Health and Social Care")
    ).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    sign_out(page)

    sign_in(page, base, reviewed_server.accounts[Role.SERVICE_MANAGER])
    page.goto(f"{base}/reviews/?place=E08000010&barrier=prevention_investment")
    page.locator("#results").get_by_role("link", name="Community link workers").click()
    expect(page.get_by_role("heading", name="Answers from national bodies")).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    sign_out(page)

    page.goto(f"{base}/answers-from-the-centre")
    page.get_by_label("Period").select_option(label=PERIOD)
    page.get_by_role("button", name="Show this period").click()
    expect(page.get_by_role("heading", name=BARRIER)).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_be_visible()
