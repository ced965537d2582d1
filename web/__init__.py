"""The Outcomes web app: a thin layer that parses requests, calls outcomes/ and renders.

The factory itself lives in ``web.factory``; this package imports nothing else when it
loads, so that a module of ``web`` (the command line's ``web.cli`` above all) starts
without Flask's app, the blueprints or the domain behind them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The Outcomes app (``gunicorn 'web:create_app()'``); ``test_config`` overrides settings."""
    from web.factory import create_app as build

    return build(test_config)
