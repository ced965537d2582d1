"""Frameworks for everyone to read; uploading a new version for administrators."""

from __future__ import annotations

from collections import defaultdict
from typing import get_args

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from outcomes.accounts.access import require_role
from outcomes.accounts.models import Role
from outcomes.errors import InvalidInput
from outcomes.frameworks import FrameworkDefinition, FrameworkDefinitionError, compare
from outcomes.frameworks.changes import ASPECTS
from outcomes.frameworks.definition import Status
from outcomes.frameworks.store import (
    as_definition,
    get_framework,
    get_version,
    list_frameworks,
    load_upload,
    versions_with_status,
)
from web.database import get_session
from web.extensions import sign_in_required
from web.frameworks.forms import UploadForm

bp = Blueprint("frameworks", __name__, url_prefix="/frameworks")

VERSION_STATUSES = get_args(Status)

SECTION_TITLES = {
    "learning": "The learning cycle",
    "story": "Story of change",
    "measures": "Outcome measures",
    "barriers": "National barriers",
    "context": "About the service",
}


sign_in_required(bp)


@bp.route("/")
def index() -> str:
    status = request.args.get("status") or None
    if status is not None and status not in VERSION_STATUSES:
        raise InvalidInput("Choose draft, published or retired versions")
    return render_template(
        "frameworks/index.html",
        frameworks=list_frameworks(get_session()),
        status=status,
        versions=versions_with_status(get_session(), status) if status else [],
    )


@bp.route("/<slug>/<version>")
def version(slug: str, version: str) -> str:
    row = get_version(get_session(), slug, version)
    definition = as_definition(row)
    core = as_definition(row.extends_version) if row.extends_version else definition
    return render_template(
        "frameworks/version.html",
        row=row,
        definition=definition,
        core=core,
        principles=_by_principle(definition, core),
        sections=_other_sections(definition),
        section_titles=SECTION_TITLES,
    )


def _by_principle(definition: FrameworkDefinition, core: FrameworkDefinition) -> list[dict]:
    """Each principle with its items, as a reader meets them: the rubric, then evidence."""
    items = defaultdict(list)
    for item in definition.items:
        if item.section == "principle" and item.principle:
            items[item.principle].append(item)
    return [{"principle": p, "items": items[p.id]} for p in core.principles if items[p.id]]


def _other_sections(definition: FrameworkDefinition) -> list[tuple[str, list]]:
    grouped = defaultdict(list)
    for item in definition.items:
        if item.section != "principle":
            grouped[item.section].append(item)
    return [(section, grouped[section]) for section in SECTION_TITLES if grouped[section]]


@bp.route("/<slug>/diff")
def diff(slug: str) -> str:
    session = get_session()
    framework = get_framework(session, slug)
    versions = [v.version for v in framework.versions]
    old = request.args.get("from") or (versions[0] if versions else "")
    new = request.args.get("to") or (versions[-1] if versions else "")
    result = compare(
        as_definition(get_version(session, slug, old)),
        as_definition(get_version(session, slug, new)),
    )
    return render_template(
        "frameworks/diff.html",
        framework=framework,
        old=old,
        new=new,
        diff=result,
        aspects=ASPECTS,
        from_items=[{"value": v, "text": v, "selected": v == old} for v in versions],
        to_items=[{"value": v, "text": v, "selected": v == new} for v in versions],
    )


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> str | Response:
    require_role(current_user, Role.ADMIN, action="load framework versions")
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.definition.data
        try:
            text = upload.read(256 * 1024 + 1).decode("utf-8")
            report = load_upload(get_session(), current_user, text, upload.filename or "upload")
        except UnicodeDecodeError:
            form.fail("The selected file must be UTF-8 text", "definition")
        except (FrameworkDefinitionError, InvalidInput) as error:
            get_session().rollback()
            problems = str(error).splitlines()
            count = len(problems)
            form.fail(
                f"The file has {count} problem{'s' if count != 1 else ''}. "
                "Fix {what} and upload it again.".format(what="it" if count == 1 else "them"),
                "definition",
            )
        else:
            if report.unchanged:
                flash(
                    f"{', '.join(report.unchanged)} is already loaded with this content.", "success"
                )
            else:
                flash(f"Loaded {', '.join(report.created + report.replaced_drafts)}.", "success")
            return redirect(url_for("frameworks.index"))
    return render_template("frameworks/upload.html", form=form, problems=problems)
