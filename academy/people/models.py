"""People: organisations, sites, teams, job roles, users, job history, roles and equality data."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.roles import Role
from academy.timekeeping import utcnow


def enum_column(enum_cls: type[enum.Enum], name: str, **kwargs):
    """A VARCHAR column holding an enum's values, checked by a constraint in the schema."""
    return mapped_column(
        Enum(
            enum_cls,
            name=name,
            native_enum=False,
            create_constraint=True,
            length=40,
            values_callable=lambda members: [m.value for m in members],
        ),
        **kwargs,
    )


class OrganisationType(LabelledEnum):
    NHS_TRUST = "nhs_trust", "NHS trust"
    LOCAL_AUTHORITY = "local_authority"
    PRIMARY_CARE = "primary_care"
    CARE_PROVIDER = "care_provider"
    AMBULANCE = "ambulance", "Ambulance service"
    VOLUNTARY_SECTOR = "voluntary_sector"
    EDUCATION = "education"

    @property
    def is_nhs(self) -> bool:
        return self in {OrganisationType.NHS_TRUST, OrganisationType.AMBULANCE}


class EmploymentType(LabelledEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term", "Fixed-term"
    BANK = "bank"
    VOLUNTEER = "volunteer"
    STUDENT = "student"
    RETURNER = "returner"


class Sector(LabelledEnum):
    NHS = "nhs", "NHS"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other"


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(60))
    type: Mapped[OrganisationType] = enum_column(OrganisationType, "organisation_type")
    # The ODS code of an NHS body, GP practice or the council; a care provider's CQC location ID.
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    is_levy_payer: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Off where the organisation's staff sign in only through its own identity provider.
    password_sign_in: Mapped[bool] = mapped_column(default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sites: Mapped[list[Site]] = relationship(back_populates="organisation", order_by="Site.name")

    def __str__(self) -> str:
        return self.name


class Site(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    organisation: Mapped[Organisation] = relationship(back_populates="sites")

    __table_args__ = (UniqueConstraint("organisation_id", "name"),)


class Team(db.Model):
    """A team within an organisation; teams form a tree through parent_id."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", use_alter=True), index=True
    )
    # A closed team is offered nowhere, but stays for the history that names it.
    closed_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()
    parent: Mapped[Team | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Team]] = relationship(back_populates="parent")
    manager: Mapped[User | None] = relationship(foreign_keys=[manager_id])

    __table_args__ = (UniqueConstraint("organisation_id", "parent_id", "name"),)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class JobRole(db.Model):
    """A job role: an NHS role in a staff group and Agenda for Change band, or a social-care role."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[Sector] = enum_column(Sector, "job_role_sector")
    staff_group: Mapped[str] = mapped_column(String(80), index=True)
    afc_band: Mapped[str | None] = mapped_column(String(4))
    social_care_role: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (UniqueConstraint("name", "sector", "afc_band"),)

    @property
    def band_label(self) -> str:
        if self.afc_band:
            return f"Band {self.afc_band}"
        return self.social_care_role or ""

    def __str__(self) -> str:
        label = self.band_label
        return f"{self.name} ({label})" if label and label != self.name else self.name


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    job_role_id: Mapped[int | None] = mapped_column(ForeignKey("job_role.id"), index=True)
    employee_number: Mapped[str | None] = mapped_column(String(40))
    employment_type: Mapped[EmploymentType] = enum_column(
        EmploymentType, "employment_type", default=EmploymentType.PERMANENT
    )
    line_manager_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    started_on: Mapped[date | None]
    is_active_account: Mapped[bool] = mapped_column(default=True, server_default="1")
    closed_at: Mapped[datetime | None]  # when a leaver's account was closed (records are kept)
    # Part of the signed-in session's identity: raising it ends every session of the person.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employer: Mapped[Organisation] = relationship(foreign_keys=[employer_id])
    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])
    site: Mapped[Site | None] = relationship()
    job_role: Mapped[JobRole | None] = relationship()
    line_manager: Mapped[User | None] = relationship(remote_side=[id], foreign_keys=[line_manager_id])
    role_assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", lazy="selectin", foreign_keys="RoleAssignment.user_id",
        cascade="all, delete-orphan",
    )
    job_history: Mapped[list[JobHistory]] = relationship(
        back_populates="user", order_by="JobHistory.started_on.desc()"
    )

    __table_args__ = (
        UniqueConstraint("employer_id", "employee_number"),
        CheckConstraint("failed_sign_ins >= 0", name="failed_sign_ins_not_negative"),
        # Lists of people are in name order: a page of them is read off this index.
        Index("ix_user_name", "family_name", "given_name", "id"),
    )

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_active(self) -> bool:  # Flask-Login asks this before signing someone in
        return self.is_active_account

    def get_id(self) -> str:
        """What the session cookie keeps: the id and the session version, so that raising the
        version (closing the account, signing out everywhere) ends every session at once."""
        return f"{self.id}.{self.session_version}"

    def end_sessions(self) -> None:
        """Sign the person out everywhere: every session cookie issued so far stops working."""
        self.session_version = (self.session_version or 0) + 1

    def has_role(self, role: Role, organisation_id: int | None = None) -> bool:
        """True when the user holds the role for the whole partnership or for the organisation.

        With no organisation given, any scope counts. Every active user is a member of staff.
        """
        if role == Role.STAFF:
            return True
        for assignment in self.role_assignments:
            if assignment.role != role:
                continue
            if organisation_id is None or assignment.organisation_id in (None, organisation_id):
                return True
        return False

    def role_scopes(self, role: Role) -> set[int | None]:
        """Organisation ids the role is held for; None in the set means the whole partnership."""
        return {a.organisation_id for a in self.role_assignments if a.role == role}

    @property
    def roles(self) -> set[Role]:
        return {Role.STAFF} | {a.role for a in self.role_assignments}

    def __str__(self) -> str:
        return self.name


