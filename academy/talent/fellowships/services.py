"""Operations on fellowships, one per user intention; they flush and never commit.

Every operation but the outcomes job is the fellowship lead's: each raises NotAllowed for anyone
else, and DomainError when the rules refuse.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from academy.audit.services import correction_reason
from academy.audit.services import record as audit
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import notify
from academy.people.models import JobHistory, JobRole, Organisation, User
from academy.people.roles import Role
from academy.talent.fellowships import permissions, rules
from academy.talent.fellowships.models import (
    BackfillPayment,
    CohortMilestone,
    Fellow,
    FellowOutcome,
    FellowshipCohort,
    FellowshipProgramme,
    FellowStatus,
    MilestoneCompletion,
    MilestoneKind,
    Outcome,
    Placement,
)


def _require_lead(actor: User) -> None:
    if not permissions.is_fellowship_lead(actor):
        raise NotAllowed("Only a fellowship lead can do this")


def fellow_page(fellow: Fellow) -> str:
    """The fellow's page at ACADEMY_BASE_URL: the link of their notices."""
    return external_url("fellowships.fellow", fellow_id=fellow.id)


def create_programme(*, name: str, description: str | None, actor: User) -> FellowshipProgramme:
    _require_lead(actor)
    name = name.strip()
    if db.session.scalar(select(FellowshipProgramme.id).where(FellowshipProgramme.name == name)):
        raise DomainError("A programme with this name already exists", field="name")
    programme = FellowshipProgramme(name=name, description=(description or "").strip() or None)
    db.session.add(programme)
    db.session.flush()
    audit(actor, "fellowship_programme.created", programme)
    return programme


def create_cohort(programme: FellowshipProgramme, *, name: str, starts_on: date,
                  placement_starts_on: date, ends_on: date, actor: User) -> FellowshipCohort:
    _require_lead(actor)
    problem = rules.check_cohort_dates(starts_on, placement_starts_on, ends_on)
    if problem:
        raise DomainError(problem, field="placement_starts_on" if "Placements" in problem else "ends_on")
    name = name.strip()
    if db.session.scalar(select(FellowshipCohort.id).where(
            FellowshipCohort.programme_id == programme.id, FellowshipCohort.name == name)):
        raise DomainError("This programme already has a cohort with this name", field="name")
    cohort = FellowshipCohort(programme=programme, name=name, starts_on=starts_on,
                              placement_starts_on=placement_starts_on, ends_on=ends_on)
    db.session.add(cohort)
    db.session.flush()
    audit(actor, "fellowship_cohort.created", cohort)
    return cohort


def _check_people(person: User, mentor: User | None, coach: User | None) -> None:
    if mentor is not None and mentor.id == person.id:
        raise DomainError("A fellow cannot be their own mentor", field="mentor_email")
    if coach is not None:
        if coach.id == person.id:
            raise DomainError("A fellow cannot be their own coach", field="coach")
        if not coach.has_role(Role.COACH):
            raise DomainError("Choose a trained career coach", field="coach")


def add_fellow(cohort: FellowshipCohort, person: User, *, mentor: User | None,
               coach: User | None, actor: User) -> Fellow:
    """Add a person to the cohort, keeping their employer and job role as they are today."""
    _require_lead(actor)
    _check_people(person, mentor, coach)
    if db.session.scalar(select(Fellow.id).where(Fellow.cohort_id == cohort.id,
                                                 Fellow.person_id == person.id)):
        raise DomainError(f"{person.name} is already a fellow in this cohort", field="email")
    fellow = Fellow(cohort=cohort, person=person, employer_id=person.employer_id,
                    baseline_job_role_id=person.job_role_id,
                    mentor_id=mentor.id if mentor else None, coach_id=coach.id if coach else None)
    db.session.add(fellow)
    db.session.flush()
    audit(actor, "fellow.added", fellow, subject=person, cohort=cohort.id)
    notify_by_email(person, f"Welcome to {cohort.title}", "fellowships/welcome",
                    link=fellow_page(fellow), cohort=cohort)
    return fellow


