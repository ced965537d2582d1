from __future__ import annotations

from datetime import timedelta

import pytest
from factories import PASSWORD, create_place, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR, acts_for_place, require_place
from outcomes.accounts.models import Role
from outcomes.accounts.operations import (
    SIGN_IN_FAILED,
    LockoutPolicy,
    SignInFailed,
    authenticate,
    deactivate_user,
    list_users,
)
from outcomes.accounts.operations import (
    create_user as create_account,
)
from outcomes.accounts.passwords import verify_password
from outcomes.audit.models import AuditEvent
from outcomes.db import utcnow
from outcomes.errors import Conflict, InvalidInput, PermissionDenied


def test_the_right_password_signs_in_and_is_remembered(db: Session) -> None:
    user = create_user(db)
    assert authenticate(db, user.email.upper(), PASSWORD) is user
    assert user.last_sign_in_at is not None


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(db: Session) -> None:
    user = create_user(db)
    with pytest.raises(SignInFailed) as wrong_password:
        authenticate(db, user.email, "not the password")
    with pytest.raises(SignInFailed) as unknown_email:
        authenticate(db, "nobody@example.gov.uk", PASSWORD)
    expected = SIGN_IN_FAILED.format(failures=5, minutes=15)
    assert str(wrong_password.value) == str(unknown_email.value) == expected


def test_repeated_failures_lock_the_account_even_to_the_right_password(db: Session) -> None:
    user = create_user(db)
    policy = LockoutPolicy(max_failures=3, lockout=timedelta(minutes=15))
    for _ in range(3):
        with pytest.raises(SignInFailed):
            authenticate(db, user.email, "guess", policy=policy)
    with pytest.raises(SignInFailed, match="locked"):
        authenticate(db, user.email, PASSWORD, policy=policy)
    later = utcnow() + timedelta(minutes=16)
    assert authenticate(db, user.email, PASSWORD, policy=policy, now=later) is user


def test_a_deactivated_account_cannot_sign_in_and_its_sessions_end(db: Session) -> None:
    admin = create_user(db, role=Role.ADMIN)
    user = create_user(db)
    token = user.get_id()
    deactivate_user(db, admin, user.email)
    assert user.get_id() != token
    with pytest.raises(SignInFailed):
        authenticate(db, user.email, PASSWORD)
    event = db.query(AuditEvent).filter_by(action="user.deactivate").one()
    assert event.actor_id == admin.id and event.after == {"active": False}


def test_only_admins_create_and_list_accounts(db: Session) -> None:
    for role in (Role.SERVICE_MANAGER, Role.REGULATOR, Role.INSPECTOR):
        actor = create_user(db, role=role)
        with pytest.raises(PermissionDenied):
            create_account(
                db,
                actor,
                email="new@example.gov.uk",
                display_name="New",
                role=Role.REGULATOR,
                password="a long enough password",
            )
        with pytest.raises(PermissionDenied):
            list_users(db, actor)


def test_create_account_rules(db: Session) -> None:
    place = create_place(db)
    made = create_account(
        db,
        OPERATOR,
        email=" New@Example.gov.uk ",
        display_name="New",
        role=Role.SERVICE_MANAGER,
        password="a long enough password",
        places=[place],
    )
    assert made.email == "new@example.gov.uk"
    assert verify_password(made.password_hash, "a long enough password")
    with pytest.raises(Conflict):
        create_account(
            db,
            OPERATOR,
            email="new@example.gov.uk",
            display_name="Again",
            role=Role.REGULATOR,
            password="a long enough password",
        )
    with pytest.raises(InvalidInput, match="Choose the place"):
        create_account(
            db,
            OPERATOR,
            email="sm@example.gov.uk",
            display_name="SM",
            role=Role.SERVICE_MANAGER,
            password="a long enough password",
        )
    with pytest.raises(InvalidInput, match="12 characters"):
        create_account(
            db,
            OPERATOR,
            email="short@example.gov.uk",
            display_name="Short",
            role=Role.REGULATOR,
            password="short",
        )


def test_a_service_manager_acts_only_for_their_own_places(db: Session) -> None:
    home, elsewhere = create_place(db), create_place(db)
    manager = create_user(db, places=[home])
    assert acts_for_place(manager, home)
    assert not acts_for_place(manager, elsewhere)
    with pytest.raises(PermissionDenied, match=elsewhere.name):
        require_place(manager, elsewhere, action="add a service")
    for role in (Role.REGULATOR, Role.INSPECTOR):
        assert not acts_for_place(create_user(db, role=role), home)
    assert acts_for_place(create_user(db, role=Role.ADMIN), elsewhere)
