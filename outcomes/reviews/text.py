"""The limits on text people write: kept exactly as typed, within a length, storable."""

from __future__ import annotations


def text_problem(name: str, text: str, limit: int) -> str | None:
    """What is wrong with ``text`` (called ``name`` in the message), or None."""
    if len(text) > limit:
        return f"{name} must be {limit:,} characters or fewer"
    if "\x00" in text:
        # PostgreSQL cannot store it, and nobody types it on purpose.
        return f"{name} contains a null character, which cannot be saved. Remove it."
    return None
