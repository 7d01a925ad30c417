"""The roles of the platform, defined once; every permission predicate refers to these."""

from __future__ import annotations

from academy.enums import LabelledEnum


class Role(LabelledEnum):
    STAFF = "staff", "Member of staff"
    MANAGER = "manager"
    ASSESSOR = "assessor"
    TRAINER = "trainer"
    COACH = "coach", "Career coach"
    MENTORING_COORDINATOR = "mentoring_coordinator"
    LEARNING_LEAD = "learning_lead"
    APPRENTICESHIP_COORDINATOR = "apprenticeship_coordinator"
    FELLOWSHIP_LEAD = "fellowship_lead"
    ADMIN = "admin", "Administrator"

# Roles whose holders may see the people of the organisation they are scoped to.
PEOPLE_OVERSIGHT_ROLES = frozenset(
    {Role.ADMIN, Role.LEARNING_LEAD, Role.APPRENTICESHIP_COORDINATOR, Role.FELLOWSHIP_LEAD,
     Role.MENTORING_COORDINATOR}
)
