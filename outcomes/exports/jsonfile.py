"""JSON: every table as a list of objects, streamed a batch at a time, then the schemas
and the provenance. Values keep their types: a withheld number is null, and the row's
``withheld`` field says why."""

from __future__ import annotations

from datetime import date, datetime
from typing import IO, Any

from outcomes import jsontext
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
    return jsontext.dumps(data, default=_plain)


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
        # A withheld number stands as its marker in the rows; here it is null.
        decimals = [field.name for field in table.fields if field.type == "number"]
        out.write(b"%s\n%s: [" % (b"," if position else b"", _encode(table.name)))
        count = 0
        for batch in table_rows(source, table):
            objects = [dict(zip(names, row, strict=True)) for row in batch]
            for data in objects:
                for name in decimals:
                    if isinstance(data[name], str):
                        data[name] = None
            # One call to the encoder for the whole batch: its brackets are dropped.
            out.write(b"%s\n%s" % (b"," if count else b"", _encode(objects)[1:-1]))
            count += len(batch)
        out.write(b"\n]")
        counts[table.name] = count
    schemas = {table.name: table_schema(table) for table in tables}
    out.write(b'\n},\n"schemas": %s,\n' % _encode(schemas))
    out.write(b'"provenance": %s}\n' % _encode(provenance | {"row_counts": counts}))
    return counts
