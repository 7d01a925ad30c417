"""An apprenticeship's delivery: off-the-job hours, three-way progress reviews, the gateway and
the assessment, whose achieved result completes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.services import notify
from academy.people.models import User
from academy.talent.apprenticeships import permissions, rules
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeStatus,
    ApprenticeStatusChange,
    AssessmentAttempt,
    AssessmentResult,
    GatewayCheck,
    OffTheJobEntry,
    ProgressReview,
)
from academy.talent.apprenticeships.services import progress
from academy.talent.levy import services as levy_services


def _require_in_learning(apprentice: Apprentice) -> None:
    if not apprentice.is_in_learning:
        raise DomainError(f"This apprenticeship is {apprentice.status.label.lower()}")


def log_off_the_job(apprentice: Apprentice, worked_on: date, hours: Decimal, activity: str, *,
                    actor: User, today: date) -> OffTheJobEntry:
    """Raises NotAllowed, or DomainError for a date outside the apprenticeship or odd hours."""
    if not permissions.can_log_off_the_job(actor, apprentice):
        raise NotAllowed("You cannot log off-the-job training for this apprentice")
    _require_in_learning(apprentice)
    if worked_on < apprentice.start_on or worked_on > today:
        raise DomainError(f"Give a date from the start ({apprentice.start_on:%-d %B %Y}) to today",
                          "worked_on")
    if not Decimal("0") < hours <= Decimal(60):
        raise DomainError("Give the hours, more than 0 and at most 60", "hours")
    entry = OffTheJobEntry(apprentice_id=apprentice.id, worked_on=worked_on, hours=hours,
                           activity=activity.strip(), logged_by_id=actor.id)
    db.session.add(entry)
    db.session.flush()
    progress.refresh_progress(apprentice, today)
    record(actor, "apprenticeships.otj_logged", entry, subject=apprentice.user_id,
           hours=str(hours))
    return entry


def delete_off_the_job(entry: OffTheJobEntry, apprentice: Apprentice, *, actor: User,
                       today: date) -> None:
    if not permissions.can_log_off_the_job(actor, apprentice):
        raise NotAllowed("You cannot change this apprentice's off-the-job log")
    record(actor, "apprenticeships.otj_deleted", entry, subject=apprentice.user_id,
           hours=str(entry.hours), worked_on=entry.worked_on.isoformat())
    db.session.delete(entry)
    db.session.flush()
    progress.refresh_progress(apprentice, today)


@dataclass(frozen=True)
class ReviewData:
    held_on: date
    employer_representative: str
    provider_representative: str
    apprentice_signed: bool
    employer_signed: bool
    provider_signed: bool
    progress: str
    actions: str
    next_review_on: date | None = None


def record_review(apprentice: Apprentice, data: ReviewData, *, actor: User,
                  today: date) -> ProgressReview:
    """Record a three-way progress review; the next is due within 12 weeks.

    Raises NotAllowed, or DomainError when a party did not sign or the dates do not fit."""
    if not permissions.can_manage_apprentice(actor, apprentice):
        raise NotAllowed("You do not coordinate this apprentice's employer")
    _require_in_learning(apprentice)
    if not (data.apprentice_signed and data.employer_signed and data.provider_signed):
        raise DomainError("A progress review is three-way: the apprentice, the employer and the "
                          "provider must each sign it", "signed")
    if data.held_on < apprentice.start_on or data.held_on > today:
        raise DomainError("Give a date from the start of the apprenticeship to today", "held_on")
    latest = rules.REVIEW_INTERVAL + data.held_on
    next_on = data.next_review_on or latest
    if not data.held_on < next_on <= latest:
        raise DomainError("The next review must be within 12 weeks of this one", "next_review_on")
    review = ProgressReview(
        apprentice_id=apprentice.id, held_on=data.held_on,
        employer_representative=data.employer_representative.strip(),
        provider_representative=data.provider_representative.strip(),
        progress=data.progress.strip() or None, actions=data.actions.strip() or None,
        otj_hours_at_review=apprentice.otj_hours_logged, next_review_on=next_on,
        recorded_by_id=actor.id,
    )
    db.session.add(review)
    db.session.flush()
    progress.refresh_progress(apprentice, today)
    record(actor, "apprenticeships.review_recorded", review, subject=apprentice.user_id)
    notify(apprentice.person, f"Your progress review of {data.held_on:%-d %B %Y} is recorded; "
           f"the next is due by {next_on:%-d %B %Y}",
           link=progress.record_link(apprentice))
    return review


def update_gateway(apprentice: Apprentice, done: set[str], *, actor: User, today: date) -> bool:
    """Tick or untick gateway items; all ticked passes gateway. Returns whether it is passed."""
    if not permissions.can_manage_apprentice(actor, apprentice):
        raise NotAllowed("You do not coordinate this apprentice's employer")
    _require_in_learning(apprentice)
    known = {key for key, _ in rules.GATEWAY_ITEMS}
    if done - known:
        raise DomainError("Unknown gateway item", "items")
    checks = {c.item: c for c in db.session.scalars(
        select(GatewayCheck).where(GatewayCheck.apprentice_id == apprentice.id))}
    for item in known:
        if item in done and item not in checks:
            db.session.add(GatewayCheck(apprentice_id=apprentice.id, item=item, done_on=today,
                                        confirmed_by_id=actor.id))
        elif item not in done and item in checks:
            db.session.delete(checks[item])
    passed = done == known
    apprentice.gateway_passed_on = (apprentice.gateway_passed_on or today) if passed else None
    db.session.flush()
    progress.refresh_progress(apprentice, today)
    record(actor, "apprenticeships.gateway_updated", apprentice, subject=apprentice.user_id,
           done=sorted(done))
    return passed


def book_assessment(apprentice: Apprentice, organisation: str, booked_for: date, *,
                    actor: User, today: date) -> AssessmentAttempt:
    """Raises NotAllowed, or DomainError before gateway or with a booking still open."""
    if not permissions.can_manage_apprentice(actor, apprentice):
        raise NotAllowed("You do not coordinate this apprentice's employer")
    _require_in_learning(apprentice)
    if apprentice.gateway_passed_on is None:
        raise DomainError("Complete the gateway checklist before booking the assessment")
    open_booking = db.session.scalar(select(AssessmentAttempt).where(
        AssessmentAttempt.apprentice_id == apprentice.id, AssessmentAttempt.result.is_(None)))
    if open_booking is not None:
        raise DomainError("Record the result of the assessment already booked first")
    attempt = AssessmentAttempt(apprentice_id=apprentice.id,
                                assessment_organisation=organisation.strip(),
                                booked_for=booked_for, recorded_by_id=actor.id)
    apprentice.assessment_organisation = apprentice.assessment_organisation or organisation.strip()
    db.session.add(attempt)
    db.session.flush()
    record(actor, "apprenticeships.assessment_booked", attempt, subject=apprentice.user_id,
           booked_for=booked_for.isoformat())
    return attempt


def record_assessment_result(attempt: AssessmentAttempt, apprentice: Apprentice,
                             result: AssessmentResult, result_on: date, *, actor: User,
                             today: date) -> None:
    """An achieved result completes the apprenticeship and its completion payment is made.

    Raises NotAllowed, or DomainError for a result already recorded or a date out of range."""
    if not permissions.can_manage_apprentice(actor, apprentice):
        raise NotAllowed("You do not coordinate this apprentice's employer")
    if attempt.result is not None:
        raise DomainError("This assessment already has a result")
    if result_on < apprentice.start_on or result_on > today:
        raise DomainError("Give the date of the result, no later than today", "result_on")
    attempt.result = result
    attempt.result_on = result_on
    if result.achieved:
        apprentice.status = ApprenticeStatus.COMPLETED
        apprentice.ended_on = result_on
        apprentice.history.append(ApprenticeStatusChange(
            status=ApprenticeStatus.COMPLETED, effective_on=result_on,
            reason=f"Assessment result: {result.label}", recorded_by_id=actor.id))
    db.session.flush()
    if result.achieved:
        levy_services.post_payments(today, apprentice_ids=[apprentice.id])
    progress.refresh_progress(apprentice, today)
    record(actor, "apprenticeships.assessment_result", attempt, subject=apprentice.user_id,
           result=result.value)
    notify(apprentice.person, f"Your assessment result is recorded: {result.label}",
           link=progress.record_link(apprentice))
