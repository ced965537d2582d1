"""``outcomes national-bodies ...``: load and list the register of national bodies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from outcomes.accounts.access import OPERATOR
from outcomes.national.register import (
    import_register,
    list_bodies,
    responsibilities,
    shipped_register,
)
from web.unit_of_work import unit_of_work

national_bodies_cli = AppGroup("national-bodies", help="The register of national bodies.")


@national_bodies_cli.command("import")
@click.option("--bodies", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--responsibilities", "duties", type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
def national_bodies_import(bodies: Path | None, duties: Path | None) -> None:
    """Add the bodies, their names over time and who answers which barrier (the shipped
    starter register in data/national_bodies unless files are named)."""
    shipped = shipped_register()
    with unit_of_work() as session:
        result = import_register(session, OPERATOR, bodies or shipped[0], duties or shipped[1])
    click.echo(
        f"National bodies: {result.bodies_created} created, {result.names_added} names added, "
        f"{result.responsibilities_added} responsibilities added, {result.unchanged} unchanged."
    )


@national_bodies_cli.command("list")
@click.option(
    "--on", "day", type=click.DateTime(["%Y-%m-%d"]), help="Names and duties on this date."
)
def national_bodies_list(day: object) -> None:
    """Every body by name, with the barriers it answers (today, or on --on)."""
    on = day.date() if day else date.today()  # type: ignore[attr-defined]
    with unit_of_work() as session:
        duties = responsibilities(session)
        for body in list_bodies(session):
            barriers = sorted(r.barrier_id for r in duties if r.body_id == body.id and r.covers(on))
            state = "current" if body.is_current else "closed"
            click.echo(f"{body.code}\t{body.name_on(on)}\t{state}\t{', '.join(barriers)}")
