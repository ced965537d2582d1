"""The API blueprint with every route registered: importing the modules registers them."""

from __future__ import annotations

from web.api import auth, bp, catalogue, contract, datasets, national, problems, reviews

__all__ = ["auth", "bp", "catalogue", "contract", "datasets", "national", "problems", "reviews"]
