"""Scheduled jobs of the levy: paying the instalment schedules, warning of funds about to expire."""

from __future__ import annotations

from datetime import datetime

from academy.jobs import Job
from academy.notifications.email import external_url, notify_by_email
from academy.talent.apprenticeships import queries as apprenticeship_queries
from academy.talent.levy import ledger, services


def post_levy_payments(now: datetime) -> dict:
    return {"posted": services.post_payments(now.date())}


def expiry_warnings(now: datetime) -> dict:
    """Once a month: tell each levy payer's coordinators, and the pool lead, what expires soon."""
    today = now.date()
    found = ledger.pool(today)
    leads = apprenticeship_queries.pool_leads()
    warned = 0
    for row in found.rows:
        amount = row.forecast.expiring_within(3)
        if amount <= 0:
            continue
        account = row.forecast.account
        text = (f"£{amount:,.0f} of {account.organisation.name}'s levy funds expires in the next "
                f"3 months, first in {row.forecast.first_expiry.month:%B %Y}")
        coordinators = apprenticeship_queries.coordinators_of(account.organisation_id)
        for person in {p.id: p for p in [*coordinators, *leads]}.values():
            notify_by_email(person, text, "levy/expiry_warning",
                            link=external_url("levy.forecast", account_id=account.id),
                            summary=text, account=account, allowance=row.allowance)
        warned += 1
    return {"accounts_warned": warned}


def monthly(now: datetime) -> str:
    return now.strftime("%Y-%m")


JOBS = [
    Job(
        name="levy.post_payments",
        func=post_levy_payments,
        trigger={"trigger": "cron", "hour": 5, "minute": 30},
        description="Pay this month's instalments and completion payments from levy accounts",
    ),
    Job(
        name="levy.expiry_warnings",
        func=expiry_warnings,
        trigger={"trigger": "cron", "day": 1, "hour": 7},
        period=monthly,
        description="Tell coordinators and the pool lead of levy funds expiring in 3 months",
    ),
]
