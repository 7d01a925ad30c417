"""The catalogue's lines on the home page: what staff, managers, trainers and leads must do now."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from academy.courses import compliance as compliance_queries
from academy.courses import permissions, queries
from academy.courses.models import CourseSession, Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.people.models import User
from academy.people.queries import managed_by
from academy.timekeeping import utcnow

Item = tuple[str, str | None]
S = EnrolmentStatus


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def staff_items(user: User) -> list[Item]:
    now = utcnow()
    items: list[Item] = []
    states = [state for _, state in compliance_queries.person_compliance(user.id, now.date())]
    overdue = sum(1 for s in states if not s.status.counts_as_compliant)
    due = sum(1 for s in states if s.status.value == "due")
    if overdue or due:
        parts = []
        if overdue:
            parts.append(f"{_plural(overdue, 'mandatory subject')} expired or not done")
        if due:
            parts.append(f"{due} due for renewal")
        items.append(("; ".join(parts), url_for("courses.my_learning") + "#compliance"))
    elif states:
        items.append(("Your mandatory training is up to date", url_for("courses.my_learning")))
    counts = dict(db.session.execute(
        select(Enrolment.status, func.count()).join(Enrolment.session)
        .where(Enrolment.user_id == user.id, CourseSession.starts_at > now,
               Enrolment.status.in_([S.BOOKED, S.WAITLISTED, S.AWAITING_APPROVAL]))
        .group_by(Enrolment.status)
    ).all())
    if counts.get(S.BOOKED):
        items.append((f"{_plural(counts[S.BOOKED], 'session')} booked", url_for("courses.my_learning")))
    if counts.get(S.WAITLISTED):
        items.append((f"On the waiting list for {_plural(counts[S.WAITLISTED], 'session')}",
                      url_for("courses.my_learning")))
    if counts.get(S.AWAITING_APPROVAL):
        items.append((f"{_plural(counts[S.AWAITING_APPROVAL], 'request')} waiting for your "
                      "manager's approval", url_for("courses.my_learning")))
    items.append(("Find a course", url_for("courses.catalogue")))
    return items


def manager_items(user: User) -> list[Item]:
    items: list[Item] = []
    waiting = queries.approval_count(user)
    if waiting:
        items.append((f"{_plural(waiting, 'training request')} to approve", url_for("courses.approvals")))
    required, overdue = compliance_queries.overdue_among(managed_by(user), utcnow().date())
    if required:
        text = (f"{_plural(overdue, 'mandatory subject')} expired or not done in your team"
                if overdue else "Your team's mandatory training is up to date")
        items.append((text, url_for("courses.team_compliance")))
    return items


def trainer_items(user: User) -> list[Item]:
    now = utcnow()
    items: list[Item] = []
    to_mark = queries.registers_to_mark(user.id, now)
    if to_mark:
        items.append((f"{_plural(to_mark, 'register')} to mark", url_for("courses.trainer_sessions")))
    upcoming, _ = queries.trainer_sessions(user.id, now)
    items.append((f"{_plural(len(upcoming), 'session')} coming up" if upcoming
                  else "No sessions coming up", url_for("courses.trainer_sessions")))
    return items


def lead_items(user: User) -> list[Item]:
    items: list[Item] = [
        ("Mandatory training compliance by organisation", url_for("courses_admin.compliance")),
        ("Manage the catalogue and schedule sessions", url_for("courses_admin.courses")),
        ("Import training records", url_for("courses_admin.import_records")),
    ]
    if permissions.can_manage_frameworks(user):
        items.append(("Mandatory subjects and requirements", url_for("courses_admin.subjects")))
    return items
