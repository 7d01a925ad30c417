"""The apprenticeship levy's arithmetic: expiry first in first out, instalments, top-up, transfers.

Pure functions over plain values (dates as the first day of a month, money as Decimal): no Flask,
no session. The ledger, the forecast and the pooling pages all come back here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
ONE_DAY = timedelta(days=1)

INSTALMENT = "instalment"
BALANCING = "balancing"
COMPLETION = "completion"


# Months ---------------------------------------------------------------------------------------

def month_of(day: date) -> date:
    """The first day of the month the day falls in."""
    return date(day.year, day.month, 1)


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after (or before) the month given."""
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """How many months `last` is after `first` (negative when before)."""
    return (last.year - first.year) * 12 + last.month - first.month


def month_end(month: date) -> date:
    """The last day of the month."""
    if month.month == 12:
        return date(month.year, 12, 31)
    return date(month.year, month.month + 1, 1) - ONE_DAY


def tax_year_of(month: date) -> int:
    """The year a tax year starts in: April to March, by month."""
    return month.year if month.month >= 4 else month.year - 1


def tax_year_months(start_year: int) -> tuple[date, date]:
    """The first and last month of the tax year starting in April of `start_year`."""
    return date(start_year, 4, 1), date(start_year + 1, 3, 1)


def tax_year_label(start_year: int) -> str:
    return f"{start_year}-{str(start_year + 1)[-2:]}"


# Validation -----------------------------------------------------------------------------------

def _check_month(value) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"a month must be a datetime.date, not {value!r}")
    if value.day != 1:
        raise ValueError(f"a month must be the first day of a month, not {value.isoformat()}")
    return value


def _check_amount(value) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"an amount must be a finite Decimal, not {value!r}")
    if value < 0:
        raise ValueError(f"an amount must not be negative, not {value}")
    return value


def _pairs(items: Iterable, what: str) -> list[tuple[date, Decimal]]:
    checked = []
    for item in items:
        try:
            month, amount = item
        except (TypeError, ValueError) as error:
            raise ValueError(f"each {what} must be a (month, amount) pair, not {item!r}") from error
        checked.append((_check_month(month), _check_amount(amount)))
    return checked


# The account, month by month ------------------------------------------------------------------

@dataclass(frozen=True)
class Credit:
    """Funds entering the account in `month`, expiring (if still unspent) in `expires`."""

    month: date
    amount: Decimal
    expires: date


@dataclass(frozen=True)
class MonthPosition:
    month: date
    funds_in: Decimal
    due: Decimal           # payments due this month
    spent: Decimal         # the part of them paid from the account's funds
    co_investment: Decimal  # the part the funds could not pay (shared by employer and government)
    expired: Decimal
    balance: Decimal       # at the end of the month


def run_account(
    credits: Iterable[Credit], debits: Iterable[tuple[date, Decimal]], *, through: date | None = None
) -> list[MonthPosition]:
    """The account month by month, from the first month with activity to the last month in which
    anything can still expire (or `through`, when later).

    Within a month credits enter, then debits spend the funds that expire soonest first (the
    oldest, while every credit has the same expiry period), then funds whose expiry month it is
    and that are still unspent expire. This is the official reckoning: what expires is what has
    reached its expiry less every payment to date and everything expired already. A debit beyond
    the balance spends what there is; the rest is co-investment and is not carried. Each credit
    carries its own expiry month, so a change of the expiry rule can apply to new funds only.
    """
    credits_by_month: dict[date, list[Credit]] = defaultdict(list)
    for credit in credits:
        credits_by_month[credit.month].append(credit)
    due_by_month: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for month, amount in debits:
        due_by_month[month] += amount

    months = set(credits_by_month) | set(due_by_month)
    if not months:
        return []
    first = min(months)
    last = max(
        [*months, *(c.expires for batch in credits_by_month.values() for c in batch)]
        + ([through] if through else [])
    )

    lots: list[list] = []  # [entry month, remaining, expiry month], soonest expiry first
    positions = []
    month = first
    while month <= last:
        entered = ZERO
        for credit in credits_by_month.get(month, ()):
            lots.append([credit.month, credit.amount, credit.expires])
            entered += credit.amount
        lots.sort(key=lambda lot: (lot[2], lot[0]))
        due = due_by_month.get(month, ZERO)
        to_pay = due
        for lot in lots:
            if not to_pay:
                break
            used = min(lot[1], to_pay)
            lot[1] -= used
            to_pay -= used
        expired = ZERO
        for lot in lots:
            if lot[2] <= month and lot[1] > 0:
                expired += lot[1]
                lot[1] = ZERO
        lots = [lot for lot in lots if lot[1] > 0]
        positions.append(MonthPosition(
            month=month, funds_in=entered, due=due, spent=due - to_pay, co_investment=to_pay,
            expired=expired, balance=sum((lot[1] for lot in lots), ZERO),
        ))
        month = add_months(month, 1)
    return positions


