"""A report as files: each table as CSV, each section (or the whole report) as an XLSX
workbook with an About sheet, and the whole report as JSON.

Withheld counts of people are written as the labelled marker ``[c]``, never as an empty
cell. Free text that a spreadsheet would run as a formula gets a leading quote in CSV
and XLSX (the same rule as dataset exports); JSON keeps it as written. Every download is
recorded in the audit trail with its checksum.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy.orm import Session
from xlsxwriter import Workbook

from outcomes import jsontext
from outcomes.accounts.access import Actor
from outcomes.audit.models import AuditEvent
from outcomes.audit.trail import record
from outcomes.collector import paused
from outcomes.disclosure import SUPPRESSED
from outcomes.exports.archive import entry
from outcomes.exports.withholding import SPREADSHEET_SAFETY, neutralise
from outcomes.lazy import lazy
from outcomes.reports.result import SECTIONS, TABLE_TITLES, ComparisonReport, section

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")

# Columns holding text that people typed.
FREE_TEXT = ("ask", "service", "context_notes")

# A JSON report carries this many asks, the latest periods first, unless every ask is
# asked for: at national scale the full list is most of the file.
JSON_ASKS = 1_000

WHERE_ASKS_ARE = (
    "Every ask you may read is in the asks table of the report's CSV zip and XLSX "
    "downloads (on the report page, or `outcomes report --format csv`), and in a JSON "
    "report asked for with every ask (`outcomes report --all-asks`, or the API's "
    "`/api/v1/reports?all_asks=true`)."
)


def file_table(report: ComparisonReport, name: str) -> pd.DataFrame:
    """A table as it is written to files: dates as ISO text, a total with nothing
    disclosed to add up as [c]."""
    frame = report.table(name).copy()
    for column in frame.columns:
        # Dates are held as objects: a column of numbers or of text holds none.
        if frame[column].dtype == object and frame[column].map(_is_date).any():
            frame[column] = frame[column].map(lambda v: v.isoformat() if isinstance(v, date) else v)
    if "withheld" in frame.columns and "total" in frame.columns:
        # Plain Python numbers (a whole-number total stays an int, not 1100.0), None
        # where there is nothing to show.
        totals = frame.total.astype(object).where(frame.total.notna(), None)
        frame["total"] = [
            SUPPRESSED if withheld and total is None else total
            for withheld, total in zip(frame.withheld, totals, strict=True)
        ]
    return frame


def _is_date(value: object) -> bool:
    return isinstance(value, date)


def _for_spreadsheet(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in FREE_TEXT:
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return frame


def table_csv(report: ComparisonReport, name: str) -> bytes:
    return _csv(_for_spreadsheet(file_table(report, name)))


def about(report: ComparisonReport) -> list[tuple[str, str]]:
    """What a reader needs to read the figures, as (heading, text) lines."""
    context = report.context
    lines = [
        ("Report", f"{context.framework_title}, compared on version {context.version}"),
        ("Generated", context.generated_at.isoformat(timespec="seconds")),
        (
            "Covers",
            f"{context.covers} (the latest revision of each review)",
        ),
        ("Parameters", json.dumps(context.parameters, sort_keys=True)),
        ("Disclosure", context.disclosure.describe()),
        ("Withheld cells", str(context.suppressed)),
        (
            "Reading",
            "Places are listed by region and then by name, never in order of their "
            "figures, and no figure combines principles.",
        ),
        ("Spreadsheets", SPREADSHEET_SAFETY),
    ]
    lines += [(f"Version {v.version}", f"{v.reviews} reviews: {v.how}") for v in context.versions]
    lines += [("Mapped", mapped.describe()) for mapped in context.mapped if mapped.via != "target"]
    lines += [
        ("Not compared", f"Answers on {u.version} to {u.item}: {u.reason}")
        for u in context.unmapped
    ]
    lines += [(f"Place over time, {code}", text) for code, text in context.former_places.items()]
    lines += [
        (f"Context note, {note.place} ({note.place_code})", note.describe())
        for notes in context.notes.values()
        for note in notes
    ]
    return lines


def workbook(report: ComparisonReport, tables: Iterable[str]) -> bytes:
    """An XLSX workbook: an About sheet, then one sheet per table."""
    out = io.BytesIO()
    book = Workbook(
        out,
        {
            "in_memory": True,
            # A number a cell cannot hold is written as an error cell, not a failure.
            "nan_inf_to_errors": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties(
        {"title": f"{report.context.framework_title} comparison report"}
        | {"created": report.context.generated_at.replace(tzinfo=None)}
    )
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("About")
    for row, (heading, text) in enumerate(about(report)):
        sheet.write_string(row, 0, heading, bold)
        sheet.write_string(row, 1, text)
    for name in tables:
        frame = _for_spreadsheet(file_table(report, name))
        sheet = book.add_worksheet(name[:31])
        for column, title in enumerate(frame.columns):
            sheet.write_string(0, column, str(title), bold)
        for row, values in enumerate(frame.itertuples(index=False), start=1):
            for column, value in enumerate(values):
                _write_cell(sheet, row, column, value)
    book.close()
    return out.getvalue()


def _write_cell(sheet: Any, row: int, column: int, value: object) -> None:
    if value is None or (isinstance(value, float) and value != value):
        sheet.write_blank(row, column, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))


@paused()
def report_json(report: ComparisonReport, *, indent: bool = False) -> bytes:
    """The whole report as JSON: compact unless ``indent`` is asked for. The collector is
    paused, as for the build: a row of every table becomes a dict, none in a cycle."""
    data = {
        "context": report.context.as_dict(),
        "sections": [
            {
                "section": part.slug,
                "title": part.title,
                "tables": {name: _json_table(report, name) for name in part.tables},
            }
            for part in SECTIONS
        ],
    }
    return jsontext.dumps(data, default=_plain, indent=indent)


def _json_table(report: ComparisonReport, name: str) -> dict[str, Any]:
    table: dict[str, Any] = {"title": TABLE_TITLES[name], "rows": _records(report, name)}
    if name == "asks":
        table["total"] = report.asks_total
        table["complete"] = report.asks_complete
        table["note"] = (
            f"All {report.asks_total:,} asks you may read are here."
            if report.asks_complete
            else f"The first {len(report.asks):,} of {report.asks_total:,} asks you may read, "
            f"the latest periods first. {WHERE_ASKS_ARE}"
        )
    return table


def _records(report: ComparisonReport, name: str) -> list[dict[str, Any]]:
    # NaN (nothing to show) and infinities are written as null by the encoder
    # (outcomes.jsontext), so the cells go to it as they are.
    frame = file_table(report, name).astype(object)
    return cast(list[dict[str, Any]], frame.to_dict("records"))  # its columns are text


def _plain(value: object) -> object:
    if hasattr(value, "item"):  # a numpy number
        return value.item()
    return str(value)


def section_xlsx(report: ComparisonReport, slug: str) -> bytes:
    return workbook(report, section(slug).tables)


def csv_zip(report: ComparisonReport) -> bytes:
    """Every table as a CSV file named ``<section>--<table>.csv``, with ``about.csv``,
    in one zip."""
    out = io.BytesIO()
    about_frame = pd.DataFrame(about(report), columns=["heading", "text"])
    about_frame["text"] = about_frame.text.map(neutralise)
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(entry("about.csv"), _csv(about_frame))
        for part in SECTIONS:
            for name in part.tables:
                archive.writestr(entry(f"{part.slug}--{name}.csv"), table_csv(report, name))
    return out.getvalue()


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def record_download(
    session: Session,
    actor: Actor,
    report: ComparisonReport,
    *,
    kind: str,
    tables: Iterable[str],
    content: bytes,
) -> AuditEvent:
    """Record a report file in the audit trail: who took it, its parameters, its tables
    and their row counts, and its checksum. ``kind`` is csv, zip, xlsx or json."""
    counts = {name: len(report.table(name)) for name in tables}
    return record(
        session,
        actor,
        "report.download",
        "report",
        report.context.framework,
        after={
            "format": kind,
            "parameters": report.context.parameters,
            "row_counts": counts,
            "sha256": hashlib.sha256(content).hexdigest(),
            "size_bytes": len(content),
        },
    )
