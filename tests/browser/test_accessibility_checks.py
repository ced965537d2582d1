"""The checks every journey runs (accessibility.py) find what they look for, and every
link of an error summary takes the keyboard focus to its field."""

from __future__ import annotations

from accessibility import Checker
from journeys import LiveServer, sign_in
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role

FAULTS = """() => {
  const main = document.querySelector('main');
  main.insertAdjacentHTML('beforeend', `
    <img src="/assets/images/favicon.svg">
    <div class="govuk-error-summary"><ul class="govuk-error-summary__list">
      <li><a href="#period">Enter a date</a></li></ul></div>
    <div id="period">A group of date boxes</div>
    <input id="broken" aria-describedby="broken-hint"><div id="broken-hint"></div>`);
}"""


def test_the_checker_finds_each_kind_of_problem(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/sign-in")
    checker = Checker(live_server.url)
    checker.check(page)
    assert checker.problems == {}, checker.report()

    page.evaluate(FAULTS)
    checker.check(page)
    found = checker.report()
    assert "image-alt" in found
    assert "error link 'Enter a date' (#period) does not lead to a focusable field" in found
    assert "aria-describedby names #broken-hint, which is missing or empty" in found
    page.reload()  # leave a clean page for the fixture's own check


def assert_each_error_link_focuses_its_field(page: Page) -> int:
    """Follow every link of the error summary; each must put the focus on its field."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves the focus to the summary
    links = summary.locator(".govuk-error-summary__list a")
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        link.focus()
        link.press("Enter")
        focused = page.evaluate("() => [document.activeElement.id, document.activeElement.tagName]")
        assert focused[0] == target and focused[1] in {"INPUT", "SELECT", "TEXTAREA"}, (
            f"{link.inner_text()!r} left the focus on {focused}"
        )
    return links.count()


def test_error_links_on_sign_in_and_account_forms(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/sign-in")
    page.get_by_role("button", name="Sign in").click()
    assert assert_each_error_link_focuses_its_field(page) >= 2

    sign_in(page, live_server.url, live_server.accounts[Role.ADMIN])
    page.goto(f"{live_server.url}/admin/users/new")
    page.get_by_role("button", name="Create account").click()
    assert assert_each_error_link_focuses_its_field(page) >= 3


def test_error_links_on_starting_a_review(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.SERVICE_MANAGER])
    page.goto(f"{live_server.url}/reviews/new")
    page.get_by_role("button", name="Start the review").click()
    assert assert_each_error_link_focuses_its_field(page) >= 1


def test_error_links_for_a_date_focus_its_day_box(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.SERVICE_MANAGER])
    page.goto(f"{live_server.url}/reviews/new")
    page.get_by_role("group", name="Start of the period").get_by_label("Day").fill("")
    page.get_by_role("button", name="Start the review").click()
    assert assert_each_error_link_focuses_its_field(page) >= 1
