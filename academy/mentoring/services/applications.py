"""Applying to a cohort, changing or withdrawing an application, and the coordinator's decline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.mentoring import permissions
from academy.mentoring.models import (
    ApplicationStatus,
    DecisionKind,
    MeetingMode,
    MentoringApplication,
    MentoringCohort,
    MentoringConflict,
    MentoringGoal,
    MentoringPartnership,
    PairDecision,
    Side,
)
from academy.mentoring.queries import LIVE
from academy.mentoring.vocabulary import BANDS, SLOTS
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import notify
from academy.people.models import Site, User
from academy.timekeeping import today as today_

MAX_GOALS = 5
MAX_CONFLICTS = 10


@dataclass
class ApplicationData:
    side: Side
    eligibility_confirmed: bool
    meeting_mode: MeetingMode
    availability: int
    goal_ids: list[int]
    interests: str = ""
    hopes_to_give: str = ""
    hopes_to_gain: str = ""
    band: str | None = None
    site_id: int | None = None
    capacity: int = 1
    conflict_emails: list[str] = field(default_factory=list)
    priority_consent: bool = False
    priority_groups: list[str] = field(default_factory=list)


def _apply(application: MentoringApplication, cohort: MentoringCohort, person: User,
           data: ApplicationData) -> None:
    programme = cohort.programme
    if data.side not in (Side.PARTNER, Side.LEADER):
        raise DomainError("Choose which side you are applying for", field="side")
    if not data.eligibility_confirmed:
        raise DomainError(
            f"Confirm that you are eligible as a {programme.side_label(data.side).lower()}",
            field="eligibility_confirmed",
        )
    goals = db.session.scalars(
        select(MentoringGoal).where(MentoringGoal.id.in_(data.goal_ids))
    ).all()
    if not goals:
        raise DomainError("Choose at least one goal", field="goal_ids")
    if len(goals) > MAX_GOALS:
        raise DomainError(f"Choose up to {MAX_GOALS} goals", field="goal_ids")
    kept = {g.id for g in application.goals}
    if any(not g.is_active and g.id not in kept for g in goals):
        raise DomainError("Choose goals from the current list", field="goal_ids")
    if not 0 < data.availability < 2 ** len(SLOTS):
        raise DomainError("Choose at least one time you could meet", field="availability")
    if data.band is not None and data.band not in BANDS:
        raise DomainError("Choose a band from the list", field="band")
    if data.site_id is not None and db.session.get(Site, data.site_id) is None:
        raise DomainError("Choose a site from the list", field="site_id")
    capacity = data.capacity if data.side == Side.LEADER else 1
    if not 1 <= capacity <= 4:
        raise DomainError("Choose from 1 to 4 partners", field="capacity")
    groups: list[str] = []
    if data.priority_groups:
        if not data.priority_consent:
            raise DomainError("Tick the consent box if you want your answer used, or leave the "
                              "groups blank", field="priority_consent")
        unknown = set(data.priority_groups) - set(programme.priority_groups)
        if unknown:
            raise DomainError("Choose groups from the list", field="priority_groups")
        groups = [g for g in programme.priority_groups if g in data.priority_groups]
    emails = sorted({e.strip().lower() for e in data.conflict_emails if e.strip()})
    if len(emails) > MAX_CONFLICTS:
        raise DomainError(f"Name up to {MAX_CONFLICTS} people", field="conflicts")
    conflict_users = db.session.scalars(select(User).where(User.email.in_(emails))).all() if emails else []
    found = {u.email for u in conflict_users}
    missing = [e for e in emails if e not in found]
    if missing:
        raise DomainError(f"Nobody in the Academy has the e-mail address {missing[0]}",
                          field="conflicts")
    if any(u.id == person.id for u in conflict_users):
        raise DomainError("You do not need to name yourself", field="conflicts")

    application.side = data.side
    application.eligibility_confirmed = True
    application.meeting_mode = data.meeting_mode
    application.availability = data.availability
    application.goals = list(goals)
    application.interests = data.interests.strip()
    application.hopes_to_give = data.hopes_to_give.strip()
    application.hopes_to_gain = data.hopes_to_gain.strip()
    application.band = data.band
    application.site_id = data.site_id
    application.capacity = capacity
    application.priority_consent = bool(groups) and data.priority_consent
    application.priority_groups = groups
    wanted = {u.id for u in conflict_users}
    application.conflicts = [c for c in application.conflicts if c.user_id in wanted]
    have = {c.user_id for c in application.conflicts}
    for user_id in sorted(wanted - have):
        application.conflicts.append(MentoringConflict(user_id=user_id))


def apply(cohort: MentoringCohort, person: User, data: ApplicationData, *, actor: User,
          today: date | None = None) -> MentoringApplication:
    """Raises DomainError when the cohort is not taking applications or the person has applied."""
    today = today or today_()
    if actor.id != person.id:
        raise NotAllowed("People apply for themselves")
    if not cohort.accepts_applications(today):
        raise DomainError("This cohort is not taking applications")
    if db.session.scalar(select(func.count()).select_from(MentoringApplication).where(
            MentoringApplication.cohort_id == cohort.id, MentoringApplication.user_id == person.id)):
        raise DomainError("You have already applied to this cohort")
    application = MentoringApplication(cohort_id=cohort.id, user_id=person.id)
    application.cohort = cohort
    _apply(application, cohort, person, data)
    db.session.add(application)
    db.session.flush()
    record(actor, "mentoring.applied", application, subject=person, side=data.side.value)
    notify(person, f"Your application to {cohort} has been received. You will hear when "
                   "partners are matched.",
           link=external_url("mentoring.application", application_id=application.id))
    db.session.flush()
    return application


def update_application(application: MentoringApplication, data: ApplicationData, *, actor: User,
                       today: date | None = None) -> None:
    today = today or today_()
    if not permissions.can_edit_mentoring_application(actor, application, today):
        raise NotAllowed("This application can no longer be changed")
    _apply(application, application.cohort, actor, data)
    record(actor, "mentoring.application_updated", application, subject=actor)
    db.session.flush()


def _in_live_partnership(application: MentoringApplication) -> bool:
    column = (MentoringPartnership.partner_application_id if application.side == Side.PARTNER
              else MentoringPartnership.leader_application_id)
    return bool(db.session.scalar(select(func.count()).select_from(MentoringPartnership).where(
        column == application.id,
        MentoringPartnership.status.in_((LIVE[0], LIVE[1])),  # awaiting or active
    )))


def _drop_locks(application: MentoringApplication) -> None:
    column = (PairDecision.partner_application_id if application.side == Side.PARTNER
              else PairDecision.leader_application_id)
    for decision in db.session.scalars(select(PairDecision).where(
            column == application.id, PairDecision.kind == DecisionKind.LOCKED)):
        db.session.delete(decision)


def withdraw_application(application: MentoringApplication, *, actor: User) -> None:
    """Raises DomainError while the applicant is in a pair that is waiting or under way."""
    if not permissions.can_withdraw_mentoring_application(actor, application):
        raise NotAllowed("You cannot withdraw this application")
    if _in_live_partnership(application):
        raise DomainError("You are in a partnership from this cohort: close it or ask to be "
                          "re-matched instead")
    application.status = ApplicationStatus.WITHDRAWN
    _drop_locks(application)
    record(actor, "mentoring.application_withdrawn", application, subject=actor)
    db.session.flush()


def decline_application(application: MentoringApplication, reason: str, *, actor: User) -> None:
    """The coordinator does not take an application forward; the applicant is told why."""
    if not permissions.can_manage_mentoring_cohort(actor, application.cohort):
        raise NotAllowed("You cannot decide on this application")
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why, so the applicant knows", field="reason")
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError("Only a submitted application can be declined")
    if _in_live_partnership(application):
        raise DomainError("This person is in a partnership: close it first")
    application.status = ApplicationStatus.DECLINED
    application.declined_reason = reason[:500]
    _drop_locks(application)
    record(actor, "mentoring.application_declined", application, subject=application.user)
    notify_by_email(application.user,
                    f"Your application to {application.cohort} has not been taken forward: {reason}",
                    "mentoring/application_declined",
                    link=external_url("mentoring.application", application_id=application.id),
                    application=application, reason=reason)
    db.session.flush()


def record_viewed(application: MentoringApplication, *, actor: User) -> None:
    """Someone else read the application (it holds self-declared eligibility): audit it."""
    if actor.id != application.user_id:
        record(actor, "mentoring.application_viewed", application, subject=application.user)
        db.session.flush()
