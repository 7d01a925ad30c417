"""What staff file imports keep: saved heading and job title mappings, and each import run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.models import JobRole, Organisation, User, enum_column
from academy.timekeeping import utcnow


class StaffImportStatus(LabelledEnum):
    PREVIEWED = "previewed", "Checked, waiting to be confirmed"
    APPLIED = "applied", "Imported"
    REJECTED = "rejected", "Not imported: bad rows"


class StaffFileHeading(db.Model):
    """One heading of an organisation's own export, saved as the column it stands for."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    heading: Mapped[str] = mapped_column(String(120))  # normalised: lower case, underscores
    column: Mapped[str] = mapped_column(String(40))

    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (UniqueConstraint("organisation_id", "heading"),)


class JobTitleMapping(db.Model):
    """A job title in an organisation's staff file that stands for an existing job role."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))  # lower case
    job_role_id: Mapped[int] = mapped_column(ForeignKey("job_role.id"), index=True)

    organisation: Mapped[Organisation] = relationship()
    job_role: Mapped[JobRole] = relationship()

    __table_args__ = (UniqueConstraint("organisation_id", "title"),)


class StaffImport(db.Model):
    """One staff file checked (and perhaps applied): the file itself is kept between the preview
    and the confirmation, so what is applied is exactly what was previewed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    is_full: Mapped[bool] = mapped_column(default=True, server_default="1")
    source: Mapped[str] = mapped_column(String(20), default="upload", server_default="upload")
    status: Mapped[StaffImportStatus] = enum_column(
        StaffImportStatus, "staff_import_status", default=StaffImportStatus.PREVIEWED
    )
    summary: Mapped[dict | None] = mapped_column(JSON)
    problems: Mapped[list | None] = mapped_column(JSON)
    new_job_titles: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()
    uploaded_by: Mapped[User | None] = relationship()

    @property
    def is_previewed(self) -> bool:
        return self.status == StaffImportStatus.PREVIEWED

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)

    def __str__(self) -> str:
        return f"Staff file {self.filename} for {self.organisation.short_name}"
