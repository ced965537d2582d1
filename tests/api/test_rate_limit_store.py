"""Rate limits counted in a store every worker shares, and refused per process where
several workers would each allow the full limit."""

from __future__ import annotations

import os

import pytest
from databases import request_session
from flask import Flask
from sqlalchemy.orm import Session

from outcomes.config import ConfigurationError, check_rate_limit_store
from web import create_app

REDIS_URL = os.environ.get("OUTCOMES_TEST_REDIS_URL", "redis://127.0.0.1:6379")


def _redis_answers() -> str | None:
    """None if the Redis server answers, else why not."""
    try:
        import redis
    except ImportError:
        return "the redis client library is not installed"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        return f"no Redis server answers at {REDIS_URL} ({error})"
    return None


def _worker(db: Session, storage: str) -> Flask:
    """An app as one gunicorn worker would make it. Starting it sets up the limiter's
    storage afresh, as a new process would: only a shared store remembers earlier calls."""
    return create_app(
        {
            "TESTING": True,
            "SESSION_FACTORY": request_session(db),
            "RATELIMIT_API": "3 per minute",
            "RATELIMIT_STORAGE_URI": storage,
        }
    )


def _calls(app: Flask, headers: dict[str, str], count: int) -> list[int]:
    client = app.test_client()
    return [client.get("/api/v1/frameworks", headers=headers).status_code for _ in range(count)]


def test_workers_sharing_redis_count_together(db: Session, token_for) -> None:
    reason = _redis_answers()
    if reason:
        pytest.skip(reason)
    headers = token_for()  # a new random token: its counter in Redis is new too
    assert _calls(_worker(db, REDIS_URL), headers, 2) == [200, 200]
    assert _calls(_worker(db, REDIS_URL), headers, 2) == [200, 429]


def test_workers_counting_in_memory_each_allow_the_full_limit(db: Session, token_for) -> None:
    """Why production refuses memory:// with several workers."""
    headers = token_for()
    assert _calls(_worker(db, "memory://"), headers, 2) == [200, 200]
    assert _calls(_worker(db, "memory://"), headers, 2) == [200, 200]


def test_production_refuses_per_process_limits_with_several_workers() -> None:
    with pytest.raises(ConfigurationError, match="redis://host:6379"):
        check_rate_limit_store("memory://", production=True, workers=4)
    check_rate_limit_store("memory://", production=True, workers=1)
    check_rate_limit_store("memory://", production=False, workers=4)
    check_rate_limit_store(REDIS_URL, production=True, workers=4)
