"""Who reads reports, who answers in them, and asks filtered by consent in SQL."""

from __future__ import annotations

import pytest
from factories import create_review, create_service, create_user
from report_data import SKEWED, Dataset
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.audit.models import AuditEvent
from outcomes.consent import may_read, readable
from outcomes.errors import InvalidInput, PermissionDenied
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import get_framework
from outcomes.places.operations import get_place
from outcomes.reports.access import require_reader
from outcomes.reports.build import build_report
from outcomes.reports.notes import MAX_LENGTH, add_context_note
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.models import BarrierCitation, ConsentScope, Review, ReviewRevision
from outcomes.scope import ReviewScope
from outcomes.services.models import Service


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.NATIONAL_RESPONDER])
def test_every_role_reads_reports(db: Session, role: Role) -> None:
    require_reader(create_user(db, role=role))


def test_national_body_responders_do_not_read_comparison_reports(db: Session) -> None:
    with pytest.raises(PermissionDenied):
        require_reader(create_user(db, role=Role.NATIONAL_RESPONDER))


def test_a_service_manager_without_a_place_reads_none(db: Session) -> None:
    manager = create_user(db, places=[])
    with pytest.raises(PermissionDenied, match="does not work for any place"):
        require_reader(manager)


def test_a_service_manager_answers_for_their_own_place(dataset: Dataset, db: Session) -> None:
    framework = get_framework(db, SKEWED)
    wigan, camden = dataset.places["E08000010"], dataset.places["E09000007"]
    note = add_context_note(
        db,
        dataset.manager,
        place=wigan,
        framework=framework,
        body="  Two of our family hubs were closed for rebuilding from July.  ",
    )
    assert note.body == "Two of our family hubs were closed for rebuilding from July."
    assert note.created_at is not None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "report.context_note.add"))
    assert event is not None and event.after == {
        "place": "E08000010",
        "framework": SKEWED,
        "body": note.body,
    }
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    assert [n.body for n in report.context.notes["E08000010"]] == [note.body]
    for table in (report.principles, report.measures, report.coverage_places):
        wigan_rows = table[table.place_code == "E08000010"]
        assert len(wigan_rows) > 0
        assert all(note.body in text for text in wigan_rows.context_notes)
        assert not any(
            note.body in text for text in table[table.place_code != "E08000010"].context_notes
        )

    with pytest.raises(PermissionDenied, match="Camden"):
        add_context_note(db, dataset.manager, place=camden, framework=framework, body="Not ours")
    with pytest.raises(PermissionDenied):
        add_context_note(db, dataset.regulator, place=wigan, framework=framework, body="No")
    with pytest.raises(PermissionDenied, match="command line"):
        add_context_note(db, OPERATOR, place=wigan, framework=framework, body="No")
    with pytest.raises(InvalidInput, match="Enter the context"):
        add_context_note(db, dataset.manager, place=wigan, framework=framework, body="   ")
    with pytest.raises(InvalidInput, match=f"{MAX_LENGTH:,} characters or fewer"):
        add_context_note(
            db, dataset.manager, place=wigan, framework=framework, body="x" * (MAX_LENGTH + 1)
        )


def test_notes_on_a_former_code_show_under_the_current_one(dataset: Dataset, db: Session) -> None:
    former = dataset.places["E08000020"]
    manager = create_user(db, places=[former])
    add_context_note(
        db, manager, place=former, framework=get_framework(db, SKEWED), body="Before the merger"
    )
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    assert [n.body for n in report.context.notes["E08000037"]] == ["Before the merger"]


def test_readable_matches_may_read_for_every_role_place_and_scope(
    frameworks: dict[str, FrameworkVersion], db: Session
) -> None:
    wigan, camden = get_place(db, "E08000010"), get_place(db, "E09000007")
    citations = []
    for place in (wigan, camden):
        review = create_review(
            db,
            version=frameworks["1.1.0"],
            service=create_service(db, place=place),
            citations=[("devolution", "a"), ("regulation", "b"), ("workforce", "c")],
        )
        assert review.current_revision is not None
        for citation, scope in zip(
            review.current_revision.citations, list(ConsentScope), strict=True
        ):
            citation.consent_scope = scope
            citations.append((citation, place))
    db.flush()
    actors = [
        create_user(db, role=Role.ADMIN),
        create_user(db, role=Role.REGULATOR),
        create_user(db, role=Role.INSPECTOR),
        create_user(db, places=[wigan]),
    ]
    ids = [c.id for c, _ in citations]
    for actor in actors:
        found = set(
            db.scalars(
                select(BarrierCitation.id)
                .join(ReviewRevision, BarrierCitation.revision_id == ReviewRevision.id)
                .join(Review, ReviewRevision.review_id == Review.id)
                .join(Service, Review.service_id == Service.id)
                .where(
                    BarrierCitation.id.in_(ids),
                    readable(actor, BarrierCitation.consent_scope, Service.place_id),
                )
            )
        )
        expected = {c.id for c, place in citations if may_read(actor, place, c.consent_scope)}
        assert found == expected, actor.role
