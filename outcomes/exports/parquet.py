"""Parquet: one typed file per table, zipped with ``datapackage.json`` describing them.

Rows are written in row groups of a fixed size as they are read, so memory stays
bounded and the same rows always give the same bytes. A withheld number has no
numeric value, so it is null here and its ``withheld`` column says why.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from outcomes.exports.datapackage import write_package_zip
from outcomes.exports.rows import ExportSource, table_rows
from outcomes.exports.tables import Table
from outcomes.lazy import lazy

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq
else:
    pa = lazy("pyarrow")
    pq = lazy("pyarrow.parquet")

ROW_GROUP_SIZE = 20_000


@functools.cache
def _arrow_types() -> dict[str, pa.DataType]:
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("ms", tz="UTC"),  # Parquet has no whole-second unit
    }


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema(
        [
            pa.field(
                field.name,
                _arrow_types()[field.type],
                nullable=not field.required,
                metadata={"description": field.description},
            )
            for field in table.fields
        ]
    )


def _numbers_only(values: tuple[Any, ...]) -> list[Any]:
    # A marker such as "[c]" stands where a number was withheld: null in a typed column.
    return [None if isinstance(value, str) else value for value in values]


def write_parquet(source: ExportSource, table: Table, out: IO[bytes]) -> int:
    schema = arrow_schema(table)
    numeric = [field.type in ("integer", "number") for field in table.fields]
    count = 0
    pending: list[tuple[Any, ...]] = []
    with pq.ParquetWriter(
        pa.PythonFile(out, mode="w"), schema, compression="zstd", write_statistics=True
    ) as writer:

        def flush() -> None:
            columns = list(zip(*pending, strict=True)) or [() for _ in table.fields]
            arrays = [
                pa.array(_numbers_only(column) if is_numeric else column, type=field.type)
                for column, is_numeric, field in zip(columns, numeric, schema, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            pending.clear()

        for batch in table_rows(source, table):
            pending.extend(batch)
            count += len(batch)
            if len(pending) >= ROW_GROUP_SIZE:
                flush()
        if pending or count == 0:
            flush()
    return count


def write_parquet_zip(
    out: IO[bytes],
    source: ExportSource,
    tables: tuple[Table, ...],
    provenance: dict[str, Any],
    generated_at: datetime,
) -> dict[str, int]:
    return write_package_zip(
        out, source, tables, provenance, generated_at, "parquet", write_parquet
    )
