"""``outcomes export``: the same exports as the export page, for large datasets and scripts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR, Actor
from outcomes.accounts.operations import get_user_by_email
from outcomes.exports.operations import export_dataset, preview_export
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.store import list_frameworks
from outcomes.places.models import PlaceKind
from outcomes.reviews.models import ReviewStatus
from outcomes.scope import PlaceSelection, ReviewScope
from outcomes.services.models import SERVICE_AREAS
from web.extensions import disclosure_rule
from web.unit_of_work import unit_of_work

# Below this many rows an export takes moments, and a progress bar is only noise.
PROGRESS_FROM = 20_000

_DAY = click.DateTime(["%Y-%m-%d"])


@click.command("export")
@click.option(
    "--format",
    "export_format",
    type=click.Choice([f.value for f in ExportFormat]),
    default=ExportFormat.DATAPACKAGE.value,
    show_default=True,
)
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write.",
)
@click.option("--framework", help="Slug of the framework (needed if there is more than one).")
@click.option("--version", "versions", multiple=True, help="A framework version (repeatable).")
@click.option("--from", "period_from", type=_DAY, help="Periods starting on or after YYYY-MM-DD.")
@click.option("--to", "period_to", type=_DAY, help="Periods ending on or before YYYY-MM-DD.")
@click.option("--within", help="ONS code of a region, combined authority or county.")
@click.option("--kind", type=click.Choice([k.value for k in PlaceKind]), help="Kind of place.")
@click.option("--place", "codes", multiple=True, help="ONS code of a place (repeatable).")
@click.option(
    "--service-area", "service_areas", multiple=True, type=click.Choice(list(SERVICE_AREAS))
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([s.value for s in ReviewStatus]),
    help="submitted (the default) or draft; repeatable.",
)
@click.option("--every-revision", is_flag=True, help="Every revision, not only the latest.")
@click.option("--feedback", "include_feedback", is_flag=True, help="Include feedback.")
@click.option("--redact", "redact_text", is_flag=True, help="Replace all free text.")
@click.option(
    "--as",
    "as_email",
    help="Export what this account may see (its role and consent), recorded under its name. "
    "Without it the operator exports, and sees everything.",
)
@with_appcontext
def export(
    export_format: str,
    output: Path,
    framework: str | None,
    versions: tuple[str, ...],
    period_from: datetime | None,
    period_to: datetime | None,
    within: str | None,
    kind: str | None,
    codes: tuple[str, ...],
    service_areas: tuple[str, ...],
    statuses: tuple[str, ...],
    every_revision: bool,
    include_feedback: bool,
    redact_text: bool,
    as_email: str | None,
) -> None:
    """Export reviews and record it in the log.

    As a data package, XLSX, Parquet or JSON.
    """
    rule = disclosure_rule()
    partial = output.with_name(f"{output.name}.partial")
    try:
        with unit_of_work(one_snapshot=True) as session:
            actor = _actor(session, as_email)
            scope = ReviewScope(
                framework=framework or _only_framework(session),
                versions=versions,
                period_from=period_from.date() if period_from else None,
                period_to=period_to.date() if period_to else None,
                places=PlaceSelection(
                    within=within, kind=PlaceKind(kind) if kind else None, codes=codes
                ),
                service_areas=service_areas,
                statuses=tuple(ReviewStatus(s) for s in statuses) or (ReviewStatus.SUBMITTED,),
                every_revision=every_revision,
            )
            query = ExportQuery(scope, include_feedback=include_feedback, redact_text=redact_text)
            total = preview_export(session, actor, query, rule=rule).total_rows
            with partial.open("w+b") as file, _progress(total) as progress:
                record = export_dataset(
                    session,
                    actor,
                    query,
                    ExportFormat(export_format),
                    file,
                    rule=rule,
                    progress=progress,
                )
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    rows = ", ".join(f"{count:,} {table}" for table, count in record.row_counts.items())
    click.echo(f"Wrote {output} ({record.size_bytes:,} bytes): {rows}.")
    click.echo(f"SHA-256 {record.sha256}; export {record.id} in the export log.")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar's update function for a large export; nothing for a small one."""
    if total < PROGRESS_FROM:
        yield None
        return
    with click.progressbar(length=total, label="Exporting rows", show_pos=True) as bar:
        yield bar.update


def _actor(session: Session, email: str | None) -> Actor:
    if email is None:
        return OPERATOR
    user = get_user_by_email(session, email)
    if user is None or not user.active:
        raise click.ClickException(f"There is no active account for {email}.")
    return user


def _only_framework(session: Session) -> str:
    slugs = [framework.slug for framework in list_frameworks(session, core_only=True)]
    if not slugs:
        raise click.ClickException("No framework has been loaded yet (outcomes frameworks load).")
    if len(slugs) > 1:
        raise click.UsageError(f"Name the framework with --framework: {', '.join(slugs)}.")
    return slugs[0]
