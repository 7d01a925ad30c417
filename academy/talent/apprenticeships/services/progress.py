"""Progress: the figures lists filter on (hours logged, review due, red-amber-green), kept up
to date by the services and each night, and the reminders of reviews due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from academy.extensions import db
from academy.notifications.email import external_url, notify_by_email
from academy.people.models import User
from academy.talent.apprenticeships import queries, rules
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeStatus,
    OffTheJobEntry,
    ProgressReview,
    ReviewReminder,
)

LIVE_LIKE = (ApprenticeStatus.WAITING_TO_START, ApprenticeStatus.LIVE, ApprenticeStatus.PAUSED)

def record_link(apprentice: Apprentice) -> str:
    """The apprenticeship's page, as a notice links to it."""
    return external_url("apprenticeships.apprentice", apprentice_id=apprentice.id)


# Progress: the figures lists filter on --------------------------------------------------------

def _facts(apprentice: Apprentice, today: date) -> rules.ProgressFacts:
    return rules.ProgressFacts(
        status=apprentice.status.value, today=today, start=apprentice.start_on,
        planned_end=apprentice.planned_end_on, planned_otj_hours=apprentice.planned_otj_hours,
        otj_logged=apprentice.otj_hours_logged, review_due_on=apprentice.next_review_due_on
        or rules.review_due_on(apprentice.start_on, None, None),
        assessment_organisation=apprentice.assessment_organisation,
        gateway_passed_on=apprentice.gateway_passed_on, breaks=tuple(apprentice.breaks),
    )


def refresh_progress(apprentice: Apprentice, today: date) -> None:
    """Recount logged hours, the review due date and the red-amber-green status."""
    progress = latest_progress([apprentice.id]).get(apprentice.id, (Decimal(0), None, None))
    _apply_progress(apprentice, progress, today)
    db.session.flush()


def _apply_progress(apprentice: Apprentice, progress, today: date) -> bool:
    hours, last_review, next_review = progress
    before = (apprentice.otj_hours_logged, apprentice.last_review_on,
              apprentice.next_review_due_on, apprentice.rag, apprentice.rag_reasons)
    apprentice.otj_hours_logged = Decimal(hours)
    apprentice.last_review_on = last_review
    apprentice.next_review_due_on = (
        rules.review_due_on(apprentice.start_on, last_review, next_review)
        if apprentice.status in LIVE_LIKE else None)
    apprentice.rag, apprentice.rag_reasons = rules.rag_status(_facts(apprentice, today))
    after = (apprentice.otj_hours_logged, apprentice.last_review_on,
             apprentice.next_review_due_on, apprentice.rag, apprentice.rag_reasons)
    return before != after


def latest_progress(apprentice_ids) -> dict[int, tuple[Decimal, date | None, date | None]]:
    """For each apprentice: hours logged, the last review's date and the next review it set."""
    hours = dict(db.session.execute(
        select(OffTheJobEntry.apprentice_id, func.sum(OffTheJobEntry.hours))
        .where(OffTheJobEntry.apprentice_id.in_(apprentice_ids))
        .group_by(OffTheJobEntry.apprentice_id)).all())
    last = select(ProgressReview.apprentice_id, func.max(ProgressReview.held_on).label("held")) \
        .where(ProgressReview.apprentice_id.in_(apprentice_ids)) \
        .group_by(ProgressReview.apprentice_id).subquery()
    reviews = {
        apprentice_id: (held, next_on)
        for apprentice_id, held, next_on in db.session.execute(
            select(ProgressReview.apprentice_id, ProgressReview.held_on,
                   func.min(ProgressReview.next_review_on))
            .join(last, (last.c.apprentice_id == ProgressReview.apprentice_id)
                  & (last.c.held == ProgressReview.held_on))
            .group_by(ProgressReview.apprentice_id, ProgressReview.held_on))
    }
    return {
        i: (Decimal(hours.get(i) or 0), *reviews.get(i, (None, None))) for i in apprentice_ids
    }


def refresh_all(today: date, batch: int = 500) -> int:
    """Bring every apprentice in learning up to date with the passing of time (the nightly job)."""
    ids = list(db.session.scalars(select(Apprentice.id).where(Apprentice.status.in_(LIVE_LIKE))))
    changed = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        progress = latest_progress(chunk)
        apprentices = db.session.scalars(select(Apprentice).options(
            selectinload(Apprentice.history)).where(Apprentice.id.in_(chunk)))
        for apprentice in apprentices:
            changed += _apply_progress(apprentice, progress[apprentice.id], today)
        db.session.flush()
    return changed


# Reminders -----------------------------------------------------------------------------------

def send_review_reminders(today: date) -> int:
    """Remind the apprentice, their line manager and the employer's coordinators of a progress
    review due within two weeks, and again once it is overdue; never twice for the same due date.
    Returns how many apprentices were reminded."""
    due = db.session.scalars(
        select(Apprentice).options(joinedload(Apprentice.person).joinedload(User.line_manager),
                                   joinedload(Apprentice.standard))
        .where(Apprentice.status == ApprenticeStatus.LIVE,
               Apprentice.next_review_due_on <= today + rules.REVIEW_DUE_SOON)).all()
    if not due:
        return 0
    sent = set(db.session.execute(
        select(ReviewReminder.apprentice_id, ReviewReminder.due_on, ReviewReminder.kind)
        .where(ReviewReminder.apprentice_id.in_([a.id for a in due]))).all())
    coordinators: dict[int, list[User]] = {}
    reminded = 0
    for apprentice in due:
        kind = "overdue" if apprentice.next_review_due_on < today else "due_soon"
        if (apprentice.id, apprentice.next_review_due_on, kind) in sent:
            continue
        when = f"{apprentice.next_review_due_on:%-d %B %Y}"
        text = (f"{apprentice.person.name}'s progress review was due by {when} and is overdue"
                if kind == "overdue" else
                f"{apprentice.person.name}'s progress review is due by {when}")
        if apprentice.employer_id not in coordinators:
            coordinators[apprentice.employer_id] = queries.coordinators_of(apprentice.employer_id)
        people = [apprentice.person, apprentice.person.line_manager,
                  *coordinators[apprentice.employer_id]]
        seen: set[int] = set()
        for person in people:
            if person is None or person.id in seen:
                continue
            seen.add(person.id)
            mine = person.id == apprentice.user_id
            notify_by_email(person, ("Your progress review is overdue" if kind == "overdue" else
                                     f"Your progress review is due by {when}") if mine else text,
                            "apprenticeships/review_reminder", link=record_link(apprentice),
                            summary=text, apprentice=apprentice, overdue=kind == "overdue")
        db.session.add(ReviewReminder(apprentice_id=apprentice.id,
                                      due_on=apprentice.next_review_due_on, kind=kind))
        reminded += 1
    db.session.flush()
    return reminded
