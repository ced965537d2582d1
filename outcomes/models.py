"""Every model, imported in one place so that Alembic and the tests see the whole schema."""

from outcomes.accounts.models import Role, User, user_place
from outcomes.audit.models import AuditEvent
from outcomes.db import Base
from outcomes.places.models import Place, PlaceKind
from outcomes.services.models import Service

__all__ = ["AuditEvent", "Base", "Place", "PlaceKind", "Role", "Service", "User", "user_place"]
