"""The partnership after publishing: accept or ask to be re-matched, agreed goals, meetings with
private notes, feedback questionnaires, closure, and the reminders the scheduler sends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.mentoring import permissions, queries, rhythm
from academy.mentoring.models import (
    FEEDBACK_QUESTIONS,
    MEETING_FORMATS,
    DecisionKind,
    FeedbackStage,
    MentoringCohort,
    MentoringFeedback,
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
    PartnershipStatus,
    Response,
    Side,
)
from academy.mentoring.services.decisions import write_decision
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import notify
from academy.people.models import User
from academy.timekeeping import today as today_
from academy.timekeeping import utcnow

MAX_NOTE = 5000


def _partnership_link(partnership: MentoringPartnership) -> str:
    return external_url("mentoring.partnership", partnership_id=partnership.id)


def _feedback_link(partnership: MentoringPartnership, stage: FeedbackStage) -> str:
    return external_url("mentoring.feedback", partnership_id=partnership.id, stage=stage.value)


def _partner_only(actor: User, partnership: MentoringPartnership) -> Side:
    side = partnership.side_of(actor.id) if actor.is_authenticated else None
    if side is None:
        raise NotAllowed("Only the two partners can do this")
    return side


def accept_match(partnership: MentoringPartnership, *, actor: User,
                 today: date | None = None) -> None:
    """Accept the match; once both have, the partnership is under way.

    Raises DomainError when the match is no longer waiting for an answer.
    """
    side = _partner_only(actor, partnership)
    if partnership.status != PartnershipStatus.AWAITING:
        raise DomainError("This match is no longer waiting for an answer")
    if side == Side.PARTNER:
        partnership.partner_response = Response.ACCEPTED
    else:
        partnership.leader_response = Response.ACCEPTED
    record(actor, "mentoring.match_accepted", partnership, subject=actor, side=side.value)
    other = partnership.other(actor.id)
    if (partnership.partner_response == Response.ACCEPTED
            and partnership.leader_response == Response.ACCEPTED):
        partnership.status = PartnershipStatus.ACTIVE
        partnership.started_on = today or today_()
        for person in (partnership.partner, partnership.leader):
            notify(person, f"You and {partnership.other(person.id).name} have both accepted: "
                           "agree your goals and arrange your first meeting.",
                   link=_partnership_link(partnership))
    else:
        notify(other, f"{actor.name} has accepted your match. Accept it too to get started.",
               link=_partnership_link(partnership))
    db.session.flush()


def ask_for_rematch(partnership: MentoringPartnership, reason: str, *, actor: User) -> None:
    """End this pairing before it starts and go back to be matched again.

    The pair is forbidden from then on, so no re-run proposes it again; the other partner and the
    coordinators are told. Raises DomainError once the partnership is under way (close it then).
    """
    side = _partner_only(actor, partnership)
    if partnership.status != PartnershipStatus.AWAITING:
        raise DomainError("Only a match waiting for answers can be re-matched; close a "
                          "partnership that is under way instead")
    reason = reason.strip()
    if not reason:
        raise DomainError("Say briefly why, so the coordinator can find a better match",
                          field="reason")
    if side == Side.PARTNER:
        partnership.partner_response = Response.REMATCH
    else:
        partnership.leader_response = Response.REMATCH
    partnership.status = PartnershipStatus.REMATCH
    partnership.rematch_reason = reason[:500]
    partnership.rematch_by_id = actor.id
    write_decision(partnership.cohort_id, partnership.partner_application_id,
                   partnership.leader_application_id, DecisionKind.FORBIDDEN,
                   "Asked to be re-matched", actor=actor)
    record(actor, "mentoring.rematch_requested", partnership, subject=actor, side=side.value)
    other = partnership.other(actor.id)
    notify_by_email(other, f"{actor.name} has asked to be re-matched. The coordinator will find "
                           "you another partner.", "mentoring/rematch_requested",
                    link=_partnership_link(partnership), actor=actor)
    cohort = partnership.cohort
    for coordinator in queries.coordinators_of(cohort.programme):
        notify(coordinator, f"{actor.name} asked to be re-matched in {cohort}: {reason}",
               link=external_url("mentoring.partnerships", cohort_id=cohort.id))
    db.session.flush()


def update_goals(partnership: MentoringPartnership, goals: str, *, actor: User) -> None:
    if not permissions.can_work_in_mentoring_partnership(actor, partnership):
        raise NotAllowed("Goals are agreed by the partners once both have accepted")
    goals = goals.strip()
    if not goals:
        raise DomainError("Write the goals you have agreed", field="goals")
    partnership.agreed_goals = goals[:MAX_NOTE]
    partnership.goals_updated_at = utcnow()
    record(actor, "mentoring.goals_agreed", partnership, subject=actor)
    db.session.flush()


@dataclass
class MeetingData:
    met_on: date
    format: str
    minutes: int
    note: str = ""


def log_meeting(partnership: MentoringPartnership, data: MeetingData, *, actor: User,
                today: date | None = None) -> MentoringMeeting:
    """Record a meeting, with the logger's private note if they wrote one.

    Raises DomainError for a date in the future or before the partnership started.
    """
    today = today or today_()
    if not permissions.can_work_in_mentoring_partnership(actor, partnership):
        raise NotAllowed("Meetings are logged by the partners once both have accepted")
    if data.met_on > today:
        raise DomainError("Enter a date that is not in the future", field="met_on")
    if partnership.started_on and data.met_on < partnership.started_on - timedelta(days=31):
        raise DomainError("Enter a date after the partnership began", field="met_on")
    if data.format not in MEETING_FORMATS:
        raise DomainError("Choose how you met", field="format")
    if not 5 <= data.minutes <= 600:
        raise DomainError("Enter a length from 5 to 600 minutes", field="minutes")
    meeting = MentoringMeeting(partnership_id=partnership.id, met_on=data.met_on,
                               mode=data.format, minutes=data.minutes, logged_by_id=actor.id)
    db.session.add(meeting)
    db.session.flush()
    if data.note.strip():
        db.session.add(MentoringNote(meeting_id=meeting.id, author_id=actor.id,
                                     text=data.note.strip()[:MAX_NOTE]))
    # The audit says a meeting happened; the note's words never leave it.
    record(actor, "mentoring.meeting_logged", meeting, subject=actor, partnership_id=partnership.id)
    other = partnership.other(actor.id)
    notify(other, f"{actor.name} logged your meeting on {data.met_on:%-d %B %Y}. Add your own "
                  "private note if you wish.", link=_partnership_link(partnership))
    db.session.flush()
    return meeting


def save_note(meeting: MentoringMeeting, text: str, *, actor: User) -> MentoringNote:
    """Write or change the actor's own private note on a meeting of their partnership."""
    partnership = meeting.partnership
    _partner_only(actor, partnership)
    text = text.strip()
    if not text:
        raise DomainError("Write your note", field="text")
    note = queries.own_note(meeting.id, actor.id)
    if note is None:
        note = MentoringNote(meeting_id=meeting.id, author_id=actor.id, text="")
        db.session.add(note)
    note.text = text[:MAX_NOTE]
    note.updated_at = utcnow()
    db.session.flush()
    record(actor, "mentoring.note_saved", note, subject=actor, meeting_id=meeting.id)
    db.session.flush()
    return note


