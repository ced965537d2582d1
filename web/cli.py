"""The ``outcomes`` command line: Flask's CLI over the app factory, with our commands."""

from __future__ import annotations

from flask.cli import FlaskGroup

from web import create_app

cli = FlaskGroup(create_app=create_app, help="Outcomes: learning reviews for public services.")


def main() -> None:
    cli(prog_name="outcomes")
