"""Comparison reports as JSON and dataset exports as files, for regulators' own tools."""

from __future__ import annotations

import tempfile
from dataclasses import replace

from flask import Response, request

from outcomes.exports.operations import export_dataset, export_filename
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.reports.build import build_report
from outcomes.reports.files import JSON_ASKS, record_download, report_json
from outcomes.reports.result import ALL_TABLES
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.models import ReviewStatus
from web.api import arguments, bp
from web.api.auth import api_user
from web.database import get_session, one_snapshot, recorded_apart
from web.downloads import stream_file
from web.extensions import disclosure_rule

TRUE = {"true", "1", "yes"}


def _flag(name: str) -> bool:
    return request.args.get(name, "").lower() in TRUE


@bp.get("/reports")
def report() -> Response:
    session = get_session()
    spec = ReportSpec(
        scope=arguments.scope(),
        version=arguments.text("version"),
        focus_place=arguments.text("focus_place"),
        barrier=arguments.text("barrier"),
    )
    built = build_report(
        session,
        api_user(),
        spec,
        disclosure=disclosure_rule(),
        asks=None if _flag("all_asks") else JSON_ASKS,
    )
    content = report_json(built)
    with recorded_apart() as audit:
        record_download(audit, api_user(), built, kind="json", tables=ALL_TABLES, content=content)
    return Response(content, mimetype="application/json")


@bp.get("/exports")
@one_snapshot
def export() -> Response:
    export_format = arguments.choice(ExportFormat, "format") or ExportFormat.DATAPACKAGE
    scope = replace(
        arguments.scope(),
        # Drafts only when asked for: the access rules still decide which drafts may leave.
        statuses=tuple(ReviewStatus) if _flag("include_drafts") else (ReviewStatus.SUBMITTED,),
        every_revision=_flag("every_revision"),
    )
    query = ExportQuery(
        scope, include_feedback=_flag("include_feedback"), redact_text=_flag("redact_text")
    )
    file = tempfile.TemporaryFile()  # noqa: SIM115 (closed once streamed)
    try:
        record = export_dataset(
            get_session(), api_user(), query, export_format, file, rule=disclosure_rule()
        )
    except BaseException:
        file.close()
        raise
    return stream_file(
        file,
        mimetype=export_format.media_type,
        filename=export_filename(record, query),
        size=record.size_bytes,
    )
