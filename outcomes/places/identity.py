"""The same place over time: one rule, used by every list, report, export and check.

Councils are recoded (Gateshead E08000020 became E08000037 on 1 April 2013) and merged
(Harrogate, Craven and five other districts became North Yorkshire on 1 April 2023).
A former place names its successor (``Place.superseded_by``) and keeps the last day its
code was in use (``Place.valid_to``); a successor keeps the first (``valid_from``).

The rule:

- A place **over time** is its current place and every place that became it, however
  many steps back (Taunton Deane → Somerset West and Taunton → Somerset).
- Choosing a place by any of its codes, current or former, chooses the whole place
  over time; it is shown, named and coded, as it is now.
- Whoever acts for a place acts for everything its predecessors filed; acting for a
  former place reaches only that place's own reviews (and a notice says where it went).
- A review is filed under the code that was in use for its period: a former place
  takes reviews of periods that ended before it was replaced (backfilling history);
  later periods go to its successor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.errors import InvalidInput
from outcomes.places.models import Place


def successors(place: Place) -> list[Place]:
    """The place, then each place that replaced it in turn, ending with the current one."""
    chain, seen = [place], {place.id}
    while (following := chain[-1].superseded_by) is not None and following.id not in seen:
        chain.append(following)
        seen.add(following.id)
    return chain


def current_place(place: Place) -> Place:
    """The place that now carries this one's responsibilities, following successions."""
    return successors(place)[-1]


def with_former(places: Iterable[Place]) -> list[Place]:
    """Each place followed by every place that became it, however far back."""
    found: list[Place] = []
    for place in places:
        stack = [place]
        while stack:
            step = stack.pop()
            if step not in found:
                found.append(step)
                stack.extend(reversed(step.predecessors))
    return found


def dated_name(place: Place) -> str:
    """The place's name, with its last day if it has been replaced: 'Harrogate (until
    31 March 2023)'."""
    if place.superseded_by is None:
        return place.name
    return f"{place.name} (until {_day(place.valid_to)})"


def acts_through(place_ids: Iterable[int], place: Place) -> bool:
    """Whether someone working for ``place_ids`` acts for ``place``: it is one of them,
    or it became (in one or more steps) one of them."""
    ids = set(place_ids)
    return any(step.id in ids for step in successors(place))


@dataclass(frozen=True)
class Succession:
    """Every place's successor, read in one query: for working on sets of ids."""

    successor: Mapping[int, int | None]

    @classmethod
    def read(cls, session: Session) -> Succession:
        rows = session.execute(select(Place.id, Place.superseded_by_id)).all()
        return cls({row.id: row.superseded_by_id for row in rows})

    def current(self, place_id: int) -> int:
        seen = {place_id}
        while (following := self.successor.get(place_id)) is not None and following not in seen:
            place_id = following
            seen.add(place_id)
        return place_id

    def with_predecessors(self, place_ids: Iterable[int]) -> set[int]:
        """The places, and every place that became one of them, however far back."""
        before: dict[int, list[int]] = defaultdict(list)
        for place_id, following in self.successor.items():
            if following is not None:
                before[following].append(place_id)
        found = set(place_ids)
        stack = list(found)
        while stack:
            for earlier in before[stack.pop()]:
                if earlier not in found:
                    found.add(earlier)
                    stack.append(earlier)
        return found

    def over_time(self, place_ids: Iterable[int]) -> set[int]:
        """The whole places over time: the current place of each, with all predecessors."""
        return self.with_predecessors({self.current(place_id) for place_id in place_ids})


def check_period(place: Place, period_start: date, period_end: date) -> None:
    """Refuse a review of a period that the place no longer covered.

    A former place takes reviews of periods that ended on or before its last day, so
    that history can be filed under the code in use then; from then on, its successor.
    A former place whose last day is not known takes no reviews at all.
    """
    if place.superseded_by is None:
        return
    now = current_place(place)
    if place.valid_to is None:
        raise InvalidInput(
            f"{place.name} ({place.code}) has been replaced by {now.name} ({now.code}), and "
            "the date it changed is not recorded, so reviews cannot be filed under it. File "
            f"it under {now.name}, or ask an administrator to import the date of the change.",
            field="service",
        )
    if period_end > place.valid_to:
        raise InvalidInput(
            f"{place.name} ({place.code}) became {_part_of(place, place.superseded_by)} on "
            f"{_day(changed_on(place))}, so it takes reviews of periods "
            f"that ended by {_day(place.valid_to)} only. File this review under {now.name} "
            f"({now.code}).",
            field="period_end",
        )


def moved_notice(place: Place) -> str | None:
    """For the people of a former place: where it went, and what to do."""
    if place.superseded_by is None:
        return None
    now = current_place(place)
    when = f" on {_day(changed_on(place))}" if place.valid_to else ""
    return (
        f"{place.name} ({place.code}) became {_part_of(place, place.superseded_by)}{when}. "
        f"Its reviews are read as {now.name}'s ({now.code}). New reviews of later periods are "
        f"filed under {now.name}: ask an administrator to add it to your account."
    )


def includes_sentence(current: Place, filed_by: Iterable[Place]) -> str | None:
    """'Includes reviews filed by Harrogate and Craven before April 2023', for a report
    row of ``current`` whose reviews include some filed under the former places."""
    former = sorted(
        {place.id: place for place in filed_by if place.id != current.id}.values(),
        key=lambda place: (place.name, place.code),
    )
    if not former:
        return None
    names = [f"{place.name} ({place.code})" for place in former]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    changes = [changed_on(place) for place in former]
    if all(changes):
        last = max(change for change in changes if change is not None)
        return f"Includes reviews filed by {joined} before {last:%B %Y}."
    return f"Includes reviews filed by {joined}, which {current.name} replaced."


def changed_on(place: Place) -> date | None:
    """The first day a former place's successor took over, where it is known."""
    return place.valid_to + timedelta(days=1) if place.valid_to else None


def _part_of(place: Place, successor: Place) -> str:
    merged = len(successor.predecessors) > 1 or successor.name != place.name
    if merged and successor.name != place.name:
        return f"part of {successor.name} ({successor.code})"
    return f"{successor.name} with the new code {successor.code}"


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "an unrecorded date"
