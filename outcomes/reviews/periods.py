"""Review periods: a quarter by default; any start and end within sane bounds.

A period must lie between 1 January 2000 and 31 December 2100 and last at most five
years: wide enough for any real review (quarters, years, a multi-year programme), narrow
enough that a typing slip (0001 or 9999) is caught where it is made, not in a report.
"""

from __future__ import annotations

from datetime import date, timedelta

EARLIEST_START = date(2000, 1, 1)
LATEST_END = date(2100, 12, 31)
MAX_YEARS = 5


def period_problem(start: date, end: date) -> tuple[str, str] | None:
    """What is wrong with a review period, as (the field at fault, what to do), or None."""
    if end < start:
        return "period_end", "The end of the period must be after its start"
    if start < EARLIEST_START:
        return "period_start", f"The period must start on or after {_day(EARLIEST_START)}"
    if end > LATEST_END:
        return "period_end", f"The period must end on or before {_day(LATEST_END)}"
    if (end - start).days >= MAX_YEARS * 366:  # leap days included
        return "period_end", f"A review period can be at most {MAX_YEARS} years long"
    return None


def _day(moment: date) -> str:
    return f"{moment.day} {moment:%B %Y}"


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