def update_fellow(fellow: Fellow, *, mentor: User | None, coach: User | None, actor: User) -> None:
    _require_lead(actor)
    _check_people(fellow.person, mentor, coach)
    fellow.mentor_id = mentor.id if mentor else None
    fellow.coach_id = coach.id if coach else None
    db.session.flush()
    audit(actor, "fellow.changed", fellow, subject=fellow.person_id,
          mentor=fellow.mentor_id, coach=fellow.coach_id)


def withdraw_fellow(fellow: Fellow, *, on: date, actor: User) -> None:
    _require_lead(actor)
    if fellow.is_withdrawn:
        raise DomainError("This fellow has already withdrawn")
    fellow.status = FellowStatus.WITHDRAWN
    fellow.withdrawn_on = on
    db.session.flush()
    audit(actor, "fellow.withdrawn", fellow, subject=fellow.person_id)


def set_placement(fellow: Fellow, *, host: Organisation, project: str, description: str | None,
                  supervisor: User | None, starts_on: date, ends_on: date | None,
                  days_per_week: int, actor: User) -> Placement:
    """Set (or change) the fellow's placement. It follows the development period, in another
    partner than the fellow's own; twelve months unless an end is given."""
    _require_lead(actor)
    cohort = fellow.cohort
    if host.id == fellow.employer_id:
        raise DomainError("The placement is with another partner than the fellow's employer",
                          field="host")
    if starts_on < cohort.placement_starts_on:
        raise DomainError(
            f"Placements start after the development period, from {cohort.placement_starts_on:%-d %B %Y}",
            field="starts_on")
    ends_on = ends_on or rules.placement_ends(starts_on)
    if ends_on <= starts_on:
        raise DomainError("The placement must end after it starts", field="ends_on")
    if not 1 <= days_per_week <= 5:
        raise DomainError("Enter the days a week, from 1 to 5", field="days_per_week")
    placement = fellow.placement or Placement(fellow=fellow)
    placement.host_id, placement.project = host.id, project.strip()
    placement.description = (description or "").strip() or None
    placement.supervisor_id = supervisor.id if supervisor else None
    placement.starts_on, placement.ends_on, placement.days_per_week = starts_on, ends_on, days_per_week
    db.session.add(placement)
    db.session.flush()
    audit(actor, "fellow.placement_set", placement, subject=fellow.person_id, host=host.id)
    notify(fellow.person, f"Your placement: {placement.project} at {host.name}",
           link=fellow_page(fellow))
    return placement


def add_milestone(cohort: FellowshipCohort, *, kind: MilestoneKind, title: str, due_on: date,
                  actor: User) -> CohortMilestone:
    _require_lead(actor)
    if not cohort.starts_on <= due_on <= cohort.ends_on:
        raise DomainError("The date must fall within the cohort", field="due_on")
    milestone = CohortMilestone(cohort=cohort, kind=kind, title=title.strip(), due_on=due_on)
    db.session.add(milestone)
    db.session.flush()
    audit(actor, "fellowship_milestone.added", milestone, cohort=cohort.id)
    return milestone


def complete_milestone(fellow: Fellow, milestone: CohortMilestone, *, on: date,
                       actor: User) -> MilestoneCompletion:
    _require_lead(actor)
    if milestone.cohort_id != fellow.cohort_id:
        raise DomainError("This milestone belongs to another cohort")
    if db.session.scalar(select(MilestoneCompletion.id).where(
            MilestoneCompletion.milestone_id == milestone.id,
            MilestoneCompletion.fellow_id == fellow.id)):
        raise DomainError("This milestone is already marked done")
    completion = MilestoneCompletion(milestone_id=milestone.id, fellow=fellow, completed_on=on,
                                     recorded_by_id=actor.id)
    db.session.add(completion)
    db.session.flush()
    audit(actor, "fellowship_milestone.completed", completion, subject=fellow.person_id)
    return completion


def undo_milestone(fellow: Fellow, milestone: CohortMilestone, *, reason: str,
                   actor: User) -> None:
    """Take back a milestone marked done by mistake: it is open (or overdue) again.
    Raises DomainError without a reason or when it is not marked done."""
    _require_lead(actor)
    reason = correction_reason(reason)
    completion = db.session.scalar(select(MilestoneCompletion).where(
        MilestoneCompletion.milestone_id == milestone.id,
        MilestoneCompletion.fellow_id == fellow.id))
    if completion is None:
        raise DomainError("This milestone is not marked done")
    audit(actor, "fellowship_milestone.undone", completion, subject=fellow.person_id,
          reason=reason, about=f"{milestone.title} ({fellow.cohort.name})",
          before=completion.completed_on.isoformat(), after=None)
    db.session.delete(completion)
    db.session.flush()
    db.session.expire(fellow, ["completions"])


