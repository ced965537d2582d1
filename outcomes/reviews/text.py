"""The limits on text people write: kept exactly as typed, within a length, storable."""

from __future__ import annotations


def text_problem(name: str, text: str, limit: int) -> str | None:
    """What is wrong with ``text`` (called ``name`` in the message), or None."""
    if len(text) > limit:
        return f"{name} must be {limit:,} characters or fewer"
    return unstorable(name, text)


def unstorable(name: str, text: str) -> str | None:
    """Why ``text`` cannot be stored at all, or None: the null character, which PostgreSQL
    cannot store and nobody types on purpose."""
    if "\x00" in text:
        return f"{name} contains a null character, which cannot be saved. Remove it."
    return None
