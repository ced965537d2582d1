"""A property: any valid set of answers filed through the services exports in every
format, the data package passes ``frictionless validate``, and the report recomputed from
the package equals the report."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from factories import create_service, create_user
from frictionless import validate
from frontdoor import FRAMEWORK, FrontDoorData, file_review, strict_json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from recompute import from_package, from_report, package_tables
from sqlalchemy.orm import Session

from outcomes.disclosure import DisclosureRule
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.definition import (
    MAX_PEOPLE,
    BarriersItem,
    ChoiceItem,
    Item,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.frameworks.store import get_framework
from outcomes.imports.importing import pinned_for
from outcomes.places.operations import get_place
from outcomes.reports.build import build_report
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.models import ConsentScope
from outcomes.reviews.pinned import PinnedDefinition
from outcomes.scope import PlaceSelection, ReviewScope

MANCHESTER = "E08000003"  # not in the front-door data set: the examples' own place
QUARTERS = [(date(2024, month, 1), date(2024, month + 2, 28)) for month in (1, 4, 7)]

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(str.strip)


def answer_strategy(definition: PinnedDefinition, item: Item) -> st.SearchStrategy[Any]:
    """Answers that keep the item's rules; None (no answer) where the item is optional."""
    if isinstance(item, TextItem):
        text = st.one_of(TEXT, st.just("é" * item.max_length))
        if item.consent:
            answer = st.builds(
                lambda t, scope, personal: AnswerInput(
                    value=t,
                    consent=scope.value,
                    personal_details=personal and scope is not ConsentScope.PUBLIC,
                ),
                text,
                st.sampled_from(list(ConsentScope)),
                st.booleans(),
            )
        else:
            answer = text.map(lambda t: AnswerInput(value=t))
    elif isinstance(item, NumberItem):
        if item.counts_people:
            numbers = st.one_of(st.integers(0, 12), st.integers(0, MAX_PEOPLE))
        else:
            numbers = st.floats(0, 1e9, allow_nan=False, allow_infinity=False)
        answer = numbers.map(lambda n: AnswerInput(value=n))
    elif isinstance(item, RubricItem):
        scale = definition.scale(item.scale)
        answer = st.sampled_from(scale.values if scale else (1,)).map(
            lambda level: AnswerInput(value=level)
        )
    elif isinstance(item, BarriersItem):
        barriers = [barrier.id for barrier in definition.barriers]
        answer = st.builds(
            lambda asks, scope: AnswerInput(asks=asks, consent=scope.value),
            st.dictionaries(st.sampled_from(barriers), st.none() | TEXT, min_size=1, max_size=3),
            st.sampled_from(list(ConsentScope)),
        )
    else:
        assert isinstance(item, ChoiceItem)
        options = [option.id for option in item.options]
        if item.kind == "choice":
            answer = st.sampled_from(options).map(lambda o: AnswerInput(value=o))
        else:
            answer = st.lists(st.sampled_from(options), min_size=1, unique=True).map(
                lambda chosen: AnswerInput(choices=chosen)
            )
    return answer if item.required else st.none() | answer


def export(db: Session, actor: Any, scope: ReviewScope, export_format: ExportFormat) -> bytes:
    out = io.BytesIO()
    export_dataset(db, actor, ExportQuery(scope), export_format, out, rule=DisclosureRule())
    return out.getvalue()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(choices=st.data())
def test_any_valid_answers_reach_every_export_and_the_report(
    db: Session, data: FrontDoorData, choices: st.DataObject
) -> None:
    assert data.inspector is not None
    nested = db.begin_nested()
    try:
        place = get_place(db, MANCHESTER)
        manager = create_user(db, places=[place])
        service = create_service(db, place=place, service_area="public_health")
        definition = pinned_for(db, get_framework(db, FRAMEWORK), place)
        for period in QUARTERS[: choices.draw(st.integers(1, len(QUARTERS)), label="reviews")]:
            answers = {}
            for item in definition.items:
                answer = choices.draw(answer_strategy(definition, item), label=item.id)
                if answer is not None:
                    answers[item.id] = answer
            file_review(db, manager, service, period, answers)

        scope = ReviewScope(framework=FRAMEWORK, places=PlaceSelection(codes=(MANCHESTER,)))
        package = export(db, data.inspector, scope, ExportFormat.DATAPACKAGE)
        with tempfile.TemporaryDirectory() as folder:
            zipfile.ZipFile(io.BytesIO(package)).extractall(folder)
            report = validate(Path(folder) / "datapackage.json")
            assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])
        document = strict_json(export(db, data.inspector, scope, ExportFormat.JSON))
        assert len(document["tables"]["reviews"]) >= 1
        workbook = load_workbook(
            io.BytesIO(export(db, data.inspector, scope, ExportFormat.XLSX)), read_only=True
        )
        assert "answers" in workbook.sheetnames
        parquet = export(db, data.inspector, scope, ExportFormat.PARQUET)
        names = zipfile.ZipFile(io.BytesIO(parquet)).namelist()
        assert "answers.parquet" in {Path(name).name for name in names}

        published = from_report(build_report(db, data.inspector, ReportSpec(scope)))
        assert from_package(package_tables(package), "2.0.0") == published
    finally:
        nested.rollback()
