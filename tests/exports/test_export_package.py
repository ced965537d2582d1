"""The CSV data package: valid Frictionless, faithful to the database, reproducible."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from exporting import Dataset, build_dataset, inspector, query, regulator, run_export, unzip
from factories import create_review, create_service
from frictionless import validate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes import __version__
from outcomes.exports.withholding import MARKERS
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import get_version
from outcomes.places.operations import get_place
from outcomes.reviews.models import Answer, Feedback, ReviewRevision

CSV_FILES = {
    "places.csv",
    "services.csv",
    "items.csv",
    "reviews.csv",
    "answers.csv",
    "barrier_citations.csv",
    "national_asks.csv",
    "responses.csv",
}


@pytest.fixture
def dataset(db: Session, frameworks: dict[str, FrameworkVersion]) -> Dataset:
    return build_dataset(db, frameworks)


def _frame(files: dict[str, bytes], name: str) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(files[name]), na_values=list(MARKERS), keep_default_na=False, dtype=str
    )


def test_the_package_passes_frictionless_validation(
    db: Session, dataset: Dataset, tmp_path: Path
) -> None:
    db.add(
        Feedback(review=dataset.amended, revision_number=2, author=inspector(db), body="Thank you.")
    )
    db.flush()
    _, data = run_export(db, regulator(db), query(include_feedback=True, every_revision=True))
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path)

    report = validate(tmp_path / "datapackage.json")

    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])
    assert {task.name for task in report.tasks} == {name[:-4] for name in CSV_FILES} | {"feedback"}


def test_a_broken_file_fails_validation(db: Session, dataset: Dataset, tmp_path: Path) -> None:
    """The checksums in datapackage.json are checked: the validation above can fail."""
    _, data = run_export(db, inspector(db), query())
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path)
    answers = tmp_path / "answers.csv"
    answers.write_bytes(answers.read_bytes().replace(b"Family", b"Fam1ly"))
    services = tmp_path / "services.csv"
    services.write_bytes(services.read_bytes().replace(b"Family hub", b"Family hug"))

    report = validate(tmp_path / "datapackage.json")

    assert not report.valid
    assert "hash-count" in {error.type for error in report.tasks[1].errors}


def test_pandas_reproduces_the_reviews_and_answers(db: Session, dataset: Dataset) -> None:
    _, data = run_export(db, inspector(db), query(every_revision=True))
    files = unzip(data)
    reviews, answers = _frame(files, "reviews.csv"), _frame(files, "answers.csv")

    submitted = [dataset.family_hub.id, dataset.neighbourhood.id, dataset.amended.id]
    exported_revisions = select(ReviewRevision.id).where(
        ReviewRevision.submitted_at.is_not(None), ReviewRevision.review_id.in_(submitted)
    )
    assert len(reviews) == 4  # three reviews, one with two revisions; not the draft
    assert len(answers) == db.scalar(
        select(func.count()).select_from(Answer).where(Answer.revision_id.in_(exported_revisions))
    )
    amended = reviews[reviews.review_id == str(dataset.amended.id)]
    assert list(amended.revision_number) == ["1", "2"]
    assert list(amended.status) == ["submitted", "submitted"]
    assert amended.amendment_reason.tolist()[1] == "Corrected the count of people supported"

    family = reviews[reviews.review_id == str(dataset.family_hub.id)].iloc[0]
    assert family.framework_version == "1.0.0"
    assert family.period_start == "2025-04-01"
    assert family.place_code == dataset.family_hub.service.place.code

    mine = answers[answers.review_id == str(dataset.family_hub.id)].set_index("item_id")
    assert mine.loc["relational", "value_level"] == "3"
    assert mine.loc["relational", "kind"] == "rubric"
    assert float(mine.loc["families_improved", "value_number"]) == 12
    assert float(mine.loc["weeks_to_help", "value_number"]) == 2.5
    assert mine.loc["partners", "value_choices"] == "nhs;vcse"
    assert mine.loc["relational_evidence", "value_text"] == (
        "People keep the same worker for a year."
    )
    money = answers[answers.review_id == str(dataset.amended.id)]
    counts = money[money.item_id == "people_supported"].value_number.astype(float).tolist()
    assert counts == [20, 25]


def test_two_exports_of_the_same_query_have_identical_data_files(
    db: Session, dataset: Dataset
) -> None:
    actor = inspector(db)
    _, first = run_export(db, actor, query(every_revision=True))
    _, second = run_export(db, actor, query(every_revision=True))
    first_files, second_files = unzip(first), unzip(second)

    assert set(first_files) == CSV_FILES | {"datapackage.json"}
    for name in CSV_FILES:
        assert first_files[name] == second_files[name], name
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    first_descriptor = json.loads(first_files["datapackage.json"])
    second_descriptor = json.loads(second_files["datapackage.json"])
    for package in (first_descriptor, second_descriptor):
        package.pop("created")
        package["provenance"].pop("generated_at")
    assert first_descriptor == second_descriptor


def test_the_descriptor_carries_schemas_keys_and_provenance(
    db: Session, dataset: Dataset, frameworks: dict[str, FrameworkVersion]
) -> None:
    _, data = run_export(db, inspector(db), query(versions=("1.0.0", "2.0.0")))
    files = unzip(data)
    package = json.loads(files["datapackage.json"])
    resources = {resource["name"]: resource for resource in package["resources"]}

    answers = resources["answers"]
    assert answers["schema"]["primaryKey"] == ["review_id", "revision_number", "item_id"]
    assert answers["schema"]["foreignKeys"] == [
        {
            "fields": ["review_id", "revision_number"],
            "reference": {"resource": "reviews", "fields": ["review_id", "revision_number"]},
        }
    ]
    assert answers["schema"]["missingValues"] == ["", "[c]", "[not shared]", "[redacted]"]
    types = {field["name"]: field["type"] for field in answers["schema"]["fields"]}
    assert types["value_number"] == "number"
    assert types["value_level"] == "integer"
    for name, resource in resources.items():
        content = files[f"{name}.csv"]
        assert resource["hash"] == f"sha256:{hashlib.sha256(content).hexdigest()}"
        assert resource["bytes"] == len(content)

    provenance = package["provenance"]
    assert provenance["query"]["framework"] == "public-service-reform"
    assert provenance["query"]["versions"] == ["1.0.0", "2.0.0"]
    assert provenance["query"]["statuses"] == ["submitted"]
    assert provenance["outcomes_version"] == __version__
    assert provenance["frameworks"] == [
        {
            "framework": "public-service-reform",
            "title": frameworks[version].framework.title,
            "version": version,
            "sha256": frameworks[version].sha256,
        }
        for version in ("1.0.0", "2.0.0")
    ]
    assert provenance["disclosure"]["rule"] == "small-counts-2"
    assert provenance["disclosure"]["threshold"] == 5
    assert provenance["row_counts"]["reviews"] == 3
    assert provenance["row_counts"]["answers"] == files["answers.csv"].count(b"\r\n") - 1
    assert provenance["files"]["answers.csv"]["sha256"] == (
        hashlib.sha256(files["answers.csv"]).hexdigest()
    )
    assert "single quote" in provenance["spreadsheet_safety"]


def test_the_items_table_is_the_data_dictionary_of_the_versions_used(
    db: Session, dataset: Dataset
) -> None:
    _, data = run_export(db, inspector(db), query())
    items = _frame(unzip(data), "items.csv")

    assert set(items.framework_version) == {"1.0.0", "2.0.0"}
    newer = items[items.framework_version == "2.0.0"].set_index("item_id")
    assert newer.loc["holistic", "replaces"] == "strengths_holistic"
    assert json.loads(newer.loc["holistic", "crosswalk"]) == {
        "strengths_holistic": {"1": 1, "2": 2, "3": 3, "4": 4}
    }
    assert newer.loc["holistic", "scale_levels"].startswith("1=Not yet started; 2=Emerging")
    assert newer.loc["holistic", "principle"] == "holistic"
    assert newer.loc["people_supported", "counts_people"] == "true"
    assert newer.loc["weeks_to_help", "counts_people"] == "false"
    assert newer.loc["story_of_change", "consent"] == "true"
    assert "nhs=NHS" in newer.loc["partners", "options"]


def test_a_local_extension_is_in_the_dictionary_and_the_answers(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    extension = get_version(db, "public-service-reform--e08000010", "1.0.0")
    review = create_review(
        db,
        version=frameworks["1.0.0"],
        service=create_service(db, place=get_place(db, "E08000010")),
        answers={"relational": 2},
    )
    review.extension_version = extension
    review.revisions[0].answers.append(
        Answer(item_id="e08000010.neighbourhood_working", value_level=3)
    )
    db.flush()
    _, data = run_export(db, inspector(db), query())
    files = unzip(data)

    row = _frame(files, "reviews.csv").iloc[0]
    assert (row.extension, row.extension_version) == (extension.framework.slug, "1.0.0")
    answers = _frame(files, "answers.csv").set_index("item_id")
    assert answers.loc["e08000010.neighbourhood_working", "kind"] == "rubric"
    assert answers.loc["e08000010.neighbourhood_working", "value_level"] == "3"
    items = _frame(files, "items.csv")
    local = items[items.framework == extension.framework.slug].set_index("item_id")
    # An extension's rubric uses the core version's scale.
    assert local.loc["e08000010.neighbourhood_working", "scale_levels"].startswith(
        "1=Not yet started"
    )
    provenance = json.loads(files["datapackage.json"])["provenance"]
    pinned = {(f["framework"], f["version"]): f["sha256"] for f in provenance["frameworks"]}
    assert pinned[(extension.framework.slug, "1.0.0")] == extension.sha256
