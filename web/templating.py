"""Drawing one block of a page's template alone, for a part kept apart from the page."""

from __future__ import annotations

from typing import Any

from flask import current_app


def render_block(template_name: str, block: str, **context: Any) -> str:
    """``block`` of ``template_name`` drawn with ``context`` and what every template gets
    (the context processors'), as render_template would draw it inside the page. The block
    must import the macros it uses itself: the template's own top-level imports run only
    when the whole page is drawn."""
    app = current_app
    template = app.jinja_env.get_template(template_name)
    app.update_template_context(context)
    return "".join(template.blocks[block](template.new_context(context)))
