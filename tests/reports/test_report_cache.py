"""Report bodies drawn once per version of the data for every worker and every reader with
the same access, never shown to a reader with other access; pages answered with ETag/304."""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import redis
from databases import make_app
from factories import create_review, create_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from report_data import SKEWED, Dataset
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

import web.reports.views
from outcomes import data_version
from outcomes.accounts.models import Role, User
from outcomes.config import Settings
from outcomes.reports.notes import add_context_note
from outcomes.reviews.models import ConsentScope
from web.reports import cache
from web.reports.cache import RedisStore

REPORT = f"/reports/?framework={SKEWED}"


def main(response: TestResponse) -> str:
    """The page's main part: the report, without the layout's parts drawn per request."""
    html = response.get_data(as_text=True)
    found = re.search(r"<main\b.*</main>", html, re.S)
    assert found is not None
    return found.group(0)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the report was built."""
    calls: list[int] = []
    real = web.reports.views.build_report

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(web.reports.views, "build_report", counted)
    return calls


def test_changes_reports_read_move_the_data_version(dataset: Dataset, db: Session) -> None:
    db.commit()
    before = data_version.current(db)
    service = dataset.reviews[0].service
    later = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
    create_review(db, version=dataset.versions["2.0.0"], service=service, submitted=False, **later)
    db.commit()
    assert data_version.current(db) == before  # a draft changes no report
    later = {"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)}
    create_review(db, version=dataset.versions["2.0.0"], service=service, **later)
    db.commit()
    submitted = data_version.current(db)
    assert submitted > before
    wigan = dataset.places["E08000010"]
    framework = dataset.versions["2.0.0"].framework
    add_context_note(db, dataset.manager, place=wigan, framework=framework, body="Hubs shut.")
    db.commit()
    assert data_version.current(db) > submitted


def test_a_repeated_report_is_drawn_once_and_answered_304(
    client: FlaskClient, dataset: Dataset, db: Session, builds: list[int]
) -> None:
    sign_in(client, dataset.regulator)
    first = client.get(REPORT)
    again = client.get(REPORT)
    assert first.status_code == again.status_code == 200
    assert len(builds) == 1
    assert first.headers["ETag"] and first.headers["ETag"] == again.headers["ETag"]
    assert main(first) == main(again)
    assert first.headers["Cache-Control"] == "no-store"  # nothing kept on a shared computer

    unchanged = client.get(REPORT, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    assert len(builds) == 1

    # A submission makes a new version of the data: the report is drawn again.
    create_review(db, version=dataset.versions["2.0.0"])
    changed = client.get(REPORT, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    assert len(builds) == 2


def test_each_reader_has_their_own_page(
    client: FlaskClient, dataset: Dataset, db: Session, builds: list[int]
) -> None:
    sign_in(client, dataset.regulator)
    regulators = client.get(REPORT)
    client.post("/sign-out")
    sign_in(client, create_user(db, role=Role.INSPECTOR))
    inspectors = client.get(REPORT, headers={"If-None-Match": regulators.headers["ETag"]})
    assert inspectors.status_code == 200
    assert inspectors.headers["ETag"] != regulators.headers["ETag"]
    assert len(builds) == 2


def _reader_page(app: Flask, reader: User, address: str) -> str:
    client = app.test_client()
    sign_in(client, reader)
    response = client.get(address)
    assert response.status_code == 200
    return main(response)


def _ask(dataset: Dataset, code: str, text: str, scope: ConsentScope) -> None:
    """Give one of ``code``'s asks ``text``, readable under ``scope``."""
    citation = next(
        c
        for r in dataset.reviews
        if r.current_revision and r.service.place.code == code
        for c in r.current_revision.citations
    )
    citation.ask, citation.consent_scope = text, scope


