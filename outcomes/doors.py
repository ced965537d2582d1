"""Who may come through each door of the app, written down once.

A door is a page, a download or an API operation, named by the endpoint the web layer
gives it ("reviews.amend", "api.create_review"). Each door's rule is one of the rules the
services already enforce (outcomes.reviews.access, outcomes.reports.access, the roles of
outcomes.exports.operations, ...), so this table restates no rule of its own: it says
which rule stands behind which door. tests/security/test_route_access.py walks every
route of the app and every API operation as each role and as a signed-out visitor and
checks each answer against this table; a route missing from it fails that test, so no new
route ships without someone deciding who may use it.

A rule is asked with the actor (None when signed out) and the subjects of the request:
the review, and the place, that the address names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from outcomes.accounts.access import Actor, acts_for_place
from outcomes.accounts.models import Role, User
from outcomes.errors import PermissionDenied
from outcomes.exports.operations import EXPORTERS, LOG_READERS
from outcomes.national.access import ANSWERERS, NATIONAL_READERS
from outcomes.places.models import Place
from outcomes.reports.access import require_reader
from outcomes.reviews.access import Action, has_draft, may
from outcomes.reviews.models import Review


@dataclass(frozen=True)
class Subjects:
    """What an address names, for the rules that depend on it."""

    review: Review | None = None
    place: Place | None = None


@dataclass(frozen=True)
class Rule:
    """Who may pass, in words for people and as a question for the tests."""

    says: str
    allows: Callable[[Actor | None, Subjects], bool]

    def __call__(self, actor: Actor | None, subjects: Subjects) -> bool:
        return self.allows(actor, subjects)


ANYONE = Rule("anyone, signed in or not", lambda actor, _: True)
SIGNED_IN = Rule("anyone signed in", lambda actor, _: actor is not None)


def roles(*allowed: Role) -> Rule:
    names = ", ".join(role.label.lower() + "s" for role in allowed)
    return Rule(names, lambda actor, _: actor is not None and actor.role in allowed)


def _reads_reports(actor: Actor | None, _: Subjects) -> bool:
    if actor is None:
        return False
    try:
        require_reader(actor)
    except PermissionDenied:
        return False
    return True


REPORT_READERS = Rule("people who may read comparison reports", _reads_reports)
EXPORTS = roles(*EXPORTERS)
EXPORT_LOG = roles(*LOG_READERS)
ADMINS = roles(Role.ADMIN)
NATIONAL_ASK_READERS = roles(*NATIONAL_READERS)
RESPONDERS = roles(*ANSWERERS)


def review(action: Action) -> Rule:
    """The review rule for ``action`` (outcomes.reviews.access), on the named review."""

    def allows(actor: Actor | None, subjects: Subjects) -> bool:
        assert subjects.review is not None, "this door needs a review"
        return actor is not None and may(action, actor, subjects.review)

    return Rule(f"people the review rule '{action.value}' allows", allows)


def _draft_or_review(actor: Actor | None, subjects: Subjects) -> bool:
    assert subjects.review is not None, "this door needs a review"
    action = Action.READ_DRAFT if has_draft(subjects.review) else Action.READ
    return actor is not None and may(action, actor, subjects.review)


DRAFT_OR_REVIEW = Rule(
    "people who may read the review's draft, or the review when it has none", _draft_or_review
)


def _for_place(actor: Actor | None, subjects: Subjects) -> bool:
    assert subjects.place is not None, "this door needs a place"
    return actor is not None and acts_for_place(actor, subjects.place)


def _place_member(actor: Actor | None, subjects: Subjects) -> bool:
    """A person signed in for the place (a context note is the place's own reply)."""
    return isinstance(actor, User) and _for_place(actor, subjects)


FOR_PLACE = Rule("administrators, and service managers of the named place", _for_place)
PLACE_MEMBERS = Rule("people signed in who act for the named place", _place_member)
OWN_PLACE_MANAGERS = Rule(
    "service managers of the named place",
    lambda actor, subjects: (
        actor is not None and actor.role is Role.SERVICE_MANAGER and _for_place(actor, subjects)
    ),
)

# Every endpoint of the app. Pages that offer each person only what is theirs (the
# review list, starting a review, importing) are open to everyone signed in: the
# services behind them check each thing offered.
DOORS: dict[str, Rule] = {
    # Open
    "home.index": ANYONE,
    "auth.sign_in": ANYONE,
    "auth.sign_out": ANYONE,
    "health.healthz": ANYONE,
    "about.accessibility": ANYONE,
    "about.cookies": ANYONE,
    "about.privacy": ANYONE,
    "assets": ANYONE,
    "frontend_bundle": ANYONE,
    "static": ANYONE,
    "api.openapi": ANYONE,
    "api.docs": ANYONE,
    # One's own account
    "auth.account": SIGNED_IN,
    "auth.create_api_token": SIGNED_IN,
    "auth.revoke_api_token": SIGNED_IN,
    "auth.notifications": SIGNED_IN,
    # Administration
    "admin.users": ADMINS,
    "admin.deactivate": ADMINS,
    "admin.new_user": ADMINS,
    "frameworks.upload": ADMINS,
    # Reading what everyone signed in may read
    "frameworks.index": SIGNED_IN,
    "frameworks.version": SIGNED_IN,
    "frameworks.diff": SIGNED_IN,
    "places.search": SIGNED_IN,
    "places.place": SIGNED_IN,
    "search.index": SIGNED_IN,
    "places.new_service": FOR_PLACE,
    # Reviews
    "reviews.index": SIGNED_IN,
    "reviews.start": SIGNED_IN,
    "reviews.review": review(Action.READ),
    "reviews.revision": review(Action.READ),
    "reviews.submitted": review(Action.READ),
    "reviews.tasks": DRAFT_OR_REVIEW,
    "reviews.section": review(Action.EDIT),
    "reviews.check": review(Action.SUBMIT),
    "reviews.amend": review(Action.AMEND),
    "reviews.cancel": review(Action.EDIT),
    "reviews.feedback": review(Action.GIVE_FEEDBACK),
    "reviews.reply_to": review(Action.REPLY),
    "reviews.acknowledge_revision": review(Action.ACKNOWLEDGE),
    # Import
    "imports.index": SIGNED_IN,
    "imports.template": OWN_PLACE_MANAGERS,
    # Reports
    "reports.index": REPORT_READERS,
    "reports.table_file": REPORT_READERS,
    "reports.json_file": REPORT_READERS,
    "reports.zip_file": REPORT_READERS,
    "reports.section_file": REPORT_READERS,
    "reports.new_note": PLACE_MEMBERS,
    # Exports
    "exports.new": EXPORTS,
    "exports.download": EXPORTS,
    "exports.log": EXPORT_LOG,
    "exports.logged": EXPORT_LOG,
    # The API: a bearer token stands for its person; the same rules as the pages.
    "api.frameworks": SIGNED_IN,
    "api.framework": SIGNED_IN,
    "api.framework_version": SIGNED_IN,
    "api.places": SIGNED_IN,
    "api.place": SIGNED_IN,
    "api.services": SIGNED_IN,
    "api.service": SIGNED_IN,
    "api.reviews": SIGNED_IN,
    "api.review": review(Action.READ),
    "api.create_review": OWN_PLACE_MANAGERS,
    "api.update_review": review(Action.EDIT),
    "api.submit_review": review(Action.SUBMIT),
    "api.feedback": review(Action.READ_FEEDBACK),
    "api.add_feedback": review(Action.GIVE_FEEDBACK),
    "api.report": REPORT_READERS,
    "api.export": EXPORTS,
    # National asks: read by regulators, inspection panels, responders and administrators;
    # answered by the responders of the bodies asked; open to everyone on the public page.
    "national.asks": NATIONAL_ASK_READERS,
    "national.ask": NATIONAL_ASK_READERS,
    "national.respond": RESPONDERS,
    "national.public": ANYONE,
    "national.bodies": ADMINS,
    "national.body": ADMINS,
    "api.list_national_asks": NATIONAL_ASK_READERS,
    "api.national_ask": NATIONAL_ASK_READERS,
    "api.national_responses": NATIONAL_ASK_READERS,
    "api.add_national_response": RESPONDERS,
}
