"""Coverage: which places and services filed reviews in scope, which did not, and on
which versions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from outcomes.reports.places import COUNCIL_KINDS
from outcomes.reports.shaping import PLACE_COLUMNS, Shaper
from outcomes.services.models import SERVICE_AREAS

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
    rows = shaper.with_place(coverage)
    if rows.empty:
        return pd.DataFrame(columns=SERVICE_COLUMNS)
    rows["version"] = [names[int(v)] if pd.notna(v) else "" for v in rows.version_id]
    table = (
        rows.groupby(["service_id", *PLACE_COLUMNS, "service", "service_area"])
        .agg(
            reviews=("reviews", "sum"),
            periods=("periods", "sum"),
            first_period=("first_period", "min"),
            last_period=("last_period", "max"),
            versions=("version", lambda v: ", ".join(sorted(x for x in v if x))),
        )
        .reset_index()
    )
    table["filed"] = np.where(table.reviews > 0, "yes", "no")
    table["service_area"] = table.service_area.map(SERVICE_AREAS).fillna(table.service_area)
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
    empty = {"services": 0, "services_filed": 0, "reviews": 0, "versions": ""}
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
