"""Every model, imported in one place so that Alembic and the tests see the whole schema."""

from outcomes.accounts.models import Role, User, user_place
from outcomes.accounts.sessions import SignInSession
from outcomes.accounts.tokens import ApiToken
from outcomes.audit.models import AuditEvent
from outcomes.data_version import DataVersion
from outcomes.db import Base
from outcomes.exports.models import ExportRecord
from outcomes.frameworks.models import Framework, FrameworkItem, FrameworkVersion
from outcomes.national.models import (
    BarrierResponsibility,
    NationalBody,
    NationalBodyName,
    NationalResponder,
    NationalResponse,
)
from outcomes.notifications.models import (
    Notification,
    NotificationPreference,
    followed_place,
)
from outcomes.places.models import Place, PlaceKind
from outcomes.reports.models import ContextNote
from outcomes.reports.readmodel import ComparisonAnswer
from outcomes.reviews.models import (
    Answer,
    BarrierCitation,
    ConsentScope,
    Feedback,
    Review,
    ReviewRevision,
    ReviewStatus,
)
from outcomes.services.models import Service

__all__ = [
    "Answer",
    "ApiToken",
    "AuditEvent",
    "BarrierCitation",
    "BarrierResponsibility",
    "Base",
    "ComparisonAnswer",
    "ConsentScope",
    "ContextNote",
    "DataVersion",
    "ExportRecord",
    "Feedback",
    "Framework",
    "FrameworkItem",
    "FrameworkVersion",
    "NationalBody",
    "NationalBodyName",
    "NationalResponder",
    "NationalResponse",
    "Notification",
    "NotificationPreference",
    "Place",
    "PlaceKind",
    "Review",
    "ReviewRevision",
    "ReviewStatus",
    "Role",
    "Service",
    "SignInSession",
    "User",
    "followed_place",
    "user_place",
]
