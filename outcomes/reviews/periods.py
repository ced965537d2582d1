"""Review periods: a quarter by default; any start and end within sane bounds.

A period must lie between 1 January 2000 and 31 December 2100 and last at most five
years: wide enough for any real review (quarters, years, a multi-year programme), narrow
enough that a typing slip (0001 or 9999) is caught where it is made, not in a report.
It must also have started by today: a review looks back on work done, so outcomes for a
quarter not yet begun could only be guesses, and reports would show them as fact.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

EARLIEST_START = date(2000, 1, 1)
LATEST_END = date(2100, 12, 31)
MAX_YEARS = 5


def utc_today() -> date:
    """Today for the service as a whole: the date in UTC, whoever is asking."""
    return datetime.now(UTC).date()


def period_problem(start: date, end: date, today: date) -> tuple[str, str] | None:
    """What is wrong with a review period, as (the field at fault, what to do), or None."""
    if end < start:
        return "period_end", "The end of the period must be after its start"
    if start < EARLIEST_START:
        return "period_start", f"The period must start on or after {_day(EARLIEST_START)}"
    if start > today:
        return (
            "period_start",
            f"The period must start on or before today ({_day(today)}): "
            "a review looks back on work done",
        )
    if end > LATEST_END:
        return "period_end", f"The period must end on or before {_day(LATEST_END)}"
    if (end - start).days >= MAX_YEARS * 366:  # leap days included
        return "period_end", f"A review period can be at most {MAX_YEARS} years long"
    return None


def unstarted_problem(start: date, end: date, today: date) -> str | None:
    """Why a review of this period cannot be submitted today, or None: a draft started
    before periods were checked may be of a period that has not begun."""
    if start <= today:
        return None
    return (
        f"You cannot submit this review yet: its period, {describe_period(start, end)}, "
        f"starts on {_day(start)}, after today ({_day(today)}). A review looks back on work "
        "done, so submit it once the period has started."
    )


def overlaps(start: date, end: date, other_start: date, other_end: date) -> bool:
    """Whether two periods share a day. One service's reviews of one framework must not:
    a report would count the shared days twice, and subtracting one review's period from
    the other's would give back counts withheld as too small (DESIGN.md, lesson 7)."""
    return start <= other_end and other_start <= end


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
