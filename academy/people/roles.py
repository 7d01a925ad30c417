"""The roles of the platform, defined once; every permission predicate refers to these."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    STAFF = "staff"
    MANAGER = "manager"
    ASSESSOR = "assessor"
    TRAINER = "trainer"
    COACH = "coach"
    MENTORING_COORDINATOR = "mentoring_coordinator"
    LEARNING_LEAD = "learning_lead"
    APPRENTICESHIP_COORDINATOR = "apprenticeship_coordinator"
    FELLOWSHIP_LEAD = "fellowship_lead"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.STAFF: "Member of staff",
    Role.MANAGER: "Manager",
    Role.ASSESSOR: "Assessor",
    Role.TRAINER: "Trainer",
    Role.COACH: "Career coach",
    Role.MENTORING_COORDINATOR: "Mentoring coordinator",
    Role.LEARNING_LEAD: "Learning lead",
    Role.APPRENTICESHIP_COORDINATOR: "Apprenticeship coordinator",
    Role.FELLOWSHIP_LEAD: "Fellowship lead",
    Role.ADMIN: "Administrator",
}

# Roles whose holders may see the people of the organisation they are scoped to.
PEOPLE_OVERSIGHT_ROLES = frozenset(
    {Role.ADMIN, Role.LEARNING_LEAD, Role.APPRENTICESHIP_COORDINATOR, Role.FELLOWSHIP_LEAD,
     Role.MENTORING_COORDINATOR}
)
