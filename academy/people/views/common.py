"""What the people pages share: starting and reading a signed-in session, and a person's page,
with the administrator's forms when allowed."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, g, render_template, session
from flask_login import current_user, login_user

from academy.audit import queries as audit_queries
from academy.people import queries, sessions, transfers
from academy.people.forms import ChangeJobForm, GrantRoleForm
from academy.people.models import User
from academy.templating import format_date
from academy.timekeeping import utcnow

# The session cookie's key for the token of the session kept on the server.
SESSION_TOKEN = "academy_session"


def begin_session(person: User) -> None:
    """Sign the person in with a new session: nothing of the anonymous one is kept (a new
    cookie, a new server-side session), so a session fixed in advance is worth nothing."""
    _forget_session()
    session[SESSION_TOKEN] = sessions.start(person, now=utcnow())
    session.permanent = True  # the cookie expires with the session's lifetime
    login_user(person)


def session_person(session_id: str) -> User | None:
    """The person the session cookie names, while their session on the server lasts."""
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    config = current_app.config
    person, changed = sessions.person_of(
        session.get(SESSION_TOKEN), user_id=int(user_id), version=int(version), now=utcnow(),
        idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        lifetime=timedelta(hours=config["SESSION_LIFETIME_HOURS"]),
    )
    g.session_changed = changed
    return person


def end_session() -> None:
    """End this browser's session on the server and forget everything of it."""
    sessions.end(session.get(SESSION_TOKEN), now=utcnow())
    _forget_session()


def _forget_session() -> None:
    session.clear()
    # Flask-WTF keeps the request's CSRF token beside the session: a form shown after this
    # gets a new one, kept in the new session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


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
