"""The ``outcomes`` commands: one for every operational task.

Each command commits once, at its end, or not at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from outcomes import migrate
from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.accounts.operations import create_user, deactivate_user, list_users
from outcomes.places.importer import import_places, shipped_place_files
from outcomes.places.operations import get_place
from web.unit_of_work import did_not_answer, unit_of_work


def _ensure_sqlite_folder(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def _migration_problems() -> Iterator[None]:
    """A revision Alembic does not know, or a database that does not answer, in one line."""
    from alembic.util import CommandError as AlembicCommandError

    try:
        yield
    except AlembicCommandError as error:
        raise click.ClickException(
            f"{error}. `outcomes db upgrade` takes a revision id."
        ) from error
    except DBAPIError as error:
        raise click.ClickException(did_not_answer(error)) from error


db_cli = AppGroup("db", help="Create and migrate the database.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Bring the schema up to REVISION (the newest by default)."""
    url = current_app.config["DATABASE_URL"]
    _ensure_sqlite_folder(url)
    with _migration_problems():
        migrate.upgrade(url, revision)
    click.echo(f"Database schema is at {revision}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Take the schema back to REVISION."""
    with _migration_problems():
        migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database schema is at {revision}.")


places_cli = AppGroup("places", help="Import and look up places.")


@places_cli.command("import")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def places_import(files: tuple[Path, ...]) -> None:
    """Import ONS lists of places (all of the shipped lists if no FILES are named)."""
    with unit_of_work() as session:
        result = import_places(session, list(files) or shipped_place_files())
    click.echo(
        f"Places: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged, from {', '.join(result.files)}."
    )


users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", help="The person's name (defaults to the email).")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--place", "place_codes", multiple=True, help="ONS code of a place they work for.")
def users_create(
    email: str, display_name: str | None, role: str, place_codes: tuple[str, ...]
) -> None:
    """Create an account and print its one-off password."""
    password = secrets.token_urlsafe(12)
    with unit_of_work() as session:
        places = [get_place(session, code) for code in place_codes]
        user = create_user(
            session,
            OPERATOR,
            email=email,
            display_name=display_name or email,
            role=Role(role),
            password=password,
            places=places,
        )
    click.echo(f"Created {user.email} ({user.role.label}). One-off password: {password}")


@users_cli.command("list")
def users_list() -> None:
    """List every account."""
    with unit_of_work() as session:
        for user in list_users(session, OPERATOR):
            places = ", ".join(p.code for p in user.places)
            status = "active" if user.active else "deactivated"
            click.echo(f"{user.email}\t{user.role.value}\t{status}\t{places}")


@users_cli.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Stop an account from signing in, and end its sessions."""
    with unit_of_work() as session:
        user = deactivate_user(session, OPERATOR, email)
    click.echo(f"{user.email} is deactivated.")


@click.command("demo")
@click.option("--places", type=click.IntRange(min=1), help="Synthetic: how many places.")
@click.option("--services", type=click.IntRange(min=1), help="Synthetic: services per place.")
@click.option("--periods", type=click.IntRange(min=1), help="Synthetic: quarters per service.")
@click.option("--seed", type=int, help="Synthetic: the random seed (1 by default).")
@with_appcontext
def demo(places: int | None, services: int | None, periods: int | None, seed: int | None) -> None:
    """Create demo accounts, services and reviews.

    Adds a history of reviews, keeping what exists, and prints the sign-in details.

    With --places, --services and --periods, write synthetic reviews at scale instead,
    for benchmarks: every current English lower-tier place when --places is at least
    their number.
    """
    sizes = (places, services, periods)
    if any(size is not None for size in sizes):
        if places is None or services is None or periods is None:
            raise click.UsageError("Give --places, --services and --periods together.")
        _demo_synthetic(places, services, periods, 1 if seed is None else seed)
        return
    if seed is not None:
        raise click.UsageError("--seed goes with --places, --services and --periods.")
    # The demo's modules (its words and stories) are imported only when it runs.
    from outcomes.demo.accounts import DemoAccount, seed_demo
    from outcomes.demo.history import seed_history
    from outcomes.national.demo import seed_national

    with unit_of_work() as session:
        accounts = seed_demo(session)
        history = seed_history(session)
        accounts += [DemoAccount(*account) for account in seed_national(session)]
    click.echo("Demo accounts (new passwords each run):")
    for account in accounts:
        click.echo(f"  {account.role.label:<24} {account.email:<30} {account.password}")
    if history.reviews:
        click.echo(
            f"Demo history: {history.reviews} reviews in {history.places} places, "
            f"{history.drafts} of them drafts, with {history.amendments} amendments "
            f"and {history.feedback} pieces of feedback."
        )
    else:
        click.echo("Demo history: already there, nothing added.")


def _demo_synthetic(places: int, services: int, periods: int, seed: int) -> None:
    def progress(done: int, total: int) -> None:
        click.echo(f"  {done:,} of {total:,} reviews written")

    from outcomes.demo.synthetic import generate_synthetic

    click.echo(f"Writing synthetic reviews (seed {seed})...")
    with unit_of_work() as session:
        summary = generate_synthetic(
            session,
            places=places,
            services=services,
            periods=periods,
            seed=seed,
            progress=progress,
        )
    click.echo(
        f"Synthetic reviews: {summary.reviews:,} reviews of {summary.services:,} services in "
        f"{summary.places:,} places, with {summary.answers:,} answers and "
        f"{summary.citations:,} barrier citations."
    )
