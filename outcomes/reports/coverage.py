"""Coverage: which places and services filed reviews in scope, which did not, and on
which versions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from outcomes.lazy import lazy
from outcomes.reports.places import COUNCIL_KINDS
from outcomes.reports.shaping import PLACE_COLUMNS, Shaper
from outcomes.services.models import SERVICE_AREAS

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy("numpy")
    pd = lazy("pandas")

SERVICE_COLUMNS = [
    *PLACE_COLUMNS,
    "service",
    "service_area",
    "filed",
    "reviews",
    "periods",
    "first_period",
    "last_period",
    "versions",
]


def coverage_services(
    shaper: Shaper, coverage: pd.DataFrame, names: dict[int, str]
) -> pd.DataFrame:
    """One row per service: whether and how much it filed, and on which versions. The
    query gives a row per service and version; most services have one or two, so they
    are put together here in plain Python, which is quicker than a grouped aggregate of
    dates and text."""
    services: dict[int, dict[str, Any]] = {}
    # Each distinct place and service area resolved once, not once per row.
    now = {p: shaper.current(p).id for p in coverage.place_id.unique().tolist()}
    areas = {a: SERVICE_AREAS.get(a, a) for a in coverage.service_area.unique().tolist()}
    columns = ["service_id", "place_id", "service", "service_area", "version_id", "reviews"]
    rows = zip(
        *(coverage[name].tolist() for name in [*columns, "periods", "first_period", "last_period"]),
        strict=True,
    )
    for service_id, place_id, service, area, version_id, reviews, periods, first, last in rows:
        found = services.get(service_id)
        if found is None:
            found = services[service_id] = {
                "place_id": now[place_id],
                "service": service,
                "service_area": areas[area],
                "reviews": 0,
                "periods": 0,
                "first_period": None,
                "last_period": None,
                "versions": [],
            }
        if not reviews:
            continue
        found["reviews"] += int(reviews)
        found["periods"] += int(periods)
        if found["first_period"] is None or first < found["first_period"]:
            found["first_period"] = first
        if found["last_period"] is None or last > found["last_period"]:
            found["last_period"] = last
        found["versions"].append(names[int(version_id)])
    table = pd.DataFrame(list(services.values()))
    if table.empty:
        return pd.DataFrame(columns=SERVICE_COLUMNS)
    table["versions"] = [", ".join(sorted(versions)) for versions in table.versions]
    table["filed"] = np.where(table.reviews > 0, "yes", "no")
    table = pd.concat([shaper.place_columns(table.place_id), table], axis=1)
    table = table.sort_values(["region", "place", "place_code", "service"])
    return table[SERVICE_COLUMNS].reset_index(drop=True)


PLACE_COVERAGE_COLUMNS = [
    *PLACE_COLUMNS,
    "filed",
    "services",
    "services_filed",
    "reviews",
    "versions",
    "context_notes",
]


def coverage_places(
    shaper: Shaper, services: pd.DataFrame, coverage: pd.DataFrame, chosen: set[int] | None
) -> pd.DataFrame:
    """Every council in the chosen places, and every other place with a service in scope."""
    listed = {
        place.id: place
        for place in shaper.places.values()
        if place.current_id == place.id
        and place.kind in COUNCIL_KINDS
        and (chosen is None or place.id in chosen)
    }
    for place_id in coverage.place_id.unique().tolist():
        place = shaper.current(place_id)
        listed[place.id] = place
    # Summed in plain Python: a grouped aggregate with a function per place for the
    # versions cost several times more.
    per_place: dict[str, dict[str, Any]] = {}
    columns = (services[name].tolist() for name in ("place_code", "reviews", "versions"))
    for code, reviews, versions in zip(*columns, strict=True):
        own = per_place.get(code)
        if own is None:
            own = per_place[code] = {
                "services": 0,
                "services_filed": 0,
                "reviews": 0,
                "versions": set(),
            }
        own["services"] += 1
        own["services_filed"] += reviews > 0
        own["reviews"] += reviews
        own["versions"].update(v for v in versions.split(", ") if v)
    for own in per_place.values():
        own["versions"] = ", ".join(sorted(own["versions"]))
    empty: dict[str, Any] = {"services": 0, "services_filed": 0, "reviews": 0, "versions": ""}
    records = []
    for place in listed.values():
        own = per_place.get(place.code, empty)
        records.append(
            {
                **shaper.place_fields(place),
                "filed": "yes" if own["services_filed"] else "no",
                "services": int(own["services"]),
                "services_filed": int(own["services_filed"]),
                "reviews": int(own["reviews"]),
                "versions": own["versions"],
                "context_notes": shaper.note_text(place.id),
            }
        )
    table = pd.DataFrame(records, columns=PLACE_COVERAGE_COLUMNS)
    return table.sort_values(["region", "place", "place_code"]).reset_index(drop=True)
