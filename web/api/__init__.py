"""The JSON API at /api/v1: personal tokens, the same rules as the pages, problem details."""

from __future__ import annotations

from flask import Blueprint

from web.extensions import api_client_key, api_limit, csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Token-authenticated and cookie-free, so CSRF does not apply; calls count per token.
csrf.exempt(bp)
limiter.limit(api_limit, key_func=api_client_key)(bp)

# Importing the modules registers their routes on bp.
from web.api import auth, catalogue, datasets, national, problems, reviews  # noqa: E402, F401
