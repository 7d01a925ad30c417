"""Operations on levy accounts: declarations and the funds they bring in, payments from the
instalment schedule, the transfer allowance, pledges and transfer applications.

Like every service module: plain data and the acting user in, flush, never commit; raises
DomainError or NotAllowed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.email import external_url
from academy.notifications.services import notify
from academy.people.models import Organisation, OrganisationType, User
from academy.talent.apprenticeships import permissions as apprenticeship_permissions
from academy.talent.apprenticeships import queries as apprenticeship_queries
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipStandard,
    ApprenticeStatus,
    FundingSource,
)
from academy.talent.levy import permissions, rules
from academy.talent.levy.models import (
    ApplicationStatus,
    LevyAccount,
    LevyDeclaration,
    LevyTransaction,
    Pledge,
    PledgeStatus,
    TransactionKind,
    TransferApplication,
)
from academy.timekeeping import utcnow

FUNDS_DAY = 23  # funds appear in the account on the 23rd of the month after the payroll month
LEVELS = range(2, 8)


# Funds in ------------------------------------------------------------------------------------

def declaration_credits(payroll_month: date, levy_declared: Decimal, english_percent: Decimal,
                        table) -> list[tuple[TransactionKind, date, Decimal, date]]:
    """The credits one declaration brings: (kind, month entered, amount, month it expires).

    The top-up and the expiry are those of the rule in force when the funds enter."""
    entered = rules.add_months(payroll_month, 1)
    rule = apprenticeship_queries.rule_on(date(entered.year, entered.month, FUNDS_DAY), table)
    funds, top_up = rules.funds_entering(levy_declared, english_percent=english_percent,
                                        top_up_percent=rule.top_up_percent)
    expires = rules.add_months(entered, rule.expiry_months)
    credits = [(TransactionKind.FUNDS_IN, entered, funds, expires)]
    if top_up > 0:
        credits.append((TransactionKind.TOP_UP, entered, top_up, expires))
    return credits


def _check_settings(english_percent: Decimal) -> None:
    if not Decimal(0) < english_percent <= Decimal(100):
        raise DomainError("Enter a share of the pay bill in England above 0 and up to 100",
                          "english_percent")


def open_account(organisation_id: int, *, english_percent: Decimal, opened_on: date,
                 actor: User | None) -> LevyAccount:
    """Open a levy-paying partner's account. With an actor (a page, not the demo data), the
    actor must administer the organisation.

    Raises NotAllowed; DomainError when the partner does not pay the levy or already has an
    account, or the share in England is not a percentage."""
    organisation = db.session.get(Organisation, organisation_id)
    if actor is not None and not permissions.can_keep_levy_account(actor, organisation):
        raise NotAllowed("You cannot open a levy account for this partner")
    if not organisation.is_levy_payer:
        raise DomainError(f"{organisation.name} does not pay the apprenticeship levy")
    if db.session.scalar(select(LevyAccount).where(LevyAccount.organisation_id == organisation_id)):
        raise DomainError("This partner already has a levy account")
    _check_settings(english_percent)
    account = LevyAccount(organisation_id=organisation_id, english_percent=english_percent,
                          opened_on=opened_on)
    db.session.add(account)
    db.session.flush()
    record(actor, "levy.account_opened", account, organisation_id=organisation_id,
           english_percent=str(english_percent), opened_on=opened_on.isoformat())
    db.session.flush()
    return account


def change_account_settings(account: LevyAccount, *, english_percent: Decimal, opened_on: date,
                            actor: User) -> LevyAccount:
    """Change the share of the pay bill in England (for declarations from now on) and the day
    the account opened.

    Raises NotAllowed unless the actor administers the organisation; DomainError for a share
    that is not a percentage or an opening after money first moved in the account."""
    if not permissions.can_keep_levy_account(actor, account.organisation):
        raise NotAllowed("You cannot change this levy account")
    _check_settings(english_percent)
    first_month = db.session.scalar(select(func.min(LevyTransaction.month)).where(
        LevyTransaction.account_id == account.id))
    if first_month is not None and rules.month_of(opened_on) > rules.month_of(first_month):
        raise DomainError(f"The account has money from {first_month:%B %Y}, so it cannot open "
                          "later than that", "opened_on")
    record(actor, "levy.account_changed", account, english_percent=str(english_percent),
           opened_on=opened_on.isoformat(), was_english_percent=str(account.english_percent),
           was_opened_on=account.opened_on.isoformat())
    account.english_percent, account.opened_on = english_percent, opened_on
    db.session.flush()
    return account


def record_declaration(account: LevyAccount, payroll_month: date, levy_declared: Decimal, *,
                       actor: User, today: date) -> LevyDeclaration:
    """Record a month's levy declaration; its funds (and any top-up) enter the next month.

    Raises NotAllowed, or DomainError for a month in the future or declared already."""
    if not permissions.can_manage_levy_account(actor, account):
        raise NotAllowed("You do not coordinate this partner's levy account")
    payroll_month = rules.month_of(payroll_month)
    if payroll_month > rules.month_of(today):
        raise DomainError("The payroll month cannot be in the future", "payroll_month")
    if levy_declared < 0:
        raise DomainError("The levy declared cannot be negative", "levy_declared")
    if db.session.scalar(select(LevyDeclaration).where(
            LevyDeclaration.account_id == account.id,
            LevyDeclaration.payroll_month == payroll_month)):
        raise DomainError(f"{payroll_month:%B %Y} is declared already", "payroll_month")
    declaration = LevyDeclaration(account_id=account.id, payroll_month=payroll_month,
                                  levy_declared=levy_declared, recorded_by_id=actor.id)
    db.session.add(declaration)
    db.session.flush()
    for kind, month, amount, expires in declaration_credits(
            payroll_month, levy_declared, account.english_percent, apprenticeship_queries.funding_rules()):
        db.session.add(LevyTransaction(account_id=account.id, month=month, kind=kind,
                                       amount=amount, expires_month=expires,
                                       declaration_id=declaration.id))
    db.session.flush()
    record(actor, "levy.declaration_recorded", declaration,
           payroll_month=payroll_month.isoformat(), levy=str(levy_declared))
    return declaration


# Payments out --------------------------------------------------------------------------------

def payment_plan(funded_price: Decimal, start: date, planned_end: date, *,
                 status: ApprenticeStatus, ended_on: date | None,
                 breaks: Sequence[tuple[date, date | None]], table=None) -> list[rules.Payment]:
    """What a levy account pays for an apprenticeship, month by month, as things stand (with
    the qualifying period of the rule in force at the start)."""
    return rules.payment_schedule(
        funded_price, start, planned_end, breaks=breaks,
        stopped_on=ended_on if status is ApprenticeStatus.STOPPED else None,
        completed_on=ended_on if status is ApprenticeStatus.COMPLETED else None,
        qualifying_days=apprenticeship_queries.rule_on(start, table).qualifying_period_days,
    )


def schedule_for(apprentice: Apprentice, table=None) -> list[rules.Payment]:
    return payment_plan(apprentice.funded_price, apprentice.start_on, apprentice.planned_end_on,
                        status=apprentice.status, ended_on=apprentice.ended_on,
                        breaks=apprentice.breaks, table=table)


def withdraw_unearned_payments(apprentice: Apprentice) -> int:
    """Take back posted payments the schedule no longer holds (a stop before the qualifying
    period earns nothing); returns how many were taken back."""
    due = {(p.month, TransactionKind(p.kind)) for p in schedule_for(apprentice)}
    unearned = [t for t in db.session.scalars(select(LevyTransaction).where(
        LevyTransaction.apprentice_id == apprentice.id)) if (t.month, t.kind) not in due]
    for transaction in unearned:
        db.session.delete(transaction)
    db.session.flush()
    return len(unearned)


def payment_rows(apprentice: Apprentice, since: date, through: date, table=None) -> list[dict]:
    """Transaction rows for the schedule's payments from the month `since` (the account's first
    on the platform) to the month `through`, both included."""
    counterparty = (apprentice.employer_id
                    if apprentice.funding_source is FundingSource.TRANSFER else None)
    return [
        {"account_id": apprentice.levy_account_id, "month": p.month,
         "kind": TransactionKind(p.kind), "amount": p.amount, "apprentice_id": apprentice.id,
         "counterparty_id": counterparty}
        for p in schedule_for(apprentice, table) if since <= p.month <= through
    ]


def post_payments(today: date, apprentice_ids: Sequence[int] | None = None,
                  batch: int = 500) -> int:
    """Pay what the schedules owe up to this month, once (the daily job; also on completion).

    Returns how many payments were posted."""
    query = select(Apprentice.id).where(
        Apprentice.levy_account_id.is_not(None),
        Apprentice.status != ApprenticeStatus.WAITING_TO_START)
    if apprentice_ids is not None:
        query = query.where(Apprentice.id.in_(apprentice_ids))
    ids = list(db.session.scalars(query))
    through = rules.month_of(today)
    opened = {a: rules.month_of(day) for a, day in db.session.execute(
        select(LevyAccount.id, LevyAccount.opened_on))}
    table = apprenticeship_queries.funding_rules()
    posted = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        done = set(db.session.execute(
            select(LevyTransaction.apprentice_id, LevyTransaction.month, LevyTransaction.kind)
            .where(LevyTransaction.apprentice_id.in_(chunk))).all())
        rows = []
        for apprentice in db.session.scalars(select(Apprentice).options(
                selectinload(Apprentice.history)).where(Apprentice.id.in_(chunk))):
            rows += [r for r in payment_rows(apprentice, opened[apprentice.levy_account_id], through,
                                             table)
                     if (r["apprentice_id"], r["month"], r["kind"]) not in done]
        if rows:
            db.session.execute(insert(LevyTransaction), rows)
            posted += len(rows)
    db.session.flush()
    return posted


# The transfer allowance ----------------------------------------------------------------------

@dataclass(frozen=True)
class Allowance:
    tax_year: int
    previous_year_funds: Decimal
    cap_percent: Decimal
    allowance: Decimal
    pledged: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), self.allowance - self.pledged)

    @property
    def label(self) -> str:
        return rules.tax_year_label(self.tax_year)


def allowances(account_ids: Iterable[int], on: date, table=None) -> dict[int, Allowance]:
    """Each account's transfer allowance for the tax year of the day: the cap in force of the
    previous tax year's funds, less what the year's pledges hold (open pledges in full, closed
    ones what they approved)."""
    account_ids = list(account_ids)
    year = rules.tax_year_of(rules.month_of(on))
    first, last = rules.tax_year_months(year - 1)
    funds = dict(db.session.execute(
        select(LevyTransaction.account_id, func.sum(LevyTransaction.amount))
        .where(LevyTransaction.account_id.in_(account_ids),
               LevyTransaction.kind.in_([TransactionKind.FUNDS_IN, TransactionKind.TOP_UP]),
               LevyTransaction.month.between(first, last))
        .group_by(LevyTransaction.account_id)).all())
    held: dict[int, Decimal] = defaultdict(Decimal)
    for account_id, amount in db.session.execute(
            select(Pledge.account_id, func.sum(Pledge.amount))
            .where(Pledge.account_id.in_(account_ids), Pledge.tax_year == year,
                   Pledge.status == PledgeStatus.OPEN)
            .group_by(Pledge.account_id)):
        held[account_id] += Decimal(amount)
    for account_id, amount in db.session.execute(
            select(Pledge.account_id, func.sum(TransferApplication.amount))
            .join(TransferApplication, TransferApplication.pledge_id == Pledge.id)
            .where(Pledge.account_id.in_(account_ids), Pledge.tax_year == year,
                   Pledge.status == PledgeStatus.CLOSED,
                   TransferApplication.status == ApplicationStatus.APPROVED)
            .group_by(Pledge.account_id)):
        held[account_id] += Decimal(amount)
    cap = apprenticeship_queries.rule_on(on, table).transfer_cap_percent
    result = {}
    for account_id in account_ids:
        previous = Decimal(funds.get(account_id) or 0)
        result[account_id] = Allowance(year, previous, cap, rules.transfer_allowance(previous, cap),
                                       held[account_id])
    return result


# Pledges and applications --------------------------------------------------------------------

@dataclass(frozen=True)
class PledgeData:
    amount: Decimal
    recipient_id: int | None
    organisation_types: list[str]
    levels: list[int]
    location: str
    description: str


def create_pledge(account: LevyAccount, data: PledgeData, *, actor: User, today: date,
                  need: TransferApplication | None = None) -> Pledge:
    """Offer funds to other partners within this tax year's transfer allowance.

    Given an open need, the pledge is made to that partner and the need approved against it.
    Raises NotAllowed, or DomainError when the allowance or the criteria do not fit.
    """
    if not permissions.can_manage_levy_account(actor, account):
        raise NotAllowed("You do not coordinate this partner's levy account")
    if data.amount <= 0:
        raise DomainError("Give an amount of more than £0", "amount")
    allowance = allowances([account.id], today)[account.id]
    if data.amount > allowance.remaining:
        raise DomainError(
            f"The {allowance.label} transfer allowance has £{allowance.remaining:,.2f} left",
            "amount")
    if any(t not in {o.value for o in OrganisationType} for t in data.organisation_types):
        raise DomainError("Choose kinds of organisation from the list", "organisation_types")
    if any(level not in LEVELS for level in data.levels):
        raise DomainError("Choose levels from 2 to 7", "levels")
    recipient = None
    if data.recipient_id is not None:
        recipient = db.session.get(Organisation, data.recipient_id)
        if recipient is None or recipient.id == account.organisation_id:
            raise DomainError("Choose another partner to receive the funds", "recipient")
    if need is not None:
        if need.status is not ApplicationStatus.SUBMITTED or need.pledge_id is not None:
            raise DomainError("This need has been dealt with already")
        if data.recipient_id != need.organisation_id:
            raise DomainError("A pledge for a need goes to the partner that raised it", "recipient")
        if data.amount < need.amount:
            raise DomainError(f"The need is for £{need.amount:,.2f}", "amount")
    pledge = Pledge(
        account_id=account.id, tax_year=allowance.tax_year, amount=data.amount,
        recipient_organisation_id=data.recipient_id,
        organisation_types=sorted(set(data.organisation_types)), levels=sorted(set(data.levels)),
        location=data.location.strip() or None, description=data.description.strip() or None,
        created_by_id=actor.id,
    )
    db.session.add(pledge)
    db.session.flush()
    record(actor, "levy.pledge_created", pledge, amount=str(data.amount),
           recipient=data.recipient_id)
    if recipient is not None:
        for coordinator in apprenticeship_queries.coordinators_of(recipient.id):
            notify(coordinator, f"{account.organisation.name} has pledged £{data.amount:,.2f} of "
                   f"levy funds to {recipient.name}", link=external_url("levy.pledge", pledge_id=pledge.id))
    if need is not None:
        need.pledge = pledge
        db.session.flush()
        decide_application(need, approve=True, note="Met from a pledge made for this need",
                           actor=actor, today=today)
    return pledge


def close_pledge(pledge: Pledge, *, actor: User) -> None:
    """Close a pledge to new applications; what it approved stays committed."""
    if not permissions.can_manage_levy_account(actor, pledge.account):
        raise NotAllowed("You do not coordinate this partner's levy account")
    if pledge.status is PledgeStatus.CLOSED:
        raise DomainError("This pledge is closed already")
    pledge.status = PledgeStatus.CLOSED
    pledge.closed_at = utcnow()
    for application in pledge.applications:
        if application.status is ApplicationStatus.SUBMITTED:
            application.status = ApplicationStatus.REJECTED
            application.decision_note = "The pledge was closed"
            application.decided_by_id = actor.id
            application.decided_at = utcnow()
    db.session.flush()
    record(actor, "levy.pledge_closed", pledge)


def approved_total(pledge: Pledge) -> Decimal:
    return sum((a.amount for a in pledge.applications if a.status is ApplicationStatus.APPROVED),
               Decimal(0))


@dataclass(frozen=True)
class ApplicationData:
    organisation_id: int
    standard_id: int
    apprentices_count: int
    amount: Decimal
    planned_start_on: date
    reason: str


def apply_for_transfer(pledge: Pledge | None, data: ApplicationData, *, actor: User,
                       today: date) -> TransferApplication:
    """Apply against a pledge, or (with no pledge) raise an open need with the levy pool.

    Raises NotAllowed outside the actor's partners, DomainError when the criteria do not fit."""
    if not apprenticeship_permissions.coordinates(actor, data.organisation_id):
        raise NotAllowed("You do not coordinate apprenticeships for that partner")
    organisation = db.session.get(Organisation, data.organisation_id)
    standard = db.session.get(ApprenticeshipStandard, data.standard_id)
    if organisation is None or standard is None:
        raise DomainError("Choose the partner and the standard", "standard")
    if data.amount <= 0 or data.apprentices_count < 1:
        raise DomainError("Give the number of apprentices and the amount", "amount")
    if standard.max_funding_band and data.amount > standard.max_funding_band * data.apprentices_count:
        raise DomainError(f"Transfers pay at most the funding band: "
                          f"£{standard.max_funding_band * data.apprentices_count:,.2f} for "
                          f"{data.apprentices_count}", "amount")
    if data.planned_start_on <= today:
        raise DomainError("Transfers fund new starts agreed before they start", "planned_start_on")
    if pledge is not None:
        if pledge.status is not PledgeStatus.OPEN:
            raise DomainError("This pledge is closed")
        if pledge.account.organisation_id == data.organisation_id:
            raise DomainError("A partner cannot apply to its own pledge", "organisation")
        problems = rules.pledge_problems(
            recipient_id=pledge.recipient_organisation_id,
            organisation_types=pledge.organisation_types, levels=pledge.levels,
            organisation_id=organisation.id, organisation_type=organisation.type.value,
            level=standard.level)
        if problems:
            raise DomainError(". ".join(problems), "organisation")
    application = TransferApplication(
        pledge_id=pledge.id if pledge else None, organisation_id=organisation.id,
        standard_id=standard.id, apprentices_count=data.apprentices_count, amount=data.amount,
        planned_start_on=data.planned_start_on, reason=data.reason.strip() or None,
        submitted_by_id=actor.id)
    db.session.add(application)
    db.session.flush()
    record(actor, "levy.transfer_applied", application, amount=str(data.amount),
           pledge=pledge.id if pledge else None)
    deciders = (apprenticeship_queries.coordinators_of(pledge.account.organisation_id) if pledge
                else apprenticeship_queries.pool_leads())
    for decider in deciders:
        notify(decider, f"{organisation.name} asks for £{data.amount:,.2f} of transferred levy "
               f"funds", link=external_url("levy.application",
                                                application_id=application.id))
    return application