def test_no_reader_is_shown_a_body_drawn_for_other_access(
    app: Flask,
    dataset: Dataset,
    db: Session,
    builds: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(web.reports.views, "SHOWN_ASKS", 10_000)  # every ask on the page
    wigan, camden = dataset.places["E08000010"], dataset.places["E09000007"]
    _ask(dataset, wigan.code, "Only Wigan people read this", ConsentScope.PLACE)
    _ask(dataset, camden.code, "Only Camden people read this", ConsentScope.PLACE)
    db.flush()
    wigan_manager = dataset.manager
    camden_manager = create_user(db, places=[camden])
    # The same address for all, following the same place: only the reader differs.
    address = f"{REPORT}&focus_place={wigan.code}"

    for_wigan = _reader_page(app, wigan_manager, address)
    for_camden = _reader_page(app, camden_manager, address)
    for_regulator = _reader_page(app, dataset.regulator, address)
    assert len(builds) == 3

    assert "Only Wigan people" in for_wigan
    assert "Only Camden people" not in for_wigan
    assert "Only Camden people" in for_camden
    assert "Only Wigan people" not in for_camden
    assert "people read this" not in for_regulator
    # Each manager's links add context for their own place only.
    assert f"/reports/notes/{SKEWED}/{wigan.code}" in for_wigan
    assert f"/reports/notes/{SKEWED}/{camden.code}" not in for_wigan
    assert f"/reports/notes/{SKEWED}/{camden.code}" in for_camden
    assert f"/reports/notes/{SKEWED}/{wigan.code}" not in for_camden
    assert "/reports/notes/" not in for_regulator

    # A reader with the same access shares the body already drawn.
    another_wigan_manager = create_user(db, places=[wigan])
    assert _reader_page(app, another_wigan_manager, address) == for_wigan
    another_regulator = create_user(db, role=Role.REGULATOR)
    assert _reader_page(app, another_regulator, address) == for_regulator
    assert len(builds) == 3


def test_a_shared_body_comes_in_each_readers_own_page(
    app: Flask, dataset: Dataset, db: Session, builds: list[int]
) -> None:
    tokens = []
    for reader in (dataset.regulator, create_user(db, role=Role.REGULATOR)):
        client = app.test_client()
        sign_in(client, reader)
        html = client.get(REPORT).get_data(as_text=True)
        # The sign-out form carries this session's own token.
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token is not None
        tokens.append(token.group(1))
    assert len(builds) == 1
    assert tokens[0] != tokens[1]


def test_the_same_report_asked_in_another_order_is_one_body(
    client: FlaskClient, dataset: Dataset, builds: list[int]
) -> None:
    sign_in(client, dataset.regulator)
    one = client.get(f"{REPORT}&focus_place=E08000010&barrier=devolution")
    other = client.get(f"/reports/?barrier=devolution&focus_place=E08000010&framework={SKEWED}")
    assert main(one) == main(other)
    assert len(builds) == 1


def test_a_page_with_a_message_is_neither_kept_nor_taken_from_the_cache(
    client: FlaskClient, dataset: Dataset, builds: list[int]
) -> None:
    sign_in(client, dataset.regulator)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Your note is now shown next to Wigan.")]
    shown = client.get(REPORT)
    assert "Your note is now shown" in shown.get_data(as_text=True)
    assert "ETag" not in shown.headers
    after = client.get(REPORT)
    assert "Your note is now shown" not in after.get_data(as_text=True)
    assert len(builds) == 2  # the page with the message was not kept
    client.get(REPORT)
    assert len(builds) == 2


def test_refused_parameters_are_not_kept(
    client: FlaskClient, dataset: Dataset, builds: list[int]
) -> None:
    sign_in(client, dataset.regulator)
    for _ in range(2):
        refused = client.get(f"{REPORT}&version=9.9.9")
        assert "has no version 9.9.9" in refused.get_data(as_text=True)
        assert "ETag" not in refused.headers


def test_a_store_that_fails_is_a_miss_not_an_error(
    db: Session, dataset: Dataset, builds: list[int]
) -> None:
    app = make_app(db, REPORT_CACHE_URL="redis://127.0.0.1:1")  # nothing answers there
    client = app.test_client()
    sign_in(client, dataset.regulator)
    assert client.get(REPORT).status_code == client.get(REPORT).status_code == 200
    assert len(builds) == 2


REDIS = os.environ.get("OUTCOMES_TEST_REDIS_URL", "redis://127.0.0.1:6379")


@pytest.fixture
def on_redis() -> Iterator[Callable[[Flask], RedisStore]]:
    """Puts an app's report bodies in the Redis on this machine (CI starts one), under a
    prefix of the test's own, emptied and closed afterwards."""
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        pytest.skip(f"no Redis server answers at {REDIS}")
    prefix = f"outcomes:report:test-{uuid.uuid4().hex}:"
    stores: list[RedisStore] = []

    def put_on_redis(app: Flask) -> RedisStore:
        store = RedisStore(REDIS, prefix=prefix)
        app.extensions[cache.EXTENSION] = store
        stores.append(store)
        return store

    yield put_on_redis
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    for store in stores:
        store.client.close()
    client.close()


def test_workers_share_bodies_in_redis(
    db: Session,
    dataset: Dataset,
    builds: list[int],
    on_redis: Callable[[Flask], RedisStore],
) -> None:
    # Two apps on one database stand for two gunicorn workers.
    first, second = make_app(db), make_app(db)
    stores = [on_redis(worker) for worker in (first, second)]
    pages = [_reader_page(worker, dataset.regulator, REPORT) for worker in (first, second)]
    assert pages[0] == pages[1]
    assert len(builds) == 1
    kept = list(stores[0].client.scan_iter(f"{stores[0].prefix}*"))
    assert len(kept) == 1  # the body, and no lock left behind
    assert 0 < stores[0].client.ttl(kept[0]) <= cache.BODY_LIFE
    # Another reader's access is another body, in Redis too.
    _reader_page(second, dataset.manager, REPORT)
    assert len(builds) == 2


def test_a_worker_waits_for_the_body_another_is_drawing(
    app: Flask, dataset: Dataset, on_redis: Callable[[Flask], RedisStore]
) -> None:
    store = on_redis(app)
    assert store.claim("k")  # another worker is drawing "k"
    assert not store.claim("k")

    def the_other_worker_finishes() -> None:
        time.sleep(0.3)
        with app.app_context():
            cache._put("k", "<p>drawn once</p>")
        store.release("k")

    drawn_here: list[int] = []
    finishing = threading.Thread(target=the_other_worker_finishes)
    finishing.start()
    with app.test_request_context():
        body = cache.drawn("k", lambda: drawn_here.append(1) or "<p>drawn twice</p>")
    finishing.join()
    assert body == "<p>drawn once</p>" and not drawn_here


def test_bodies_are_kept_where_rate_limits_are_counted_unless_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OUTCOMES_REPORT_CACHE_URL", raising=False)
    monkeypatch.delenv("OUTCOMES_RATELIMIT_STORAGE_URI", raising=False)
    assert Settings.from_environment().report_cache_url == "memory://"
    monkeypatch.setenv("OUTCOMES_RATELIMIT_STORAGE_URI", "redis://limits:6379")
    assert Settings.from_environment().report_cache_url == "redis://limits:6379"
    monkeypatch.setenv("OUTCOMES_REPORT_CACHE_URL", "redis://bodies:6379/2")
    assert Settings.from_environment().report_cache_url == "redis://bodies:6379/2"


def test_a_body_without_this_apps_digest_is_drawn_again_never_shown(
    app: Flask, dataset: Dataset
) -> None:
    """Whoever can write to the store cannot put a page in front of readers: a body is
    shown only with the digest the app's secret key gives it."""
    with app.test_request_context():
        cache._put("k", "<p>the report</p>")
        assert cache._get("k") == "<p>the report</p>"
        forged = zlib.compress(b"<script>alert(1)</script>")
        cache.store().put("k", bytes(32) + forged)
        assert cache._get("k") is None
        assert cache.drawn("k", lambda: "<p>drawn again</p>") == "<p>drawn again</p>"
        assert cache._get("k") == "<p>drawn again</p>"


def test_a_new_release_draws_its_own_bodies(
    dataset: Dataset, db: Session, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db)
    client = app.test_client()
    sign_in(client, dataset.regulator)
    client.get(REPORT)
    client.get(REPORT)
    assert len(builds) == 1
    monkeypatch.setattr(cache, "release", lambda: "a later release")
    client.get(REPORT)
    assert len(builds) == 2
