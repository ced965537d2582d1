"""Gunicorn's settings for Outcomes, read from the working directory when gunicorn starts
(`gunicorn 'web:create_app()'`). Command-line options still override them."""

from __future__ import annotations

import os

from outcomes.config import check_rate_limit_store


def on_starting(server) -> None:  # type: ignore[no-untyped-def]
    """Refuse to start several workers that would each count rate limits on their own."""
    check_rate_limit_store(
        os.environ.get("OUTCOMES_RATELIMIT_STORAGE_URI", "memory://"),
        production=os.environ.get("OUTCOMES_ENV", "development") == "production",
        workers=server.cfg.workers,
    )