def expiring_funds(credits, debits, *, expiry_months) -> dict[date, Decimal]:
    """For each month in which funds expire, the amount expiring (positive amounts only).

    `credits` and `debits` are iterables of (month, amount): month the first day of a month,
    amount a non-negative Decimal. Funds that entered in month M and are still unspent expire in
    month M + expiry_months; payments use the oldest funds first. Raises ValueError on a month
    that is not the first of a month, or an amount that is not a non-negative Decimal.
    """
    if isinstance(expiry_months, bool) or not isinstance(expiry_months, int) or expiry_months < 0:
        raise ValueError(f"expiry_months must be a whole number of months, not {expiry_months!r}")
    credit_pairs = _pairs(credits, "credit")
    debit_pairs = _pairs(debits, "debit")
    lots = [Credit(month, amount, add_months(month, expiry_months)) for month, amount in credit_pairs]
    return {
        position.month: position.expired
        for position in run_account(lots, debit_pairs)
        if position.expired > 0
    }


# Funds entering -------------------------------------------------------------------------------

def funds_entering(levy_declared: Decimal, *, english_percent: Decimal,
                   top_up_percent: Decimal) -> tuple[Decimal, Decimal]:
    """The funds a month's declaration puts in the account, and the government top-up on them."""
    funds = (levy_declared * english_percent / HUNDRED).quantize(PENNY, ROUND_HALF_UP)
    top_up = (funds * top_up_percent / HUNDRED).quantize(PENNY, ROUND_HALF_UP)
    return funds, top_up


def transfer_allowance(previous_year_funds: Decimal, cap_percent: Decimal) -> Decimal:
    """What may be transferred in a tax year: the cap's share of the previous tax year's funds
    (levy declared times the English percentage, plus top-up). It does not carry over."""
    return (previous_year_funds * cap_percent / HUNDRED).quantize(PENNY, ROUND_DOWN)


def employer_share(co_investment: Decimal, due_by_rate: dict[Decimal, Decimal]) -> Decimal:
    """The employer's part of a month's shortfall when the month's payments carry different
    co-investment rates (each apprenticeship keeps the rate of its start date): the shortfall
    falls on the payments in proportion to their amounts, each at its own rate."""
    due = sum(due_by_rate.values(), ZERO)
    if not co_investment or not due:
        return ZERO
    share = sum((co_investment * amount * rate / (due * HUNDRED)
                 for rate, amount in due_by_rate.items()), ZERO)
    return share.quantize(PENNY, ROUND_HALF_UP)


def balance_at(positions: Iterable[MonthPosition], month: date) -> Decimal:
    """The balance at the end of the month from an account's positions (zero before any)."""
    found = ZERO
    for position in positions:
        if position.month > month:
            break
        found = position.balance
    return found


def co_investment_split(amount: Decimal, employer_percent: Decimal) -> tuple[Decimal, Decimal]:
    """The employer's and the government's shares of a cost the levy does not cover."""
    employer = (amount * employer_percent / HUNDRED).quantize(PENNY, ROUND_HALF_UP)
    return employer, amount - employer


# Instalments ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Payment:
    month: date
    amount: Decimal
    kind: str  # instalment, balancing or completion


def census_months(start: date, planned_end: date) -> list[date]:
    """The months whose last day falls within the planned learning; at least the first month."""
    first, last = month_of(start), month_of(planned_end)
    if month_end(last) > planned_end:
        last = add_months(last, -1)
    # The first month's last day is never before the start, so every month between counts.
    return [add_months(first, n) for n in range(months_between(first, last) + 1)] or [first]


