"""Read models for levy accounts: the ledger month by month, the 24-month forecast and the
partnership's pooling view. The database sums the transactions by month; the arithmetic of
expiry is academy.talent.levy.rules'."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from academy.extensions import db
from academy.people.models import Organisation
from academy.talent.apprenticeships import queries as apprenticeship_queries
from academy.talent.apprenticeships.models import Apprentice, ApprenticeStatus
from academy.talent.levy import rules, services
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

ZERO = Decimal(0)
HORIZON = 24
CREDITS = (TransactionKind.FUNDS_IN, TransactionKind.TOP_UP)
DEFAULT_DURATION_MONTHS = 12


@dataclass
class Activity:
    """An account's transactions summed by month."""

    credits: list[rules.Credit] = field(default_factory=list)
    funds_in: dict[date, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    top_up: dict[date, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    payments: dict[date, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    transfers_out: dict[date, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    # Month by month, what was paid at each co-investment rate (by the apprenticeship's start).
    due_by_rate: dict[date, dict[Decimal, Decimal]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Decimal)))

    def debits(self) -> list[tuple[date, Decimal]]:
        months = set(self.payments) | set(self.transfers_out)
        return [(m, self.payments.get(m, ZERO) + self.transfers_out.get(m, ZERO)) for m in months]


def activity(account_ids: list[int], table=None) -> dict[int, Activity]:
    """Every posted transaction of the accounts, summed by month, in two queries."""
    table = table if table is not None else apprenticeship_queries.funding_rules()
    found = {account_id: Activity() for account_id in account_ids}
    for account_id, month, kind, expires, amount in db.session.execute(
            select(LevyTransaction.account_id, LevyTransaction.month, LevyTransaction.kind,
                   LevyTransaction.expires_month, func.sum(LevyTransaction.amount))
            .where(LevyTransaction.account_id.in_(account_ids), LevyTransaction.kind.in_(CREDITS))
            .group_by(LevyTransaction.account_id, LevyTransaction.month, LevyTransaction.kind,
                      LevyTransaction.expires_month)):
        entry = found[account_id]
        amount = Decimal(amount)
        entry.credits.append(rules.Credit(month, amount, expires))
        (entry.funds_in if kind is TransactionKind.FUNDS_IN else entry.top_up)[month] += amount
    transfer = LevyTransaction.counterparty_id.is_not(None).label("transfer")
    for account_id, month, is_transfer, start_on, amount in db.session.execute(
            select(LevyTransaction.account_id, LevyTransaction.month, transfer, Apprentice.start_on,
                   func.sum(LevyTransaction.amount))
            .outerjoin(Apprentice, Apprentice.id == LevyTransaction.apprentice_id)
            .where(LevyTransaction.account_id.in_(account_ids),
                   LevyTransaction.kind.not_in(CREDITS))
            .group_by(LevyTransaction.account_id, LevyTransaction.month, transfer,
                      Apprentice.start_on)):
        entry = found[account_id]
        amount = Decimal(amount)
        (entry.transfers_out if is_transfer else entry.payments)[month] += amount
        rate = apprenticeship_queries.levy_co_investment_rate(start_on or month, table)
        entry.due_by_rate[month][rate] += amount
    return found


def balances(account_ids: list[int], today: date, table=None) -> dict[int, Decimal]:
    """Each account's balance now: every transaction posted up to this month, the oldest funds
    spent first and expired funds gone. The one balance the accounts list, the account page,
    the forecast, the pool and the downloads show."""
    found = activity(account_ids, table)
    return {account_id: _balance_now(entry, today) for account_id, entry in found.items()}


def _balance_now(entry: Activity, today: date) -> Decimal:
    this_month = rules.month_of(today)
    return rules.balance_at(rules.run_account(entry.credits, entry.debits(), through=this_month),
                            this_month)


# The ledger ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerRow:
    month: date
    funds_in: Decimal
    top_up: Decimal
    payments: Decimal
    transfers_out: Decimal
    spent: Decimal
    co_investment: Decimal
    employer_share: Decimal    # of the co-investment, each payment at its start date's rate
    expired: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Ledger:
    rows: list[LedgerRow]               # oldest first, up to this month
    totals: dict[str, Decimal]
    transfers_received: list[tuple[date, str, Decimal]]

    def tax_years(self) -> list[int]:
        return sorted({rules.tax_year_of(r.month) for r in self.rows}, reverse=True)


def ledger(account: LevyAccount, today: date) -> Ledger:
    """Month by month to this month: funds in, payments, transfers, expiry and the balance."""
    this_month = rules.month_of(today)
    table = apprenticeship_queries.funding_rules()
    found = activity([account.id], table)[account.id]
    positions = [p for p in rules.run_account(found.credits, found.debits(), through=this_month)
                 if p.month <= this_month]
    rows = [
        LedgerRow(p.month, found.funds_in.get(p.month, ZERO), found.top_up.get(p.month, ZERO),
                  found.payments.get(p.month, ZERO), found.transfers_out.get(p.month, ZERO),
                  p.spent, p.co_investment,
                  rules.employer_share(p.co_investment, found.due_by_rate.get(p.month, {})),
                  p.expired, p.balance)
        for p in positions
    ]
    totals = {name: sum((getattr(r, name) for r in rows), ZERO) for name in (
        "funds_in", "top_up", "payments", "transfers_out", "spent", "co_investment",
        "employer_share", "expired")}
    totals["balance"] = _balance_now(found, today)
    received = [
        (month, name, Decimal(amount)) for month, name, amount in db.session.execute(
            select(LevyTransaction.month, Organisation.name, func.sum(LevyTransaction.amount))
            .join(LevyAccount, LevyAccount.id == LevyTransaction.account_id)
            .join(Organisation, Organisation.id == LevyAccount.organisation_id)
            .where(LevyTransaction.counterparty_id == account.organisation_id)
            .group_by(LevyTransaction.month, Organisation.name)
            .order_by(LevyTransaction.month.desc()))
    ]
    return Ledger(rows, totals, received)


def declarations(account: LevyAccount) -> list[LevyDeclaration]:
    return list(db.session.scalars(
        select(LevyDeclaration).where(LevyDeclaration.account_id == account.id)
        .order_by(LevyDeclaration.payroll_month.desc())))


# The forecast --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ForecastRow:
    month: date
    opening: Decimal
    funds_in: Decimal
    projected_funds: bool
    committed: Decimal
    transfers_out: Decimal
    spent: Decimal
    co_investment: Decimal
    employer_share: Decimal
    expiring: Decimal
    closing: Decimal

    @property
    def at_risk(self) -> bool:
        return self.expiring > 0


@dataclass(frozen=True)
class Forecast:
    account: LevyAccount
    rows: list[ForecastRow]
    balance_now: Decimal             # posted transactions up to this month (ledger.balances)
    monthly_declaration: Decimal     # what projected declarations assume

    def expiring_within(self, months: int) -> Decimal:
        return sum((r.expiring for r in self.rows[:months]), ZERO)

    @property
    def expiring_total(self) -> Decimal:
        return self.expiring_within(len(self.rows))

    @property
    def months_at_risk(self) -> list[ForecastRow]:
        return [r for r in self.rows if r.at_risk]

    @property
    def first_expiry(self) -> ForecastRow | None:
        return next((r for r in self.rows if r.at_risk), None)


def forecasts(account_list: list[LevyAccount], today: date,
              horizon: int = HORIZON) -> dict[int, Forecast]:
    """Month by month from this month for `horizon` months: funds in (projected from the last
    twelve declarations), payments committed (apprentices' schedules and approved transfers not
    yet started), what expires and the balance. A handful of queries for any number of services."""
    ids = [a.id for a in account_list]
    first = rules.month_of(today)
    last = rules.add_months(first, horizon - 1)
    table = apprenticeship_queries.funding_rules()
    found = activity(ids, table)
    projected_credits, projected_debits, transfer_debits, projected_rates = _projections(
        account_list, first, last, table)
    monthly = _average_declarations(ids, first)

    result = {}
    for account in account_list:
        entry = found[account.id]
        extra_credits = projected_credits[account.id]
        projected_in: dict[date, Decimal] = defaultdict(Decimal)
        for credit in extra_credits:
            projected_in[credit.month] += credit.amount
        debits = entry.debits() + projected_debits[account.id]
        positions = {p.month: p for p in rules.run_account(
            entry.credits + extra_credits, debits, through=last)}
        rows = []
        previous = positions.get(rules.add_months(first, -1))
        opening = previous.balance if previous else ZERO
        rates: dict[date, dict[Decimal, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for source in (entry.due_by_rate, projected_rates[account.id]):
            for month_key, by_rate in source.items():
                for rate, amount in by_rate.items():
                    rates[month_key][rate] += amount
        month = first
        while month <= last:
            p = positions.get(month)
            transfers = entry.transfers_out.get(month, ZERO) + transfer_debits[account.id].get(
                month, ZERO)
            if p is None:
                rows.append(ForecastRow(month, opening, ZERO, False, ZERO, transfers, ZERO, ZERO,
                                        ZERO, ZERO, opening))
            else:
                rows.append(ForecastRow(
                    month, opening, p.funds_in, month in projected_in, p.due, transfers, p.spent,
                    p.co_investment, rules.employer_share(p.co_investment, rates.get(month, {})),
                    p.expired, p.balance))
                opening = p.balance
            month = rules.add_months(month, 1)
        result[account.id] = Forecast(account, rows, _balance_now(entry, today),
                                      monthly.get(account.id, ZERO))
    return result


def forecast(account: LevyAccount, today: date) -> Forecast:
    return forecasts([account], today)[account.id]


def _average_declarations(ids: list[int], first: date) -> dict[int, Decimal]:
    since = rules.add_months(first, -13)
    rows = db.session.execute(
        select(LevyDeclaration.account_id, func.avg(LevyDeclaration.levy_declared))
        .where(LevyDeclaration.account_id.in_(ids), LevyDeclaration.payroll_month >= since)
        .group_by(LevyDeclaration.account_id)).all()
    return {a: Decimal(v).quantize(Decimal("0.01")) for a, v in rows}


def _projections(account_list, first: date, last: date, table):
    """Projected credits and debits per account, the transfer part of the debits by month, and
    the debits by co-investment rate by month (each at its apprenticeship's start date rate).

    The spending is what is planned or pledged: apprentices' schedules, approved transfers
    whose apprentices are not all recorded yet, and what open pledges still offer."""
    ids = [a.id for a in account_list]
    credits: dict[int, list[rules.Credit]] = {i: [] for i in ids}
    debits: dict[int, list[tuple[date, Decimal]]] = {i: [] for i in ids}
    transfers: dict[int, dict[date, Decimal]] = {i: defaultdict(Decimal) for i in ids}
    rates: dict[int, dict[date, dict[Decimal, Decimal]]] = {
        i: defaultdict(lambda: defaultdict(Decimal)) for i in ids}

    def spend(account_id: int, month: date, amount: Decimal, started: date,
              transfer: bool) -> None:
        debits[account_id].append((month, amount))
        if transfer:
            transfers[account_id][month] += amount
        rates[account_id][month][
            apprenticeship_queries.levy_co_investment_rate(started, table)] += amount

    # Declarations still to come, at the average of the last twelve months.
    monthly = _average_declarations(ids, first)
    last_declared = dict(db.session.execute(
        select(LevyDeclaration.account_id, func.max(LevyDeclaration.payroll_month))
        .where(LevyDeclaration.account_id.in_(ids)).group_by(LevyDeclaration.account_id)).all())
    for account in account_list:
        if account.id not in monthly:
            continue
        payroll = max(rules.add_months(last_declared[account.id], 1), rules.add_months(first, -1))
        while rules.add_months(payroll, 1) <= last:
            for _, month, amount, expires in services.declaration_credits(
                    payroll, monthly[account.id], account.english_percent, table):
                credits[account.id].append(rules.Credit(month, amount, expires))
            payroll = rules.add_months(payroll, 1)

    # Payments still to come for apprentices in learning or about to start.
    apprentices = list(db.session.scalars(
        select(Apprentice).options(selectinload(Apprentice.history))
        .where(Apprentice.levy_account_id.in_(ids), Apprentice.status.in_(
            [ApprenticeStatus.WAITING_TO_START, ApprenticeStatus.LIVE, ApprenticeStatus.PAUSED]))))
    posted = set(db.session.execute(
        select(LevyTransaction.apprentice_id, LevyTransaction.month, LevyTransaction.kind)
        .where(LevyTransaction.account_id.in_(ids), LevyTransaction.month >= first,
               LevyTransaction.apprentice_id.is_not(None))).all())
    for apprentice in apprentices:
        for payment in services.schedule_for(apprentice, table):
            kind = TransactionKind(payment.kind)
            if (apprentice.id, payment.month, kind) in posted or payment.month > last:
                continue
            if payment.month < first and apprentice.status is not ApprenticeStatus.WAITING_TO_START:
                continue  # posted already (the daily job pays each month as it comes)
            spend(apprentice.levy_account_id, max(payment.month, first), payment.amount,
                  apprentice.start_on, apprentice.transfer_application_id is not None)

    # Approved transfers whose apprentices are not all recorded yet: the rest is committed.
    approved = list(db.session.scalars(
        select(TransferApplication)
        .options(joinedload(TransferApplication.pledge), joinedload(TransferApplication.standard))
        .join(Pledge, Pledge.id == TransferApplication.pledge_id)
        .where(Pledge.account_id.in_(ids),
               TransferApplication.status == ApplicationStatus.APPROVED)))
    linked = services.linked_funding([a.id for a in approved])
    for application in approved:
        rest = application.amount - linked.get(application.id, ZERO)
        if rest <= 0:
            continue
        start = max(application.planned_start_on, first)
        months = application.standard.typical_duration_months or DEFAULT_DURATION_MONTHS
        end = rules.add_months(rules.month_of(start), months) - timedelta(days=1)
        for payment in rules.instalments(rest, start, end):
            if payment.month <= last:
                spend(application.pledge.account_id, max(payment.month, first), payment.amount,
                      start, True)

    # What open pledges still offer: transfers to come, starting next month, over a year.
    for pledge in db.session.scalars(
            select(Pledge).options(selectinload(Pledge.applications))
            .where(Pledge.account_id.in_(ids), Pledge.status == PledgeStatus.OPEN)):
        rest = pledge.amount - services.approved_total(pledge)
        if rest <= 0:
            continue
        start = rules.add_months(first, 1)
        end = rules.add_months(start, DEFAULT_DURATION_MONTHS) - timedelta(days=1)
        for payment in rules.instalments(rest, start, end):
            if payment.month <= last:
                spend(pledge.account_id, payment.month, payment.amount, start, True)
    return credits, debits, transfers, rates


# The partnership's pool ----------------------------------------------------------------------

@dataclass(frozen=True)
class PoolRow:
    forecast: Forecast
    allowance: services.Allowance
    pledged_open: Decimal


@dataclass(frozen=True)
class Pool:
    rows: list[PoolRow]
    needs: list[TransferApplication]            # open needs raised with the pool
    waiting: list[TransferApplication]          # applications against pledges, not yet decided
    open_pledges: list[Pledge]

    @property
    def expiring_within_6(self) -> Decimal:
        return sum((r.forecast.expiring_within(6) for r in self.rows), ZERO)

    @property
    def needs_total(self) -> Decimal:
        return sum((n.amount for n in self.needs + self.waiting), ZERO)


def pool(today: date) -> Pool:
    account_list = list(db.session.scalars(
        select(LevyAccount).join(Organisation, Organisation.id == LevyAccount.organisation_id)
        .options(joinedload(LevyAccount.organisation)).order_by(Organisation.name)))
    ids = [a.id for a in account_list]
    found = forecasts(account_list, today)
    allowance = services.allowances(ids, today)
    open_pledges = list(db.session.scalars(
        select(Pledge).options(joinedload(Pledge.account).joinedload(LevyAccount.organisation),
                               joinedload(Pledge.recipient), selectinload(Pledge.applications))
        .where(Pledge.status == PledgeStatus.OPEN).order_by(Pledge.created_at.desc())))
    open_left: dict[int, Decimal] = defaultdict(Decimal)
    for pledge in open_pledges:
        open_left[pledge.account_id] += pledge.amount - services.approved_total(pledge)
    submitted = list(db.session.scalars(
        select(TransferApplication)
        .options(joinedload(TransferApplication.organisation),
                 joinedload(TransferApplication.standard),
                 joinedload(TransferApplication.pledge))
        .where(TransferApplication.status == ApplicationStatus.SUBMITTED)
        .order_by(TransferApplication.planned_start_on)))
    rows = [PoolRow(found[a.id], allowance[a.id], open_left[a.id]) for a in account_list]
    rows.sort(key=lambda r: (r.forecast.first_expiry is None,
                             r.forecast.first_expiry.month if r.forecast.first_expiry else None))
    return Pool(rows, [a for a in submitted if a.pledge_id is None],
                [a for a in submitted if a.pledge_id is not None], open_pledges)
