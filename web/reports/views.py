"""The comparison report page, its downloads, and a place's context notes.

Who may read, what the asks show and who may add a note are decided in outcomes.reports;
this reads the parameters, calls it and renders or sends the file.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from outcomes.errors import InvalidInput, NotFound
from outcomes.frameworks.store import get_framework
from outcomes.places.operations import get_place
from outcomes.reports.access import require_note_author
from outcomes.reports.build import build_report
from outcomes.reports.files import (
    JSON_ASKS,
    csv_zip,
    record_download,
    report_json,
    section_xlsx,
    table_csv,
)
from outcomes.reports.notes import add_context_note
from outcomes.reports.result import (
    ALL_TABLES,
    SECTIONS,
    TABLE_TITLES,
    ComparisonReport,
    counted,
    section,
)
from outcomes.reports.spec import ReportSpec
from web import deadline
from web.database import get_session, recorded_apart
from web.extensions import disclosure_rule, sign_in_required
from web.reports import cache, charts, pages, summaries
from web.reports.forms import ERROR_FIELDS, NoteForm, ReportForm
from web.templating import render_block

bp = Blueprint("reports", __name__, url_prefix="/reports")
# "1 review", "1,204 reviews": the report's own rule for a count with its noun.
bp.add_app_template_filter(counted, "counted")

# Longer lists are left to the downloads, with a line saying so.
SHOWN_ROWS = 400
SHOWN_ASKS = 100


sign_in_required(bp)


def _report(form: ReportForm, asks: int | None) -> ComparisonReport | None:
    """The report the form asks for, reading the first ``asks`` asks (every one if None),
    or None with the problem put on the form."""
    if request.args and not form.validate():
        return None
    try:
        return build_report(
            get_session(), current_user, form.spec(), disclosure=disclosure_rule(), asks=asks
        )
    except (InvalidInput, NotFound) as error:
        field = getattr(error, "field", None)
        form.refuse(error, ERROR_FIELDS.get(field, field) if field else None)
        return None


def _form() -> ReportForm:
    form = ReportForm(formdata=request.args or None, meta={"csrf": False})
    form.offer(get_session(), current_user)
    return form


@bp.route("/")
def index() -> str | Response:
    form = _form()
    spec = _spec(form) if cache.applies() else None
    if spec is None:  # the form alone, a message to show once, or refused parameters
        return _page(form, _report(form, SHOWN_ASKS))
    key = cache.body_key(current_user, spec)
    etag = cache.page_etag(key)
    early = cache.not_modified(etag)
    if early is not None:
        return early
    body = cache.drawn(key, lambda: _body(form))
    if body is None:  # refused parameters: the page says why, and is not kept
        return _page(form, None)
    # The body is this app's own template's output, every value in it already escaped.
    page = render_template("reports/report_page.html", form=form, body=Markup(body))  # noqa: S704
    return cache.respond(etag, page)


def _spec(form: ReportForm) -> ReportSpec | None:
    """The report the form asks for, or None if it refuses the parameters (_report says
    why)."""
    if not form.validate():
        return None
    try:
        return form.spec()
    except (InvalidInput, NotFound):
        return None


def _body(form: ReportForm) -> str | None:
    """The report's body alone, without the page around it (web/reports/cache.py)."""
    report = _report(form, SHOWN_ASKS)
    if report is None:
        return None
    return render_block("reports/report.html", "main_content", **_context(form, report))


def _page(form: ReportForm, report: ComparisonReport | None) -> str:
    return render_template("reports/report.html", **_context(form, report))


def _context(form: ReportForm, report: ComparisonReport | None) -> dict[str, object]:
    context: dict[str, object] = {}
    if report is not None:
        context = _arranged(report)
    return {
        "form": form,
        "report": report,
        "sections": SECTIONS,
        "titles": TABLE_TITLES,
        # In one order, as the cache's key holds them.
        "query": urlencode(cache.ordered_arguments()),
        "shown_rows": SHOWN_ROWS,
        "shown_asks": SHOWN_ASKS,
        **context,
    }


