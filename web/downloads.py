"""Sending a file that was written whole to a temporary file, in chunks, then closing it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from flask import Response

CHUNK_SIZE = 256 * 1024


def stream_file(file: IO[bytes], *, mimetype: str, filename: str, size: int) -> Response:
    file.seek(0)
    return Response(
        _chunks(file),
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Length": str(size),
        },
        direct_passthrough=True,
    )


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := file.read(CHUNK_SIZE):
            yield chunk
    finally:
        file.close()
