"""Where an export came from: its query, time, software and framework versions, the
disclosure rule it applied, and how many rows each table has; and the Table Schema
descriptors of its tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from outcomes import __version__
from outcomes.disclosure import DisclosureRule
from outcomes.exports.rows import ExportSource
from outcomes.exports.tables import Table
from outcomes.exports.withholding import MARKERS, SPREADSHEET_SAFETY, marker_descriptions

# Empty cells are missing values too: an unanswered item, a review not yet submitted.
MISSING_VALUES = ["", *MARKERS]


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def describe_source(source: ExportSource, generated_at: datetime) -> dict[str, Any]:
    """The provenance block, without what is only known once the files are written."""
    rule: DisclosureRule = source.rule
    return {
        "query": source.query.as_dict(),
        "generated_at": timestamp(generated_at),
        "outcomes_version": __version__,
        "frameworks": [
            {
                "framework": version.framework.slug,
                "title": version.framework.title,
                "version": version.version,
                "sha256": version.sha256,
            }
            for version in source.versions
        ],
        "disclosure": {
            "rule": rule.version,
            "threshold": rule.threshold,
            "description": rule.describe(),
        },
        "missing_values": {"": "No value: not answered, or not applicable."}
        | marker_descriptions(rule),
        "spreadsheet_safety": SPREADSHEET_SAFETY,
    }


def table_schema(table: Table) -> dict[str, Any]:
    """The table as a Frictionless Table Schema."""
    schema: dict[str, Any] = {
        "fields": [
            {
                "name": field.name,
                "type": field.type,
                "description": field.description,
                **({"constraints": {"required": True}} if field.required else {}),
            }
            for field in table.fields
        ],
        "missingValues": MISSING_VALUES,
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.fields),
                "reference": {"resource": key.resource, "fields": list(key.reference)},
            }
            for key in table.foreign_keys
        ]
    return schema
