"""The export page (count, then download) and the export log.

The rules (who may export, what they may see, what is recorded) live in
outcomes.exports; this only reads the form, calls it and streams the file.
"""

from __future__ import annotations

import tempfile

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from outcomes.accounts.access import has_role, require_role
from outcomes.errors import InvalidInput, NotFound
from outcomes.exports.operations import (
    EXPORTERS,
    LOG_READERS,
    ExportPreview,
    export_dataset,
    export_filename,
    get_export,
    list_exports,
    preview_export,
    tables_for,
)
from web.database import get_session, one_snapshot
from web.downloads import stream_file
from web.exports.forms import ERROR_FIELDS, ExportForm, describe_filters
from web.extensions import disclosure_rule, sign_in_required

bp = Blueprint("exports", __name__, url_prefix="/exports")


sign_in_required(bp)


def _form() -> ExportForm:
    # Read from the query string, for the count and the download alike.
    form = ExportForm(formdata=request.args or None, meta={"csrf": False})
    form.offer(get_session(), current_user)
    return form


def _fail(form: ExportForm, error: InvalidInput | NotFound) -> None:
    field = getattr(error, "field", None) or ("framework" if isinstance(error, NotFound) else None)
    form.refuse(error, ERROR_FIELDS.get(field, field) if field else None)


def _page(form: ExportForm, preview: ExportPreview | None = None) -> str:
    return render_template(
        "exports/new.html",
        form=form,
        preview=preview,
        query_string=request.query_string.decode(),
        titles={table.name: table.title for table in tables_for(include_feedback=True)},
        rule_description=disclosure_rule().describe(),
        can_read_log=has_role(current_user, *LOG_READERS),
    )


@bp.route("/")
@one_snapshot
def new() -> str:
    require_role(current_user, *EXPORTERS, action="export datasets")
    form = _form()
    preview = None
    if request.args and form.validate():
        try:
            preview = preview_export(
                get_session(), current_user, form.query(), rule=disclosure_rule()
            )
        except (InvalidInput, NotFound) as error:
            _fail(form, error)
    return _page(form, preview)


@bp.route("/download", methods=["POST"])
@one_snapshot
def download() -> str | Response:
    require_role(current_user, *EXPORTERS, action="export datasets")  # before the form
    form = _form()
    if not (request.args and form.validate()):
        return _page(form)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stream_file, once sent)
    try:
        query = form.query()
        # Written whole before the response starts: the export log records the file's
        # checksum and size, and the request's one commit comes before streaming.
        record = export_dataset(
            get_session(), current_user, query, form.export_format, file, rule=disclosure_rule()
        )
    except (InvalidInput, NotFound) as error:
        file.close()
        _fail(form, error)
        return _page(form)
    except BaseException:
        file.close()
        raise
    return stream_file(
        file,
        mimetype=form.export_format.media_type,
        filename=export_filename(record, query),
        size=record.size_bytes,
    )


@bp.route("/log")
def log() -> str:
    return render_template("exports/log.html", exports=list_exports(get_session(), current_user))


@bp.route("/log/<int:export_id>")
def logged(export_id: int) -> str:
    export = get_export(get_session(), current_user, export_id)
    return render_template(
        "exports/logged.html", export=export, filters=describe_filters(export.filters)
    )
