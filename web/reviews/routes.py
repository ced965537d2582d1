"""The reviews blueprint with every page registered: importing the modules registers them."""

from __future__ import annotations

from web.reviews import bp, conversation, drafting, pages

__all__ = ["bp", "conversation", "drafting", "pages"]
