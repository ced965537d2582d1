"""The national-scale dataset the benchmarks share (built in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from outcomes.demo.synthetic import SyntheticSummary

NATIONAL_PLACES = 10_000  # more than there are: every current English lower-tier place
NATIONAL_SERVICES = 10
NATIONAL_PERIODS = 8


@dataclass(frozen=True)
class NationalData:
    url: str
    engine: Engine
    summary: SyntheticSummary
