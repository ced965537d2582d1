"""``outcomes report``: a comparison report as files, for scripts and for reading offline;
``outcomes reports rebuild``: the read model reports count from, written again from scratch.

``--format csv`` writes a zip holding one CSV file per table (named
``<section>--<table>.csv``) and ``about.csv``; ``xlsx`` one workbook with an About
sheet and a sheet per table; ``json`` the whole report
(the first 1,000 asks with their count, unless ``--all-asks``).
"""

from __future__ import annotations

import re
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from outcomes.accounts.access import OPERATOR
from outcomes.places.models import PlaceKind
from outcomes.reports import readmodel
from outcomes.reports.build import build_report
from outcomes.reports.files import JSON_ASKS, csv_zip, record_download, report_json, workbook
from outcomes.reports.places import COUNCIL_KINDS
from outcomes.reports.result import ALL_TABLES, counted
from outcomes.reports.spec import ReportSpec
from outcomes.scope import PlaceSelection, ReviewScope
from outcomes.services.models import SERVICE_AREAS
from web.extensions import disclosure_rule
from web.unit_of_work import unit_of_work

_DAY = click.DateTime(["%Y-%m-%d"])
_SEPARATORS = re.compile(r"[\s,;]+")


@click.command("report")
@click.option("--framework", required=True, help="Slug of the framework to compare on.")
@click.option("--version", help="The version to compare on (default: the latest published).")
@click.option("--from", "period_from", type=_DAY, help="Periods starting on or after YYYY-MM-DD.")
@click.option("--to", "period_to", type=_DAY, help="Periods ending on or before YYYY-MM-DD.")
@click.option("--places", help="ONS codes of the places to compare, separated by commas.")
@click.option("--within", help="ONS code of a region, combined authority or county.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in PlaceKind if k in COUNCIL_KINDS]),
    help="Only councils of this kind.",
)
@click.option(
    "--service-area", "service_areas", multiple=True, type=click.Choice(list(SERVICE_AREAS))
)
@click.option("--follow", "focus_place", help="ONS code of a place to follow over time.")
@click.option("--barrier", help="Only the asks that cite this barrier.")
@click.option("--format", "file_format", required=True, type=click.Choice(["csv", "xlsx", "json"]))
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write (a zip of CSV files for --format csv).",
)
@click.option("--indent", is_flag=True, help="Indent JSON for reading (compact by default).")
@click.option(
    "--all-asks",
    is_flag=True,
    help="JSON: every ask (by default the first 1,000, the latest periods first, with the "
    "count of them all; CSV and XLSX always hold every ask).",
)
@with_appcontext
def report(
    framework: str,
    version: str | None,
    period_from: object,
    period_to: object,
    places: str | None,
    within: str | None,
    kind: str | None,
    service_areas: tuple[str, ...],
    focus_place: str | None,
    barrier: str | None,
    file_format: str,
    output: Path,
    indent: bool,
    all_asks: bool,
) -> None:
    """Write a comparison report of places.

    The places are compared on FRAMEWORK, and the report written to --output.
    """
    rule = disclosure_rule()
    with unit_of_work() as session:
        scope = ReviewScope(
            framework=framework,
            period_from=period_from.date() if period_from else None,  # type: ignore[attr-defined]
            period_to=period_to.date() if period_to else None,  # type: ignore[attr-defined]
            places=PlaceSelection(
                within=within.upper() if within else None,
                kind=PlaceKind(kind) if kind else None,
                codes=tuple(c.upper() for c in _SEPARATORS.split(places or "") if c),
            ),
            service_areas=service_areas,
        )
        spec = ReportSpec(scope, version=version, focus_place=focus_place, barrier=barrier)
        limited = file_format == "json" and not all_asks
        built = build_report(
            session, OPERATOR, spec, disclosure=rule, asks=JSON_ASKS if limited else None
        )
        if file_format == "csv":
            content = csv_zip(built)
        elif file_format == "xlsx":
            content = workbook(built, ALL_TABLES)
        else:
            content = report_json(built, indent=indent)
        output.write_bytes(content)
        record_download(
            session, OPERATOR, built, kind=file_format, tables=ALL_TABLES, content=content
        )
    context = built.context
    click.echo(
        f"Wrote {output}: {context.framework_title} compared on {context.version}, "
        f"{context.covers}; {counted(context.suppressed, 'count')} of people withheld."
    )


reports_cli = AppGroup("reports", help="Look after what comparison reports read.")


@reports_cli.command("rebuild")
def rebuild() -> None:
    """Write the comparison read model again from the submitted reviews."""
    with unit_of_work() as session:
        rows = readmodel.rebuild(session, OPERATOR)
    click.echo(f"Rebuilt the comparison read model: {rows:,} answers.")