def _arranged(report: ComparisonReport) -> dict[str, object]:
    """The report's charts, summaries and tables as the page shows them."""
    deadline.check()  # drawing takes seconds: not for a reader who has been told to wait
    items = report.context.items
    followed = report.context.focus_place
    code = followed[0] if followed else None
    return {
        "charts": {
            "principles": charts.heatmap(report),
            "over_time": charts.levels_over_time(
                report.over_time, list(items), "Levels over time, every place"
            ),
            "place_over_time": charts.levels_over_time(
                report.place_over_time,
                list(items),
                f"Levels over time, {followed[1]}" if followed else "",
            ),
            "barriers": charts.barriers(report),
            "barriers_over_time": charts.barriers_over_time(report),
        },
        "summaries": {
            "principles": summaries.principles(report),
            "over_time": summaries.over_time(report.over_time, items),
            "place_over_time": summaries.over_time(report.place_over_time, items),
            "barriers": summaries.barriers(report),
            "barriers_over_time": summaries.barriers_over_time(report),
        },
        "principle_groups": pages.principle_groups(report),
        "measure_groups": pages.measure_groups(report),
        "over_time_rows": pages.period_rows(report.over_time, items),
        "place_over_time_rows": pages.period_rows(report.place_over_time, items),
        "barrier_rows": pages.barrier_period_rows(report),
        "neighbours": pages.suggestions(
            report.neighbours, code, ["principle_title", "service_area_label", "median"]
        )
        if code
        else [],
        "barrier_neighbours": pages.suggestions(report.barrier_neighbours, code, ["barrier_title"])
        if code
        else [],
        "councils_without_services": report.coverage_places[report.coverage_places.services == 0],
        "coverage_places": report.coverage_places[report.coverage_places.services > 0],
        # Links to add a note go to the reader's own places; the rule is checked again
        # when a note is added.
        "may_note": {place.code for place in getattr(current_user, "places", [])},
    }


def _download(
    content: Callable[[ComparisonReport], bytes],
    *,
    kind: str,
    tables: tuple[str, ...],
    filename: str,
    mimetype: str,
    asks: int | None = None,
) -> Response:
    """``asks``: how many asks the file holds (every one if None)."""
    form = _form()
    report = _report(form, asks if "asks" in tables else 0)
    if report is None:
        # The parameters were refused: show why on the report page.
        return Response(_page(form, None), status=400)
    data = content(report)
    with recorded_apart() as session:
        record_download(session, current_user, report, kind=kind, tables=tables, content=data)
    stamp = report.context.generated_at.strftime("%Y%m%d-%H%M%S")
    stem, extension = filename.rsplit(".", 1)
    name = f"outcomes-report-{report.context.framework}-{stem}-{stamp}.{extension}"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/download/<table>.csv")
def table_file(table: str) -> Response:
    if table not in TABLE_TITLES:
        abort(404)
    return _download(
        lambda report: table_csv(report, table),
        kind="csv",
        tables=(table,),
        filename=f"{table}.csv",
        mimetype="text/csv",
    )


@bp.route("/download/section/<slug>.xlsx")
def section_file(slug: str) -> Response:
    try:
        part = section(slug)
    except KeyError:
        abort(404)
    return _download(
        lambda report: section_xlsx(report, slug),
        kind="xlsx",
        tables=part.tables,
        filename=f"{slug}.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/download/report.json")
def json_file() -> Response:
    return _download(
        report_json,
        kind="json",
        tables=ALL_TABLES,
        filename="report.json",
        mimetype="application/json",
        asks=JSON_ASKS,
    )


@bp.route("/download/report.zip")
def zip_file() -> Response:
    return _download(
        csv_zip, kind="zip", tables=ALL_TABLES, filename="tables.zip", mimetype="application/zip"
    )


@bp.route("/notes/<framework>/<code>", methods=["GET", "POST"])
def new_note(framework: str, code: str) -> str | Response:
    session = get_session()
    found = get_framework(session, framework)
    place = get_place(session, code)
    # Refuse before anyone types a note that could not be kept.
    require_note_author(current_user, place)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            add_context_note(
                session, current_user, place=place, framework=found, body=form.body.data
            )
        except InvalidInput as error:
            form.refuse(error)
        else:
            flash(f"Your note is now shown next to {place.name} in reports.", "success")
            return redirect(url_for("reports.index", framework=found.slug, focus_place=place.code))
    return render_template("reports/note.html", form=form, place=place, framework=found)