class JobHistory(db.Model):
    """One spell in a job role; every role change closes one spell and opens the next."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    job_role_id: Mapped[int] = mapped_column(ForeignKey("job_role.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    reason: Mapped[str | None] = mapped_column(String(120))

    user: Mapped[User] = relationship(back_populates="job_history")
    organisation: Mapped[Organisation] = relationship()
    job_role: Mapped[JobRole] = relationship()
    team: Mapped[Team | None] = relationship()

    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
    )


class RoleAssignment(db.Model):
    """A role held by a user, for one organisation or (organisation_id NULL) the whole partnership."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    role: Mapped[Role] = enum_column(Role, "role")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_assignments", foreign_keys=[user_id])
    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        Index(
            "uq_role_assignment_scope",
            "user_id",
            "role",
            func.coalesce(organisation_id, 0),
            unique=True,
        ),
    )

    @property
    def scope_label(self) -> str:
        return self.organisation.name if self.organisation else "Whole partnership"


class PasswordResetToken(db.Model):
    """A single-use, expiring password reset; only a hash of the token is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class SignInSession(db.Model):
    """One signed-in session, kept on the server so that every web process can end it.

    The browser's cookie holds a random token; only its hash is stored. A session ends at
    sign-out, after a while without a request and at the end of its lifetime; raising the
    person's session_version ends all of theirs at once.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class EqualityProfile(db.Model):
    """Self-declared equality monitoring answers, kept apart from the person's record.

    Every answer is optional; "prefer_not_to_say" is a real answer, NULL means not answered.
    Only the person sees their own profile; reports use it in aggregate with suppression.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    ethnicity: Mapped[str | None] = mapped_column(String(40))
    disability: Mapped[str | None] = mapped_column(String(40))
    sex: Mapped[str | None] = mapped_column(String(40))
    gender_identity_same: Mapped[str | None] = mapped_column(String(40))
    sexual_orientation: Mapped[str | None] = mapped_column(String(40))
    religion: Mapped[str | None] = mapped_column(String(40))
    age_band: Mapped[str | None] = mapped_column(String(40))
    carer: Mapped[str | None] = mapped_column(String(40))
    armed_forces: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
