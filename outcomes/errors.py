"""Domain exceptions. Each message is written for the person who has to act on it.

The web layer maps them to HTTP responses at its edge: NotFound to 404,
PermissionDenied to 403, Conflict to 409 and InvalidInput to a form error.
"""

from __future__ import annotations


class OutcomesError(Exception):
    """Base class: something the person can understand and act on."""


class NotFound(OutcomesError):
    pass


class PermissionDenied(OutcomesError):
    pass


class Conflict(OutcomesError):
    pass


class Busy(Conflict):
    """Two changes overlapped and the database let only one through (SQLite, after its
    busy timeout, or at once when the other change started from an older snapshot)."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else was saving a change at the same moment, so yours has not been "
            "saved. Check what is saved now, then try again."
        )


class InvalidInput(OutcomesError):
    """Input that breaks a rule. ``field`` names the form field at fault, if one is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
