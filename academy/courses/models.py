"""Courses: catalogue, sessions, places, enrolments, mandatory subjects and training records."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.models import Organisation, Site, User, enum_column
from academy.timekeeping import utcnow


class Category(LabelledEnum):
    CORE_SKILLS = "core_skills", "Core skills and mandatory training"
    CARE_CERTIFICATE = "care_certificate", "Care Certificate support"
    CLINICAL = "clinical", "Clinical skills"
    NEW_ROLES = "new_roles", "New roles and ways of working"
    LEADERSHIP = "leadership", "Leadership and management"
    WELLBEING = "wellbeing", "Health and wellbeing"
    DIGITAL = "digital", "Digital skills"
    CAREER = "career", "Career development"


class Pillar(LabelledEnum):
    """The six pillars of the district's People Plan."""

    LOOKING_AFTER = "looking_after", "Looking after our people"
    LEADERSHIP = "leadership", "Enhancing and growing system leadership"
    BELONGING = "belonging", "Belonging to the Wakefield District Health and Care Partnership"
    NEW_WAYS = "new_ways", "New roles and new ways of working"
    GROWING = "growing", "Growing our workforce and developing our people"
    PLANNING = "planning", "Strategic workforce planning"


class DeliveryMode(LabelledEnum):
    CLASSROOM = "classroom"
    VIRTUAL = "virtual", "Virtual classroom"
    ELEARNING = "elearning", "E-learning"
    BLENDED = "blended"


class ProviderKind(LabelledEnum):
    PARTNER = "partner", "A partner"
    UNIVERSITY = "university", "A university or college"
    EXTERNAL = "external", "An external body"


class EnrolmentStatus(LabelledEnum):
    REQUESTED = "requested", "Interest registered"  # interest in a course with no session yet: demand
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting manager approval"
    BOOKED = "booked"
    WAITLISTED = "waitlisted", "On the waiting list"
    CANCELLED = "cancelled"
    ATTENDED = "attended", "Attended, not completed"  # attended, not (yet) completed
    NO_SHOW = "no_show", "Did not attend"
    COMPLETED = "completed"


# Enrolments that take a place on the session.
OCCUPYING = (EnrolmentStatus.BOOKED, EnrolmentStatus.ATTENDED, EnrolmentStatus.NO_SHOW,
             EnrolmentStatus.COMPLETED)


class RecordSource(enum.StrEnum):
    COURSE = "course"
    IMPORT = "import"


class Course(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    summary: Mapped[str] = mapped_column(String(400))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[Category] = enum_column(Category, "course_category", index=True)
    pillar: Mapped[Pillar] = enum_column(Pillar, "course_pillar", index=True)
    delivery_mode: Mapped[DeliveryMode] = enum_column(DeliveryMode, "delivery_mode", index=True)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    cpd_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1), default=Decimal("1.0"))
    provider_kind: Mapped[ProviderKind] = enum_column(
        ProviderKind, "provider_kind", default=ProviderKind.PARTNER
    )
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    provider_name: Mapped[str | None] = mapped_column(String(200))
    cost_per_place: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    prerequisites: Mapped[str] = mapped_column(Text, default="")
    needs_approval: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    retired_at: Mapped[datetime | None]

    provider: Mapped[Organisation | None] = relationship()
    audiences: Mapped[list[CourseAudience]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )
    competencies: Mapped[list[CourseCompetency]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseCompetency.competency_code"
    )
    subjects: Mapped[list[Subject]] = relationship(secondary="course_subject", order_by="Subject.name")
    required_courses: Mapped[list[Course]] = relationship(
        secondary="course_prerequisite",
        primaryjoin="Course.id == CoursePrerequisite.course_id",
        secondaryjoin="Course.id == CoursePrerequisite.required_course_id",
        order_by="Course.title",
    )

    __table_args__ = (
        CheckConstraint("cost_per_place >= 0", name="cost_not_negative"),
        CheckConstraint("cpd_hours >= 0", name="cpd_hours_not_negative"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint(
            "provider_id IS NOT NULL OR provider_name IS NOT NULL", name="has_provider"
        ),
    )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def has_dated_sessions(self) -> bool:
        """E-learning is done at one's own pace: its "sessions" are windows, not dates in a diary,
        so they never clash and never become calendar events."""
        return self.delivery_mode != DeliveryMode.ELEARNING

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider else (self.provider_name or "")

    @property
    def duration_label(self) -> str:
        hours, minutes = divmod(self.duration_minutes, 60)
        parts = []
        if hours:
            parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
        if minutes:
            parts.append(f"{minutes} minutes")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.title


class CourseAudience(db.Model):
    """Who a course is for: a staff group or a job role (one of the two)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    staff_group: Mapped[str | None] = mapped_column(String(80))
    job_role_id: Mapped[int | None] = mapped_column(ForeignKey("job_role.id"), index=True)

    course: Mapped[Course] = relationship(back_populates="audiences")
    job_role = relationship("JobRole")

    __table_args__ = (
        CheckConstraint("(staff_group IS NULL) <> (job_role_id IS NULL)", name="one_audience"),
    )


class CoursePrerequisite(db.Model):
    """A course that must be completed before booking another."""

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), primary_key=True)
    required_course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), primary_key=True, index=True)

    __table_args__ = (
        CheckConstraint("course_id <> required_course_id", name="not_itself"),
    )


class CourseCompetency(db.Model):
    """A competency a course develops and the level reached (0 to 4).

    Competencies are defined by the learning needs analysis; the code is kept as text so that
    this link does not depend on that table.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    competency_code: Mapped[str] = mapped_column(String(40), index=True)
    level: Mapped[int]

    course: Mapped[Course] = relationship(back_populates="competencies")

    __table_args__ = (
        UniqueConstraint("course_id", "competency_code"),
        CheckConstraint("level BETWEEN 0 AND 4", name="level_range"),
    )


class Subject(db.Model):
    """A mandatory-training subject of a framework, with its renewal period."""

    id: Mapped[int] = mapped_column(primary_key=True)
    framework: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(120), default="", server_default="")
    renewal_months: Mapped[int | None]  # None: done once, never expires
    description: Mapped[str] = mapped_column(Text, default="")
    # The lower level this one includes: doing this subject holds that one too (and what it
    # includes in turn), as level 3 safeguarding holds levels 2 and 1.
    includes_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id", ondelete="SET NULL"))

    includes: Mapped[Subject | None] = relationship(remote_side=[id])

    __table_args__ = (
        UniqueConstraint("framework", "name", "level"),
        CheckConstraint("renewal_months IS NULL OR renewal_months > 0", name="renewal_positive"),
        CheckConstraint("includes_id IS NULL OR includes_id <> id", name="not_including_itself"),
    )

    @property
    def label(self) -> str:
        return f"{self.name}, {self.level}" if self.level else self.name

    @property
    def renewal_label(self) -> str:
        if self.renewal_months is None:
            return "Once only"
        if self.renewal_months % 12 == 0:
            years = self.renewal_months // 12
            return "Every year" if years == 1 else f"Every {years} years"
        return f"Every {self.renewal_months} months"

    def __str__(self) -> str:
        return self.label


