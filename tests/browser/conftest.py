"""The app served by werkzeug on 127.0.0.1 (a free port), on its own fresh database,
driven by Debian's Chromium through Playwright.

Without Chromium these tests are skipped with a one-line reason, unless
OUTCOMES_REQUIRE_BROWSER=1 (as in CI), when a missing browser fails the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from databases import fresh_database
from journeys import LiveServer
from werkzeug.serving import make_server

from outcomes import migrate
from outcomes.accounts.access import OPERATOR
from outcomes.config import PROJECT_ROOT
from outcomes.demo import DemoAccount, seed_demo
from outcomes.demo_data import seed_history
from outcomes.frameworks.store import load_files
from outcomes.national.demo import seed_national
from outcomes.places.importer import import_places, shipped_place_files
from web import create_app
from web.database import get_session

CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("OUTCOMES_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Browser tests are required: {message}")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@contextmanager
def serve(folder: Path, *, history: bool) -> Iterator[LiveServer]:
    """The app on 127.0.0.1 (a free port) over a fresh database with the places, the
    shipped frameworks and the demo accounts, and with ``history`` the demo reviews."""
    with fresh_database(os.environ.get("OUTCOMES_TEST_DATABASE_URL"), folder) as url:
        migrate.upgrade(url)
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "browser tests",
                "SIGN_IN_FAILURE_DELAY": 0,
                # Every journey signs in from 127.0.0.1; the limit itself is tested elsewhere.
                "RATELIMIT_SIGN_IN": "1000 per minute",
            }
        )
        with app.app_context():
            session = get_session()
            import_places(session, shipped_place_files())
            load_files(session, OPERATOR, [PROJECT_ROOT / "frameworks"])
            accounts = {account.role: account for account in seed_demo(session)}
            if history:
                seed_history(session)
            # The register and a responder; with the history, responses across its periods.
            national = seed_national(session)
            accounts.update({role: DemoAccount(email, role, pw) for email, role, pw in national})
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose journeys make their own data."""
    with serve(tmp_path_factory.mktemp("live"), history=False) as server:
        yield server


@pytest.fixture(scope="session")
def reviewed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server holding the demo history of submitted reviews, for reports and exports."""
    with serve(tmp_path_factory.mktemp("reviewed"), history=True) as server:
        yield server
