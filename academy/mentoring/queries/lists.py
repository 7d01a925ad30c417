"""Lists and pages of mentoring: applications, cohorts, partnerships, meetings, feedback, goals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from academy.extensions import db
from academy.mentoring.models import (
    ApplicationStatus,
    CohortStatus,
    MentoringApplication,
    MentoringCohort,
    MentoringFeedback,
    MentoringGoal,
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
    MentoringProgramme,
    PartnershipStatus,
    Side,
    application_goal,
)
from academy.people.models import Organisation, RoleAssignment, Site, User
from academy.people.roles import Role


def applications_query(cohort_id: int, *, q: str = "", side: str | None = None,
                       status: str | None = None) -> Select:
    query = (
        select(MentoringApplication)
        .join(User, MentoringApplication.user_id == User.id)
        .options(
            joinedload(MentoringApplication.user).joinedload(User.employer),
            joinedload(MentoringApplication.user).joinedload(User.job_role),
            selectinload(MentoringApplication.goals),
        )
        .where(MentoringApplication.cohort_id == cohort_id)
        .order_by(User.family_name, User.given_name, MentoringApplication.id)
    )
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(
            func.lower(User.given_name + " " + User.family_name).like(like),
            User.email.like(like),
        ))
    if side:
        query = query.where(MentoringApplication.side == side)
    if status:
        query = query.where(MentoringApplication.status == status)
    return query


def application_counts(cohort_id: int) -> dict[str, int]:
    """Submitted applications per side, and the senior side's places."""
    rows = db.session.execute(
        select(MentoringApplication.side, func.count(), func.sum(MentoringApplication.capacity))
        .where(MentoringApplication.cohort_id == cohort_id,
               MentoringApplication.status == ApplicationStatus.SUBMITTED)
        .group_by(MentoringApplication.side)
    ).all()
    counts = {"partner": 0, "leader": 0, "places": 0}
    for side, count, capacity in rows:
        counts[Side(side).value] = count
        if Side(side) == Side.LEADER:
            counts["places"] = int(capacity or 0)
    return counts


def partnership_counts(cohort_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(MentoringPartnership.status, func.count())
        .where(MentoringPartnership.cohort_id == cohort_id)
        .group_by(MentoringPartnership.status)
    ).all()
    return {PartnershipStatus(status).value: count for status, count in rows}


def programmes_for(user: User) -> list[MentoringProgramme]:
    scopes = user.role_scopes(Role.MENTORING_COORDINATOR)
    query = (
        select(MentoringProgramme)
        .options(selectinload(MentoringProgramme.cohorts))
        .order_by(MentoringProgramme.name)
    )
    if None not in scopes:
        query = query.where(MentoringProgramme.organisation_id.in_(scopes))
    return db.session.scalars(query).all()


def open_cohorts(on: date) -> list[MentoringCohort]:
    return db.session.scalars(
        select(MentoringCohort)
        .options(joinedload(MentoringCohort.programme))
        .where(MentoringCohort.status == CohortStatus.OPEN,
               MentoringCohort.opens_on <= on, MentoringCohort.closes_on >= on)
        .order_by(MentoringCohort.closes_on)
    ).all()


def my_applications(user_id: int) -> list[MentoringApplication]:
    return db.session.scalars(
        select(MentoringApplication)
        .options(joinedload(MentoringApplication.cohort).joinedload(MentoringCohort.programme))
        .where(MentoringApplication.user_id == user_id)
        .order_by(MentoringApplication.submitted_at.desc())
    ).all()


def application_of(cohort_id: int, user_id: int) -> MentoringApplication | None:
    """The person's application to the cohort, if they have made one."""
    return db.session.scalar(select(MentoringApplication).where(
        MentoringApplication.cohort_id == cohort_id, MentoringApplication.user_id == user_id))


def sites() -> list[tuple[int, str, str]]:
    """(id, name, organisation short name) of every site, for where an applicant works."""
    return [tuple(row) for row in db.session.execute(
        select(Site.id, Site.name, Organisation.short_name)
        .join(Organisation, Organisation.id == Site.organisation_id)
        .order_by(Organisation.short_name, Site.name)
    )]


def organisations() -> list[Organisation]:
    """Every organisation, by name: the scopes a programme may be run for."""
    return db.session.scalars(select(Organisation).order_by(Organisation.name)).all()


def my_partnerships(user_id: int) -> list[MentoringPartnership]:
    return db.session.scalars(
        select(MentoringPartnership)
        .options(
            joinedload(MentoringPartnership.partner), joinedload(MentoringPartnership.leader),
            joinedload(MentoringPartnership.cohort).joinedload(MentoringCohort.programme),
        )
        .where(or_(MentoringPartnership.partner_id == user_id,
                   MentoringPartnership.leader_id == user_id))
        .order_by(MentoringPartnership.published_at.desc())
    ).all()


