"""The app served by werkzeug on 127.0.0.1 (a free port) in a thread, over a fresh database
with the places, the shipped frameworks and the demo accounts: for the browser journeys and
for tools that call the API from outside, as an integrator's would."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from databases import fresh_database
from flask import Flask
from werkzeug.serving import make_server

from outcomes import migrate
from outcomes.accounts.access import OPERATOR
from outcomes.config import PROJECT_ROOT
from outcomes.demo.accounts import DemoAccount, seed_demo
from outcomes.demo.history import seed_history
from outcomes.frameworks.store import load_files
from outcomes.national.demo import seed_national
from outcomes.places.importer import import_places, shipped_place_files
from web import create_app
from web.database import get_session


@contextmanager
def demo_app(
    folder: Path, *, history: bool, **config: Any
) -> Iterator[tuple[Flask, list[DemoAccount]]]:
    """The app over a fresh database (PostgreSQL if OUTCOMES_TEST_DATABASE_URL names one, or
    SQLite in ``folder``) holding the demo data, and with ``history`` the demo reviews."""
    with fresh_database(os.environ.get("OUTCOMES_TEST_DATABASE_URL"), folder) as url:
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, **config})
        try:
            with app.app_context():
                session = get_session()
                import_places(session, shipped_place_files())
                load_files(session, OPERATOR, [PROJECT_ROOT / "frameworks"])
                accounts = seed_demo(session)
                if history:
                    seed_history(session)
                # The register and a responder; with the history, responses across its periods.
                accounts += [DemoAccount(*account) for account in seed_national(session)]
                session.commit()
            yield app, accounts
        finally:
            app.extensions["outcomes.engine"].dispose()


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """``app`` answering on 127.0.0.1 at a free port; yields its address."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join()
