"""Read models for fellowships: programmes and cohorts, a cohort's fellows, a fellow's page, and
the cohort report (milestones, backfill, outcomes at 6 and 12 months)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from academy.extensions import db
from academy.people.models import Organisation, RoleAssignment, User
from academy.people.roles import Role
from academy.talent.conversations import queries as conversation_queries
from academy.talent.fellowships import rules
from academy.talent.fellowships.models import (
    BackfillPayment,
    CohortMilestone,
    Fellow,
    FellowOutcome,
    FellowshipCohort,
    FellowshipProgramme,
    FellowStatus,
    MilestoneCompletion,
    Outcome,
    Placement,
)

ZERO = Decimal("0.00")


def programmes() -> list[tuple[FellowshipProgramme, list[tuple[FellowshipCohort, int]]]]:
    """Every programme with its cohorts, newest first, and each cohort's active fellows."""
    counts = dict(db.session.execute(
        select(Fellow.cohort_id, func.count()).where(Fellow.status == FellowStatus.ACTIVE)
        .group_by(Fellow.cohort_id)
    ).all())
    found = db.session.scalars(
        select(FellowshipProgramme).options(selectinload(FellowshipProgramme.cohorts))
        .order_by(FellowshipProgramme.name)
    ).all()
    return [(p, [(c, counts.get(c.id, 0)) for c in p.cohorts]) for p in found]


def _fellow_options():
    return (
        joinedload(Fellow.person).joinedload(User.job_role),
        joinedload(Fellow.employer), joinedload(Fellow.mentor), joinedload(Fellow.coach),
        joinedload(Fellow.placement).joinedload(Placement.host),
        joinedload(Fellow.placement).joinedload(Placement.supervisor),
        joinedload(Fellow.baseline_job_role),
    )


@dataclass
class CohortView:
    cohort: FellowshipCohort
    fellows: list[Fellow]
    milestones: list[CohortMilestone]
    milestones_done: dict[int, int]  # fellow -> milestones done
    conversations: dict[int, int]  # person -> conversations held since the cohort began


def cohort_view(cohort_id: int) -> CohortView | None:
    cohort = db.session.scalars(
        select(FellowshipCohort).options(joinedload(FellowshipCohort.programme),
                                         selectinload(FellowshipCohort.milestones))
        .where(FellowshipCohort.id == cohort_id)
    ).one_or_none()
    if cohort is None:
        return None
    fellows = db.session.scalars(
        select(Fellow).options(*_fellow_options()).join(Fellow.person)
        .where(Fellow.cohort_id == cohort.id).order_by(User.family_name, User.given_name)
    ).unique().all()
    done = dict(db.session.execute(
        select(MilestoneCompletion.fellow_id, func.count())
        .join(Fellow).where(Fellow.cohort_id == cohort.id).group_by(MilestoneCompletion.fellow_id)
    ).all())
    conversations = conversation_queries.held_counts([f.person_id for f in fellows], cohort.starts_on)
    return CohortView(cohort, list(fellows), list(cohort.milestones), done, conversations)


def fellow(fellow_id: int) -> Fellow | None:
    return db.session.scalars(
        select(Fellow).options(
            *_fellow_options(),
            joinedload(Fellow.cohort).joinedload(FellowshipCohort.programme),
            joinedload(Fellow.cohort).selectinload(FellowshipCohort.milestones),
            selectinload(Fellow.completions), selectinload(Fellow.backfill),
            selectinload(Fellow.outcomes).joinedload(FellowOutcome.job_role),
        ).where(Fellow.id == fellow_id)
    ).unique().one_or_none()


def fellowships_of(person_id: int) -> list[Fellow]:
    return list(db.session.scalars(
        select(Fellow).options(joinedload(Fellow.cohort).joinedload(FellowshipCohort.programme))
        .where(Fellow.person_id == person_id).order_by(Fellow.joined_at.desc())
    ).unique())


def linked_conversations(fellow: Fellow):
    """The fellow's career conversations since the cohort began: when, with whom, status."""
    return conversation_queries.history_since(fellow.person_id, fellow.cohort.starts_on)


# The cohort report ---------------------------------------------------------------------------

@dataclass
class MilestoneLine:
    milestone: CohortMilestone
    on_time: int
    late: int
    not_done: int


@dataclass
class OutcomeLine:
    months: int
    measured_on: date
    due: bool
    counts: dict[Outcome, int] = field(default_factory=dict)

    @property
    def recorded(self) -> int:
        return sum(self.counts.values())

    @property
    def moved_on(self) -> int:
        """Promoted or moved role: in a job of their choice."""
        return self.counts.get(Outcome.PROMOTED, 0) + self.counts.get(Outcome.MOVED_ROLE, 0)

    @property
    def moved_on_share(self) -> str:
        return f"{100 * self.moved_on / self.recorded:.0f}%" if self.recorded else ""


@dataclass
class CohortReport:
    cohort: FellowshipCohort
    fellows: int
    active: int
    withdrawn: int
    placed: int
    hosts: list[tuple[str, int]]
    milestones: list[MilestoneLine]
    backfill_by_employer: list[tuple[str, Decimal]]
    backfill_total: Decimal
    outcomes: list[OutcomeLine]


