"""JSON: every table as a list of objects, streamed a batch at a time, then the schemas
and the provenance. Values keep their types: a withheld number is null, and the row's
``withheld`` field says why."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import IO, Any

from outcomes.exports.provenance import table_schema, timestamp
from outcomes.exports.rows import ExportSource, table_rows
from outcomes.exports.tables import Table


def _plain(value: object) -> str:
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _encode(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=_plain).encode("utf-8")


def write_json(
    out: IO[bytes],
    source: ExportSource,
    tables: tuple[Table, ...],
    provenance: dict[str, Any],
    generated_at: datetime,
) -> dict[str, int]:
    counts = {}
    out.write(b'{"tables": {')
    for position, table in enumerate(tables):
        names = table.field_names
        numeric = {i for i, field in enumerate(table.fields) if field.type in ("integer", "number")}
        out.write(b"%s\n%s: [" % (b"," if position else b"", _encode(table.name)))
        count = 0
        for batch in table_rows(source, table):
            objects = [
                {
                    name: None if i in numeric and isinstance(value, str) else value
                    for i, (name, value) in enumerate(zip(names, row, strict=True))
                }
                for row in batch
            ]
            chunk = b",\n".join(_encode(data) for data in objects)
            out.write(b"%s\n%s" % (b"," if count else b"", chunk))
            count += len(batch)
        out.write(b"\n]")
        counts[table.name] = count
    schemas = {table.name: table_schema(table) for table in tables}
    out.write(b'\n},\n"schemas": %s,\n' % _encode(schemas))
    out.write(b'"provenance": %s}\n' % _encode(provenance | {"row_counts": counts}))
    return counts
