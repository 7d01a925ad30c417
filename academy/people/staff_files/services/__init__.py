"""Staff files: check one against what the platform holds (the preview), then apply it, all or
nothing; save an organisation's heading mapping and its job title mappings.

Services flush and never commit; the request, job or command that calls them commits once. An
import touches thousands of people, so it reads in a few bulk queries and writes in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people import permissions
from academy.people.models import JobRole, Organisation, User
from academy.people.staff_files import rules
from academy.people.staff_files.models import (
    JobTitleMapping,
    StaffFileHeading,
    StaffImport,
    StaffImportStatus,
)
from academy.people.staff_files.services.holdings import check, saved_headings
from academy.people.staff_files.services.writing import Applier
from academy.timekeeping import utcnow

LEAVERS_SHOWN = 200

__all__ = ["FileRefused", "Preview", "apply", "check", "map_job_title", "preview", "recheck",
           "save_headings", "saved_headings"]


class FileRefused(DomainError):
    """The file has bad rows (or cannot be read); nothing was changed."""


@dataclass
class Preview:
    staff_import: StaffImport
    plan: rules.Plan

    @property
    def problems(self) -> list[tuple[int, str]]:
        return self.plan.problems

    @property
    def summary(self) -> dict:
        return self.plan.summary


def _check_admin(actor: User | None, organisation: Organisation) -> None:
    # actor None is the platform itself: the command line and the nightly job.
    if actor is not None and not permissions.is_admin(actor, organisation.id):
        raise NotAllowed("You cannot import staff files for this organisation")


def _store_plan(staff_import: StaffImport, plan: rules.Plan) -> None:
    # Who would leave, by name, for the administrator to see before confirming.
    staff_import.summary = {**plan.summary, "leavers": [
        [person.employee_number, f"{person.given_name} {person.family_name}"]
        for person, _ in plan.leavers[:LEAVERS_SHOWN]]}
    staff_import.problems = [[line, reason] for line, reason in plan.problems]
    staff_import.new_job_titles = [[title, group] for title, group, _ in plan.new_job_titles.values()]


def preview(organisation: Organisation, content: bytes, filename: str, actor: User | None, *,
            is_full: bool = True, source: str = "upload") -> Preview:
    """Check a staff file and keep it, with what applying it would do, for the confirmation.

    Raises NotAllowed unless the actor administers the organisation. Changes no one."""
    _check_admin(actor, organisation)
    plan = check(organisation, content, filename, actor, is_full=is_full)
    staff_import = StaffImport(
        organisation_id=organisation.id, uploaded_by_id=actor.id if actor else None,
        filename=filename[:255], content=content, is_full=is_full, source=source,
        status=StaffImportStatus.REJECTED if plan.problems else StaffImportStatus.PREVIEWED,
    )
    _store_plan(staff_import, plan)
    db.session.add(staff_import)
    db.session.flush()
    record(actor, "staff_file.checked", staff_import, filename=staff_import.filename,
           **{k: v for k, v in plan.summary.items()})
    db.session.flush()
    return Preview(staff_import, plan)


def apply(staff_import: StaffImport, actor: User | None) -> rules.Plan:
    """Bring the organisation's people in line with the previewed file, all or nothing.

    The kept file is checked again against what the platform holds now. Raises NotAllowed
    unless the actor administers the organisation, FileRefused when the file has bad rows or
    was already applied."""
    organisation = staff_import.organisation
    _check_admin(actor, organisation)
    if staff_import.status == StaffImportStatus.APPLIED:
        raise FileRefused("This file has already been imported")
    plan = check(organisation, staff_import.content, staff_import.filename, actor,
                 is_full=staff_import.is_full)
    _store_plan(staff_import, plan)
    if plan.problems:
        staff_import.status = StaffImportStatus.REJECTED
        raise FileRefused(f"The file has {len(plan.problems)} bad "
                          f"row{'' if len(plan.problems) == 1 else 's'}: nothing was imported")
    Applier(organisation, plan, actor).run()
    staff_import.status = StaffImportStatus.APPLIED
    staff_import.applied_at = utcnow()
    record(actor, "staff_file.applied", staff_import, filename=staff_import.filename,
           **plan.summary)
    db.session.flush()
    return plan


def recheck(staff_import: StaffImport, actor: User | None) -> rules.Plan:
    """Check the kept file again and keep what it would do now; changes no one."""
    _check_admin(actor, staff_import.organisation)
    plan = check(staff_import.organisation, staff_import.content, staff_import.filename, actor,
                 is_full=staff_import.is_full)
    _store_plan(staff_import, plan)
    if staff_import.status != StaffImportStatus.APPLIED:
        staff_import.status = (StaffImportStatus.REJECTED if plan.problems
                               else StaffImportStatus.PREVIEWED)
    db.session.flush()
    return plan


def save_headings(organisation: Organisation, headings: dict[str, str], *, actor: User) -> int:
    """Replace the organisation's heading mapping: for each of our columns, the heading its own
    export gives it (blank: the column's own name). Returns how many headings are kept.

    Raises NotAllowed unless the actor administers the organisation, DomainError for a column
    we do not have or a heading given to two columns."""
    _check_admin(actor, organisation)
    chosen: dict[str, str] = {}
    for column, heading in headings.items():
        if column not in rules.COLUMNS:
            raise DomainError(f"There is no column called {column}")
        key = rules.normalise_heading(heading)
        if not key or key == column:
            continue
        if key in chosen or key in rules.COLUMNS:
            raise DomainError(f"The heading “{heading}” is given to two columns",
                              field=column)
        chosen[key] = column
    for row in db.session.scalars(
        select(StaffFileHeading).where(StaffFileHeading.organisation_id == organisation.id)
    ):
        db.session.delete(row)
    db.session.flush()
    db.session.add_all(StaffFileHeading(organisation_id=organisation.id, heading=key[:120],
                                        column=column) for key, column in chosen.items())
    record(actor, "staff_file.headings_saved", organisation, headings=chosen)
    db.session.flush()
    return len(chosen)


def map_job_title(organisation: Organisation, title: str, job_role: JobRole, *,
                  actor: User) -> JobTitleMapping:
    """From now on, this job title in the organisation's files means this job role.

    Raises NotAllowed unless the actor administers the organisation."""
    _check_admin(actor, organisation)
    key = title.strip().lower()
    if not key:
        raise DomainError("Enter the job title", field="title")
    mapping = db.session.scalar(select(JobTitleMapping).where(
        JobTitleMapping.organisation_id == organisation.id, JobTitleMapping.title == key))
    if mapping is None:
        mapping = JobTitleMapping(organisation_id=organisation.id, title=key[:200])
        db.session.add(mapping)
    mapping.job_role_id = job_role.id
    db.session.flush()
    record(actor, "job_title.mapped", mapping, title=key, job_role_id=job_role.id)
    db.session.flush()
    return mapping