def meetings(partnership_id: int, viewer_id: int) -> list[tuple[MentoringMeeting, MentoringNote | None]]:
    """The pair's meetings, newest first, each with the viewer's own note (never the other's)."""
    rows = db.session.execute(
        select(MentoringMeeting, MentoringNote)
        .outerjoin(MentoringNote, and_(MentoringNote.meeting_id == MentoringMeeting.id,
                                       MentoringNote.author_id == viewer_id))
        .options(joinedload(MentoringMeeting.logged_by))
        .where(MentoringMeeting.partnership_id == partnership_id)
        .order_by(MentoringMeeting.met_on.desc(), MentoringMeeting.id.desc())
    ).all()
    return [(meeting, note) for meeting, note in rows]


def own_note(meeting_id: int, author_id: int) -> MentoringNote | None:
    """The person's own private note on a meeting, if they wrote one."""
    return db.session.scalar(select(MentoringNote).where(
        MentoringNote.meeting_id == meeting_id, MentoringNote.author_id == author_id))


def own_feedback(partnership_id: int, author_id: int, stage) -> MentoringFeedback | None:
    """The person's answers to one questionnaire of their partnership, once given."""
    return db.session.scalar(select(MentoringFeedback).where(
        MentoringFeedback.partnership_id == partnership_id,
        MentoringFeedback.author_id == author_id, MentoringFeedback.stage == stage))


def feedback_given(partnership_id: int) -> list[MentoringFeedback]:
    return db.session.scalars(
        select(MentoringFeedback).where(MentoringFeedback.partnership_id == partnership_id)
        .order_by(MentoringFeedback.submitted_at)
    ).all()


def partnerships_query(cohort_id: int, *, status: str | None = None, q: str = "") -> Select:
    """The cohort's partnerships, for the coordinator's list."""
    partner = db.aliased(User)
    leader = db.aliased(User)
    query = (
        select(MentoringPartnership)
        .join(partner, MentoringPartnership.partner_id == partner.id)
        .join(leader, MentoringPartnership.leader_id == leader.id)
        .options(joinedload(MentoringPartnership.partner), joinedload(MentoringPartnership.leader))
        .where(MentoringPartnership.cohort_id == cohort_id)
        .order_by(partner.family_name, partner.given_name, MentoringPartnership.id)
    )
    if status:
        query = query.where(MentoringPartnership.status == status)
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(
            func.lower(partner.given_name + " " + partner.family_name).like(like),
            func.lower(leader.given_name + " " + leader.family_name).like(like),
        ))
    return query


def partnership_stats(partnership_ids: list[int]) -> dict[int, tuple[int, date | None, int]]:
    """Meetings logged, the last meeting's date and questionnaires returned, per partnership."""
    if not partnership_ids:
        return {}
    meetings = dict(
        (pid, (count, last)) for pid, count, last in db.session.execute(
            select(MentoringMeeting.partnership_id, func.count(), func.max(MentoringMeeting.met_on))
            .where(MentoringMeeting.partnership_id.in_(partnership_ids))
            .group_by(MentoringMeeting.partnership_id)
        ).all()
    )
    feedback = dict(db.session.execute(
        select(MentoringFeedback.partnership_id, func.count())
        .where(MentoringFeedback.partnership_id.in_(partnership_ids))
        .group_by(MentoringFeedback.partnership_id)
    ).all())
    return {
        pid: (*meetings.get(pid, (0, None)), feedback.get(pid, 0)) for pid in partnership_ids
    }


def coordinators_of(programme: MentoringProgramme) -> list[User]:
    """Who coordinates the programme: partnership-wide coordinators and its organisation's."""
    scope = RoleAssignment.organisation_id.is_(None)
    if programme.organisation_id is not None:
        scope = or_(scope, RoleAssignment.organisation_id == programme.organisation_id)
    return db.session.scalars(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.MENTORING_COORDINATOR, scope,
               User.is_active_account.is_(True))
        .distinct().order_by(User.id)
    ).all()


def active_goals() -> list[MentoringGoal]:
    return db.session.scalars(
        select(MentoringGoal).where(MentoringGoal.is_active.is_(True)).order_by(MentoringGoal.name)
    ).all()


def all_goals() -> list[tuple[MentoringGoal, int]]:
    """Every goal with how many applications chose it."""
    used = (
        select(application_goal.c.goal_id, func.count().label("uses"))
        .group_by(application_goal.c.goal_id).subquery()
    )
    rows = db.session.execute(
        select(MentoringGoal, func.coalesce(used.c.uses, 0))
        .outerjoin(used, used.c.goal_id == MentoringGoal.id)
        .order_by(MentoringGoal.is_active.desc(), MentoringGoal.name)
    ).all()
    return [(goal, uses) for goal, uses in rows]
