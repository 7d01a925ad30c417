"""The induction's links to the course catalogue: its mandatory subjects, and the training records
and completed courses that count towards an induction and travel in the passport."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from academy.courses import queries as courses_queries
from academy.courses.certificates import issuer as course_issuer
from academy.courses.seed import CARE_CERTIFICATE, CSTF
from academy.induction import rules, standards
from academy.people.models import OrganisationType


def subject_lookup() -> dict[str, int]:
    """subject_key -> the catalogue's subject id, for the district's core skills and standards."""
    core = courses_queries.subject_ids(CSTF)
    care_certificate = courses_queries.subject_ids(CARE_CERTIFICATE)
    lookup: dict[str, int] = {}
    for template in standards.district_template():
        if template.core_subject in core:
            lookup[template.subject_key] = core[template.core_subject]
        elif template.standard_number and (template.title, "") in care_certificate:
            lookup[template.subject_key] = care_certificate[(template.title, "")]
    return lookup


@dataclass(frozen=True)
class Record:
    """A catalogue training record, as the induction reads it."""

    id: int
    subject_id: int
    completed_on: date
    expires_on: date | None
    organisation_id: int | None
    organisation_type: OrganisationType | None
    organisation_name: str | None


def records_of(person_id: int, subject_ids: list[int]) -> list[Record]:
    return [
        Record(row.id, row.subject_id, row.completed_on, row.expires_on, row.organisation_id,
               OrganisationType(row.organisation_type) if row.organisation_type else None,
               row.organisation_name)
        for row in courses_queries.training_records_of(person_id, subject_ids)
    ]


def record_achievements(person_id: int, subjects: dict[int, tuple[str, str]]) -> list[rules.Achievement]:
    """The person's catalogue records for these subjects (id -> (subject_key, kind)), as
    achievements a receiving partner's rules can recognise. Records with no known partner
    cannot say where they were achieved, so they are left out."""
    return [
        rules.Achievement(
            subject_key=subjects[r.subject_id][0], kind=subjects[r.subject_id][1],
            achieved_on=r.completed_on, expires_on=r.expires_on, organisation_id=r.organisation_id,
            organisation_is_nhs=r.organisation_type.is_nhs, organisation_type=r.organisation_type.value,
            assessed_by_organisation_id=None, assessed_by_is_nhs=None, course_completion_id=r.id,
        )
        for r in records_of(person_id, list(subjects))
        if r.organisation_id is not None
    ]


@dataclass(frozen=True)
class Completion:
    """A completed course for the passport: what, when, who issued it, its certificate."""

    enrolment_id: int
    title: str
    completed_on: date
    issuer: str
    certificate_code: str | None


def completions_of(person_id: int) -> list[Completion]:
    return [
        Completion(e.id, e.course.title, e.completed_on, course_issuer(e.course), e.certificate_code)
        for e in courses_queries.completed_enrolments_of(person_id)
    ]
