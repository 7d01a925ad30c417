"""Scheduled jobs of apprenticeships and the levy."""

from __future__ import annotations

from datetime import datetime

from academy.jobs import Job
from academy.notifications.services import notify
from academy.talent.apprenticeships import accounts, ledger, queries, services


def daily_progress(now: datetime) -> dict:
    """Start what is due to start, bring red-amber-green up to date, remind reviews due."""
    today = now.date()
    return {
        "started": services.start_due(today),
        "refreshed": services.refresh_all(today),
        "reminded": services.send_review_reminders(today),
    }


def post_levy_payments(now: datetime) -> dict:
    return {"posted": accounts.post_payments(now.date())}


def expiry_warnings(now: datetime) -> dict:
    """Once a month: tell each levy payer's coordinators, and the pool lead, what expires soon."""
    today = now.date()
    found = ledger.pool(today)
    leads = queries.pool_leads()
    warned = 0
    for row in found.rows:
        amount = row.forecast.expiring_within(3)
        if amount <= 0:
            continue
        account = row.forecast.account
        text = (f"£{amount:,.0f} of {account.organisation.name}'s levy funds expires in the next "
                f"3 months, first in {row.forecast.first_expiry.month:%B %Y}")
        for person in {p.id: p for p in [*queries.coordinators_of(account.organisation_id),
                                         *leads]}.values():
            notify(person, text, link=f"/levy/accounts/{account.id}/forecast",
                   subject="Levy funds about to expire",
                   body=f"{text}.\n\nPledge them to a partner before they are lost: the "
                        f"transfer allowance left this tax year is £{row.allowance.remaining:,.0f}.\n")
        warned += 1
    return {"accounts_warned": warned}


def monthly(now: datetime) -> str:
    return now.strftime("%Y-%m")


JOBS = [
    Job(
        name="apprenticeships.daily_progress",
        func=daily_progress,
        trigger={"trigger": "cron", "hour": 5, "minute": 10},
        description="Start apprenticeships on their start date, update red-amber-green, "
                    "remind progress reviews due or overdue",
    ),
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
