"""Programmes, their weights and rules, the goal list, and cohorts with their dates and status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.mentoring import permissions
from academy.mentoring.models import (
    CohortStatus,
    MentoringCohort,
    MentoringGoal,
    MentoringProgramme,
    ProgrammeKind,
)
from academy.mentoring.vocabulary import FACTORS
from academy.people.models import User


@dataclass
class ProgrammeData:
    name: str
    kind: ProgrammeKind
    partner_label: str
    leader_label: str
    description: str = ""
    organisation_id: int | None = None
    partner_eligibility: str = ""
    leader_eligibility: str = ""
    allow_cross_organisation: bool = True
    band_gap_wanted: int = 3
    max_distance_km: int = 25
    weights: dict[str, int] = field(default_factory=lambda: {
        "goals": 30, "interests": 20, "availability": 20, "mode": 10, "distance": 10,
        "band_gap": 10,
    })
    priority_groups: list[str] = field(default_factory=list)
    priority_bonus: int = 0


def _apply(programme: MentoringProgramme, data: ProgrammeData) -> None:
    name = data.name.strip()
    if not name:
        raise DomainError("Enter the programme's name", field="name")
    clash = db.session.scalar(
        select(func.count()).select_from(MentoringProgramme).where(
            func.lower(MentoringProgramme.name) == name.lower(),
            MentoringProgramme.id != (programme.id or 0),
        )
    )
    if clash:
        raise DomainError("A programme already has this name", field="name")
    if not data.partner_label.strip() or not data.leader_label.strip():
        raise DomainError("Name both sides of the pair", field="partner_label")
    if data.partner_label.strip().lower() == data.leader_label.strip().lower():
        raise DomainError("Give the two sides different names", field="leader_label")
    for factor in FACTORS:
        value = data.weights.get(factor, 0)
        if not 0 <= value <= 100:
            raise DomainError("Each weight must be from 0 to 100", field=f"weight_{factor}")
    if sum(data.weights.get(f, 0) for f in FACTORS) == 0:
        raise DomainError("Give at least one factor some weight", field="weight_goals")
    if not 0 <= data.priority_bonus <= 100:
        raise DomainError("The bonus must be from 0 to 100 points", field="priority_bonus")
    groups = [g.strip() for g in data.priority_groups if g.strip()]
    if len({g.lower() for g in groups}) != len(groups):
        raise DomainError("Name each priority group once", field="priority_groups")
    if data.priority_bonus and not groups:
        raise DomainError("Name the priority groups the bonus is for", field="priority_groups")
    programme.name = name
    programme.kind = data.kind
    programme.description = data.description.strip()
    programme.organisation_id = data.organisation_id
    programme.partner_label = data.partner_label.strip()
    programme.leader_label = data.leader_label.strip()
    programme.partner_eligibility = data.partner_eligibility.strip()
    programme.leader_eligibility = data.leader_eligibility.strip()
    programme.allow_cross_organisation = data.allow_cross_organisation
    programme.band_gap_wanted = data.band_gap_wanted
    programme.max_distance_km = data.max_distance_km
    for factor in FACTORS:
        setattr(programme, f"weight_{factor}", int(data.weights.get(factor, 0)))
    programme.priority_groups = groups
    programme.priority_bonus = data.priority_bonus


def create_programme(data: ProgrammeData, *, actor: User) -> MentoringProgramme:
    """Raises NotAllowed unless the actor coordinates mentoring for the programme's scope."""
    if not permissions.can_create_mentoring_programme(actor, data.organisation_id):
        raise NotAllowed("You cannot start a programme for that scope")
    programme = MentoringProgramme(created_by_id=actor.id)
    _apply(programme, data)
    db.session.add(programme)
    db.session.flush()
    record(actor, "mentoring.programme_created", programme, name=programme.name)
    db.session.flush()
    return programme


def update_programme(programme: MentoringProgramme, data: ProgrammeData, *, actor: User) -> None:
    if not permissions.can_manage_mentoring_programme(actor, programme):
        raise NotAllowed("You cannot change this programme")
    if not permissions.can_create_mentoring_programme(actor, data.organisation_id):
        raise NotAllowed("You cannot move the programme to that scope")
    _apply(programme, data)
    record(actor, "mentoring.programme_updated", programme,
           weights={f: getattr(programme, f"weight_{f}") for f in FACTORS},
           priority_bonus=programme.priority_bonus,
           cross_organisation=programme.allow_cross_organisation)
    db.session.flush()


def add_goal(name: str, *, actor: User) -> MentoringGoal:
    if not permissions.can_manage_mentoring_goals(actor):
        raise NotAllowed("Only mentoring coordinators keep the goal list")
    name = name.strip()
    if not name:
        raise DomainError("Enter the goal", field="name")
    if db.session.scalar(select(func.count()).select_from(MentoringGoal).where(
            func.lower(MentoringGoal.name) == name.lower())):
        raise DomainError("This goal is already on the list", field="name")
    goal = MentoringGoal(name=name)
    db.session.add(goal)
    db.session.flush()
    record(actor, "mentoring.goal_added", goal, name=name)
    db.session.flush()
    return goal


