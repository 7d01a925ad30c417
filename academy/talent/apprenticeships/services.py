"""Operations on apprentices: registering, status, delivery, completion, progress and reminders.

Services take plain data and the acting user, check the rules, write the audit log, queue
notices, flush and never commit. They raise DomainError (NotAllowed for permissions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import notify
from academy.people.models import User
from academy.talent.apprenticeships import permissions, queries, rules
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipCohort,
    ApprenticeshipStandard,
    ApprenticeStatus,
    ApprenticeStatusChange,
    AssessmentAttempt,
    AssessmentResult,
    FundingSource,
    GatewayCheck,
    OffTheJobEntry,
    ProgressReview,
    ReviewReminder,
)
from academy.talent.levy import services as levy_services
from academy.talent.levy.models import ApplicationStatus, LevyAccount, TransferApplication

UKPRN = re.compile(r"^1\d{7}$")
ULN = re.compile(r"^\d{10}$")
LIVE_LIKE = (ApprenticeStatus.WAITING_TO_START, ApprenticeStatus.LIVE, ApprenticeStatus.PAUSED)


def _record_link(apprentice: Apprentice) -> str:
    """The apprenticeship's page, as a notice links to it."""
    return external_url("apprenticeships.apprentice", apprentice_id=apprentice.id)


# Apprentices ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ApprenticeData:
    person_id: int
    standard_id: int
    standard_version: str
    provider_name: str
    provider_ukprn: str
    start_on: date
    planned_end_on: date
    training_price: Decimal
    assessment_price: Decimal
    funding_source: FundingSource
    assessment_organisation: str | None = None
    transfer_application_id: int | None = None
    cohort_id: int | None = None
    uln: str | None = None
    date_of_birth: date | None = None
    ehcp_or_care_leaver: bool = False
    weekly_hours: Decimal = Decimal("37.5")


def add_apprentice(data: ApprenticeData, *, actor: User, today: date) -> Apprentice:
    """Register someone as an apprentice, checked against the funding rules in force at the start.

    Raises NotAllowed when the actor does not coordinate the person's employer, DomainError
    (with the field) when the funding rules or the data refuse it.
    """
    person = db.session.get(User, data.person_id)
    if person is None:
        raise DomainError("Nobody with that e-mail address or employee number", "person")
    if not permissions.coordinates(actor, person.employer_id):
        raise NotAllowed("You do not coordinate apprenticeships for this person's employer")
    standard = db.session.get(ApprenticeshipStandard, data.standard_id)
    if standard is None:
        raise DomainError("Choose a standard", "standard")
    if not UKPRN.match(data.provider_ukprn or ""):
        raise DomainError("A UKPRN is 8 digits starting with 1, like 10001234", "provider_ukprn")
    if data.uln and not ULN.match(data.uln):
        raise DomainError("A unique learner number is 10 digits", "uln")
    if data.planned_end_on <= data.start_on:
        raise DomainError("The planned end must be after the start", "planned_end_on")
    if data.training_price < 0 or data.assessment_price < 0:
        raise DomainError("Prices cannot be negative", "training_price")
    if data.cohort_id is not None:
        cohort = db.session.get(ApprenticeshipCohort, data.cohort_id)
        if cohort is None or cohort.organisation_id not in (None, person.employer_id):
            raise DomainError("Choose a cohort of this employer or of the partnership", "cohort")

    rule = queries.rule_on(data.start_on)
    age = rules.age_on(data.date_of_birth, data.start_on) if data.date_of_birth else None
    problems = rules.funding_problems(rules.StartFacts(
        level=standard.level, standard_status=standard.status.value,
        funding_withdrawn_from=standard.funding_withdrawn_from, start=data.start_on,
        planned_end=data.planned_end_on, age=age, ehcp_or_care_leaver=data.ehcp_or_care_leaver,
    ), rule)
    if problems:
        raise DomainError(". ".join(problems), "start_on")
    funded, _ = rules.funded_price(data.training_price, data.assessment_price,
                                   standard.max_funding_band)
    account_id, application_id = _funding(data, person, standard, funded)

    status = ApprenticeStatus.LIVE if data.start_on <= today else ApprenticeStatus.WAITING_TO_START
    apprentice = Apprentice(
        user_id=person.id, employer_id=person.employer_id, standard_id=standard.id,
        standard_version=data.standard_version.strip() or standard.version,
        cohort_id=data.cohort_id, uln=data.uln or None, date_of_birth=data.date_of_birth,
        ehcp_or_care_leaver=data.ehcp_or_care_leaver, provider_name=data.provider_name.strip(),
        provider_ukprn=data.provider_ukprn,
        assessment_organisation=(data.assessment_organisation or "").strip() or None,
        start_on=data.start_on, planned_end_on=data.planned_end_on,
        training_price=data.training_price, assessment_price=data.assessment_price,
        funded_price=funded, funding_source=data.funding_source, levy_account_id=account_id,
        transfer_application_id=application_id, weekly_hours=data.weekly_hours,
        planned_otj_hours=rules.required_otj_hours(
            data.start_on, data.planned_end_on, data.weekly_hours, basis=rule.otj_basis.value,
            percent=rule.otj_percent, floor_hours=rule.otj_floor_hours,
            standard_minimum=standard.min_off_the_job_hours),
        status=status, created_by_id=actor.id,
    )
    apprentice.history.append(ApprenticeStatusChange(
        status=status, effective_on=data.start_on if status is ApprenticeStatus.LIVE else today,
        reason="Apprenticeship agreed", recorded_by_id=actor.id))
    db.session.add(apprentice)
    db.session.flush()
    refresh_progress(apprentice, today)
    record(actor, "apprenticeships.apprentice_added", apprentice, subject=person,
           standard=standard.reference, funding=data.funding_source.value)
    notify(person, f"You are registered as an apprentice: {standard.title}",
           link=_record_link(apprentice))
    return apprentice