class CourseSubject(db.Model):
    """A course satisfies a subject; one course may satisfy several, in several frameworks."""

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), primary_key=True, index=True)


class Requirement(db.Model):
    """A subject required of everyone in a job role, or everyone in a staff group."""

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    job_role_id: Mapped[int | None] = mapped_column(ForeignKey("job_role.id"), index=True)
    staff_group: Mapped[str | None] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    subject: Mapped[Subject] = relationship()
    job_role = relationship("JobRole")

    __table_args__ = (
        CheckConstraint("(staff_group IS NULL) <> (job_role_id IS NULL)", name="one_target"),
        Index("uq_requirement_target", "subject_id", func.coalesce(job_role_id, 0),
              func.coalesce(staff_group, ""), unique=True),
    )

    @property
    def target_label(self) -> str:
        return str(self.job_role) if self.job_role_id else f"Staff group: {self.staff_group}"


class CourseSession(db.Model):
    """One dated run of a course, with its places."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int]
    booking_closes_at: Mapped[datetime]
    # Read models kept up to date under the session's row lock: places taken, and places held
    # (unnamed manager reservations and partner quotas not yet released).
    booked_count: Mapped[int] = mapped_column(default=0, server_default="0")
    held_count: Mapped[int] = mapped_column(default=0, server_default="0")
    lock_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Raised each time the time or place changes: the SEQUENCE of the calendar invitations.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    cloned_from_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(500))

    course: Mapped[Course] = relationship()
    site: Mapped[Site | None] = relationship()
    trainers: Mapped[list[User]] = relationship(secondary="session_trainer", order_by="User.family_name")
    quotas: Mapped[list[SessionQuota]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    reservations: Mapped[list[PlaceReservation]] = relationship(back_populates="session")

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        # The last guard against overbooking, in the schema itself.
        CheckConstraint("booked_count >= 0 AND booked_count <= capacity", name="not_overbooked"),
        CheckConstraint("held_count >= 0", name="held_not_negative"),
        Index("ix_course_session_course_start", "course_id", "starts_at"),
    )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def places_left(self) -> int:
        """Places open to anyone (held places excluded)."""
        return max(0, self.capacity - self.booked_count - self.held_count)

    @property
    def where(self) -> str:
        parts = [p for p in (self.location, self.site.name if self.site else None) if p]
        if self.online_url and not parts:
            return "Online"
        return ", ".join(parts)


class SessionTrainer(db.Model):
    session_id: Mapped[int] = mapped_column(ForeignKey("course_session.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)


class SessionQuota(db.Model):
    """Places held for one partner's staff until a date, then released to everyone."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_session.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    places: Mapped[int]
    released_on: Mapped[date]
    released_at: Mapped[datetime | None]  # when the release job let the places go

    session: Mapped[CourseSession] = relationship(back_populates="quotas")
    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (
        UniqueConstraint("session_id", "organisation_id"),
        CheckConstraint("places > 0", name="places_positive"),
    )