def submit_feedback(partnership: MentoringPartnership, stage: FeedbackStage,
                    ratings: dict[str, int], comments: str, *, actor: User) -> MentoringFeedback:
    """One questionnaire per partner and stage. Raises DomainError if already given."""
    side = _partner_only(actor, partnership)
    if not permissions.can_give_mentoring_feedback(actor, partnership):
        raise DomainError("Feedback opens once both partners have accepted")
    if queries.own_feedback(partnership.id, actor.id, stage) is not None:
        raise DomainError(f"You have already given your {stage.label.lower()} feedback")
    for question in FEEDBACK_QUESTIONS:
        value = ratings.get(question)
        if value is None or not 1 <= value <= 5:
            raise DomainError("Answer each question from 1 to 5", field=question)
    feedback = MentoringFeedback(
        partnership_id=partnership.id, author_id=actor.id, side=side, stage=stage,
        comments=comments.strip()[:MAX_NOTE], **{q: ratings[q] for q in FEEDBACK_QUESTIONS},
    )
    db.session.add(feedback)
    db.session.flush()
    record(actor, "mentoring.feedback_given", feedback, subject=actor, stage=stage.value)
    db.session.flush()
    return feedback


def close_partnership(partnership: MentoringPartnership, completed: bool, note: str, *,
                      actor: User, today: date | None = None) -> None:
    """Close a partnership that ran its course or ended early; the partners are asked for their
    end feedback."""
    if not (permissions.is_in_pair(actor, partnership)
            or permissions.can_manage_mentoring_cohort(actor, partnership.cohort)):
        raise NotAllowed("Only the partners or the coordinator can close a partnership")
    if partnership.status != PartnershipStatus.ACTIVE:
        raise DomainError("Only a partnership under way can be closed")
    partnership.status = PartnershipStatus.CLOSED
    partnership.closed_on = today or today_()
    partnership.closed_by_id = actor.id
    partnership.completed = completed
    partnership.closure_note = note.strip()[:MAX_NOTE] or None
    record(actor, "mentoring.partnership_closed", partnership, completed=completed)
    for person in (partnership.partner, partnership.leader):
        if person.id == actor.id:
            continue
        notify(person, f"Your partnership with {partnership.other(person.id).name} has been "
                       "closed. Tell us how it went in the end questionnaire.",
               link=_feedback_link(partnership, FeedbackStage.END))
    db.session.flush()


