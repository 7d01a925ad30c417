"""Registering apprentices, changing their record and their status, and starting them on
their start date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.services import notify
from academy.people.models import User
from academy.talent.apprenticeships import permissions, queries, rules
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipCohort,
    ApprenticeshipStandard,
    ApprenticeStatus,
    ApprenticeStatusChange,
    FundingSource,
)
from academy.talent.apprenticeships.services import progress
from academy.talent.levy import services as levy_services
from academy.talent.levy.models import ApplicationStatus, LevyAccount, TransferApplication

UKPRN = re.compile(r"^1\d{7}$")
ULN = re.compile(r"^\d{10}$")


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
    prison_leaver: bool = False
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
        weekly_hours=data.weekly_hours, foundation=standard.is_foundation,
        prison_leaver=data.prison_leaver,
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
        ehcp_or_care_leaver=data.ehcp_or_care_leaver, prison_leaver=data.prison_leaver,
        provider_name=data.provider_name.strip(),
        provider_ukprn=data.provider_ukprn,
        assessment_organisation=(data.assessment_organisation or "").strip() or None,
        start_on=data.start_on, planned_end_on=data.planned_end_on,
        training_price=data.training_price, assessment_price=data.assessment_price,
        funded_price=funded, funding_source=data.funding_source, levy_account_id=account_id,
        transfer_application_id=application_id, weekly_hours=data.weekly_hours,
        planned_otj_hours=queries.required_otj_hours(rule, standard, data.start_on,
                                                     data.planned_end_on, data.weekly_hours),
        status=status, created_by_id=actor.id,
    )
    apprentice.history.append(ApprenticeStatusChange(
        status=status, effective_on=data.start_on if status is ApprenticeStatus.LIVE else today,
        reason="Apprenticeship agreed", recorded_by_id=actor.id))
    db.session.add(apprentice)
    db.session.flush()
    progress.refresh_progress(apprentice, today)
    record(actor, "apprenticeships.apprentice_added", apprentice, subject=person,
           standard=standard.reference, funding=data.funding_source.value)
    notify(person, f"You are registered as an apprentice: {standard.title}",
           link=progress.record_link(apprentice))
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
    progress.refresh_progress(apprentice, today)
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
    withdrawn = (levy_services.withdraw_unearned_payments(apprentice)
                 if status is ApprenticeStatus.STOPPED and apprentice.levy_account_id else 0)
    progress.refresh_progress(apprentice, today)
    record(actor, "apprenticeships.status_changed", apprentice, subject=apprentice.user_id,
           before=before.value, after=status.value, effective_on=effective_on.isoformat(),
           payments_withdrawn=withdrawn)
    notify(apprentice.person, f"Your apprenticeship is now {status.label.lower()}",
           link=progress.record_link(apprentice))


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
