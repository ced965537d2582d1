"""Review periods: a quarter by default, any start and end allowed."""

from __future__ import annotations

from datetime import date, timedelta


def quarter_containing(day: date) -> tuple[date, date]:
    """The calendar quarter (January to March, April to June, ...) that ``day`` falls in."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    return start, _month_end(date(day.year, first_month + 2, 1))


def describe_period(start: date, end: date) -> str:
    """The period in words: "April to June 2025", or "1 April 2025 to 15 May 2025"."""
    if start.day != 1 or end != _month_end(end):
        return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{end:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)
