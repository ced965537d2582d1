"""What an export holds (its query) and the file formats it can be written in."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from outcomes.scope import ReviewScope


class ExportFormat(enum.StrEnum):
    DATAPACKAGE = "datapackage"
    XLSX = "xlsx"
    PARQUET = "parquet"
    JSON = "json"

    @property
    def label(self) -> str:
        return {
            ExportFormat.DATAPACKAGE: "Data package (CSV files and a data dictionary, zipped)",
            ExportFormat.XLSX: "Excel workbook (XLSX)",
            ExportFormat.PARQUET: "Parquet files (zipped)",
            ExportFormat.JSON: "JSON",
        }[self]

    @property
    def short_label(self) -> str:
        """The format in a few words, for a list of exports."""
        return {
            ExportFormat.DATAPACKAGE: "Data package (CSV)",
            ExportFormat.XLSX: "Spreadsheet (XLSX)",
            ExportFormat.PARQUET: "Parquet files",
            ExportFormat.JSON: "JSON",
        }[self]

    @property
    def extension(self) -> str:
        return {
            ExportFormat.DATAPACKAGE: "zip",
            ExportFormat.XLSX: "xlsx",
            ExportFormat.PARQUET: "zip",
            ExportFormat.JSON: "json",
        }[self]

    @property
    def media_type(self) -> str:
        return {
            ExportFormat.DATAPACKAGE: "application/zip",
            ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ExportFormat.PARQUET: "application/zip",
            ExportFormat.JSON: "application/json",
        }[self]


@dataclass(frozen=True)
class ExportQuery:
    """The reviews an export covers (``scope``) and what it includes of them."""

    scope: ReviewScope
    include_feedback: bool = False
    # Replace every free-text value (stories, evidence, asks, feedback, amendment reasons)
    # with a marker, for a dataset that must carry no narrative at all.
    redact_text: bool = False

    def as_dict(self) -> dict[str, object]:
        """The query as plain data: what the provenance block and the export log record."""
        return {
            **self.scope.as_dict(),
            "include_feedback": self.include_feedback,
            "redact_text": self.redact_text,
        }
