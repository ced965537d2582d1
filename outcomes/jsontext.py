"""JSON as bytes, encoded in one place for every file Outcomes writes (reports, exports).

orjson encodes in native code, several times faster than even the standard library's C
encoder, and always writes strict JSON: a float that is not a number (NaN, infinity)
becomes null, never a bare ``NaN`` that other readers refuse. Compact unless ``indent``
is asked for (two spaces). numpy numbers are written as numbers; dates, times and
anything else go to ``default``, so that each caller keeps its own spelling of them.
"""

from __future__ import annotations

from collections.abc import Callable

import orjson

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def dumps(
    data: object, *, default: Callable[[object], object] | None = None, indent: bool = False
) -> bytes:
    options = _OPTIONS | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(data, default=default, option=options)
