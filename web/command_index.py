"""Every ``outcomes`` command by name: where it lives and its one-line help.

The command line lists them from here (``outcomes --help``) without importing a single
area or building the app, and imports a command's module only when that command runs or
shows its own help; the app factory registers the same commands on ``app.cli``. A test
(tests/app/test_commands.py) checks each line's help against the command's own.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import click


class CommandEntry(NamedTuple):
    module: str
    attribute: str
    help: str


COMMANDS: dict[str, CommandEntry] = {
    "db": CommandEntry("web.commands", "db_cli", "Create and migrate the database."),
    "places": CommandEntry("web.commands", "places_cli", "Import and look up places."),
    "users": CommandEntry("web.commands", "users_cli", "Manage accounts."),
    "demo": CommandEntry(
        "web.commands",
        "demo",
        "Create demo accounts, services and reviews.",
    ),
    "frameworks": CommandEntry(
        "web.frameworks.commands",
        "frameworks_cli",
        "Validate, load, list and compare frameworks.",
    ),
    "reviews": CommandEntry("web.imports.commands", "reviews_cli", "Work with learning reviews."),
    "export": CommandEntry(
        "web.exports.commands",
        "export",
        "Export reviews and record it in the log.",
    ),
    "report": CommandEntry(
        "web.reports.commands",
        "report",
        "Write a comparison report of places.",
    ),
    "reports": CommandEntry(
        "web.reports.commands", "reports_cli", "Look after what comparison reports read."
    ),
    "national-bodies": CommandEntry(
        "web.national.commands", "national_bodies_cli", "The register of national bodies."
    ),
    "notifications": CommandEntry(
        "web.notifications.commands", "notifications_cli", "Email notifications."
    ),
}


def load_command(name: str) -> click.Command:
    """The command called ``name``, its module imported now (if it was not already)."""
    entry = COMMANDS[name]
    command: click.Command = getattr(importlib.import_module(entry.module), entry.attribute)
    return command
