from __future__ import annotations

import logging
from pathlib import Path

import pytest
from databases import request_session
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import web.health
from outcomes.config import ConfigurationError
from web import create_app


def test_config_defaults_and_test_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTCOMES_DATABASE_URL", "sqlite:///:memory:")
    assert not create_app().testing
    assert create_app({"TESTING": True}).testing
    assert create_app().config["SESSION_COOKIE_HTTPONLY"]


def test_production_refuses_to_start_without_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTCOMES_ENV", "production")
    monkeypatch.delenv("OUTCOMES_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="OUTCOMES_SECRET_KEY"):
        create_app()
    monkeypatch.setenv("OUTCOMES_SECRET_KEY", "x" * 40)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"]


def test_healthz_answers_when_the_schema_is_at_head(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"


def test_healthz_reads_the_migration_head_once(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str | None] = []
    real = web.health.head_revision

    def counted() -> str | None:
        reads.append(real())
        return reads[-1]

    monkeypatch.setattr(web.health, "head_revision", counted)
    client = create_app({"TESTING": True, "SESSION_FACTORY": request_session(db)}).test_client()
    assert reads == []  # starting the app (and so every command) does not read the scripts
    assert [client.get("/healthz").status_code for _ in range(3)] == [200, 200, 200]
    assert len(reads) == 1


def test_healthz_writes_nothing_to_the_log_when_all_is_well(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    # Load balancers ask every few seconds: a line or two each time buries what matters.
    client.get("/healthz")  # the first check reads the migration scripts
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        assert client.get("/healthz").status_code == 200
    assert [r.name for r in caplog.records if not r.name.startswith("outcomes.requests")] == []


def test_healthz_is_unavailable_when_the_schema_is_behind(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["schema"] is None


def test_assets_are_served_from_govuk_frontend(client: FlaskClient) -> None:
    for path in ("/assets/govuk-frontend.min.css", "/assets/images/favicon.svg"):
        with client.get(path) as response:
            assert response.status_code == 200


def test_pages_carry_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Request-ID"]