def _funding(data: ApprenticeData, person: User, standard: ApprenticeshipStandard,
             funded: Decimal) -> tuple[int | None, int | None]:
    """The levy account that pays, and the transfer application, for the funding source."""
    if data.funding_source is FundingSource.OWN_LEVY:
        account = db.session.scalar(
            select(LevyAccount).where(LevyAccount.organisation_id == person.employer_id))
        if account is None:
            raise DomainError("This employer has no levy account: choose a transfer or "
                              "co-investment", "funding_source")
        return account.id, None
    if data.funding_source is FundingSource.TRANSFER:
        application = (db.session.get(TransferApplication, data.transfer_application_id)
                       if data.transfer_application_id else None)
        if (application is None or application.status is not ApplicationStatus.APPROVED
                or application.organisation_id != person.employer_id):
            raise DomainError("Choose an approved transfer for this employer",
                              "transfer_application")
        if application.standard_id != standard.id:
            raise DomainError("The approved transfer is for another standard", "standard")
        if data.start_on < application.decided_at.date():
            raise DomainError("Transfers fund new starts agreed before the start", "start_on")
        used = db.session.scalar(
            select(func.coalesce(func.sum(Apprentice.funded_price), 0)).where(
                Apprentice.transfer_application_id == application.id,
                Apprentice.status != ApprenticeStatus.STOPPED))
        if Decimal(used) + funded > application.amount:
            raise DomainError(
                f"The transfer has £{application.amount - Decimal(used):,.2f} left; this "
                f"apprenticeship needs £{funded:,.2f}", "training_price")
        return application.pledge.account_id, application.id
    return None, None


def update_apprentice(apprentice: Apprentice, *, provider_name: str, provider_ukprn: str,
                      assessment_organisation: str | None, cohort_id: int | None,
                      actor: User, today: date) -> None:
    """Change the provider, the assessment organisation or the cohort.

    Raises NotAllowed, or DomainError for an invalid UKPRN or cohort."""
    if not permissions.can_manage_apprentice(actor, apprentice):
        raise NotAllowed("You do not coordinate this apprentice's employer")
    if not UKPRN.match(provider_ukprn or ""):
        raise DomainError("A UKPRN is 8 digits starting with 1, like 10001234", "provider_ukprn")
    if cohort_id is not None:
        cohort = db.session.get(ApprenticeshipCohort, cohort_id)
        if cohort is None or cohort.organisation_id not in (None, apprentice.employer_id):
            raise DomainError("Choose a cohort of this employer or of the partnership", "cohort")
    before = {"provider": apprentice.provider_ukprn, "assessor": apprentice.assessment_organisation}
    apprentice.provider_name = provider_name.strip()
    apprentice.provider_ukprn = provider_ukprn
    apprentice.assessment_organisation = (assessment_organisation or "").strip() or None
    apprentice.cohort_id = cohort_id
    refresh_progress(apprentice, today)
    record(actor, "apprenticeships.apprentice_updated", apprentice, subject=apprentice.user_id,
           before=before)
    db.session.flush()


