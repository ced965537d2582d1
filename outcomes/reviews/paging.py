"""Long lists a page at a time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int  # from 1
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def count_and_clamp(
    session: Session, statement: Select[*tuple[Any, ...]], page: int, per_page: int
) -> tuple[int, int]:
    """How many rows the statement gives, and the page asked for brought within range."""
    counted = statement.order_by(None).subquery()  # counting needs no sorting
    total = session.scalar(select(func.count()).select_from(counted)) or 0
    return total, min(max(page, 1), max(1, math.ceil(total / per_page)))
