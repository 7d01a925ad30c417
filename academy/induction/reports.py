"""Induction reports, aggregated in SQL: new starters by partner and status, time to complete,
overdue items. Each returns a header and rows, for the page and for CSV/XLSX alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, case, cast, func, select, true

from academy.extensions import db
from academy.induction.models import (
    CARE_CERTIFICATE_DUE_DAYS,
    DONE_STATUSES,
    Induction,
    InductionItem,
    InductionStatus,
)
from academy.people.models import Organisation, User
from academy.people.roles import Role


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[tuple]


REPORTS = {
    "starters": "New starters by partner and status",
    "time-to-complete": "Time to complete",
    "overdue": "Overdue items",
}


def _scope(viewer: User):
    scopes = viewer.role_scopes(Role.LEARNING_LEAD) | viewer.role_scopes(Role.ADMIN)
    if None in scopes:
        return true()
    return Induction.organisation_id.in_(scopes or {-1})


def _days(start, end):
    """Whole days from start to end, in the database's own date arithmetic."""
    if db.engine.dialect.name == "postgresql":
        return end - start
    return cast(func.julianday(end) - func.julianday(start), Integer)


def starters_by_partner(viewer: User) -> Table:
    def count(status):
        return func.sum(case((Induction.status == status, 1), else_=0))

    rows = db.session.execute(
        select(Organisation.name, count(InductionStatus.IN_PROGRESS), count(InductionStatus.COMPLETED),
               count(InductionStatus.CLOSED), func.count())
        .join(Organisation, Organisation.id == Induction.organisation_id)
        .where(_scope(viewer))
        .group_by(Organisation.name).order_by(Organisation.name)
    ).all()
    return Table(REPORTS["starters"],
                 ["Partner", "In progress", "Completed", "Closed unfinished", "All new starters"],
                 [tuple(r) for r in rows])


def time_to_complete(viewer: User) -> Table:
    days = _days(Induction.started_on, Induction.completed_on)
    rows = db.session.execute(
        select(Organisation.name, func.count(), func.avg(days), func.min(days), func.max(days),
               func.sum(case((days <= CARE_CERTIFICATE_DUE_DAYS, 1), else_=0)))
        .join(Organisation, Organisation.id == Induction.organisation_id)
        .where(_scope(viewer), Induction.status == InductionStatus.COMPLETED)
        .group_by(Organisation.name).order_by(Organisation.name)
    ).all()
    return Table(
        REPORTS["time-to-complete"],
        ["Partner", "Completed", "Average days", "Fastest (days)", "Slowest (days)",
         "Within 12 weeks"],
        [(name, n, round(float(avg), 1) if avg is not None else None, low, high, within)
         for name, n, avg, low, high, within in rows],
    )


def overdue_items(viewer: User, today: date) -> Table:
    rows = db.session.execute(
        select(Organisation.name, InductionItem.title, func.count(), func.min(InductionItem.due_on))
        .join(Induction, Induction.id == InductionItem.induction_id)
        .join(Organisation, Organisation.id == Induction.organisation_id)
        .where(_scope(viewer), Induction.status == InductionStatus.IN_PROGRESS,
               InductionItem.status.not_in(DONE_STATUSES), InductionItem.due_on < today)
        .group_by(Organisation.name, InductionItem.title)
        .order_by(Organisation.name, func.count().desc(), InductionItem.title)
    ).all()
    return Table(REPORTS["overdue"], ["Partner", "Item", "New starters overdue", "Due since"],
                 [tuple(r) for r in rows])


def build(name: str, viewer: User, today: date) -> Table:
    if name == "starters":
        return starters_by_partner(viewer)
    if name == "time-to-complete":
        return time_to_complete(viewer)
    return overdue_items(viewer, today)
