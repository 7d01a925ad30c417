"""The levy ledger and forecast for a large partner: five years of history, 1,000 apprentices.

Builds the people demo (enough staff for one trust to have 1,000 apprentices), one levy account
with 60 months of declarations, 1,000 apprentices started across those five years in every
status, and their payments posted by the same service the daily job runs; into a fresh SQLite
file, or into PostgreSQL when ACADEMY_BENCH_POSTGRES_URL is set (that database is EMPTIED first).
Then it requests the ledger, the forecast, the exports and the pool through the app, signed in as
the trust's coordinator or the pool lead, and reports the median and 95th-percentile time and the
queries per page. Prints readable lines, then one JSON object as the last line. It measures; it
never asserts on time.

    .venv/bin/python benchmarks/levy.py [--apprentices 1000] [--months 60] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import event, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support import empty_schema, make_app

from academy.extensions import db  # noqa: E402
from academy.people import demo as people_demo  # noqa: E402
from academy.people.models import Organisation, RoleAssignment, User  # noqa: E402
from academy.people.roles import Role  # noqa: E402
from academy.talent.apprenticeships import queries, reference, rules  # noqa: E402
from academy.talent.apprenticeships.models import (  # noqa: E402
    Apprentice,
    ApprenticeshipStandard,
    ApprenticeStatus,
    ApprenticeStatusChange,
    FundingSource,
)
from academy.talent.levy import ledger  # noqa: E402
from academy.talent.levy import rules as levy  # noqa: E402
from academy.talent.levy import services as accounts  # noqa: E402
from academy.talent.levy.models import LevyAccount, LevyDeclaration, LevyTransaction  # noqa: E402
from academy.timekeeping import today  # noqa: E402

PASSWORD = people_demo.DEMO_PASSWORD
REFERENCES = ["ST0216", "ST0217", "ST0827", "ST0781", "ST0564", "ST0070", "ST0519", "ST0517"]


def build(apprentice_count: int, months: int, seed: int) -> dict:
    rng = random.Random(seed)
    now = today()
    staff = max(3000, int(apprentice_count / 0.33))
    people = people_demo.build(staff, rng, now)
    reference.seed_reference_data()
    table = queries.funding_rules()
    trust = db.session.scalar(select(Organisation).where(Organisation.short_name == "MYTT"))
    this_month = levy.month_of(now)
    opened = levy.add_months(this_month, -months)
    account_id = db.session.scalars(insert(LevyAccount).returning(LevyAccount.id), [
        {"organisation_id": trust.id, "english_percent": Decimal(100), "opened_on": opened}]).one()

    declarations = [{"account_id": account_id, "payroll_month": levy.add_months(opened, n),
                     "levy_declared": Decimal(rng.randint(380_000, 420_000))} for n in range(months)]
    ids = db.session.scalars(insert(LevyDeclaration).returning(
        LevyDeclaration.id, sort_by_parameter_order=True), declarations).all()
    credits = []
    for declaration_id, row in zip(ids, declarations, strict=True):
        for kind, month, amount, expires in accounts.declaration_credits(
                row["payroll_month"], row["levy_declared"], Decimal(100), table):
            credits.append({"account_id": account_id, "month": month, "kind": kind,
                            "amount": amount, "expires_month": expires,
                            "declaration_id": declaration_id})
    db.session.execute(insert(LevyTransaction), credits)

    standards = [s for s in db.session.scalars(select(ApprenticeshipStandard).where(
        ApprenticeshipStandard.reference.in_(REFERENCES)))]
    people_at_trust = db.session.scalars(select(User.id).where(
        User.employer_id == trust.id, User.id.in_(people.staff_ids))).all()
    chosen = rng.sample(people_at_trust, min(apprentice_count, len(people_at_trust)))
    rows, statuses = [], []
    for person_id in chosen:
        standard = rng.choice(standards)
        duration = standard.typical_duration_months or 18
        start = now - timedelta(days=rng.randint(-60, 30 * months - 20))
        planned_end = rules.shift_months(start, max(duration, 12)) - timedelta(days=1)
        if start > now:
            status = ApprenticeStatus.WAITING_TO_START
        elif planned_end < now - timedelta(days=60):
            status = rng.choice([ApprenticeStatus.COMPLETED] * 4 + [ApprenticeStatus.STOPPED])
        else:
            status = rng.choice([ApprenticeStatus.LIVE] * 9 + [ApprenticeStatus.PAUSED])
        band = standard.max_funding_band or Decimal(6000)
        rows.append({
            "user_id": person_id, "employer_id": trust.id, "standard_id": standard.id,
            "standard_version": "1.0", "provider_name": "Wakefield College",
            "provider_ukprn": "10007299", "start_on": start, "planned_end_on": planned_end,
            "ended_on": (planned_end + timedelta(days=20) if status is ApprenticeStatus.COMPLETED
                         else start + timedelta(days=120) if status is ApprenticeStatus.STOPPED
                         else None),
            "training_price": band * Decimal("0.85"), "assessment_price": band * Decimal("0.15"),
            "funded_price": band, "funding_source": FundingSource.OWN_LEVY,
            "levy_account_id": account_id, "planned_otj_hours": 300, "status": status,
        })
        statuses.append(status)
    apprentice_ids = db.session.scalars(insert(Apprentice).returning(
        Apprentice.id, sort_by_parameter_order=True), rows).all()
    history = []
    for apprentice_id, row, status in zip(apprentice_ids, rows, statuses, strict=True):
        if status is ApprenticeStatus.WAITING_TO_START:
            history.append({"apprentice_id": apprentice_id, "status": status, "effective_on": now})
            continue
        history.append({"apprentice_id": apprentice_id, "status": ApprenticeStatus.LIVE,
                        "effective_on": row["start_on"]})
        if status is ApprenticeStatus.PAUSED:
            history.append({"apprentice_id": apprentice_id, "status": status,
                            "effective_on": max(row["start_on"], now - timedelta(days=40))})
        elif status in (ApprenticeStatus.COMPLETED, ApprenticeStatus.STOPPED):
            history.append({"apprentice_id": apprentice_id, "status": status,
                            "effective_on": row["ended_on"]})
    db.session.execute(insert(ApprenticeStatusChange), history)
    started = time.perf_counter()
    posted = accounts.post_payments(now)
    posting = time.perf_counter() - started
    coordinator = db.session.scalar(select(User).where(User.email == "apprenticeships@demo.academy"))
    pool_lead = db.session.scalar(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.APPRENTICESHIP_COORDINATOR,
               RoleAssignment.organisation_id.is_(None)))
    return {"account_id": account_id, "apprentices": len(apprentice_ids),
            "transactions": len(credits) + posted, "payments_posted": posted,
            "posting_seconds": round(posting, 2), "coordinator": coordinator.email,
            "pool_lead": pool_lead.email}


def measure(client, engine, url: str, repeat: int) -> dict:
    counts: list[int] = []
    counter = {"n": 0}

    def count(*args, **kwargs):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    times = []
    try:
        client.get(url)  # templates compiled, caches warm
        for _ in range(repeat):
            counter["n"] = 0
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            counts.append(counter["n"])
            assert response.status_code == 200, (url, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    times.sort()
    return {"median_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)] * 1000, 1),
            "queries": max(counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apprentices", type=int, default=1000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    postgres = os.environ.get("ACADEMY_BENCH_POSTGRES_URL")
    workdir = tempfile.mkdtemp(prefix="academy-levy-bench-")
    url = postgres or f"sqlite:///{Path(workdir) / 'bench.db'}"
    app = make_app(url, UPLOAD_FOLDER=workdir)
    with app.app_context():
        empty_schema()
        started = time.perf_counter()
        built = build(args.apprentices, args.months, args.seed)
        db.session.commit()
        build_seconds = time.perf_counter() - started
        engine = db.engine

        account = db.session.get(LevyAccount, built["account_id"])
        started = time.perf_counter()
        found = ledger.forecast(account, today())
        forecast_seconds = time.perf_counter() - started
        found_ledger = ledger.ledger(account, today())
        credits = [(c.month, c.amount) for c in ledger.activity([account.id])[account.id].credits]
        debits = ledger.activity([account.id])[account.id].debits()
        started = time.perf_counter()
        for _ in range(100):
            levy.expiring_funds(credits, debits, expiry_months=24)
        pure_ms = (time.perf_counter() - started) * 10
        db.session.remove()

    print(f"Built in {build_seconds:.1f}s on {'PostgreSQL' if postgres else 'SQLite'}: "
          f"{built['apprentices']} apprentices, {args.months} months, "
          f"{built['transactions']:,} transactions ({built['payments_posted']:,} payments posted "
          f"in {built['posting_seconds']}s)")
    print(f"Ledger: {len(found_ledger.rows)} months, £{found_ledger.totals['expired']:,.0f} expired "
          f"so far; forecast: £{found.expiring_total:,.0f} expiring in 24 months "
          f"({len(found.months_at_risk)} months at risk), computed in {forecast_seconds * 1000:.0f}ms")
    print(f"expiring_funds over {len(credits)} credits and {len(debits)} debit months: "
          f"{pure_ms:.2f}ms a call")

    pages = {
        "ledger": f"/levy/accounts/{built['account_id']}",
        "ledger_previous_year": f"/levy/accounts/{built['account_id']}?tax_year="
                                f"{levy.tax_year_of(levy.month_of(today())) - 1}",
        "forecast": f"/levy/accounts/{built['account_id']}/forecast",
        "ledger_csv": f"/levy/accounts/{built['account_id']}/ledger.csv",
        "forecast_xlsx": f"/levy/accounts/{built['account_id']}/forecast.xlsx",
        "accounts": "/levy/",
        "apprentices": "/apprenticeships/apprentices",
        "dashboard": "/apprenticeships/",
    }
    results = {}
    client = app.test_client()
    with app.app_context():
        client.post("/login", data={"email": built["coordinator"], "password": PASSWORD})
        for name, path in pages.items():
            results[name] = measure(client, engine, path, args.repeat)
        client.post("/logout")
        client.post("/login", data={"email": built["pool_lead"], "password": PASSWORD})
        results["pool"] = measure(client, engine, "/levy/pool", args.repeat)
        results["trivial_page"] = measure(client, engine, "/accessibility", args.repeat)
    for name, figures in results.items():
        print(f"{name:22} median {figures['median_ms']:7.1f}ms  p95 {figures['p95_ms']:7.1f}ms  "
              f"{figures['queries']:3d} queries")
    print(json.dumps({
        "benchmark": "levy", "database": "postgresql" if postgres else "sqlite",
        "apprentices": built["apprentices"], "months": args.months,
        "transactions": built["transactions"], "build_seconds": round(build_seconds, 1),
        "forecast_compute_ms": round(forecast_seconds * 1000, 1),
        "expiring_funds_ms": round(pure_ms, 3), "pages": results,
    }))


if __name__ == "__main__":
    main()
