"""Reference data for apprenticeships: the standards (shipped, and updated from the official
list), the funding rules by effective date, and cohorts.

Like every service module: plain data and the acting user in, flush, never commit; raises
DomainError or NotAllowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people.models import User
from academy.talent.apprenticeships import permissions, queries, seed
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipCohort,
    ApprenticeshipStandard,
    FundingRule,
    OtjBasis,
    StandardStatus,
)
from academy.talent.apprenticeships.services import progress
from academy.talent.apprenticeships.standards_import import parse_standards


class StandardsImportError(DomainError):
    """The file has problems; nothing was changed. `problems` lists every one found."""

    def __init__(self, problems: list[str]):
        super().__init__(f"The file was not imported: {len(problems)} problem(s) found", "file")
        self.problems = problems


def seed_reference_data() -> dict:
    """Load the standards and funding rules the platform ships with, where none exist yet."""
    added = {"standards": 0, "funding_rules": 0}
    if not db.session.scalar(select(func.count()).select_from(ApprenticeshipStandard)):
        rows, problems = parse_standards(seed.STANDARDS_CSV)
        if problems:  # the shipped list is checked by the tests; this guards a bad edit
            raise StandardsImportError(problems)
        for row in rows:
            db.session.add(_standard_from(row, ApprenticeshipStandard()))
        added["standards"] = len(rows)
    if not db.session.scalar(select(func.count()).select_from(FundingRule)):
        for effective_from, name, values, notes, source in seed.FUNDING_RULES:
            db.session.add(FundingRule(effective_from=effective_from, name=name, notes=notes,
                                       source=source,
                                       **{**values, "otj_basis": OtjBasis(values["otj_basis"])}))
        added["funding_rules"] = len(seed.FUNDING_RULES)
    db.session.flush()
    return added


def _standard_from(row, standard: ApprenticeshipStandard,
                   default_confidence: str | None = None) -> ApprenticeshipStandard:
    standard.reference = row.reference
    standard.title = row.title
    standard.level = row.level
    standard.version = row.version or standard.version or "1.0"
    standard.typical_duration_months = row.typical_duration_months
    standard.max_funding_band = row.max_funding_band
    standard.min_off_the_job_hours = row.min_off_the_job_hours
    standard.status = StandardStatus(row.status)
    standard.funding_withdrawn_from = row.funding_withdrawn_from
    standard.source_url = row.source_url or standard.source_url
    standard.confidence = row.confidence or default_confidence
    return standard


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    plans_confirmed: int = 0


def import_standards(text: str, *, actor: User, today: date) -> ImportSummary:
    """Create or update standards from the official list; every row checked, all or nothing.

    Rows without a confidence column are marked as confirmed by the official list. Standards
    missing from the file are kept (apprentices refer to them). Raises NotAllowed, or
    StandardsImportError listing every problem.
    """
    if not permissions.can_change_apprenticeship_rules(actor):
        raise NotAllowed("Only the partnership's levy pool lead can import standards")
    rows, problems = parse_standards(text)
    if problems:
        raise StandardsImportError(problems)
    existing = {s.reference: s for s in db.session.scalars(
        select(ApprenticeshipStandard).where(ApprenticeshipStandard.reference.in_([r.reference for r in rows])))}
    note = f"official: from the official list imported on {today:%-d %B %Y}"
    created = updated = 0
    for row in rows:
        standard = existing.get(row.reference)
        if standard is None:
            db.session.add(_standard_from(row, ApprenticeshipStandard(), note))
            created += 1
        else:
            _standard_from(row, standard, note)
            updated += 1
    db.session.flush()
    planned = _plan_confirmed_minimums([r.reference for r in rows], today)
    record(actor, "apprenticeships.standards_imported", object_type="Standard",
           created=created, updated=updated, plans_confirmed=planned)
    db.session.flush()
    return ImportSummary(created, updated, planned)


def _plan_confirmed_minimums(references: list[str], today: date) -> int:
    """Apprentices whose off-the-job minimum was to confirm get it once their standard's
    published figure is known; returns how many."""
    table = queries.funding_rules()
    waiting = list(db.session.scalars(
        select(Apprentice).join(ApprenticeshipStandard)
        .where(Apprentice.planned_otj_hours.is_(None),
               ApprenticeshipStandard.reference.in_(references),
               ApprenticeshipStandard.min_off_the_job_hours.is_not(None))))
    for apprentice in waiting:
        apprentice.planned_otj_hours = queries.required_otj_hours(
            queries.rule_on(apprentice.start_on, table), apprentice.standard, apprentice.start_on,
            apprentice.planned_end_on, apprentice.weekly_hours)
        progress.refresh_progress(apprentice, today)
    return len(waiting)


def add_funding_rule(values: dict, *, actor: User) -> FundingRule:
    """Record a change of the funding rules from a date (a complete row of every figure).

    Raises NotAllowed, or DomainError when a rule already starts that day."""
    if not permissions.can_change_apprenticeship_rules(actor):
        raise NotAllowed("Only the partnership's levy pool lead can change the funding rules")
    clash = db.session.scalar(
        select(FundingRule).where(FundingRule.effective_from == values["effective_from"]))
    if clash is not None:
        raise DomainError("A rule change already starts on that date", "effective_from")
    rule = FundingRule(**values, created_by_id=actor.id)
    db.session.add(rule)
    db.session.flush()
    record(actor, "apprenticeships.funding_rule_added", rule,
           effective_from=rule.effective_from.isoformat())
    return rule


def create_cohort(name: str, organisation_id: int | None, starts_on: date | None, *,
                  actor: User) -> ApprenticeshipCohort:
    """Raises NotAllowed outside the actor's scope, DomainError for a name already used."""
    if organisation_id is None and not permissions.is_levy_pool_lead(actor):
        raise NotAllowed("Only the levy pool lead can open a partnership-wide cohort")
    if organisation_id is not None and not permissions.coordinates(actor, organisation_id):
        raise NotAllowed("You do not coordinate apprenticeships for that partner")
    name = name.strip()
    clash = db.session.scalar(select(ApprenticeshipCohort).where(
        ApprenticeshipCohort.name == name, ApprenticeshipCohort.organisation_id.is_(None) if organisation_id is None
        else ApprenticeshipCohort.organisation_id == organisation_id))
    if clash is not None:
        raise DomainError("A cohort with this name already exists", "name")
    cohort = ApprenticeshipCohort(name=name, organisation_id=organisation_id, starts_on=starts_on)
    db.session.add(cohort)
    db.session.flush()
    record(actor, "apprenticeships.cohort_created", cohort)
    return cohort
