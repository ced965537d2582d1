"""Fixtures for the security tests, shared with the API and review tests: the API app and
its tokens, and Wigan with a service, its service manager and the shipped framework."""

from __future__ import annotations

from api.conftest import api, api_app, token_for
from reviews.conftest import framework, manager, service, wigan
from walking import world

__all__ = ["api", "api_app", "framework", "manager", "service", "token_for", "wigan", "world"]
