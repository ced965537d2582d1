"""`outcomes reviews import`: file draft reviews from a spreadsheet at the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from outcomes.accounts.operations import get_user_by_email
from outcomes.errors import NotFound
from outcomes.frameworks.store import get_framework
from outcomes.imports.importing import ImportRejected, import_reviews
from outcomes.places.operations import get_place
from web.unit_of_work import unit_of_work

reviews_cli = AppGroup("reviews", help="Work with learning reviews.")


@reviews_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--place", "place_code", required=True, help="ONS code of the place.")
@click.option("--framework", "slug", required=True, help="The framework's slug.")
@click.option(
    "--as",
    "email",
    required=True,
    help="Email of the place's service manager the drafts are filed by.",
)
def import_command(file: Path, place_code: str, slug: str, email: str) -> None:
    """Store every row of FILE (CSV or XLSX, from the template) as a draft, or none."""
    try:
        with unit_of_work() as session:
            actor = get_user_by_email(session, email)
            if actor is None:
                raise NotFound(f"There is no account for {email}.")
            reviews = import_reviews(
                session,
                actor,
                get_place(session, place_code),
                get_framework(session, slug),
                file.name,
                file.read_bytes(),
            )
    except click.ClickException as error:
        cause = error.__cause__
        if isinstance(cause, ImportRejected):
            error.message += "\n" + "\n".join(str(p) for p in cause.problems)
        raise
    click.echo(f"Imported {len(reviews)} draft review{'s' if len(reviews) != 1 else ''}.")
