"""Finding 2: an XLSX of a few KB that claims the whole sheet (A1:XFD1048576) and holds
empty <row/> elements made the reader build 16,384 cells a row, and empty rows did not
count towards the limit. Reading now streams, with row and column bounds, and stops at the
first row or column past them; what a sheet claims counts too."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from factories import sign_in
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.errors import InvalidInput
from outcomes.imports.reading import MAX_COLUMNS, MAX_SHEET_ROWS, read_sheet
from outcomes.services.models import Service


def hostile_xlsx(empty_rows: int, dimension: str | None = "A1:XFD1048576") -> bytes:
    """A workbook with a header and one review, then ``empty_rows`` empty <row/> elements,
    its sheet claiming ``dimension`` (None: no claim at all)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Reviews"
    sheet.append(["service", "period_start", "period_end"])
    sheet.append(["Family hubs", "2025-04-01", "2025-06-30"])
    made = io.BytesIO()
    book.save(made)
    out = io.BytesIO()
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                replacement = f'<dimension ref="{dimension}"/>' if dimension else ""
                xml = re.sub(r"<dimension [^>]*/>", replacement, xml)
                xml = xml.replace("</sheetData>", "<row/>" * empty_rows + "</sheetData>")
                data = xml.encode()
            dest.writestr(member, data)
    return out.getvalue()


def test_a_claimed_dimension_is_refused_before_any_row_is_read() -> None:
    data = hostile_xlsx(1_500)
    assert len(data) < 20_000
    with pytest.raises(InvalidInput, match="spans 1,048,576 rows and 16,384 columns"):
        read_sheet("claims.xlsx", data)


def test_empty_rows_count_towards_the_limit() -> None:
    with pytest.raises(InvalidInput, match=f"more than {MAX_SHEET_ROWS:,} rows, counting blank"):
        read_sheet("blank.xlsx", hostile_xlsx(MAX_SHEET_ROWS, dimension=None))
    # a few blank rows at the end are normal, and read as nothing
    sheet = read_sheet("fine.xlsx", hostile_xlsx(20, dimension=None))
    assert [number for number, _ in sheet.rows] == [2]


def test_too_many_columns_are_refused_in_csv_too() -> None:
    wide = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\n" + "x\n"
    with pytest.raises(InvalidInput, match=f"more than {MAX_COLUMNS:,} columns"):
        read_sheet("wide.csv", wide.encode())
    blank = "service\nFamily hubs\n" + "\n" * MAX_SHEET_ROWS
    with pytest.raises(InvalidInput, match="counting blank"):
        read_sheet("blank.csv", blank.encode())


def test_a_zip_that_unzips_to_too_much_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (60 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(InvalidInput, match="more than 50 MB once opened"):
        read_sheet("bomb.xlsx", out.getvalue())


MEASURE = """
import json, resource, sys
from pathlib import Path
from outcomes.errors import InvalidInput
from outcomes.imports.reading import read_sheet
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_sheet("hostile.xlsx", data)
    outcome = "read"
except InvalidInput as error:
    outcome = str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"extra_kb": after - before, "outcome": outcome}))
"""


@pytest.mark.parametrize("dimension", ["A1:XFD1048576", None])
def test_peak_memory_stays_flat_whatever_the_file_claims(
    tmp_path: Path, dimension: str | None
) -> None:
    """Measured in a process of its own, so that nothing else the tests hold counts.
    Before the fix, 3,000 empty rows under A1:XFD1048576 took about 400 MB."""
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(hostile_xlsx(3_000, dimension))
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True
    )
    measured = json.loads(done.stdout)
    assert measured["outcome"] != "read"
    assert measured["extra_kb"] < 100 * 1024, measured  # ru_maxrss is in KB on Linux


def test_the_upload_page_says_what_is_wrong(
    client: FlaskClient, db: Session, manager: User, service: Service
) -> None:
    sign_in(client, manager)
    response = client.post(
        "/imports/",
        data={
            "place": "E08000010",
            "framework": "public-service-reform",
            "file": (io.BytesIO(hostile_xlsx(1_500)), "claims.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "spans 1,048,576 rows" in response.get_data(as_text=True)
