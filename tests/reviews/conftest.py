"""Fixtures for the review tests: Wigan (which has a local extension), a service there,
its service manager, and the shipped framework stored (from tests/wigan_service.py)."""

from wigan_service import framework, manager, service, wigan

__all__ = ["framework", "manager", "service", "wigan"]
