"""Computing a comparison report: a few GROUP BY queries, then shaping with pandas.

The number of statements does not depend on the number of places: places, the
framework's versions, the answers (two statements: per place with a column per level,
and per period), barrier citations, readable asks, services for coverage and context
notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.collector import paused
from outcomes.db import utcnow
from outcomes.disclosure import DisclosureRule
from outcomes.errors import InvalidInput, NotFound
from outcomes.frameworks.definition import FrameworkDefinition, NumberItem, RubricItem
from outcomes.frameworks.models import Framework
from outcomes.frameworks.store import (
    as_definition,
    check_barrier,
    check_versions,
    chosen_framework,
    latest_published,
)
from outcomes.lazy import lazy
from outcomes.national.services import with_response_statuses
from outcomes.places.identity import current_place, includes_sentence
from outcomes.places.models import Place
from outcomes.reports import barriers, coverage, levels, neighbours, queries, readmodel
from outcomes.reports.access import require_reader
from outcomes.reports.frames import tuples
from outcomes.reports.lineage import Lineage, Unmapped, compared_items, trace_lineage
from outcomes.reports.notes import notes_for_framework
from outcomes.reports.places import PlaceInfo, place_directory
from outcomes.reports.result import (
    CompareItem,
    ComparisonReport,
    Mapped,
    Measure,
    Note,
    ReportContext,
    VersionUse,
)
from outcomes.reports.shaping import Shaper
from outcomes.reports.spec import ReportSpec
from outcomes.scope import place_ids, submitted_reviews

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")


@paused()
def build_report(
    session: Session,
    actor: Actor,
    spec: ReportSpec,
    *,
    disclosure: DisclosureRule | None = None,
    now: datetime | None = None,
    asks: int | None = None,
) -> ComparisonReport:
    """The report ``spec`` asks for, as ``actor`` may read it. With ``asks``, only the
    first that many asks are read (the latest periods first), with the count of them all."""
    require_reader(actor)
    disclosure = disclosure or DisclosureRule()
    framework = chosen_framework(session, spec.scope.framework)
    if framework.is_extension:
        raise InvalidInput(
            "Reports compare places on a core framework, not on a place's own extension.",
            "framework",
        )
    definitions = {row.version: as_definition(row) for row in framework.versions}
    version = spec.version or _latest(session, framework)
    check_versions(session, framework, [version], field="version")
    if spec.barrier:
        check_barrier(session, spec.barrier)
    version_ids = {row.version: row.id for row in framework.versions}
    lineage = trace_lineage(definitions.values(), version)
    target = lineage.target
    items = _compare_items(target)
    places = place_directory(session)
    focus = _focus(places, spec.focus_place)

    scope = replace(spec.scope, versions=())
    reviews = submitted_reviews(session, scope)
    chosen = place_ids(session, scope.places)
    in_scope = readmodel.in_scope(scope, chosen)
    lineage_tables = queries.lineage_tables(lineage, version_ids, session.get_bind().dialect.name)
    level_values = sorted({value for item in items for value, _ in item.levels})
    answers = queries.answer_aggregates(
        session, in_scope, lineage_tables, focus.id if focus else None, disclosure, level_values
    )
    citations = queries.citation_counts(session, reviews)
    found_asks, asks_total = queries.readable_asks(session, reviews, actor, spec.barrier, asks)
    filed = queries.coverage_counts(session, reviews, chosen, scope.service_areas)
    notes = _notes(session, framework, places)

    shaper = Shaper(places, items, notes)
    low = neighbours.lagging(shaper, answers, focus)
    # Every place's answers per service area, only where the followed place's are low.
    areas = queries.area_aggregates(
        session,
        in_scope,
        lineage_tables,
        disclosure,
        level_values,
        list(zip(low.target_item, low.service_area, strict=True)),
    )
    headings = barriers.barrier_headings(definitions, version)
    version_names = {row_id: name for name, row_id in version_ids.items()}
    versions_table = _versions_table(answers, filed, version_names, version)
    principles = levels.principles(shaper, answers)
    measures = levels.measures(shaper, answers, target)
    services = coverage.coverage_services(shaper, filed, version_names)
    places_table = coverage.coverage_places(shaper, services, filed, chosen)
    shown = set(principles.place_code) | set(places_table.place_code)
    filing_places = filed.loc[filed.reviews > 0, "place_id"].unique().tolist()
    context = ReportContext(
        framework=framework.slug,
        framework_title=framework.title,
        version=version,
        parameters={**spec.as_dict(), "version": version},
        disclosure=disclosure,
        generated_at=now or utcnow(),
        items=tuple(items),
        measures=tuple(
            Measure(item.id, item.label, item.unit)
            for item in compared_items(target)
            if isinstance(item, NumberItem)
        ),
        barriers=tuple(headings),
        versions=tuple(
            VersionUse(row.version, row.reviews, row.answers, row.how)
            for row in tuples(versions_table)
        ),
        mapped=_mapped(answers, version_names, version),
        unmapped=_unmapped_in_use(lineage, versions_table),
        periods=tuple(
            sorted({(row.period_start, row.period_end) for row in tuples(answers.periods)})
        ),
        reviews=int(filed.reviews.sum()),
        services=int(filed.loc[filed.reviews > 0, "service_id"].nunique()),
        places=len({shaper.current(p).id for p in filing_places}),
        suppressed=int(measures.withheld.sum()),
        focus_place=(focus.code, focus.name) if focus else None,
        notes={
            places[place_id].code: place_notes
            for place_id, place_notes in notes.items()
            if places[place_id].code in shown
        },
        former_places=_former_places(session, places, filing_places),
    )
    over_time = levels.over_time(shaper, answers)
    return ComparisonReport(
        context=context,
        principles=principles,
        measures=measures,
        over_time=over_time,
        place_over_time=(
            levels.over_time(shaper, answers, focus)
            if focus
            else levels.no_place_over_time(over_time)
        ),
        barriers=barriers.barrier_counts(shaper, citations, headings),
        barriers_over_time=with_response_statuses(
            session, barriers.barriers_over_time(shaper, citations, headings)
        ),
        asks=barriers.asks(shaper, found_asks, headings),
        asks_total=asks_total,
        neighbours=neighbours.learning_neighbours(shaper, answers, focus, low, areas),
        barrier_neighbours=neighbours.barrier_neighbours(shaper, citations, headings, focus),
        coverage_places=places_table,
        coverage_services=services,
        versions=versions_table,
    )


def _former_places(
    session: Session, places: dict[int, PlaceInfo], filed_by: Iterable[int]
) -> dict[str, str]:
    """For each place whose row includes reviews filed under former places, which. Only
    those places are read (most reports have none)."""
    former = {int(p) for p in filed_by if places[int(p)].current_id != int(p)}
    found: dict[str, str] = {}
    if not former:
        return found
    filers = session.scalars(select(Place).where(Place.id.in_(former))).all()
    by_current: dict[int, list[Place]] = {}
    for place in filers:
        by_current.setdefault(current_place(place).id, []).append(place)
    for current_id, filed in by_current.items():
        current = session.get(Place, current_id)
        sentence = includes_sentence(current, filed) if current is not None else None
        if current is not None and sentence:
            found[current.code] = sentence
    return dict(sorted(found.items()))


def _latest(session: Session, framework: Framework) -> str:
    try:
        return latest_published(session, framework).version
    except NotFound as error:
        raise InvalidInput(str(error), "framework") from error


def _compare_items(target: FrameworkDefinition) -> list[CompareItem]:
    principles = {p.id: p.title for p in target.principles}
    found = []
    for item in compared_items(target):
        if not isinstance(item, RubricItem):
            continue
        scale = target.scale(item.scale)
        levels = tuple((level.value, level.label) for level in scale.levels) if scale else ()
        principle = item.principle or item.id
        found.append(CompareItem(item.id, principle, principles.get(principle, item.label), levels))
    return found


def _focus(places: dict[int, PlaceInfo], code: str | None) -> PlaceInfo | None:
    if not code:
        return None
    wanted = code.strip().upper()
    for place in places.values():
        if place.code == wanted:
            return places[place.current_id]
    raise InvalidInput(f"There is no place with the code {code}", "focus_place")


def _notes(
    session: Session, framework: Framework, places: dict[int, PlaceInfo]
) -> dict[int, list[Note]]:
    found: dict[int, list[Note]] = {}
    for note in notes_for_framework(session, framework):
        place = places[places[note.place_id].current_id]
        found.setdefault(place.id, []).append(
            Note(
                place.code,
                place.name,
                note.created_at.date(),
                note.author.display_name,
                note.body,
            )
        )
    return found


def _versions_table(
    answers: queries.Answers, coverage: pd.DataFrame, names: dict[int, str], target: str
) -> pd.DataFrame:
    filed = coverage.dropna(subset=["version_id"]).groupby("version_id").reviews.sum()
    sources = _sources(answers)
    counted = sources.groupby("version_id").answers.sum()
    vias = sources.groupby("version_id").via.agg(lambda v: set(v))  # type: ignore[type-var]
    rows = []
    for version_id in sorted(set(filed.index) | set(counted.index), key=lambda v: names[int(v)]):
        name = names[int(version_id)]
        via = vias.get(version_id, set())
        if name == target:
            how = "the version the report compares on"
        elif "crosswalk" in via:
            how = "unchanged items counted as they are; replaced items through their crosswalk"
        elif via:
            how = "unchanged items counted as they are"
        else:
            how = "no item is comparable with the report's version"
        rows.append(
            {
                "version": name,
                "reviews": int(filed.get(version_id, 0)),
                "answers": int(counted.get(version_id, 0)),
                "how": how,
            }
        )
    return pd.DataFrame(rows, columns=["version", "reviews", "answers", "how"])


def _sources(answers: queries.Answers) -> pd.DataFrame:
    """Answers counted per version, source item, target item and how they were mapped."""
    keys = ["version_id", "source_item", "target_item", "via"]
    return answers.periods.groupby(keys).answers.sum().reset_index()


def _mapped(answers: queries.Answers, names: dict[int, str], target: str) -> tuple[Mapped, ...]:
    sources = _sources(answers)
    found = [
        Mapped(
            names[int(row.version_id)],
            row.source_item,
            row.target_item,
            int(row.answers),
            row.via,
        )
        for row in tuples(sources)
        if names[int(row.version_id)] != target
    ]
    return tuple(sorted(found, key=lambda m: (m.version, m.target_item, m.source_item)))


def _unmapped_in_use(lineage: Lineage, versions: pd.DataFrame) -> tuple[Unmapped, ...]:
    used = set(versions.version)
    return tuple(u for u in lineage.unmapped if u.version in used)
