"""A service manager files a complete review; a regulator finds it and leaves feedback;
the service manager reads the feedback."""

from __future__ import annotations

import re

import pytest
from journeys import LiveServer, sign_in, sign_out
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role

SERVICE = "Community link workers"  # a Wigan demo service
# Periods of their own (2022, and 2023 without JavaScript), so that no other journey on
# the shared server files the same one.
PERIOD = "April to June 2022"
PRINCIPLES = 7  # in the latest published version, 2.0.0
FEEDBACK = "How did people hear about the link workers?"


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def file_a_review(page: Page, year: int, *, javascript: bool = True) -> None:
    """Start a review of April to June of ``year`` and answer every section, as the signed-in
    service manager; ends on "Check your answers". With ``javascript`` it also makes a
    mistake and follows the error summary's link to the field, which GOV.UK Frontend's
    script focuses."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reviews").click()
    page.get_by_role("button", name="Start a review").click()

    page.get_by_role("radio", name=SERVICE).check()
    start = page.get_by_role("group", name="Start of the period")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("4")
    start.get_by_label("Year").fill(str(year))
    end = page.get_by_role("group", name="End of the period")
    end.get_by_label("Day").fill("30")
    end.get_by_label("Month").fill("6")
    end.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Start the review").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE)
    expect(page.get_by_text("You have completed 0 of 12 sections")).to_be_visible()
    page.get_by_role("link", name="Relational").click()

    for _ in range(PRINCIPLES):
        page.get_by_role("radio", name="Developing").check()
        save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("What changed and what you learned")
    page.get_by_label("What changed for people").fill("Fewer people came back in crisis.")
    page.get_by_label("What we tried").fill("Link workers based in two GP practices.")
    page.get_by_label("What we learned").fill("People came when their GP introduced us.")
    page.get_by_label("What we will change next").fill("Add a third practice.")
    page.get_by_label("Who benefited, and who did not").fill("Older men benefited least.")
    follow_up = page.get_by_label("What happened to our last commitments")
    if follow_up.count():  # shown once the service has submitted an earlier review
        follow_up.fill("The third practice joined in May.")
    save_and_continue(page)

    page.get_by_label("A story of change").fill("Mr B now goes to the allotment club 🙂")
    page.get_by_role("radio", name="Shared with regulators and inspection panels").check()
    save_and_continue(page)

    if javascript:
        # A mistake, shown with the GOV.UK error summary and the typed answer kept.
        page.get_by_label("People supported").fill("forty")
        save_and_continue(page)
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("There is a problem")
        summary.get_by_role("link", name="People supported must be a number, like 12").click()
        expect(page.get_by_label("People supported")).to_be_focused()
        expect(page.get_by_label("People supported")).to_have_value("forty")
    page.get_by_label("People supported").fill("40")
    save_and_continue(page)

    page.get_by_role("checkbox", name="Multi-year funding").check()
    page.get_by_label("What do you need from central government about multi-year funding?").fill(
        "Three-year settlements for link worker posts."
    )
    save_and_continue(page)

    page.get_by_role("checkbox", name="NHS, including GPs and community health services").check()
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting your review"
    )
    expect(page.get_by_text("Link workers based in two GP practices.")).to_be_visible()
    expect(page.get_by_text("40 people")).to_be_visible()


def test_a_review_is_filed_read_and_answered(page: Page, live_server: LiveServer) -> None:
    manager = live_server.accounts[Role.SERVICE_MANAGER]
    sign_in(page, live_server.url, manager)
    file_a_review(page, 2022)
    page.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_role("heading", name="Review submitted")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, live_server.accounts[Role.REGULATOR])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reviews").click()
    page.get_by_label("Place", exact=True).fill("Wigan")
    page.get_by_role("button", name="Apply filters").click()
    row = page.get_by_role("row").filter(has_text=SERVICE).filter(has_text=PERIOD)
    row.get_by_role("link", name=SERVICE).click()
    expect(page.get_by_text("Mr B now goes to the allotment club 🙂")).to_be_visible()
    page.get_by_label("Your feedback").fill(FEEDBACK)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Your feedback has been sent to the service.")).to_be_visible()
    page.get_by_role("button", name="Acknowledge revision 1").click()
    expect(page.get_by_text("You have acknowledged revision 1")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, manager)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reviews").click()
    own = page.get_by_role("table", name=re.compile("Your places’ reviews"))
    own.get_by_role("row").filter(has_text=PERIOD).get_by_role("link", name=SERVICE).click()
    thread = page.locator("[id^='feedback-']").filter(has_text=FEEDBACK)
    expect(thread).to_contain_text("Rita Regulator")
    expect(thread.get_by_label("Your reply")).to_be_visible()
    expect(page.get_by_text("Acknowledged", exact=True).first).to_be_visible()


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_a_review_is_filed_and_submitted_without_javascript(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.SERVICE_MANAGER])
    file_a_review(page, 2023, javascript=False)
    page.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_role("heading", name="Review submitted")).to_be_visible()
    expect(page).to_have_title(re.compile(f"Review submitted: {SERVICE}, April to June 2023"))
