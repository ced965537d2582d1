"""Report files: CSV per table (and all of them in a zip), XLSX workbooks, JSON; the
export log; and no rank, position or composite score anywhere."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

import openpyxl
import pandas as pd
import pytest
from report_data import LEAGUE_WORDS, SKEWED, Dataset
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.audit.models import AuditEvent
from outcomes.reports.build import build_report
from outcomes.reports.files import (
    csv_zip,
    record_download,
    report_json,
    section_xlsx,
    table_csv,
)
from outcomes.reports.result import SECTIONS, TABLE_TITLES, ComparisonReport
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.models import ConsentScope
from outcomes.scope import ReviewScope


@pytest.fixture
def report(dataset: Dataset, db: Session) -> ComparisonReport:
    return build_report(
        db, dataset.regulator, ReportSpec(ReviewScope(SKEWED), focus_place="E08000010")
    )


def _read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def test_each_table_is_a_csv_with_withheld_counts_labelled(report: ComparisonReport) -> None:
    for name in TABLE_TITLES:
        frame = _read_csv(table_csv(report, name))
        assert list(frame.columns) == list(report.table(name).columns)
        assert len(frame) == len(report.table(name))
    measures = _read_csv(table_csv(report, "measures"))
    withheld = measures.withheld.astype(int)
    assert withheld.sum() == report.context.suppressed > 0
    nothing_shown = measures[withheld == measures.answers.astype(int)]
    assert set(nothing_shown.total) <= {"[c]"}
    assert "[c]" not in set(measures[withheld < measures.answers.astype(int)].total)


def test_the_zip_holds_every_table_and_what_is_needed_to_read_them(
    report: ComparisonReport,
) -> None:
    with zipfile.ZipFile(io.BytesIO(csv_zip(report))) as archive:
        names = archive.namelist()
        about = _read_csv(archive.read("about.csv"))
    assert names == ["about.csv"] + [
        f"{part.slug}--{name}.csv" for part in SECTIONS for name in part.tables
    ]
    text = " ".join(about.text)
    assert "rule small-counts-2, threshold 5" in text
    assert "mapped to strengths_based through the declared crosswalk" in text


def test_a_section_workbook_has_an_about_sheet_and_a_sheet_per_table(
    report: ComparisonReport,
) -> None:
    data = section_xlsx(report, "principles")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        workbook_xml = book.read("xl/workbook.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert re.findall(r'<sheet name="([^"]+)"', workbook_xml) == ["About", "principles", "measures"]
    assert "[c]" in strings
    assert "<f>" not in strings


def test_formula_like_text_is_kept_as_text(dataset: Dataset, db: Session) -> None:
    citation = next(
        c for r in dataset.reviews if r.current_revision for c in r.current_revision.citations
    )
    citation.ask = '=HYPERLINK("http://example.com")'
    citation.consent_scope = ConsentScope.PUBLIC
    db.flush()
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    asks = _read_csv(table_csv(report, "asks"))
    assert '\'=HYPERLINK("http://example.com")' in set(asks.ask)
    sections = json.loads(report_json(report))["sections"]
    rows = next(s for s in sections if s["section"] == "barriers")["tables"]["asks"]["rows"]
    assert '=HYPERLINK("http://example.com")' in {row["ask"] for row in rows}


def test_the_json_holds_every_section_and_the_context(report: ComparisonReport) -> None:
    data = json.loads(report_json(report))
    assert [s["section"] for s in data["sections"]] == [part.slug for part in SECTIONS]
    context = data["context"]
    assert context["disclosure"]["rule"] == "small-counts-2"
    assert context["version"] == "2.0.0"
    assert [v["version"] for v in context["versions_used"]] == ["1.0.0", "1.1.0", "2.0.0"]
    measures = data["sections"][0]["tables"]["measures"]["rows"]
    assert {row["total"] for row in measures if row["withheld"] == row["answers"]} <= {"[c]"}


def test_no_file_ranks_places_or_combines_principles(report: ComparisonReport) -> None:
    for name in TABLE_TITLES:
        for column in report.table(name).columns:
            assert not LEAGUE_WORDS.search(column.replace("_", " ")), column
    texts = [report_json(report).decode(), *(table_csv(report, n).decode() for n in TABLE_TITLES)]
    with zipfile.ZipFile(io.BytesIO(csv_zip(report))) as archive:
        texts += [archive.read(name).decode() for name in archive.namelist()]
    for text in texts:
        assert not LEAGUE_WORDS.search(text), LEAGUE_WORDS.search(text)
    # Places come in region and name order, not in the order of any figure.
    places = report.principles.drop_duplicates("place_code")
    assert list(zip(places.region, places.place, strict=True)) == sorted(
        zip(places.region, places.place, strict=True)
    )


def test_downloads_are_recorded_in_the_audit_trail(
    report: ComparisonReport, dataset: Dataset, db: Session
) -> None:
    content = section_xlsx(report, "barriers")
    record_download(
        db,
        dataset.regulator,
        report,
        kind="xlsx",
        tables=("barriers", "barriers_over_time", "asks"),
        content=content,
    )
    db.flush()
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "report.download"))
    assert event is not None
    assert event.actor_id == dataset.regulator.id
    assert event.subject_id == SKEWED
    assert event.after is not None
    assert event.after["row_counts"]["asks"] == len(report.asks)
    assert event.after["sha256"] == hashlib.sha256(content).hexdigest()
    assert event.after["parameters"]["focus_place"] == "E08000010"


PEOPLE = {"people_supported", "families_improved"}


def test_totals_of_counts_of_people_are_whole_numbers_in_every_file(
    report: ComparisonReport,
) -> None:
    measures = _read_csv(table_csv(report, "measures"))
    people = measures[measures.measure.isin(PEOPLE)]
    shown = [total for total in people.total if total not in {"", "[c]"}]
    assert shown and all(re.fullmatch(r"\d+", total) for total in shown), shown

    rows = json.loads(report_json(report))["sections"][0]["tables"]["measures"]["rows"]
    totals = [row["total"] for row in rows if row["measure"] in PEOPLE]
    assert all(isinstance(t, int) or t in {None, "[c]"} for t in totals), totals

    book = openpyxl.load_workbook(io.BytesIO(section_xlsx(report, "principles")))
    sheet = book["measures"]
    header = [cell.value for cell in sheet[1]]
    at = {name: header.index(name) for name in ("measure", "total")}
    cells = [
        row[at["total"]]
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[at["measure"]] in PEOPLE
    ]
    assert all(isinstance(c, int) or c in {None, "[c]"} for c in cells), cells