class PlaceReservation(db.Model):
    """Places a manager holds for their team, naming the people later."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_session.id"), index=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    places: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[CourseSession] = relationship(back_populates="reservations")
    manager: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint("places >= 0", name="places_not_negative"),)


class Enrolment(db.Model):
    """A person's place, wait or request on a course (and usually one of its sessions)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[EnrolmentStatus] = enum_column(EnrolmentStatus, "enrolment_status")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    interest_registered_at: Mapped[datetime | None]
    requested_at: Mapped[datetime | None]
    waitlisted_at: Mapped[datetime | None]  # the waiting list's order
    booked_at: Mapped[datetime | None]
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    reservation_id: Mapped[int | None] = mapped_column(
        ForeignKey("place_reservation.id"), index=True
    )
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    marked_at: Mapped[datetime | None]
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    completed_on: Mapped[date | None]
    result: Mapped[str | None] = mapped_column(String(80))
    certificate_code: Mapped[str | None] = mapped_column(String(20), unique=True)

    course: Mapped[Course] = relationship()
    session: Mapped[CourseSession | None] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()
    cancelled_by: Mapped[User | None] = relationship(foreign_keys=[cancelled_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    reservation: Mapped[PlaceReservation | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(session_id IS NULL) = (status = 'requested')", name="session_unless_requested"
        ),
        CheckConstraint(
            "status <> 'completed' OR completed_on IS NOT NULL", name="completed_has_date"
        ),
        # One live enrolment per person and session, one open interest per person and course.
        Index("uq_enrolment_live", "session_id", "user_id", unique=True,
              sqlite_where=text("status <> 'cancelled' AND session_id IS NOT NULL"),
              postgresql_where=text("status <> 'cancelled' AND session_id IS NOT NULL")),
        Index("uq_enrolment_interest", "course_id", "user_id", unique=True,
              sqlite_where=text("status = 'requested'"),
              postgresql_where=text("status = 'requested'")),
        Index("ix_enrolment_session_status", "session_id", "status", "waitlisted_at"),
        Index("ix_enrolment_user_status", "user_id", "status"),
    )

    def cancel(self, by_id: int, at: datetime, reason: str | None) -> None:
        """Cancelled by someone at a moment, with the reason recorded (None for none given)."""
        self.status = EnrolmentStatus.CANCELLED
        self.cancelled_at, self.cancelled_by_id, self.cancel_reason = at, by_id, reason

    @property
    def takes_place(self) -> bool:
        return self.status in OCCUPYING

    @property
    def is_interest(self) -> bool:
        """Interest registered in a course with no session to book yet."""
        return self.status == EnrolmentStatus.REQUESTED

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status == EnrolmentStatus.AWAITING_APPROVAL

    @property
    def is_booked(self) -> bool:
        return self.status == EnrolmentStatus.BOOKED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == EnrolmentStatus.WAITLISTED

    @property
    def is_completed(self) -> bool:
        return self.status == EnrolmentStatus.COMPLETED


class TrainingRecord(db.Model):
    """A completed subject: from a course completion here or an imported record.

    Records belong to the person, not to an employment, so they count with every partner.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    completed_on: Mapped[date]
    expires_on: Mapped[date | None]  # None: never expires
    expiry_given: Mapped[bool] = mapped_column(default=False, server_default="0")
    source: Mapped[RecordSource] = enum_column(RecordSource, "record_source")
    enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("enrolment.id"), index=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("training_import.id"), index=True)
    recorded_by_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The record that counts for its person and subject (the latest expiry, see
    # rules.current_expiry), kept by services.refresh_current so reports need not group.
    is_current: Mapped[bool] = mapped_column(default=False, server_default="0")

    subject: Mapped[Subject] = relationship()
    recorded_by: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        UniqueConstraint("user_id", "subject_id", "completed_on"),
        CheckConstraint("expires_on IS NULL OR expires_on > completed_on", name="expires_after"),
        Index("ix_training_record_user_subject", "user_id", "subject_id", "expires_on"),
        Index("uq_training_record_current", "user_id", "subject_id", unique=True,
              sqlite_where=text("is_current"), postgresql_where=text("is_current")),
    )


class TrainingImport(db.Model):
    """One accepted training-record file."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int]
    created: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    uploaded_by: Mapped[User | None] = relationship()


class ComplianceReminder(db.Model):
    """A reminder sent before (or on) a subject's expiry: one per expiry and threshold."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    expires_on: Mapped[date]
    days_before: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "subject_id", "expires_on", "days_before"),)