def change_status(apprentice: Apprentice, status: ApprenticeStatus, effective_on: date,
                  reason: str, *, actor: User, today: date) -> None:
    """Start, pause, resume or stop an apprenticeship, keeping the dated history.

    A pause stops payments; a stop ends them. Completion comes from an assessment result.
    Raises NotAllowed, or DomainError for a change the rules do not allow.
    """
    if not permissions.can_manage_apprentice(actor, apprentice):
        raise NotAllowed("You do not coordinate this apprentice's employer")
    if status is ApprenticeStatus.COMPLETED:
        raise DomainError("Record an achieved assessment result to complete an apprenticeship",
                          "status")
    if status.value not in rules.TRANSITIONS[apprentice.status.value]:
        raise DomainError(f"An apprenticeship that is {apprentice.status.label.lower()} cannot "
                          f"become {status.label.lower()}", "status")
    latest = max((c.effective_on for c in apprentice.history), default=apprentice.start_on)
    if effective_on < latest or effective_on > today:
        raise DomainError(f"Give a date from {latest:%-d %B %Y} to today", "effective_on")
    if status is ApprenticeStatus.LIVE and effective_on < apprentice.start_on:
        raise DomainError("An apprenticeship cannot go live before its start date", "effective_on")
    before = apprentice.status
    apprentice.status = status
    apprentice.history.append(ApprenticeStatusChange(
        status=status, effective_on=effective_on, reason=reason.strip() or None,
        recorded_by_id=actor.id))
    if status is ApprenticeStatus.STOPPED:
        apprentice.ended_on = effective_on
    db.session.flush()
    refresh_progress(apprentice, today)
    record(actor, "apprenticeships.status_changed", apprentice, subject=apprentice.user_id,
           before=before.value, after=status.value, effective_on=effective_on.isoformat())
    notify(apprentice.person, f"Your apprenticeship is now {status.label.lower()}",
           link=_record_link(apprentice))


def start_due(today: date) -> int:
    """Apprenticeships waiting to start whose start date has come go live (the daily job)."""
    waiting = db.session.scalars(select(Apprentice).where(
        Apprentice.status == ApprenticeStatus.WAITING_TO_START, Apprentice.start_on <= today))
    count = 0
    for apprentice in waiting:
        apprentice.status = ApprenticeStatus.LIVE
        apprentice.history.append(ApprenticeStatusChange(
            status=ApprenticeStatus.LIVE, effective_on=apprentice.start_on,
            reason="Start date reached"))
        record(None, "apprenticeships.started", apprentice, subject=apprentice.user_id)
        count += 1
    db.session.flush()
    return count


# Delivery ------------------------------------------------------------------------------------

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
    refresh_progress(apprentice, today)
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
    refresh_progress(apprentice, today)


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
    refresh_progress(apprentice, today)
    record(actor, "apprenticeships.review_recorded", review, subject=apprentice.user_id)
    notify(apprentice.person, f"Your progress review of {data.held_on:%-d %B %Y} is recorded; "
           f"the next is due by {next_on:%-d %B %Y}",
           link=_record_link(apprentice))
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
    refresh_progress(apprentice, today)
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
    refresh_progress(apprentice, today)
    record(actor, "apprenticeships.assessment_result", attempt, subject=apprentice.user_id,
           result=result.value)
    notify(apprentice.person, f"Your assessment result is recorded: {result.label}",
           link=_record_link(apprentice))


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
                            "apprenticeships/review_reminder", link=_record_link(apprentice),
                            summary=text, apprentice=apprentice, overdue=kind == "overdue")
        db.session.add(ReviewReminder(apprentice_id=apprentice.id,
                                      due_on=apprentice.next_review_due_on, kind=kind))
        reminded += 1
    db.session.flush()
    return reminded
