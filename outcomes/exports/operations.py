"""Making exports: who may, what they will hold, writing them, and the export log.

Every way in (the export page, the ``outcomes export`` command) goes through here, so
the same rules hold for all of them and every export is recorded.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, has_role, require_role
from outcomes.accounts.models import Role
from outcomes.audit.trail import record
from outcomes.db import require_snapshot, utcnow
from outcomes.disclosure import DisclosureRule
from outcomes.errors import NotFound, PermissionDenied
from outcomes.exports.datapackage import write_datapackage
from outcomes.exports.jsonfile import write_json
from outcomes.exports.models import ExportRecord
from outcomes.exports.parquet import write_parquet_zip
from outcomes.exports.provenance import describe_source
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.exports.rows import ExportSource, count_rows, open_source
from outcomes.exports.spreadsheet import write_xlsx
from outcomes.exports.tables import FEEDBACK, REVIEW_TABLES, Table
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import check_versions, chosen_framework
from outcomes.national.exports import NATIONAL_TABLES
from outcomes.reviews.access import reads_all_feedback
from outcomes.reviews.models import ReviewStatus

EXPORTERS = (Role.ADMIN, Role.REGULATOR, Role.INSPECTOR)
LOG_READERS = (Role.ADMIN, Role.REGULATOR)

Writer = Callable[
    [IO[bytes], ExportSource, tuple[Table, ...], dict[str, Any], datetime], dict[str, int]
]
_WRITERS: dict[ExportFormat, Writer] = {
    ExportFormat.DATAPACKAGE: write_datapackage,
    ExportFormat.XLSX: write_xlsx,
    ExportFormat.PARQUET: write_parquet_zip,
    ExportFormat.JSON: write_json,
}


@dataclass(frozen=True)
class ExportPreview:
    """What an export will hold: rows per table, and the framework versions answered."""

    row_counts: dict[str, int]
    versions: list[str]

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())

    @property
    def is_empty(self) -> bool:
        return self.row_counts.get("reviews", 0) == 0


def may_export(actor: Actor) -> bool:
    """Whether ``actor`` may export datasets at all (drafts are for administrators only)."""
    return has_role(actor, *EXPORTERS)


def check_may_export(actor: Actor, query: ExportQuery) -> None:
    require_role(actor, *EXPORTERS, action="export datasets")
    if ReviewStatus.DRAFT in query.scope.statuses and actor.role is not Role.ADMIN:
        raise PermissionDenied(
            "Only administrators can export draft reviews: a draft is seen only by the "
            "people of its place until it is submitted. Export submitted reviews instead."
        )
    if query.include_feedback and not reads_all_feedback(actor):
        raise PermissionDenied(
            "Feedback on a review is between regulators and the service that filed it, so "
            "your role cannot export it. Export without feedback instead."
        )


def _check_query(session: Session, query: ExportQuery) -> None:
    framework = chosen_framework(session, query.scope.framework)
    check_versions(session, framework, query.scope.versions, field="versions")


def _open(
    session: Session,
    actor: Actor,
    query: ExportQuery,
    rule: DisclosureRule,
    progress: Callable[[int], None] | None = None,
) -> ExportSource:
    check_may_export(actor, query)
    # Every table from one snapshot: a review submitted mid-export is in all of them or none.
    require_snapshot(session)
    _check_query(session, query)
    return open_source(session, actor, query, rule, progress)


def preview_export(
    session: Session, actor: Actor, query: ExportQuery, *, rule: DisclosureRule
) -> ExportPreview:
    """Rows per table the export will have, counted without reading them. The session's
    transaction must read one snapshot (outcomes.db.read_one_snapshot), as for the export."""
    source = _open(session, actor, query, rule)
    return ExportPreview(
        row_counts=count_rows(source, tables_for(query.include_feedback)),
        versions=[_version_label(version) for version in source.versions],
    )


def export_dataset(
    session: Session,
    actor: Actor,
    query: ExportQuery,
    export_format: ExportFormat,
    out: IO[bytes],
    *,
    rule: DisclosureRule,
    progress: Callable[[int], None] | None = None,
) -> ExportRecord:
    """Write the export to ``out`` (a readable, seekable binary file, written from its
    start) and record it in the export log and the audit trail.

    Every table is read from one snapshot of the data, so that the tables agree with each
    other and with the counts in the file: the caller makes the session with
    outcomes.db.read_one_snapshot (on PostgreSQL, REPEATABLE READ), and an export in a
    transaction that would read several snapshots is refused as a programming error."""
    source = _open(session, actor, query, rule, progress)
    tables = tables_for(query.include_feedback)
    generated_at = utcnow().replace(microsecond=0)
    provenance = describe_source(source, generated_at)
    counts = _WRITERS[export_format](out, source, tables, provenance, generated_at)
    out.flush()
    sha256, size = _digest(out)
    export = ExportRecord(
        user_id=actor.id,
        user_label=actor.email,
        created_at=generated_at,
        format=export_format.value,
        filters=query.as_dict(),
        row_counts=counts,
        sha256=sha256,
        size_bytes=size,
    )
    session.add(export)
    session.flush()
    record(
        session,
        actor,
        "export.create",
        "export_record",
        export.id,
        after={"format": export_format.value, "row_counts": counts, "sha256": sha256},
    )
    return export


def _digest(out: IO[bytes]) -> tuple[str, int]:
    out.seek(0)
    digest = hashlib.file_digest(out, "sha256")  # type: ignore[arg-type]
    # file_digest reads a BytesIO through its buffer, without moving its position.
    return digest.hexdigest(), out.seek(0, io.SEEK_END)


def export_filename(export: ExportRecord, query: ExportQuery) -> str:
    stamp = export.created_at.strftime("%Y%m%d-%H%M%S")
    export_format = ExportFormat(export.format)
    # A data package and Parquet files are both zips: the name says which.
    kind = "-parquet" if export_format is ExportFormat.PARQUET else ""
    return f"outcomes-{query.scope.framework}-{stamp}{kind}.{export_format.extension}"


def list_exports(session: Session, actor: Actor, *, limit: int = 200) -> list[ExportRecord]:
    """The newest exports first."""
    require_role(actor, *LOG_READERS, action="read the export log")
    statement = (
        select(ExportRecord)
        .order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def get_export(session: Session, actor: Actor, export_id: int) -> ExportRecord:
    require_role(actor, *LOG_READERS, action="read the export log")
    export = session.get(ExportRecord, export_id)
    if export is None:
        raise NotFound(f"There is no export {export_id} in the log.")
    return export


def _version_label(version: FrameworkVersion) -> str:
    return f"{version.framework.title} {version.version}"


def tables_for(include_feedback: bool) -> tuple[Table, ...]:
    """The tables of an export, in the order they are written."""
    tables = (*REVIEW_TABLES, *NATIONAL_TABLES)
    return (*tables, FEEDBACK) if include_feedback else tables
