"""The parts of an XLSX workbook, written as text: the worksheets' rows and the few fixed
files around them (styles, relationships, document properties).

An export's workbook is plain: one typed value a cell, a bold header row, dates and
times as numbers with a date format. Writing that XML directly, a batch of rows at a
time, costs a fraction of a general spreadsheet library's per-cell work and holds no
more than one batch in memory. Text is always an inline string (``t="inlineStr"``), so
it is never read as a formula, a link or a number; nothing here makes a formula.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from outcomes.errors import InvalidInput

MAX_CELL_TEXT = 32_767

# Style indexes in STYLES' cellXfs.
BOLD = 1
DATE = 2
MOMENT = 3

# Excel counts days from 30 December 1899 (for every date after February 1900).
_EPOCH = date(1899, 12, 30).toordinal()
_SECONDS_A_DAY = 86_400

# What a text value cannot hold as it is: XML's own characters; characters XML 1.0
# forbids (control characters other than tab and line feed, the two non-characters) and a
# carriage return (an XML reader reads it as a line feed), which Excel writes as _xHHHH_
# and reads back; text that looks like that escape, which Excel writes as _x005F_xHHHH_
# so as to read it back as it was; lone surrogates, which UTF-8 cannot hold.
_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def column_letters(count: int) -> list[str]:
    """A, B, …, Z, AA, AB, …: the names of the first ``count`` columns."""
    letters = []
    for number in range(1, count + 1):
        name = ""
        while number:
            number, remainder = divmod(number - 1, 26)
            name = chr(65 + remainder) + name
        letters.append(name)
    return letters


def too_long() -> InvalidInput:
    """The refusal of a text longer than a cell holds."""
    return InvalidInput(
        f"A text value is longer than the {MAX_CELL_TEXT:,} characters an Excel cell "
        "can hold. Choose the CSV data package or Parquet format instead.",
        field="format",
    )


def text_xml(text: str) -> str:
    """``text`` as the content of an XML element, escaped as XML and as Excel does:
    Excel shows it back as it was (a lone surrogate, not text at all, is left out)."""
    if len(text) > MAX_CELL_TEXT:
        raise too_long()
    if _NEEDS_WORK.search(text) is None:
        return text
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", escape(text))
    text = _CONTROL.sub(lambda found: f"_x{ord(found.group()):04X}_", text)
    return _SURROGATE.sub("", text)


def _number_cell(reference: str, value: float) -> str:
    if math.isfinite(value):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    # A number a cell cannot hold (not a number, or infinite) is shown as Excel's error.
    return f'<c r="{reference}" t="e"><v>#NUM!</v></c>'


def _other_cell(reference: str, value: Any) -> str:
    """A cell for any value but text and whole numbers (the common ones, done inline)."""
    kind = value.__class__
    if kind is bool:
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if kind is float:
        return _number_cell(reference, value)
    if kind is datetime:
        days = value.toordinal() - _EPOCH
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        serial = days + (seconds + value.microsecond / 1e6) / _SECONDS_A_DAY
        return f'<c r="{reference}" s="{MOMENT}"><v>{serial!r}</v></c>'
    if kind is date:
        return f'<c r="{reference}" s="{DATE}"><v>{value.toordinal() - _EPOCH}</v></c>'
    if isinstance(value, int | float | Decimal):  # a subclass, or a database's decimal
        return _number_cell(reference, float(value))
    return _text_cell(reference, str(value))


def _text_cell(reference: str, value: str) -> str:
    return (
        f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">'
        f"{text_xml(value)}</t></is></c>"
    )


def rows_xml(rows: Iterable[Sequence[Any]], first: int, letters: Sequence[str]) -> str:
    """``rows`` as the ``<row>`` elements of a worksheet, the first numbered ``first``
    (1 is the top row). None and empty text leave the cell empty.

    This runs for every cell of a national export, so text and whole numbers, nearly all
    of the cells, are written here without a call of their own.
    """
    parts: list[str] = []
    append = parts.append
    number = first
    for row in rows:
        append(f'<row r="{number}">')
        for letter, value in zip(letters, row, strict=False):
            if value is None:
                continue
            kind = value.__class__
            if kind is str:
                if value:
                    if _NEEDS_WORK.search(value) is not None or len(value) > MAX_CELL_TEXT:
                        value = text_xml(value)
                    append(
                        f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">'
                        f"{value}</t></is></c>"
                    )
            elif kind is int:
                append(f'<c r="{letter}{number}"><v>{value}</v></c>')
            else:
                append(_other_cell(f"{letter}{number}", value))
        append("</row>")
        number += 1
    return "".join(parts)


def bold_row_xml(names: Sequence[str], letters: Sequence[str], number: int = 1) -> str:
    """A row of text in bold (a header row, by default the top one)."""
    cells = "".join(
        f'<c r="{letter}{number}" s="{BOLD}" t="inlineStr"><is><t xml:space="preserve">'
        f"{text_xml(name)}</t></is></c>"
        for letter, name in zip(letters, names, strict=False)
    )
    return f'<row r="{number}">{cells}</row>'


_NAMESPACES = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def sheet_start(
    rows: int,
    columns: int,
    *,
    frozen_header: bool,
    selected: bool,
    widths: Sequence[tuple[int, int, float]] = (),
) -> str:
    """A worksheet up to the start of its rows. ``rows`` (the header included) and
    ``columns`` give its dimension, which readers take as its size; ``widths`` sets
    column widths as (first, last, width), columns counted from 1."""
    last = column_letters(max(columns, 1))[-1]
    view = ' tabSelected="1"' if selected else ""
    pane = (
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/>'
        if frozen_header
        else ""
    )
    cols = "".join(
        f'<col min="{first}" max="{final}" width="{width}" customWidth="1"/>'
        for first, final, width in widths
    )
    return (
        f"{_DECLARATION}<worksheet {_NAMESPACES}>"
        f'<dimension ref="A1:{last}{max(rows, 1)}"/>'
        f'<sheetViews><sheetView workbookViewId="0"{view}>{pane}</sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>"
    )


SHEET_END = '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'  # noqa: E501


def _each_sheet(template: str, sheets: int) -> str:
    """``template`` once for each sheet, with its ``{number}`` (from 1)."""
    return "".join(template.format(number=number) for number in range(1, sheets + 1))


def content_types(sheets: int) -> str:
    main = "application/vnd.openxmlformats-officedocument"
    overrides = _each_sheet(
        '<Override PartName="/xl/worksheets/sheet{number}.xml" '
        f'ContentType="{main}.spreadsheetml.worksheet+xml"/>',
        sheets,
    )
    return (
        f"{_DECLARATION}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{main}.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/styles.xml" ContentType="{main}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{main}.extended-properties+xml"/>'
        "</Types>"
    )


_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

ROOT_RELATIONSHIPS = (
    f'{_DECLARATION}<Relationships xmlns="{_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_DOCUMENT}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOCUMENT}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)


def workbook_relationships(sheets: int) -> str:
    links = _each_sheet(
        f'<Relationship Id="rId{{number}}" Type="{_DOCUMENT}/worksheet" '
        'Target="worksheets/sheet{number}.xml"/>',
        sheets,
    )
    return (
        f'{_DECLARATION}<Relationships xmlns="{_RELATIONSHIPS}">{links}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_DOCUMENT}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


def workbook(names: Sequence[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId={quoteattr(str(number))} r:id="rId{number}"/>'
        for number, name in enumerate(names, 1)
    )
    return (
        f'{_DECLARATION}<workbook {_NAMESPACES}><bookViews><workbookView activeTab="0"/>'
        f"</bookViews><sheets>{sheets}</sheets></workbook>"
    )


# Fonts: the default, and bold. Cell formats: the default, bold, a date, a date and time.
STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def core_properties(title: str, created: datetime) -> str:
    """The document's title and when it was made (the export's time, not the zip's)."""
    moment = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text_xml(title)}</dc:title>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP_PROPERTIES = (
    f"{_DECLARATION}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Outcomes</Application></Properties>"
)
