"""`outcomes frameworks …`: validate, load, list and compare framework versions."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from outcomes.accounts.access import OPERATOR
from outcomes.frameworks import FrameworkDefinitionError, compare, load_paths
from outcomes.frameworks.store import (
    as_definition,
    get_version,
    list_frameworks,
    load_files,
    stored_definitions,
)
from web.unit_of_work import unit_of_work

frameworks_cli = AppGroup("frameworks", help="Validate, load, list and compare frameworks.")

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


def _fail(error: FrameworkDefinitionError) -> click.ClickException:
    count = len(error.problems)
    return click.ClickException(
        f"{count} problem{'s' if count != 1 else ''} found, nothing was stored:\n{error}"
    )


@frameworks_cli.command("validate")
@PATHS
def validate(paths: tuple[Path, ...]) -> None:
    """Check definition files (or folders of them) without storing anything."""
    with unit_of_work() as session:
        try:
            loaded = load_paths(paths, earlier=stored_definitions(session))
        except FrameworkDefinitionError as error:
            raise _fail(error) from error
    for slug, versions in loaded.items():
        click.echo(f"{slug}: {', '.join(d.version for d in versions)} valid")


@frameworks_cli.command("load")
@PATHS
def load(paths: tuple[Path, ...]) -> None:
    """Check definition files and store them all, or store nothing."""
    with unit_of_work() as session:
        try:
            report = load_files(session, OPERATOR, paths)
        except FrameworkDefinitionError as error:
            raise _fail(error) from error
    for label in report.created:
        click.echo(f"Loaded {label}")
    for label in report.replaced_drafts:
        click.echo(f"Replaced draft {label}")
    if report.unchanged:
        click.echo(f"Unchanged: {', '.join(report.unchanged)}")


@frameworks_cli.command("list")
def list_() -> None:
    """The stored frameworks and their versions."""
    with unit_of_work() as session:
        for framework in list_frameworks(session):
            versions = ", ".join(f"{v.version} ({v.status})" for v in framework.versions)
            click.echo(f"{framework.slug}\t{framework.title}\t{versions}")


@frameworks_cli.command("diff")
@click.argument("slug")
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
def diff(slug: str, old: str, new: str, as_json: bool) -> None:
    """What changed from version OLD to version NEW of framework SLUG."""
    with unit_of_work() as session:
        result = compare(
            as_definition(get_version(session, slug, old)),
            as_definition(get_version(session, slug, new)),
        )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(result.describe())
