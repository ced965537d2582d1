"""The home page as a service manager and a regulator: what is due and waiting, and
each count leading, with the keyboard, to a list of as many rows."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from frontdoor import file_review
from journeys import LiveServer, sign_in, sign_out
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from outcomes.accounts.models import Role, User
from outcomes.reviews.periods import quarter_containing
from outcomes.services.operations import create_service
from web.database import get_session

SERVICE = "Start Well family hubs"  # a Wigan demo service


_new_services = itertools.count(1)


def file_a_review_to_read(server: LiveServer) -> None:
    """A review of last quarter submitted now by the demo manager, through the services
    the pages call, for a new service of theirs: not yet acknowledged, and newer than any
    earlier sign-in of the regulator."""
    with server.app.app_context():
        session = get_session()
        email = server.accounts[Role.SERVICE_MANAGER].email
        manager = session.scalars(select(User).where(User.email == email)).one()
        service = create_service(
            session,
            manager,
            manager.places[0],
            name=f"Family support line {next(_new_services)}",
            service_area="early_help",
        )
        this_quarter = quarter_containing(date.today())
        file_review(session, manager, service, quarter_containing(this_quarter[0] - timedelta(1)))
        session.commit()


def count_of(item: Locator) -> int:
    """The count a task list row shows ("3 reviews", or "None")."""
    words = item.locator(".govuk-task-list__status").inner_text().strip()
    return 0 if words == "None" else int(words.split()[0])


def follow(page: Page, item: Locator) -> None:
    """Follow a task list row's link with the keyboard."""
    item.get_by_role("link").focus()
    page.keyboard.press("Enter")


def task(page: Page, title: str | re.Pattern[str]) -> Locator:
    """A task list row by its title, a link or not (a count of none links nowhere)."""
    name = page.locator(".govuk-task-list__name-and-hint", has_text=title)
    return page.locator(".govuk-task-list__item").filter(has=name)


def listed_reviews(page: Page) -> int:
    results = page.locator("#results")
    return results.locator("tbody tr").count()


def test_a_manager_starts_a_due_review_from_home_and_finds_the_draft(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.SERVICE_MANAGER])
    expect(page.get_by_role("heading", name="Reviews due")).to_be_visible()
    due = page.get_by_role("table", name="Reviews due")
    row = due.get_by_role("row").filter(has_text=SERVICE)
    last_quarter = due.get_by_role("columnheader").nth(2).inner_text()
    expect(row.get_by_role("cell").nth(1)).to_contain_text("Not started")
    drafts_before = count_of(task(page, "Drafts not yet submitted"))

    row.get_by_role(
        "link", name=re.compile(f"Start the review of {SERVICE} for {last_quarter}")
    ).click()
    expect(page.get_by_role("radio", name=SERVICE)).to_be_checked()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home").click()
    row = page.get_by_role("table", name="Reviews due").get_by_role("row").filter(has_text=SERVICE)
    expect(row.get_by_role("cell").nth(1)).to_contain_text("In progress")
    drafts = task(page, "Drafts not yet submitted")
    assert count_of(drafts) == drafts_before + 1
    needs = page.get_by_role("listitem").filter(has_text=f"{SERVICE}, {last_quarter}")
    expect(needs).to_contain_text("still to answer")

    follow(page, drafts)
    expect(page.get_by_role("checkbox", name="Only your places’ reviews")).to_be_checked()
    assert listed_reviews(page) == drafts_before + 1
    sign_out(page)


def test_a_regulator_follows_home_counts_to_their_lists(
    page: Page, live_server: LiveServer
) -> None:
    file_a_review_to_read(live_server)
    sign_in(page, live_server.url, live_server.accounts[Role.REGULATOR])
    expect(page.get_by_role("heading", name="Reviews to read")).to_be_visible()

    waiting = task(page, "Not yet acknowledged, longest waiting first")
    count = count_of(waiting)
    assert count >= 1
    follow(page, waiting)
    expect(page.get_by_label("Status")).to_have_value("awaiting")
    expect(page.get_by_label("Order")).to_have_value("waiting")
    assert listed_reviews(page) == min(count, 25)
    page.go_back()

    quiet = task(page, re.compile("Places that filed nothing"))
    count = count_of(quiet)
    follow(page, quiet)
    heading = page.get_by_role("heading", name=re.compile("filed no review"))
    expect(heading).to_contain_text(str(count))
    assert page.locator("ul[aria-labelledby='quiet-heading'] li").count() == count


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_a_regulators_home_works_without_javascript(page: Page, live_server: LiveServer) -> None:
    file_a_review_to_read(live_server)
    sign_in(page, live_server.url, live_server.accounts[Role.REGULATOR])
    since = task(page, re.compile("Submitted since"))
    count = count_of(since)
    assert count >= 1
    since.get_by_role("link").click()
    expect(page.locator("#submitted-after")).to_contain_text("Showing reviews submitted after")
    assert listed_reviews(page) == min(count, 25)
