"""Apprenticeships' lines on the home page: what an apprentice, a manager and a coordinator
must do now."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from sqlalchemy import case, func, or_, select

from academy.extensions import db
from academy.people.models import User
from academy.people.queries import managed_team_ids
from academy.talent.apprenticeships import permissions, queries, rules
from academy.talent.apprenticeships.models import Apprentice, ApprenticeStatus
from academy.talent.levy import ledger
from academy.talent.levy import queries as levy_queries
from academy.talent.levy.models import ApplicationStatus, LevyAccount, Pledge, TransferApplication
from academy.timekeeping import today

Item = tuple[str, str | None]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def staff_items(user: User) -> list[Item]:
    """An apprentice's off-the-job hours and next review; for others, the next step."""
    items: list[Item] = []
    now = today()
    mine = db.session.scalars(select(Apprentice).where(
        Apprentice.user_id == user.id,
        Apprentice.status.in_([ApprenticeStatus.LIVE, ApprenticeStatus.PAUSED,
                               ApprenticeStatus.WAITING_TO_START]))).all()
    for apprentice in mine:
        link = url_for("apprenticeships.off_the_job", apprentice_id=apprentice.id)
        if apprentice.status is ApprenticeStatus.WAITING_TO_START:
            items.append((f"Your apprenticeship starts on {apprentice.start_on:%-d %B %Y}",
                          url_for("apprenticeships.apprentice", apprentice_id=apprentice.id)))
            continue
        planned = (f"{apprentice.planned_otj_hours} hours" if apprentice.planned_otj_hours
                   is not None else "a minimum to confirm")
        items.append((f"Log your off-the-job training: {apprentice.otj_hours_logged:g} hours of "
                      f"{planned} so far", link))
        due = apprentice.next_review_due_on
        if due and due <= now + rules.REVIEW_DUE_SOON:
            items.append((f"Your progress review {'was' if due < now else 'is'} due by "
                          f"{due:%-d %B %Y}",
                          url_for("apprenticeships.apprentice", apprentice_id=apprentice.id)))
    if not mine and user.job_role and rules.NEXT_STEPS.get(user.job_role.name):
        standards = queries.standards_by_reference(rules.NEXT_STEPS[user.job_role.name][:1])
        if standards:
            items.append((f"Your next step could be an apprenticeship: {standards[0].title}",
                          url_for("apprenticeships.mine")))
    return items


def manager_items(user: User) -> list[Item]:
    team = Apprentice.user_id.in_(select(User.id).where(or_(
        User.line_manager_id == user.id, User.team_id.in_(managed_team_ids(user)))))
    live, at_risk = db.session.execute(select(
        func.count(), func.coalesce(func.sum(case((Apprentice.rag.in_(["red", "amber"]), 1),
                                                  else_=0)), 0))
        .where(team, Apprentice.status == ApprenticeStatus.LIVE)).one()
    if not live:
        return []
    text = f"{_plural(live, 'apprentice')} in your team"
    if at_risk:
        text += f", {at_risk} at risk"
    return [(text, url_for("apprenticeships.apprentices"))]


def coordinator_items(user: User) -> list[Item]:
    items: list[Item] = []
    now = today()
    headline = queries.headline(user, now)
    if headline.red or headline.amber:
        items.append((f"{_plural(headline.red + headline.amber, 'apprentice')} at risk "
                      f"({headline.red} red)", url_for("apprenticeships.apprentices", rag="at_risk")))
    if headline.reviews_overdue:
        items.append((f"{_plural(headline.reviews_overdue, 'progress review')} overdue",
                      url_for("apprenticeships.apprentices", rag="at_risk")))
    accounts = levy_queries.accounts_for(user)
    if accounts:
        expiring = sum(f.expiring_within(6) for f in ledger.forecasts(accounts, now).values())
        if expiring:
            items.append((f"£{expiring:,.0f} of levy funds expires in the next 6 months",
                          url_for("levy.pool") if permissions.is_levy_pool_lead(user)
                          else url_for("levy.accounts_list")))
    if permissions.is_levy_pool_lead(user):
        needs = db.session.scalar(select(func.count()).select_from(TransferApplication).where(
            TransferApplication.status == ApplicationStatus.SUBMITTED,
            TransferApplication.pledge_id.is_(None)))
        if needs:
            items.append((f"{_plural(needs, 'partner need')} waiting for funds",
                          url_for("levy.pool")))
    to_decide = db.session.scalar(
        select(func.count()).select_from(TransferApplication)
        .join(Pledge, Pledge.id == TransferApplication.pledge_id)
        .join(LevyAccount, LevyAccount.id == Pledge.account_id)
        .where(TransferApplication.status == ApplicationStatus.SUBMITTED,
               queries.scope_clause(user, LevyAccount.organisation_id)))
    if to_decide:
        items.append((f"{_plural(to_decide, 'transfer request')} to decide",
                      url_for("levy.pledges")))
    starting = db.session.scalar(select(func.count()).select_from(Apprentice).where(
        queries.apprentice_visibility(user), Apprentice.status == ApprenticeStatus.WAITING_TO_START,
        Apprentice.start_on <= now + timedelta(days=30)))
    if starting:
        items.append((f"{_plural(starting, 'apprentice')} starting in the next 30 days",
                      url_for("apprenticeships.apprentices", status="waiting_to_start")))
    items.append(("Apprenticeships overview", url_for("apprenticeships.index")))
    return items
