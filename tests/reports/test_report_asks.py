"""The asks: the page reads only those it shows and counts the rest in SQL; the CSV and
XLSX downloads hold every ask the reader may read; JSON holds the first of them with
their count, or every one when asked; consent-withheld asks stay out of all of them."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from factories import sign_in
from flask.testing import FlaskClient
from report_data import SKEWED, Dataset
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import outcomes.reports.files
import web.reports.views
from outcomes.reports.build import build_report
from outcomes.reports.files import JSON_ASKS, report_json
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.models import ConsentScope
from outcomes.scope import ReviewScope

REPORT = f"/reports/?framework={SKEWED}"
SECRET = "Only for regulators, from Camden"


@pytest.fixture
def asks_statements() -> Iterator[list[str]]:
    """The SQL of every statement that reads the asks' text, as sent."""
    seen: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if re.search(r"SELECT .*barrier_citation\.ask\b.*FROM", statement, re.S):
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", listen)
    yield seen
    event.remove(Engine, "before_cursor_execute", listen)


@pytest.fixture
def few_shown(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(web.reports.views, "SHOWN_ASKS", 2)
    return 2


def _withhold_one(dataset: Dataset, db: Session) -> None:
    citations = [
        c for r in dataset.reviews if r.current_revision for c in r.current_revision.citations
    ]
    camden = next(c for c in citations if c.revision.review.service.place.code == "E09000007")
    camden.ask, camden.consent_scope = SECRET, ConsentScope.REGULATORS
    db.flush()


def _caption_count(html: str) -> int:
    found = re.search(r"([\d,]+) asks, the latest periods first", html)
    assert found is not None
    return int(found.group(1).replace(",", ""))


def _zip_asks(client: FlaskClient) -> pd.DataFrame:
    data = client.get("/reports/download/report.zip?framework=" + SKEWED).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = archive.read("barriers--asks.csv")
    return pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)


def test_the_page_reads_only_the_asks_it_shows_and_counts_them_all(
    client: FlaskClient,
    dataset: Dataset,
    few_shown: int,
    asks_statements: list[str],
) -> None:
    sign_in(client, dataset.regulator)
    html = client.get(REPORT).get_data(as_text=True)
    # One statement reads the asks' text, and it asks the database for no more than shown.
    assert len(asks_statements) == 1
    assert re.search(r"\bLIMIT\b", asks_statements[0])
    total = _caption_count(html)
    assert total > few_shown
    assert f"{few_shown} are shown here, download the table for all of them" in html
    assert html.count("Read the review<span") == few_shown
    # The count is every row of the full download, in the same order as the page.
    asks = _zip_asks(client)
    assert len(asks) == total
    shown = re.findall(r'href="/reviews/(\d+)">Read the review', html)
    assert shown == list(asks.review_id[:few_shown])


def test_the_asks_table_and_workbook_hold_every_ask(
    client: FlaskClient, dataset: Dataset, db: Session, few_shown: int
) -> None:
    sign_in(client, dataset.regulator)
    every = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    assert every.asks_complete and every.asks_total == len(every.asks) > few_shown
    table = client.get(f"/reports/download/asks.csv?framework={SKEWED}").data
    assert len(pd.read_csv(io.BytesIO(table), dtype=str)) == every.asks_total
    book = client.get(f"/reports/download/section/barriers.xlsx?framework={SKEWED}").data
    sheet = pd.read_excel(io.BytesIO(book), sheet_name="asks", dtype=str)
    assert len(sheet) == every.asks_total


def test_consent_withheld_asks_stay_withheld_and_uncounted(
    client: FlaskClient, dataset: Dataset, db: Session, few_shown: int
) -> None:
    _withhold_one(dataset, db)
    sign_in(client, dataset.regulator)
    regulators = _caption_count(client.get(REPORT).get_data(as_text=True))
    assert SECRET in set(_zip_asks(client).ask)
    client.post("/sign-out")
    sign_in(client, dataset.manager)
    html = client.get(REPORT).get_data(as_text=True)
    assert SECRET not in html
    assert _caption_count(html) < regulators
    asks = _zip_asks(client)
    assert SECRET not in set(asks.ask)
    assert len(asks) == _caption_count(html)
    document = client.get(f"/reports/download/report.json?framework={SKEWED}").data
    assert SECRET not in document.decode()
    limited = build_report(db, dataset.manager, ReportSpec(ReviewScope(SKEWED)), asks=1)
    assert limited.asks_total == len(asks)
    assert SECRET not in set(limited.asks.ask)


def _json_asks(document: bytes) -> dict[str, Any]:
    sections = json.loads(document)["sections"]
    table: dict[str, Any] = next(s for s in sections if s["section"] == "barriers")["tables"][
        "asks"
    ]
    return table


def test_the_json_holds_the_first_asks_with_their_count_or_every_one(
    dataset: Dataset, db: Session
) -> None:
    spec = ReportSpec(ReviewScope(SKEWED))
    every = build_report(db, dataset.regulator, spec)
    first = build_report(db, dataset.regulator, spec, asks=2)
    assert first.asks_total == every.asks_total > 2
    limited = _json_asks(report_json(first))
    assert limited["total"] == every.asks_total
    assert limited["complete"] is False
    assert len(limited["rows"]) == 2
    assert f"The first 2 of {every.asks_total:,} asks" in limited["note"]
    assert "asks table of the report's CSV zip and XLSX downloads" in limited["note"]
    whole = _json_asks(report_json(every))
    assert whole["complete"] is True and len(whole["rows"]) == whole["total"]
    # The same asks, in the same order: the limited JSON is the head of the whole one.
    assert limited["rows"] == whole["rows"][:2]
    # Other tables carry their rows only.
    assert set(json.loads(report_json(every))["sections"][0]["tables"]["principles"]) == {
        "title",
        "rows",
    }


def test_the_page_json_download_holds_the_first_asks(
    client: FlaskClient, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web.reports.views, "JSON_ASKS", 3)
    assert outcomes.reports.files.JSON_ASKS == JSON_ASKS
    sign_in(client, dataset.regulator)
    table = _json_asks(client.get(f"/reports/download/report.json?framework={SKEWED}").data)
    assert len(table["rows"]) == 3 < table["total"]
    assert table["complete"] is False


def test_the_asks_come_latest_period_first(dataset: Dataset, db: Session) -> None:
    """The page, the caption and the JSON say "the latest periods first": the order the
    query reads them in, so that the first asks shown are the latest."""
    every = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    starts = list(every.asks.period_start)
    assert len(set(starts)) > 1
    assert starts == sorted(starts, reverse=True)
    first = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)), asks=1)
    assert first.asks.period_start.iloc[0] == max(starts)
