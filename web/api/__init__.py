"""The JSON API at /api/v1: personal tokens, the same rules as the pages, problem details.

The modules register their routes on ``bp``; web.api.routes imports them all, so that
this package imports none of the modules that import it.
"""

from __future__ import annotations

from flask import Blueprint

from web.extensions import api_client_key, api_limit, csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Token-authenticated and cookie-free, so CSRF does not apply; calls count per token.
csrf.exempt(bp)
limiter.limit(api_limit, key_func=api_client_key)(bp)