def send_feedback_requests(now: datetime) -> dict:
    """Ask both partners for feedback when a partnership reaches its mid-point or its end.

    Each request is sent once: the partnership records when it was asked.
    """
    today = now.date()
    active = db.session.scalars(
        select(MentoringPartnership)
        .options(joinedload(MentoringPartnership.cohort).joinedload(MentoringCohort.programme),
                 joinedload(MentoringPartnership.partner), joinedload(MentoringPartnership.leader))
        .where(MentoringPartnership.status == PartnershipStatus.ACTIVE,
               MentoringPartnership.started_on.is_not(None),
               MentoringPartnership.end_requested_at.is_(None))
    ).unique().all()
    sent = {"midpoint": 0, "end": 0}
    for partnership in active:
        months = partnership.cohort.duration_months
        for stage, due, asked in (
            (FeedbackStage.MIDPOINT, rhythm.midpoint_on(partnership.started_on, months),
             partnership.midpoint_requested_at),
            (FeedbackStage.END, rhythm.end_on(partnership.started_on, months),
             partnership.end_requested_at),
        ):
            if asked is not None or today < due:
                continue
            for person in (partnership.partner, partnership.leader):
                notify_by_email(person, f"Your partnership has reached its {stage.label.lower()}: "
                                        "please answer four short questions.",
                                "mentoring/feedback_request",
                                link=_feedback_link(partnership, stage),
                                partnership=partnership, stage=stage)
            if stage == FeedbackStage.MIDPOINT:
                partnership.midpoint_requested_at = now
            else:
                partnership.end_requested_at = now
            sent[stage.value] += 1
    db.session.flush()
    return sent


def nudge_quiet_partnerships(now: datetime) -> dict:
    """Remind both partners when nothing has been logged for two meeting intervals; at most once
    an interval for each partnership."""
    today = now.date()
    last_met = (select(MentoringMeeting.partnership_id, func.max(MentoringMeeting.met_on).label("last"))
                .group_by(MentoringMeeting.partnership_id).subquery())
    rows = db.session.execute(
        select(MentoringPartnership, last_met.c.last)
        .outerjoin(last_met, last_met.c.partnership_id == MentoringPartnership.id)
        .options(joinedload(MentoringPartnership.cohort), joinedload(MentoringPartnership.partner),
                 joinedload(MentoringPartnership.leader))
        .where(MentoringPartnership.status == PartnershipStatus.ACTIVE,
               MentoringPartnership.started_on.is_not(None))
    ).all()
    nudged = 0
    for partnership, last in rows:
        interval = timedelta(weeks=partnership.cohort.meeting_interval_weeks)
        since = last or partnership.started_on
        if today - since < 2 * interval:
            continue
        if partnership.last_nudged_on and today - partnership.last_nudged_on < interval:
            continue
        for person in (partnership.partner, partnership.leader):
            notify(person, f"You and {partnership.other(person.id).name} have not logged a meeting "
                           f"since {since:%-d %B %Y}. Arrange one, or log it if you have met.",
                   link=_partnership_link(partnership))
        partnership.last_nudged_on = today
        nudged += 1
    db.session.flush()
    return {"nudged": nudged}
