"""Every package's models in one place, so Alembic and create_all see the whole schema."""

from academy.audit.models import AuditEvent
from academy.jobs import JobRun
from academy.notifications.models import Notice, OutboxAttachment, OutboxMessage
from academy.people.models import (
    EqualityProfile,
    JobHistory,
    JobRole,
    Organisation,
    PasswordResetToken,
    RoleAssignment,
    Site,
    Team,
    User,
)

__all__ = [
    "AuditEvent",
    "EqualityProfile",
    "JobHistory",
    "JobRole",
    "JobRun",
    "Notice",
    "Organisation",
    "OutboxAttachment",
    "OutboxMessage",
    "PasswordResetToken",
    "RoleAssignment",
    "Site",
    "Team",
    "User",
]
