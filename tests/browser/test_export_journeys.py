"""An inspection panel member counts what an export will hold, downloads the data
package, and finds in it the rows the page promised.

It uses the server that holds the demo history of reviews (outcomes.demo.history).
"""

from __future__ import annotations

import json
import zipfile

from journeys import LiveServer, sign_in
from playwright.sync_api import Page, expect

from outcomes.accounts.models import Role


def test_an_inspector_downloads_a_data_package(page: Page, reviewed_server: LiveServer) -> None:
    sign_in(page, reviewed_server.url, reviewed_server.accounts[Role.INSPECTOR])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Exports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export a dataset")

    page.get_by_role("radio", name="Every revision, including those later amended").check()
    # Feedback is between regulators and services: an inspector is not offered it.
    expect(page.get_by_label("Include regulators' feedback")).to_have_count(0)
    page.get_by_role("radio", name="Data package (CSV files and a data dictionary, zipped)").check()
    page.get_by_role("button", name="Count what will be exported").click()

    expect(page.get_by_role("heading", name="What this export holds")).to_be_visible()
    counts = page.get_by_role("table", name="What this export holds")
    shown = {
        row.get_by_role("rowheader").inner_text(): int(
            row.get_by_role("cell").inner_text().replace(",", "")
        )
        for row in counts.get_by_role("row").all()[1:]
    }
    assert shown["Reviews"] > 0 and shown["Answers"] > 0

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the dataset").click()
    download = download_info.value
    assert download.suggested_filename.startswith("outcomes-public-service-reform-")
    assert download.suggested_filename.endswith(".zip")

    with zipfile.ZipFile(download.path()) as archive:
        assert "datapackage.json" in archive.namelist()
        package = json.loads(archive.read("datapackage.json"))
    titles = {resource["name"]: resource["title"] for resource in package["resources"]}
    written = package["provenance"]["row_counts"]
    assert {titles[name]: count for name, count in written.items()} == shown
    assert package["provenance"]["query"]["every_revision"] is True
