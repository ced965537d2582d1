"""A request id for every request, one log line per request, and security headers.

The log line holds the method, the path without its query string (which may carry
tokens), the status, the duration and the request id; never cookies or form data.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from flask import Flask, Response, g, request

log = logging.getLogger("outcomes.requests")

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)


def _start() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    # A load balancer's id is kept so logs join up, but only if it is harmless to log.
    g.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else secrets.token_hex(8)
    g.csp_nonce = secrets.token_urlsafe(16)
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    request_id = g.get("request_id", "-")
    response.headers["X-Request-ID"] = request_id
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{g.get('csp_nonce', '')}'; "
        "img-src 'self' data:; style-src 'self'; font-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    duration_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    log.info(
        "%s %s %s %.1fms request_id=%s",
        request.method,
        request.path,
        response.status_code,
        duration_ms,
        request_id,
    )
    return response
