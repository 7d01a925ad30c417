"""Assessment rounds: create, open (invite everyone in scope), close, and the reminders job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import DateTime, exists, func, insert, literal, select
from sqlalchemy.orm import joinedload

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.lna import permissions, rules
from academy.lna.models import (
    AssessmentReminder,
    AssessmentRound,
    AssessmentStatus,
    Competency,
    CompetencyFramework,
    RoleProfile,
    RoleRequirement,
    RoundStaffGroup,
    RoundStatus,
    SelfAssessment,
)
from academy.notifications.email import external_url, notify_by_email
from academy.people.models import JobRole, Organisation, Team, User
from academy.timekeeping import utcnow


@dataclass(frozen=True)
class RoundDetails:
    name: str
    opens_on: date
    closes_on: date
    framework_ids: list[int]
    description: str | None = None
    reminder_every_days: int = 7
    organisation_ids: list[int] = field(default_factory=list)
    team_ids: list[int] = field(default_factory=list)
    job_role_ids: list[int] = field(default_factory=list)
    staff_groups: list[str] = field(default_factory=list)


def _check_details(details: RoundDetails, actor: User, today: date) -> None:
    if not details.name.strip():
        raise DomainError("Enter a name for the round", field="name")
    if details.closes_on < details.opens_on:
        raise DomainError("The closing date must be on or after the opening date", field="closes_on")
    if details.closes_on < today:
        raise DomainError("The closing date must be today or later", field="closes_on")
    if not 1 <= details.reminder_every_days <= 60:
        raise DomainError("Remind people every 1 to 60 days", field="reminder_every_days")
    if not details.framework_ids:
        raise DomainError("Choose at least one framework", field="framework_ids")
    own = permissions.report_organisation_ids(actor)
    if own is not None:
        if not details.organisation_ids:
            raise DomainError("Choose the organisations the round is for", field="organisation_ids")
        if not set(details.organisation_ids) <= own:
            raise DomainError("You can only run rounds for the organisations you lead learning for",
                              field="organisation_ids")
    if details.team_ids:
        team_orgs = set(db.session.scalars(
            select(Team.organisation_id).where(Team.id.in_(details.team_ids))))
        allowed = set(details.organisation_ids) if details.organisation_ids else own
        if allowed is not None and not team_orgs <= allowed:
            raise DomainError("Choose teams in the round's organisations", field="team_ids")


def _apply(round_: AssessmentRound, details: RoundDetails) -> None:
    round_.name = details.name.strip()
    round_.description = (details.description or "").strip() or None
    round_.opens_on = details.opens_on
    round_.closes_on = details.closes_on
    round_.reminder_every_days = details.reminder_every_days

    def load(model, ids):
        return list(db.session.scalars(select(model).where(model.id.in_(ids)))) if ids else []

    round_.frameworks = load(CompetencyFramework, details.framework_ids)
    if len(round_.frameworks) != len(set(details.framework_ids)):
        raise DomainError("Choose frameworks from the list", field="framework_ids")
    round_.organisations = load(Organisation, details.organisation_ids)
    round_.teams = load(Team, details.team_ids)
    round_.job_roles = load(JobRole, details.job_role_ids)
    round_.staff_group_rows = [RoundStaffGroup(staff_group=g) for g in sorted(set(details.staff_groups))]


def create_round(details: RoundDetails, *, actor: User, today: date) -> AssessmentRound:
    """A draft round. Raises NotAllowed, or DomainError for dates, frameworks or scope."""
    if not permissions.can_create_round(actor):
        raise NotAllowed("Only learning leads run learning needs analysis rounds")
    _check_details(details, actor, today)
    round_ = AssessmentRound(created_by_id=actor.id, status=RoundStatus.DRAFT,
                             name="", opens_on=details.opens_on, closes_on=details.closes_on)
    db.session.add(round_)
    _apply(round_, details)
    db.session.flush()
    record(actor, "lna.round.created", round_)
    return round_


def update_round(round_: AssessmentRound, details: RoundDetails, *, actor: User, today: date) -> None:
    """Change a draft round. Raises NotAllowed, or DomainError once the round has been opened."""
    if not permissions.can_manage_round(actor, round_):
        raise NotAllowed("You cannot change this round")
    if round_.status != RoundStatus.DRAFT:
        raise DomainError("A round cannot be changed once it has been opened")
    _check_details(details, actor, today)
    _apply(round_, details)
    db.session.flush()
    record(actor, "lna.round.updated", round_)


def _team_tree(team_ids: list[int]):
    tree = select(Team.id).where(Team.id.in_(team_ids)).cte("lna_scope_teams", recursive=True)
    tree = tree.union_all(select(Team.id).where(Team.parent_id == tree.c.id))
    return select(tree.c.id)


def scope_conditions(round_: AssessmentRound) -> list:
    """Who the round reaches (before asking whether their job role has a profile)."""
    conditions = [User.is_active_account.is_(True), User.job_role_id.is_not(None)]
    if round_.organisations:
        conditions.append(User.employer_id.in_([o.id for o in round_.organisations]))
    if round_.teams:
        conditions.append(User.team_id.in_(_team_tree([t.id for t in round_.teams])))
    if round_.job_roles:
        conditions.append(User.job_role_id.in_([j.id for j in round_.job_roles]))
    if round_.staff_group_rows:
        conditions.append(JobRole.staff_group.in_(round_.staff_groups))
    return conditions


def profiled_job_roles(round_: AssessmentRound):
    """Job roles whose profile asks for a competency in one of the round's frameworks."""
    return (
        select(RoleProfile.job_role_id)
        .join(RoleRequirement, RoleRequirement.profile_id == RoleProfile.id)
        .join(Competency, Competency.id == RoleRequirement.competency_id)
        .where(Competency.framework_id.in_([f.id for f in round_.frameworks]))
    )


