"""A regulator chooses their email notifications and the places they follow on their
account page, in a real browser (every state checked for accessibility); a wrong code is
explained in an error summary whose link takes the focus to the field."""

from __future__ import annotations

from journeys import LiveServer, sign_in
from playwright.sync_api import Page, expect
from test_accessibility_checks import assert_each_error_link_focuses_its_field

from outcomes.accounts.models import Role


def test_a_regulator_chooses_notifications_and_follows_a_region(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.REGULATOR])
    page.goto(f"{live_server.url}/account")
    follows = page.get_by_label("Places and regions you follow")
    follows.fill("E12000002, not a code")
    page.get_by_role("button", name="Save your choices").click()
    assert assert_each_error_link_focuses_its_field(page) == 1

    page.get_by_label("Places and regions you follow").fill("E12000002")
    page.get_by_role("group", name="A reply to your feedback").get_by_label(
        "An email for each one, as it happens"
    ).check()
    page.get_by_role("button", name="Save your choices").click()

    expect(page.get_by_text("Your notification choices have been saved.")).to_be_visible()
    expect(page.get_by_label("Places and regions you follow")).to_have_value("E12000002")
    expect(
        page.get_by_role("group", name="A reply to your feedback").get_by_label(
            "An email for each one, as it happens"
        )
    ).to_be_checked()
