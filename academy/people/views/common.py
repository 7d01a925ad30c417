"""What the people pages share: a person's page, with the administrator's forms when allowed."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from academy.audit import queries as audit_queries
from academy.people import queries, transfers
from academy.people.forms import ChangeJobForm, GrantRoleForm
from academy.people.models import User
from academy.templating import format_date
from academy.timekeeping import utcnow


def account_status(person: User) -> str:
    """Open, closed (since when) or locked (until when), as the person page shows it."""
    if not person.is_active_account:
        return f"Closed on {format_date(person.closed_at)}" if person.closed_at else "Closed"
    if person.locked_until and person.locked_until > utcnow():
        return f"Locked after failed sign-ins until {format_date(person.locked_until, True)}"
    if person.failed_sign_ins:
        return f"Open ({person.failed_sign_ins} failed sign-in{'s' if person.failed_sign_ins != 1 else ''})"
    return "Open"


def person_page(person: User, *, grant_form: GrantRoleForm | None = None,
                change_form: ChangeJobForm | None = None, title: str | None = None) -> str:
    """A person's details, job history, roles and the corrections made to their records;
    `title` defaults to their name."""
    return render_template(
        "people/person.html", person=person, history=queries.job_history(person.id),
        grant_form=grant_form, change_form=change_form, title=title or person.name,
        is_self=person.id == current_user.id, account_status=account_status(person),
        pending_move=transfers.pending_for_person(person.id),
        corrections=audit_queries.corrections_about(person.id),
    )
