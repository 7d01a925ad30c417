"""factory_boy factories that flush, never commit."""

from __future__ import annotations

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from academy.extensions import db
from academy.people.models import (
    EmploymentType,
    JobHistory,
    JobRole,
    Organisation,
    OrganisationType,
    RoleAssignment,
    Sector,
    Site,
    Team,
    User,
)
from academy.people.roles import Role

PASSWORD = "correct horse battery staple"
# A quick hash for tests; the application itself uses the strong default.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    type = OrganisationType.NHS_TRUST


class SiteFactory(Base):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")


class TeamFactory(Base):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class JobRoleFactory(Base):
    class Meta:
        model = JobRole

    name = factory.Sequence(lambda n: f"Job role {n}")
    sector = Sector.NHS
    staff_group = "Additional Clinical Services"
    afc_band = "3"


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    password_hash = PASSWORD_HASH
    employer = factory.SubFactory(OrganisationFactory)
    job_role = factory.SubFactory(JobRoleFactory)
    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    employment_type = EmploymentType.PERMANENT
    started_on = date(2024, 1, 8)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[Role.ADMIN, (Role.LEARNING_LEAD, organisation)])."""
        for item in extracted or []:
            role, organisation = item if isinstance(item, tuple) else (item, None)
            self.role_assignments.append(
                RoleAssignment(role=role, organisation_id=organisation.id if organisation else None)
            )
        if extracted:
            db.session.flush()


class JobHistoryFactory(Base):
    class Meta:
        model = JobHistory

    user = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("user.employer")
    job_role = factory.SelfAttribute("user.job_role")
    started_on = date(2024, 1, 8)


def person_with_role(role: Role, organisation: Organisation | None = None, **kwargs) -> User:
    return UserFactory(roles=[(role, organisation)], **kwargs)
