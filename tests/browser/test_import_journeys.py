from __future__ import annotations

import re
from pathlib import Path

from journeys import LiveServer, sign_in
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role


def test_importing_a_spreadsheet_with_a_bad_row_then_fixing_it(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    sign_in(page, live_server.url, live_server.accounts[Role.SERVICE_MANAGER])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Import").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV template").click()
    header = Path(download.value.path()).read_text().splitlines()[0].split(",")
    assert header[:4] == ["service", "period_start", "period_end", "partners"]

    def write(level: str) -> Path:
        rows = [
            {
                "service": "Start Well family hubs",
                "period_start": "2021-01-01",
                "period_end": "2021-03-31",
                "relational": "2",
            },
            {
                "service": "Community link workers",
                "period_start": "2021-01-01",
                "period_end": "2021-03-31",
                "relational": level,
            },
        ]
        lines = [",".join(header)] + [",".join(r.get(c, "") for c in header) for r in rows]
        path = tmp_path / f"reviews-{level}.csv"
        path.write_text("\n".join(lines) + "\n")
        return path

    page.get_by_label("Filled-in template").set_input_files(write("five"))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("alert")).to_contain_text("has 1 problem")
    problems = page.get_by_role("table", name="What to fix")
    expect(problems.get_by_role("row")).to_have_count(2)
    expect(problems).to_contain_text("relational")

    page.get_by_label("Filled-in template").set_input_files(write("4"))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="2 draft reviews imported")).to_be_visible()
    page.get_by_role("link", name="Community link workers").click()
    expect(page).to_have_url(re.compile(r"/reviews/\d+/tasks$"))  # a draft opens at its tasks
    expect(page.get_by_text("Community link workers").first).to_be_visible()