def cohort_report(cohort: FellowshipCohort, today: date) -> CohortReport:
    statuses = Counter(dict(db.session.execute(
        select(Fellow.status, func.count()).where(Fellow.cohort_id == cohort.id).group_by(Fellow.status)
    ).all()))
    active = (Fellow.cohort_id == cohort.id) & (Fellow.status == FellowStatus.ACTIVE)
    hosts = db.session.execute(
        select(Organisation.name, func.count()).select_from(Placement).join(Fellow)
        .join(Organisation, Organisation.id == Placement.host_id)
        .where(active).group_by(Organisation.name).order_by(Organisation.name)
    ).all()
    active_count = statuses.get(FellowStatus.ACTIVE, 0)
    done = dict(((m, on_time), n) for m, on_time, n in db.session.execute(
        select(MilestoneCompletion.milestone_id,
               MilestoneCompletion.completed_on <= CohortMilestone.due_on, func.count())
        .join(CohortMilestone).join(Fellow, Fellow.id == MilestoneCompletion.fellow_id)
        .where(active).group_by(MilestoneCompletion.milestone_id,
                                MilestoneCompletion.completed_on <= CohortMilestone.due_on)
    ))
    milestones = []
    for milestone in cohort.milestones:
        on_time, late = done.get((milestone.id, True), 0), done.get((milestone.id, False), 0)
        milestones.append(MilestoneLine(milestone, on_time, late, active_count - on_time - late))
    backfill = db.session.execute(
        select(Organisation.name, func.sum(BackfillPayment.amount))
        .select_from(BackfillPayment).join(Fellow)
        .join(Organisation, Organisation.id == BackfillPayment.paid_to_id)
        .where(Fellow.cohort_id == cohort.id).group_by(Organisation.name).order_by(Organisation.name)
    ).all()
    by_employer = [(name, Decimal(total or 0).quantize(Decimal("0.01"))) for name, total in backfill]
    outcome_counts = db.session.execute(
        select(FellowOutcome.months, FellowOutcome.outcome, func.count())
        .join(Fellow).where(active).group_by(FellowOutcome.months, FellowOutcome.outcome)
    ).all()
    outcomes = []
    for months in rules.OUTCOME_MONTHS:
        measured_on = rules.outcome_date(cohort.ends_on, months)
        line = OutcomeLine(months, measured_on, measured_on <= today)
        line.counts = {o: n for m, o, n in outcome_counts if m == months}
        outcomes.append(line)
    return CohortReport(
        cohort=cohort, fellows=sum(statuses.values()), active=active_count,
        withdrawn=statuses.get(FellowStatus.WITHDRAWN, 0), placed=sum(n for _, n in hosts),
        hosts=[(name, n) for name, n in hosts], milestones=milestones,
        backfill_by_employer=by_employer, backfill_total=sum((t for _, t in by_employer), ZERO),
        outcomes=outcomes,
    )


def backfill_rows(cohort_id: int) -> list[list]:
    """One row per month of backfill, for finance's spreadsheet."""
    rows = db.session.execute(
        select(User.family_name, User.given_name, User.employee_number, Organisation.name,
               BackfillPayment.month_on, BackfillPayment.amount)
        .select_from(BackfillPayment).join(Fellow)
        .join(User, User.id == Fellow.person_id)
        .join(Organisation, Organisation.id == BackfillPayment.paid_to_id)
        .where(Fellow.cohort_id == cohort_id)
        .order_by(User.family_name, User.given_name, BackfillPayment.month_on)
    ).all()
    return [[f"{given} {family}", number, employer, month.strftime("%Y-%m"), amount]
            for family, given, number, employer, month, amount in rows]


@dataclass
class LeadSummary:
    current_cohorts: int
    active_fellows: int
    overdue_milestones: int
    without_placement: int


def lead_summary(today: date) -> LeadSummary:
    current = (FellowshipCohort.starts_on <= today) & (FellowshipCohort.ends_on >= today)
    cohorts = db.session.scalar(select(func.count()).select_from(FellowshipCohort).where(current))
    fellows = db.session.scalar(
        select(func.count()).select_from(Fellow).join(Fellow.cohort)
        .where(current, Fellow.status == FellowStatus.ACTIVE)
    )
    overdue = db.session.scalar(
        select(func.count()).select_from(Fellow).join(Fellow.cohort)
        .join(CohortMilestone, CohortMilestone.cohort_id == FellowshipCohort.id)
        .outerjoin(MilestoneCompletion, (MilestoneCompletion.milestone_id == CohortMilestone.id)
                   & (MilestoneCompletion.fellow_id == Fellow.id))
        .where(current, Fellow.status == FellowStatus.ACTIVE, CohortMilestone.due_on < today,
               MilestoneCompletion.id.is_(None))
    )
    unplaced = db.session.scalar(
        select(func.count()).select_from(Fellow).join(Fellow.cohort)
        .outerjoin(Placement, Placement.fellow_id == Fellow.id)
        .where(current, Fellow.status == FellowStatus.ACTIVE, Placement.id.is_(None),
               FellowshipCohort.placement_starts_on <= today)
    )
    return LeadSummary(cohorts, fellows, overdue, unplaced)


def person_with_email(email: str) -> User | None:
    """The person whose e-mail address this is (addresses are kept in lower case)."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def coaches() -> list[User]:
    """Everyone who holds the coach role, by name: who may coach a fellow."""
    return list(db.session.scalars(
        select(User).where(User.id.in_(
            select(RoleAssignment.user_id).where(RoleAssignment.role == Role.COACH)
        )).order_by(User.family_name, User.given_name)
    ))


def host_choices(fellow: Fellow) -> list[Organisation]:
    """The partners a fellow may be placed with: any but their own employer."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id != fellow.employer_id).order_by(Organisation.name)
    ))