def record_backfill(fellow: Fellow, *, month: date, amount: Decimal, actor: User) -> BackfillPayment:
    """Record (or correct) a month's backfill, paid to the fellow's substantive employer.
    Raises DomainError without a placement, for a month outside it, or a negative amount."""
    _require_lead(actor)
    placement = fellow.placement
    if placement is None:
        raise DomainError("Set the placement first: backfill covers the placement months")
    month = rules.month_start(month)
    if month not in rules.placement_months(placement.starts_on, placement.ends_on):
        raise DomainError("The month must fall within the placement", field="month")
    if amount < 0:
        raise DomainError("The amount must not be negative", field="amount")
    amount = amount.quantize(Decimal("0.01"))
    payment = db.session.scalar(select(BackfillPayment).where(
        BackfillPayment.fellow_id == fellow.id, BackfillPayment.month_on == month))
    before = payment.amount if payment else None
    if payment is None:
        payment = BackfillPayment(fellow=fellow, month_on=month, paid_to_id=fellow.employer_id)
        db.session.add(payment)
    payment.amount = amount
    payment.recorded_by_id = actor.id
    db.session.flush()
    audit(actor, "fellow.backfill_recorded", payment, subject=fellow.person_id,
          month=month.isoformat(), amount=str(amount), before=str(before) if before is not None else None)
    return payment


def record_outcomes(today: date) -> int:
    """The daily job: for each fellow whose cohort ended 6 or 12 months ago or more, record where
    they are from their job history, once. Returns how many were recorded."""
    fellows = db.session.scalars(
        select(Fellow)
        .join(Fellow.cohort)
        .options(contains_eager(Fellow.cohort))
        .where(Fellow.status == FellowStatus.ACTIVE,
               FellowshipCohort.ends_on <= rules.months_after(today, -min(rules.OUTCOME_MONTHS)))
    ).all()
    recorded = set(db.session.execute(
        select(FellowOutcome.fellow_id, FellowOutcome.months)
        .where(FellowOutcome.fellow_id.in_([f.id for f in fellows]))
    ).all())
    due = [
        (fellow, months) for fellow in fellows for months in rules.OUTCOME_MONTHS
        if rules.outcome_date(fellow.cohort.ends_on, months) <= today
        and (fellow.id, months) not in recorded
    ]
    if not due:
        return 0
    history = spells_by_person({fellow.person_id for fellow, _ in due})
    for fellow, months in due:
        spells = history.get(fellow.person_id, [])
        baseline = rules.spell_on(spells, fellow.cohort.starts_on)
        if baseline is None and fellow.baseline_job_role_id is not None:
            baseline = next((s for s in spells if s.job_role_id == fellow.baseline_job_role_id), None)
        measured_on = rules.outcome_date(fellow.cohort.ends_on, months)
        later = rules.spell_on(spells, measured_on)
        db.session.add(FellowOutcome(
            fellow_id=fellow.id, months=months, measured_on=measured_on,
            outcome=Outcome(rules.derive_outcome(baseline, later)),
            job_role_id=later.job_role_id if later else None,
            organisation_id=later.organisation_id if later else None,
        ))
    db.session.flush()
    return len(due)


def spells_by_person(person_ids) -> dict[int, list[rules.Spell]]:
    """Each person's job history as plain spells, in one query."""
    rows = db.session.execute(
        select(JobHistory.user_id, JobHistory.job_role_id, JobHistory.organisation_id,
               JobRole.afc_band, JobHistory.started_on, JobHistory.ended_on, JobHistory.reason)
        .join(JobRole, JobRole.id == JobHistory.job_role_id)
        .where(JobHistory.user_id.in_(person_ids))
    ).all()
    history: dict[int, list[rules.Spell]] = {}
    for user_id, *spell in rows:
        history.setdefault(user_id, []).append(rules.Spell(*spell))
    return history