def set_goal_active(goal: MentoringGoal, active: bool, *, actor: User) -> None:
    """Retire a goal (applications keep it) or bring it back."""
    if not permissions.can_manage_mentoring_goals(actor):
        raise NotAllowed("Only mentoring coordinators keep the goal list")
    goal.is_active = active
    record(actor, "mentoring.goal_restored" if active else "mentoring.goal_retired", goal)
    db.session.flush()


@dataclass
class CohortData:
    name: str
    opens_on: date
    closes_on: date
    matching_on: date
    starts_on: date
    duration_months: int
    meeting_interval_weeks: int


def _apply_cohort(cohort: MentoringCohort, programme: MentoringProgramme, data: CohortData) -> None:
    name = data.name.strip()
    if not name:
        raise DomainError("Enter the cohort's name", field="name")
    clash = db.session.scalar(select(func.count()).select_from(MentoringCohort).where(
        MentoringCohort.programme_id == programme.id, func.lower(MentoringCohort.name) == name.lower(),
        MentoringCohort.id != (cohort.id or 0)))
    if clash:
        raise DomainError("The programme already has a cohort with this name", field="name")
    if data.closes_on < data.opens_on:
        raise DomainError("Applications must close after they open", field="closes_on")
    if data.matching_on < data.closes_on:
        raise DomainError("Match on or after the day applications close", field="matching_on")
    if data.starts_on < data.matching_on:
        raise DomainError("Start on or after the matching date", field="starts_on")
    if not 1 <= data.duration_months <= 36:
        raise DomainError("A cohort runs from 1 to 36 months", field="duration_months")
    if not 1 <= data.meeting_interval_weeks <= 12:
        raise DomainError("Expect a meeting every 1 to 12 weeks", field="meeting_interval_weeks")
    cohort.name = name
    cohort.opens_on, cohort.closes_on = data.opens_on, data.closes_on
    cohort.matching_on, cohort.starts_on = data.matching_on, data.starts_on
    cohort.duration_months = data.duration_months
    cohort.meeting_interval_weeks = data.meeting_interval_weeks


def create_cohort(programme: MentoringProgramme, data: CohortData, *, actor: User) -> MentoringCohort:
    if not permissions.can_manage_mentoring_programme(actor, programme):
        raise NotAllowed("You cannot add cohorts to this programme")
    cohort = MentoringCohort(programme_id=programme.id, status=CohortStatus.PLANNED)
    _apply_cohort(cohort, programme, data)
    db.session.add(cohort)
    db.session.flush()
    record(actor, "mentoring.cohort_created", cohort, name=cohort.name)
    db.session.flush()
    return cohort


def update_cohort(cohort: MentoringCohort, data: CohortData, *, actor: User) -> None:
    if not permissions.can_manage_mentoring_cohort(actor, cohort):
        raise NotAllowed("You cannot change this cohort")
    _apply_cohort(cohort, cohort.programme, data)
    record(actor, "mentoring.cohort_updated", cohort)
    db.session.flush()


# What a coordinator may move a cohort to by hand; publishing pairs moves it to running.
TRANSITIONS = {
    CohortStatus.PLANNED: {CohortStatus.OPEN, CohortStatus.CLOSED},
    CohortStatus.OPEN: {CohortStatus.MATCHING},
    CohortStatus.MATCHING: {CohortStatus.OPEN, CohortStatus.CLOSED},
    CohortStatus.RUNNING: {CohortStatus.CLOSED},
    CohortStatus.CLOSED: set(),
}


def set_cohort_status(cohort: MentoringCohort, status: CohortStatus, *, actor: User | None) -> None:
    """Open or close applications, or close the cohort. Raises DomainError for a move the cohort
    cannot make; NotAllowed for someone who does not coordinate it (None: the scheduler)."""
    if actor is not None and not permissions.can_manage_mentoring_cohort(actor, cohort):
        raise NotAllowed("You cannot change this cohort")
    if status not in TRANSITIONS[cohort.status]:
        raise DomainError(f"A cohort that is {cohort.status.label.lower()} cannot become "
                          f"{status.label.lower()}", field="status")
    before = cohort.status
    cohort.status = status
    record(actor, "mentoring.cohort_status", cohort, before=before.value, after=status.value)
    db.session.flush()


def advance_cohorts(now: datetime) -> dict:
    """Open planned cohorts on their opening day and close applications after the window."""
    today = now.date()
    opened = closed = 0
    for cohort in db.session.scalars(select(MentoringCohort).where(
            MentoringCohort.status == CohortStatus.PLANNED, MentoringCohort.opens_on <= today,
            MentoringCohort.closes_on >= today)):
        set_cohort_status(cohort, CohortStatus.OPEN, actor=None)
        opened += 1
    for cohort in db.session.scalars(select(MentoringCohort).where(
            MentoringCohort.status == CohortStatus.OPEN, MentoringCohort.closes_on < today)):
        set_cohort_status(cohort, CohortStatus.MATCHING, actor=None)
        closed += 1
    return {"opened": opened, "closed": closed}