def scope_counts(round_: AssessmentRound) -> tuple[int, int]:
    """(people in scope, of whom have no role profile for the round's frameworks)."""
    row = db.session.execute(
        select(
            func.count(),
            func.count().filter(User.job_role_id.not_in(profiled_job_roles(round_))),
        )
        .select_from(User)
        .join(JobRole, JobRole.id == User.job_role_id)
        .where(*scope_conditions(round_))
    ).one()
    return int(row[0]), int(row[1] or 0)


def invite_in_scope(round_: AssessmentRound, now: datetime) -> int:
    """Add everyone in scope who has a role profile and is not yet invited (one INSERT ... SELECT)."""
    already = exists().where(SelfAssessment.round_id == round_.id, SelfAssessment.user_id == User.id)
    people = (
        select(
            literal(round_.id), User.id, User.employer_id, User.team_id, User.job_role_id,
            JobRole.staff_group, literal(AssessmentStatus.INVITED.value),
            literal(now, type_=DateTime()),
        )
        .select_from(User)
        .join(JobRole, JobRole.id == User.job_role_id)
        .where(*scope_conditions(round_), User.job_role_id.in_(profiled_job_roles(round_)), ~already)
    )
    def invited() -> int:
        return db.session.scalar(select(func.count()).select_from(SelfAssessment).where(
            SelfAssessment.round_id == round_.id))

    before = invited()
    # rowcount is not reliable for INSERT ... SELECT behind a WITH clause (SQLite), so count.
    db.session.execute(
        insert(SelfAssessment).from_select(
            ["round_id", "user_id", "organisation_id", "team_id", "job_role_id", "staff_group",
             "status", "invited_at"],
            people,
        )
    )
    db.session.flush()
    return invited() - before


def open_round(round_: AssessmentRound, *, actor: User, today: date, now: datetime | None = None) -> int:
    """Open a draft round: today if its opening day has come (everyone in scope is invited at
    once), otherwise on its opening day. Returns how many people were invited now.

    Raises NotAllowed, or DomainError when the round is not a draft or its closing day is past.
    """
    now = now or utcnow()
    if not permissions.can_manage_round(actor, round_):
        raise NotAllowed("You cannot open this round")
    if round_.status != RoundStatus.DRAFT:
        raise DomainError("This round has already been opened")
    if round_.closes_on < today:
        raise DomainError("The closing date has passed: change it before opening the round")
    round_.status = rules.status_on_opening(round_.opens_on, today)
    invited = 0
    if round_.status == RoundStatus.OPEN:
        round_.opened_at = now
        invited = invite_in_scope(round_, now)
    db.session.flush()
    record(actor, "lna.round.opened", round_, status=round_.status.value, invited=invited)
    return invited


