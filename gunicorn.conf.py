"""Gunicorn's settings for Outcomes, read from the working directory when gunicorn starts
(`gunicorn 'web:create_app()'`). Command-line options still override them.

The master loads the app and the heavy libraries (pandas, pyarrow) before it forks, so
the workers share one copy of them; each worker hands memory back after a big request
(web/worker_memory.py), is replaced by a fresh fork if it still holds more than 48 MB above
its start, and keeps no report pages of its own (web/reports/cache.py).
"""

from __future__ import annotations

import os

from outcomes.config import check_rate_limit_store
from web.worker_memory import Trimmer, import_heavy

preload_app = True


def on_starting(server) -> None:  # type: ignore[no-untyped-def]
    """Refuse to start several workers that would each count rate limits on their own."""
    check_rate_limit_store(
        os.environ.get("OUTCOMES_RATELIMIT_STORAGE_URI", "memory://"),
        production=os.environ.get("OUTCOMES_ENV", "development") == "production",
        workers=server.cfg.workers,
    )
    import_heavy()


def post_fork(server, worker) -> None:  # type: ignore[no-untyped-def]
    # Connections are never shared across processes: the worker opens its own.
    engine = worker.app.wsgi().extensions.get("outcomes.engine")
    if engine is not None:
        engine.dispose(close=False)
    worker.trimmer = Trimmer()


def pre_request(worker, req) -> None:  # type: ignore[no-untyped-def]
    worker.trimmer.before_request()


def post_request(worker, req, environ, resp) -> None:  # type: ignore[no-untyped-def]
    if worker.trimmer.after_request() and worker.trimmer.worn():
        # Finish after this response; the master forks a fresh worker (as max_requests).
        worker.log.info(
            "Worker %s replaced: still %d MB above its start",
            worker.pid,
            (worker.trimmer.floor - worker.trimmer.idle) // 2**20,
        )
        worker.alive = False
