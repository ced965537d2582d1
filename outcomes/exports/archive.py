"""Zip archives whose entries are byte-for-byte the same whenever their content is.

Every entry gets the same fixed date and permissions, so the only thing that differs
between two exports of the same data is what is meant to: the time in the descriptor.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

# The earliest date a zip entry can carry: says plainly that it is not a real time.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
# Fast deflate: exports are large and mostly compressed once; level 1 gives most of the
# saving at a fraction of the time of the default level 6.
COMPRESS_LEVEL = 1


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    bytes: int


class HashingWriter:
    """A write-only stream that hashes and counts what passes through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target
        self._hash = hashlib.sha256()
        self._size = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._hash.update(data)
        self._size += len(data)
        self._target.write(data)
        return len(data)

    def tell(self) -> int:
        return self._size

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        self._target.flush()

    def close(self) -> None:
        self.closed = True

    @property
    def facts(self) -> FileFacts:
        return FileFacts(self._hash.hexdigest(), self._size)


def entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = COMPRESS_LEVEL  # type: ignore[attr-defined]  # public only from 3.13
    info.external_attr = 0o644 << 16
    return info
