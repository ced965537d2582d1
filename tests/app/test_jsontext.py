"""Every JSON file is written by one function: strict, compact unless asked, numpy-aware."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np

from outcomes import jsontext


def test_json_is_strict_compact_and_reads_back() -> None:
    data = {"a": [1, 2.5, float("nan"), float("inf")], "n": np.int64(7), "x": np.float64(0.5)}
    text = jsontext.dumps(data)
    assert b"NaN" not in text and b"Infinity" not in text
    assert b"\n" not in text and b", " not in text
    # The standard library's strict reader accepts it.
    assert json.loads(text, parse_constant=lambda name: 1 / 0) == {
        "a": [1, 2.5, None, None],
        "n": 7,
        "x": 0.5,
    }


def test_indent_on_request_and_dates_through_the_callers_default() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    text = jsontext.dumps({"at": moment, "café": "é"}, default=lambda v: "when", indent=True)
    assert text.decode("utf-8") == '{\n  "at": "when",\n  "café": "é"\n}'
