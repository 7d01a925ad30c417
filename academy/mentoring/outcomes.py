"""Read models for the evaluation report: published pairs, feedback totals, and what happened to
each partner afterwards (job moves from people's job history, leadership courses from the training
catalogue). Aggregated in SQL where the database can; a cohort's people are then few."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from academy.courses import queries as course_queries
from academy.extensions import db
from academy.mentoring import evaluation
from academy.mentoring.models import (
    FEEDBACK_QUESTIONS,
    FeedbackStage,
    MentoringApplication,
    MentoringCohort,
    MentoringFeedback,
    MentoringMeeting,
    MentoringPartnership,
    PartnershipStatus,
    Side,
)
from academy.people.models import JobHistory, JobRole


def pair_facts(cohort_id: int) -> list[evaluation.PairFacts]:
    """Each published pair's status, dates and meeting count (counted in SQL)."""
    meeting_counts = (
        select(MentoringMeeting.partnership_id, func.count().label("meetings"))
        .group_by(MentoringMeeting.partnership_id).subquery()
    )
    rows = db.session.execute(
        select(MentoringPartnership.status, MentoringPartnership.started_on,
               MentoringPartnership.closed_on, MentoringPartnership.completed,
               func.coalesce(meeting_counts.c.meetings, 0))
        .outerjoin(meeting_counts, meeting_counts.c.partnership_id == MentoringPartnership.id)
        .where(MentoringPartnership.cohort_id == cohort_id)
    ).all()
    return [evaluation.PairFacts(PartnershipStatus(s).value, started, closed, completed, meetings)
            for s, started, closed, completed, meetings in rows]


def feedback_totals(cohort_id: int) -> dict[tuple[str, str], tuple[int, int]]:
    """(stage, question) to (answers, sum of ratings), summed in SQL."""
    columns = [getattr(MentoringFeedback, q) for q in FEEDBACK_QUESTIONS]
    rows = db.session.execute(
        select(MentoringFeedback.stage, func.count(), *[func.sum(c) for c in columns])
        .join(MentoringPartnership, MentoringPartnership.id == MentoringFeedback.partnership_id)
        .where(MentoringPartnership.cohort_id == cohort_id)
        .group_by(MentoringFeedback.stage)
    ).all()
    totals = {}
    for stage, answers, *sums in rows:
        for question, total in zip(FEEDBACK_QUESTIONS, sums, strict=True):
            totals[(FeedbackStage(stage).value, question)] = (answers, int(total or 0))
    return totals


def leadership_course_completions(user_ids, since: date) -> list[tuple[int, date]]:
    """(person, date) of each completed leadership course since a day, from the training
    catalogue."""
    return course_queries.completions_in_category(
        user_ids, course_queries.Category.LEADERSHIP, since)


def person_facts(cohort: MentoringCohort) -> list[evaluation.PersonFacts]:
    """Both partners of each pair that got under way, with their later job moves (from people's
    job history) and leadership courses (from the training catalogue)."""
    programme = cohort.programme
    partner_app = db.aliased(MentoringApplication)
    leader_app = db.aliased(MentoringApplication)
    rows = db.session.execute(
        select(MentoringPartnership.started_on,
               partner_app.user_id, partner_app.band, partner_app.priority_consent,
               partner_app.priority_groups,
               leader_app.user_id, leader_app.band)
        .join(partner_app, partner_app.id == MentoringPartnership.partner_application_id)
        .join(leader_app, leader_app.id == MentoringPartnership.leader_application_id)
        .where(MentoringPartnership.cohort_id == cohort.id,
               MentoringPartnership.started_on.is_not(None),
               MentoringPartnership.status.in_((PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED)))
    ).all()
    if not rows:
        return []
    user_ids = {r[1] for r in rows} | {r[5] for r in rows}
    since = min(r[0] for r in rows)
    moves: dict[int, list[evaluation.Move]] = {}
    for user_id, started_on, band, reason in db.session.execute(
        select(JobHistory.user_id, JobHistory.started_on, JobRole.afc_band, JobHistory.reason)
        .join(JobRole, JobRole.id == JobHistory.job_role_id)
        .where(JobHistory.user_id.in_(user_ids), JobHistory.started_on > since)
    ).all():
        moves.setdefault(user_id, []).append(evaluation.Move(started_on, band, reason))
    courses: dict[int, list[date]] = {}
    for user_id, completed_on in leadership_course_completions(user_ids, since):
        courses.setdefault(user_id, []).append(completed_on)
    # Each person once: a senior leader with several partners counts from their first pair.
    people: dict[tuple[str, int], evaluation.PersonFacts] = {}
    for started_on, partner_id, partner_band, consent, groups, leader_id, leader_band in sorted(
            rows, key=lambda r: r[0]):
        people.setdefault((Side.PARTNER.value, partner_id), evaluation.PersonFacts(
            programme.partner_label, tuple(groups or ()) if consent else (), started_on,
            partner_band, tuple(moves.get(partner_id, ())), tuple(courses.get(partner_id, ()))))
        people.setdefault((Side.LEADER.value, leader_id), evaluation.PersonFacts(
            programme.leader_label, (), started_on, leader_band,
            tuple(moves.get(leader_id, ())), tuple(courses.get(leader_id, ()))))
    return list(people.values())
