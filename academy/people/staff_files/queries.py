"""Read models for staff files: an administrator's imports, the job title mappings."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from academy.extensions import db
from academy.people.models import Organisation
from academy.people.staff_files.models import JobTitleMapping, StaffImport, StaffImportStatus


def imports_query(organisation_ids: list[int]) -> Select:
    """The imports of these organisations, newest first (for a paginated list)."""
    return (select(StaffImport).options(joinedload(StaffImport.organisation))
            .where(StaffImport.organisation_id.in_(organisation_ids))
            .order_by(StaffImport.created_at.desc(), StaffImport.id.desc()))


def job_title_mappings(organisation: Organisation) -> list[JobTitleMapping]:
    return list(db.session.scalars(
        select(JobTitleMapping).options(joinedload(JobTitleMapping.job_role))
        .where(JobTitleMapping.organisation_id == organisation.id)
        .order_by(JobTitleMapping.title)))


def unmapped_job_titles(organisation: Organisation, recent: int = 20) -> list[tuple[str, str]]:
    """Job titles the organisation's recent files brought that are not mapped yet."""
    mapped = {m.title for m in job_title_mappings(organisation)}
    found: dict[str, tuple[str, str]] = {}
    for titles in db.session.scalars(
        select(StaffImport.new_job_titles).where(StaffImport.organisation_id == organisation.id)
        .order_by(StaffImport.id.desc()).limit(recent)
    ):
        for title, group in titles or []:
            if title.lower() not in mapped:
                found.setdefault(title.lower(), (title, group))
    return sorted(found.values())


def failed_feeds(organisation_ids: list[int] | None = None, *, since=None) -> list[StaffImport]:
    """Nightly feed files that were refused for bad rows (for the administrator's home page):
    the latest run of each organisation's feed, when it was refused. None means every
    organisation."""
    query = select(StaffImport).options(joinedload(StaffImport.organisation)).where(
        StaffImport.source == "feed").order_by(StaffImport.id.desc())
    if organisation_ids is not None:
        query = query.where(StaffImport.organisation_id.in_(organisation_ids))
    if since is not None:
        query = query.where(StaffImport.created_at >= since)
    latest: dict[int, StaffImport] = {}
    for run in db.session.scalars(query):
        latest.setdefault(run.organisation_id, run)
    return [run for run in latest.values() if run.status == StaffImportStatus.REJECTED]
