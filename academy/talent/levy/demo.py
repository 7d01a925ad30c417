"""Demo levy accounts: three levy payers with two years of declarations and the funds they
brought in, each in proportion to what its apprentices spend. The trust's pay bill was larger
until its community services moved to another provider 21 months ago, so the funds of those
months (the first swollen by a pay award's arrears) expire over the next three months unless
they are pledged; later months are at risk where the apprenticeships planned so far finish and
nothing new is planned or pledged."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import insert

from academy.extensions import db
from academy.talent.levy import rules, services
from academy.talent.levy.models import LevyAccount, LevyDeclaration, LevyTransaction

D = Decimal
# Levy payers: short name, monthly levy declared (0.5% of the pay bill, less the allowance) in
# proportion to the demo's apprentices, and the larger levy of the months before a service
# moved out (how many of the oldest months, and how much a month).
LEVY_PAYERS = [("MYTT", 15_000), ("SWYPFT", 6_500), ("WMDC ASC", 5_000)]
BEFORE_THE_MOVE = {"MYTT": (3, 112_000)}
ARREARS_MONTH_FACTOR = 4


def build(rng: random.Random, organisations: dict, table, this_month: date,
          opened_on: date) -> dict[str, int]:
    """Open the levy payers' accounts and record their declarations; the accounts' ids by the
    partner's short name."""
    account_ids: dict[str, int] = {}
    for short, _ in LEVY_PAYERS:
        if short in organisations:
            account_ids[short] = db.session.scalar(
                insert(LevyAccount).returning(LevyAccount.id),
                {"organisation_id": organisations[short].id, "english_percent": D(100),
                 "opened_on": opened_on})
    _declarations(rng, account_ids, table, this_month)
    return account_ids


def _declarations(rng, account_ids, table, this_month) -> None:
    declarations, credits = [], []
    for short, monthly in LEVY_PAYERS:
        account_id = account_ids.get(short)
        if account_id is None:
            continue
        moved_months, before_move = BEFORE_THE_MOVE.get(short, (0, monthly))
        for back in range(24, 0, -1):
            payroll = rules.add_months(this_month, -back)
            level = before_move if back > 24 - moved_months else monthly
            # Pay bills grow a little each year and move a little each month; the first month
            # carried a pay award's arrears, so its funds are the first to expire, next month.
            amount = D(level * (1 + rng.uniform(-0.03, 0.03)) * (1 - 0.002 * back)
                       * (ARREARS_MONTH_FACTOR if back == 24 else 1)).quantize(D("0.01"))
            declarations.append({"account_id": account_id, "payroll_month": payroll,
                                 "levy_declared": amount})
    declaration_ids = list(db.session.scalars(
        insert(LevyDeclaration).returning(LevyDeclaration.id, sort_by_parameter_order=True),
        declarations))
    for declaration_id, row in zip(declaration_ids, declarations, strict=True):
        for kind, month, amount, expires in services.declaration_credits(
                row["payroll_month"], row["levy_declared"], D(100), table):
            credits.append({"account_id": row["account_id"], "month": month, "kind": kind,
                            "amount": amount, "expires_month": expires,
                            "declaration_id": declaration_id})
    db.session.execute(insert(LevyTransaction), credits)