def close_round(round_: AssessmentRound, *, actor: User | None, now: datetime | None = None) -> None:
    """Close a round early (or, with no actor, on schedule): no more answers or reminders."""
    now = now or utcnow()
    if actor is not None and not permissions.can_manage_round(actor, round_):
        raise NotAllowed("You cannot close this round")
    if round_.status == RoundStatus.CLOSED:
        raise DomainError("This round is already closed")
    if round_.status == RoundStatus.DRAFT:
        raise DomainError("A draft round has not been opened")
    round_.status = RoundStatus.CLOSED
    round_.closed_at = now
    db.session.flush()
    record(actor, "lna.round.closed", round_)


def _tell(assessment: SelfAssessment, text: str, email: str, **context) -> None:
    """A notice of `text` linking to the self-assessment, and the e-mail `email` with it."""
    notify_by_email(assessment.user, text, email,
                    link=external_url("lna.assessment", assessment_id=assessment.id),
                    assessment=assessment, round=assessment.round, **context)


def send_invitations_and_reminders(now: datetime) -> dict:
    """Invite people not yet told, and remind those who have not submitted, once per period.

    A reminder is recorded under (self-assessment, period) with a unique key, so a second run in
    the same period sends nothing again.
    """
    today = now.date()
    invited = reminded = 0
    rounds = db.session.scalars(
        select(AssessmentRound).where(AssessmentRound.status == RoundStatus.OPEN)
    ).all()
    for round_ in rounds:
        waiting = db.session.scalars(
            select(SelfAssessment).options(joinedload(SelfAssessment.user))
            .where(SelfAssessment.round_id == round_.id, SelfAssessment.notified_at.is_(None),
                   SelfAssessment.status != AssessmentStatus.SUBMITTED)
        ).all()
        for assessment in waiting:
            _tell(assessment,
                  f"You are asked to rate your skills for the learning needs analysis "
                  f"“{round_.name}” by {round_.closes_on:%-d %B %Y}.", "lna/invitation")
            assessment.notified_at = now
            invited += 1
        opened_on = (round_.opened_at or now).date()
        period = rules.reminder_period(opened_on, today, round_.reminder_every_days)
        if period < 1:
            continue
        already = exists().where(AssessmentReminder.self_assessment_id == SelfAssessment.id,
                                 AssessmentReminder.period == period)
        cutoff = datetime.combine(today, datetime.min.time())
        due = db.session.scalars(
            select(SelfAssessment).options(joinedload(SelfAssessment.user))
            .where(
                SelfAssessment.round_id == round_.id,
                SelfAssessment.status != AssessmentStatus.SUBMITTED,
                SelfAssessment.notified_at.is_not(None),
                SelfAssessment.notified_at < cutoff,
                ~already,
            )
        ).all()
        due = [a for a in due if rules.reminder_due(
            notified_at=a.notified_at, today=today, every_days=round_.reminder_every_days)]
        if not due:
            continue
        db.session.execute(insert(AssessmentReminder), [
            {"self_assessment_id": a.id, "period": period, "sent_at": now} for a in due
        ])
        days_left = (round_.closes_on - today).days
        when = "today" if days_left == 0 else f"in {days_left} day{'s' if days_left != 1 else ''}"
        for assessment in due:
            _tell(assessment,
                  f"Reminder: the learning needs analysis “{round_.name}” closes {when} "
                  f"({round_.closes_on:%-d %B %Y}). Your answers so far are saved.",
                  "lna/reminder", when=when)
            reminded += 1
    db.session.flush()
    return {"invited": invited, "reminded": reminded}


def run_lifecycle(now: datetime) -> dict:
    """Open rounds whose day has come, close those past their closing day, and invite people
    who have come into scope of an open round since it opened."""
    today = now.date()
    opened = closed = joined = 0
    for round_ in db.session.scalars(select(AssessmentRound).where(
            AssessmentRound.status.in_([RoundStatus.SCHEDULED, RoundStatus.OPEN]))).all():
        if rules.is_due_to_close(round_.status, round_.closes_on, today):
            close_round(round_, actor=None, now=now)
            closed += 1
            continue
        if rules.is_due_to_open(round_.status, round_.opens_on, today):
            round_.status = RoundStatus.OPEN
            round_.opened_at = now
            record(None, "lna.round.opened", round_, status="open")
            opened += 1
        if round_.status == RoundStatus.OPEN:
            joined += invite_in_scope(round_, now)
    db.session.flush()
    return {"opened": opened, "closed": closed, "invited": joined}