def decide_application(application: TransferApplication, *, approve: bool, note: str,
                       actor: User, today: date) -> None:
    """Approve (within what the pledge has left) or reject an application.

    Raises NotAllowed, or DomainError when it is decided already or does not fit the pledge."""
    if not permissions.can_decide_transfer_request(actor, application):
        raise NotAllowed("You cannot decide this application")
    if application.status is not ApplicationStatus.SUBMITTED:
        raise DomainError("This application has been decided already")
    if approve:
        pledge = application.pledge
        if pledge is None:
            raise DomainError("Pledge funds for this need to approve it")
        left = pledge.amount - approved_total(pledge)
        if application.amount > left:
            raise DomainError(f"The pledge has £{left:,.2f} left", "decision")
        if application.planned_start_on <= today:
            raise DomainError("The planned start has passed: transfers fund new starts only",
                              "decision")
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
    application.decided_by_id = actor.id
    application.decided_at = utcnow()
    application.decision_note = note.strip() or None
    db.session.flush()
    record(actor, "levy.transfer_decided", application, approved=approve)
    submitter = (db.session.get(User, application.submitted_by_id)
                 if application.submitted_by_id else None)
    if submitter is not None:
        outcome = "approved" if approve else "not approved"
        notify(submitter, f"Your request for £{application.amount:,.2f} of transferred funds was "
               f"{outcome}", link=external_url("levy.application",
                                                application_id=application.id))


def linked_funding(application_ids: Iterable[int]) -> dict[int, Decimal]:
    """For each application, the funded price of the apprentices it pays for (stops excluded)."""
    return {k: Decimal(v) for k, v in db.session.execute(
        select(Apprentice.transfer_application_id, func.sum(Apprentice.funded_price))
        .where(Apprentice.transfer_application_id.in_(list(application_ids)),
               Apprentice.status != ApprenticeStatus.STOPPED)
        .group_by(Apprentice.transfer_application_id)).all()}