def split_price(price: Decimal, completion_percent: Decimal = Decimal(20)) -> tuple[Decimal, Decimal]:
    """The on-programme part (paid in instalments) and the completion payment of a price."""
    completion = (price * completion_percent / HUNDRED).quantize(PENNY, ROUND_HALF_UP)
    return price - completion, completion


def instalments(price: Decimal, start: date, planned_end: date, *,
                completion_percent: Decimal = Decimal(20)) -> list[Payment]:
    """The plan: 80% of the price in equal monthly instalments over the planned duration (pennies
    left over go in the last one), and 20% in the month of the planned end."""
    _check_amount(price)
    if planned_end < start:
        raise ValueError("the planned end must not be before the start")
    on_programme, completion = split_price(price, completion_percent)
    months = census_months(start, planned_end)
    each = (on_programme / len(months)).quantize(PENNY, ROUND_DOWN)
    plan = [Payment(month, each, INSTALMENT) for month in months[:-1]]
    plan.append(Payment(months[-1], on_programme - each * (len(months) - 1), INSTALMENT))
    plan.append(Payment(month_of(planned_end), completion, COMPLETION))
    return plan


def payment_schedule(
    price: Decimal, start: date, planned_end: date, *,
    breaks: Iterable[tuple[date, date | None]] = (),
    stopped_on: date | None = None,
    completed_on: date | None = None,
    completion_percent: Decimal = Decimal(20),
    qualifying_days: int | None = None,
) -> list[Payment]:
    """What is paid, month by month, once real life happens to the plan.

    An apprentice who is stopped before the qualifying period (`qualifying_days` in learning,
    the start day being day 1) brings no payment at all.

    An instalment is paid for each month the apprentice is in learning on its last day. A break
    in learning (start, return day or None while it lasts) pays nothing and moves the rest of the
    plan on by the months missed; an open break stops payments. A stop ends them with no
    completion payment. On completion, instalments not yet paid are paid with the completion
    payment in the month of completion. Without a completion the completion payment is projected
    for the planned end, moved on by the months of break.
    """
    if (stopped_on is not None and qualifying_days is not None
            and (stopped_on - start).days + 1 < qualifying_days
            and (completed_on is None or stopped_on <= completed_on)):
        return []
    plan = instalments(price, start, planned_end, completion_percent=completion_percent)
    amounts = [p.amount for p in plan if p.kind == INSTALMENT]
    completion = plan[-1].amount
    breaks = sorted(breaks, key=lambda b: b[0])
    ended = min((d for d in (stopped_on, completed_on) if d is not None), default=None)

    def on_break(day: date) -> tuple[bool, bool]:
        for begun, returned in breaks:
            if begun <= day and (returned is None or day < returned):
                return True, returned is None
        return False, False

    schedule: list[Payment] = []
    paid = 0
    skipped = 0
    open_break = False
    month = month_of(start)
    while paid < len(amounts):
        census = month_end(month)
        if ended is not None and census >= ended:
            break
        if census >= start:
            paused, open_break = on_break(census)
            if open_break:
                break
            if paused:
                skipped += 1
            else:
                schedule.append(Payment(month, amounts[paid], INSTALMENT))
                paid += 1
        month = add_months(month, 1)

    if stopped_on is not None and (completed_on is None or stopped_on <= completed_on):
        return schedule
    if completed_on is not None:
        remaining = sum(amounts[paid:], ZERO)
        if remaining:
            schedule.append(Payment(month_of(completed_on), remaining, BALANCING))
        schedule.append(Payment(month_of(completed_on), completion, COMPLETION))
        return schedule
    if open_break:
        return schedule
    schedule.append(Payment(add_months(month_of(planned_end), skipped), completion, COMPLETION))
    return schedule


# Pledges -------------------------------------------------------------------------------------

def pledge_problems(*, recipient_id: int | None, organisation_types: Sequence[str],
                    levels: Sequence[int], organisation_id: int, organisation_type: str,
                    level: int) -> list[str]:
    """Which of a pledge's criteria an applicant does not meet."""
    problems = []
    if recipient_id is not None and recipient_id != organisation_id:
        problems.append("This pledge is for another partner")
    if organisation_types and organisation_type not in organisation_types:
        problems.append("This pledge is not open to this kind of organisation")
    if levels and level not in levels:
        problems.append(f"This pledge does not fund level {level} apprenticeships")
    return problems
