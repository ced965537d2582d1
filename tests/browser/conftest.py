"""The app served by werkzeug on 127.0.0.1 (a free port), on its own fresh database,
driven by Debian's Chromium through Playwright.

Without Chromium these tests are skipped with a one-line reason, unless
OUTCOMES_REQUIRE_BROWSER=1 (as in CI), when a missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from accessibility import Checker
from journeys import LiveServer
from live import demo_app, served
from playwright.sync_api import Page

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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # Only so that Playwright may add axe-core to the app's pages (accessibility.py).
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def page(
    page: Page, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """The browser page, every state of which is checked for accessibility problems
    (axe-core WCAG A and AA, error-summary links, descriptions) before the journey leaves it.
    A journey with JavaScript turned off is not checked: the same pages are, with it on."""
    context_args = request.node.get_closest_marker("browser_context_args")
    if context_args and context_args.kwargs.get("java_script_enabled") is False:
        yield page
        return
    checker = Checker("http://127.0.0.1:")
    checker.watch(monkeypatch)
    yield page
    checker.check(page)
    assert not checker.problems, (
        f"Accessibility problems on {len(checker.problems)} of {checker.pages} pages:\n"
        + checker.report()
    )


@contextmanager
def serve(folder: Path, *, history: bool) -> Iterator[LiveServer]:
    """The app on 127.0.0.1 (a free port) over a fresh database with the places, the
    shipped frameworks and the demo accounts, and with ``history`` the demo reviews."""
    with (
        demo_app(
            folder,
            history=history,
            SECRET_KEY="browser tests",
            SIGN_IN_FAILURE_DELAY=0,
            # Every journey signs in from 127.0.0.1; the limit itself is tested elsewhere.
            RATELIMIT_SIGN_IN="1000 per minute",
        ) as (app, accounts),
        served(app) as url,
    ):
        yield LiveServer(url, {account.role: account for account in accounts}, app)


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
