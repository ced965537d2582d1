"""Importing reviews from a spreadsheet: download a template, upload it filled in."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user
from wtforms import SelectChoice

from outcomes.errors import InvalidInput, NotFound
from outcomes.frameworks.store import get_framework
from outcomes.imports.importing import ImportRejected, import_reviews, pinned_for
from outcomes.imports.template import guide_csv, template_csv, template_xlsx
from outcomes.places.identity import dated_name, with_former
from outcomes.places.models import Place
from outcomes.reviews.filing import frameworks_to_file
from web.database import get_session
from web.extensions import sign_in_required
from web.imports.forms import ImportForm

bp = Blueprint("imports", __name__, url_prefix="/imports")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


sign_in_required(bp)


def _form() -> ImportForm:
    form = ImportForm()
    form.place.choices = [
        SelectChoice(p.code, dated_name(p)) for p in with_former(current_user.places)
    ]
    form.framework.choices = [
        SelectChoice(f.slug, f.title) for f in frameworks_to_file(get_session())
    ]
    if len(form.place.choices) == 1 and not form.place.data:
        form.place.data = form.place.choices[0].value
    if len(form.framework.choices) == 1 and not form.framework.data:
        form.framework.data = form.framework.choices[0].value
    return form


def _own_place(code: str) -> Place:
    place = next((p for p in with_former(current_user.places) if p.code == code), None)
    if place is None:
        raise NotFound("Choose one of the places you work for.")
    return place


@bp.route("/", methods=["GET", "POST"])
def index() -> str:
    form = _form()
    problems = []
    if form.validate_on_submit():
        session = get_session()
        upload = form.file.data
        try:
            reviews = import_reviews(
                session,
                current_user,
                _own_place(form.place.data),
                get_framework(session, form.framework.data),
                upload.filename or "upload",
                upload.read(),
            )
        except ImportRejected as rejected:
            problems = rejected.problems
            form.refuse(rejected, "file")
        except InvalidInput as error:
            form.refuse(error, "file")
        else:
            return render_template("imports/imported.html", reviews=reviews)
    return render_template("imports/index.html", form=form, problems=problems)


@bp.route("/template.<kind>")
def template(kind: str) -> Response:
    session = get_session()
    framework = get_framework(session, request.args.get("framework", ""))
    place = _own_place(request.args.get("place", ""))
    definition = pinned_for(session, framework, place)
    name = f"{framework.slug}-{definition.core.version}-{place.code.lower()}"
    if kind == "xlsx":
        return _download(template_xlsx(definition), XLSX, f"{name}-template.xlsx")
    if kind == "csv":
        return _download(template_csv(definition), "text/csv", f"{name}-template.csv")
    if kind == "columns.csv":
        return _download(guide_csv(definition), "text/csv", f"{name}-columns.csv")
    raise NotFound("There is no such template.")


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
