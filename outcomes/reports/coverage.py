"""Coverage: which places and services filed reviews in scope, which did not, and on
which versions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from outcomes.lazy import lazy
from outcomes.reports.frames import tuples
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
    for row in tuples(coverage):
        found = services.setdefault(
            row.service_id,
            {
                "place_id": shaper.current(row.place_id).id,
                "service": row.service,
                "service_area": SERVICE_AREAS.get(row.service_area, row.service_area),
                "reviews": 0,
                "periods": 0,
                "first_period": None,
                "last_period": None,
                "versions": [],
            },
        )
        if not row.reviews:
            continue
        found["reviews"] += int(row.reviews)
        found["periods"] += int(row.periods)
        found["first_period"] = min(filter(None, (found["first_period"], row.first_period)))
        found["last_period"] = max(filter(None, (found["last_period"], row.last_period)))
        found["versions"].append(names[int(row.version_id)])
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
    for place_id in coverage.place_id:
        place = shaper.current(place_id)
        listed[place.id] = place
    per_place = (
        services.assign(filed_service=services.reviews > 0)
        .groupby("place_code")
        .agg(
            services=("service", "size"),
            services_filed=("filed_service", "sum"),
            reviews=("reviews", "sum"),
            versions=(
                "versions",
                lambda v: ", ".join(sorted({x for t in v for x in t.split(", ") if x})),
            ),
        )
        .to_dict("index")
    )
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
