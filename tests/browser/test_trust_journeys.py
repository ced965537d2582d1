"""A review filed through the pages reaches an inspector's data package, with its small
count of people withheld and its odd text as typed (made safe for spreadsheets)."""

from __future__ import annotations

import csv
import io
import zipfile

from journeys import LiveServer, sign_in, sign_out
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role

SERVICE = "Community link workers"  # a Wigan demo service
PERIOD_START, PERIOD_END = ("1", "7", "2023"), ("30", "9", "2023")  # a period of its own
ODD = "=SUM(A1:A9) families 👪 told us: شكرا"


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def test_a_review_filed_on_the_pages_is_in_the_inspectors_package(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.SERVICE_MANAGER])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reviews").click()
    page.get_by_role("button", name="Start a review").click()
    page.get_by_role("radio", name=SERVICE).check()
    for group, (day, month, year) in (
        ("Start of the period", PERIOD_START),
        ("End of the period", PERIOD_END),
    ):
        dates = page.get_by_role("group", name=group)
        dates.get_by_label("Day").fill(day)
        dates.get_by_label("Month").fill(month)
        dates.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Start the review").click()
    page.get_by_role("link", name="Relational").click()
    for _ in range(7):
        page.get_by_role("radio", name="Developing").check()
        save_and_continue(page)
    for label in (
        "What changed for people",
        "What we tried",
        "What we learned",
        "What we will change next",
        "Who benefited, and who did not",
        # Required when another journey filed this service's previous review first.
        "What happened to our last commitments",
    ):
        page.get_by_label(label).fill(ODD)
    save_and_continue(page)
    save_and_continue(page)  # no story of change
    page.get_by_label("People supported").fill("3")
    save_and_continue(page)
    save_and_continue(page)  # no barriers
    save_and_continue(page)  # no context
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting your review"
    )
    page.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_role("heading", name="Review submitted")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, live_server.accounts[Role.INSPECTOR])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Exports").click()
    page.get_by_role("radio", name="Data package (CSV files and a data dictionary, zipped)").check()
    page.get_by_role("button", name="Count what will be exported").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the dataset").click()
    with zipfile.ZipFile(download_info.value.path()) as archive:
        reviews = list(csv.DictReader(io.StringIO(archive.read("reviews.csv").decode())))
        answers = list(csv.DictReader(io.StringIO(archive.read("answers.csv").decode())))
    [review] = [r for r in reviews if r["period_start"] == "2023-07-01"]
    mine = {a["item_id"]: a for a in answers if a["review_id"] == review["review_id"]}
    assert mine["people_supported"]["value_number"] == "[c]"
    assert mine["people_supported"]["withheld"] == "suppressed"
    assert mine["what_we_tried"]["value_text"] == "'" + ODD
    assert mine["relational"]["value_level"] == "3"
