"""An inspection panel member counts what an export will hold, downloads the data
package, and finds in it the rows the page promised.

The shared live server has no submitted reviews, so this journey serves the app once
more, on a database of its own with the demo history of reviews (outcomes.demo_data).
"""

from __future__ import annotations

import json
import os
import threading
import zipfile
from collections.abc import Iterator

import pytest
from databases import fresh_database
from journeys import LiveServer, sign_in
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from outcomes import migrate
from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.config import PROJECT_ROOT
from outcomes.demo import seed_demo
from outcomes.demo_data import seed_history
from outcomes.frameworks.store import load_files
from outcomes.places.importer import import_places, shipped_place_files
from web import create_app
from web.database import get_session


@pytest.fixture(scope="module")
def reviewed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server_url = os.environ.get("OUTCOMES_TEST_DATABASE_URL")
    with fresh_database(server_url, tmp_path_factory.mktemp("exports")) as url:
        migrate.upgrade(url)
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "browser tests",
                "SIGN_IN_FAILURE_DELAY": 0,
                "RATELIMIT_SIGN_IN": "1000 per minute",
            }
        )
        with app.app_context():
            session = get_session()
            import_places(session, shipped_place_files())
            load_files(session, OPERATOR, [PROJECT_ROOT / "frameworks"])
            accounts = {account.role: account for account in seed_demo(session)}
            seed_history(session)
            session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield LiveServer(f"http://127.0.0.1:{server.port}", accounts)
        finally:
            server.shutdown()
            thread.join()
            app.extensions["outcomes.engine"].dispose()


def test_an_inspector_downloads_a_data_package(page: Page, reviewed_server: LiveServer) -> None:
    sign_in(page, reviewed_server.url, reviewed_server.accounts[Role.INSPECTOR])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Exports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export a dataset")

    page.get_by_role("radio", name="Every revision, including those later amended").check()
    page.get_by_label("Include regulators' feedback").check()
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
