"""Operations on people: signing in, password resets, roles, job changes, equality answers.

Services flush and never commit; the request, job or command that calls them commits once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.email import send_email
from academy.people import permissions, queries, sessions
from academy.people.equality import QUESTIONS
from academy.people.models import (
    EmploymentType,
    EqualityProfile,
    JobHistory,
    JobRole,
    Organisation,
    PasswordResetToken,
    RoleAssignment,
    Team,
    User,
)
from academy.people.roles import Role
from academy.timekeeping import utcnow

MIN_PASSWORD_LENGTH = 12
# One answer for an unknown e-mail, a wrong password and a locked account, so that nobody
# learns from it which addresses have accounts or which are locked.
REFUSED_MESSAGE = (
    "Enter a correct e-mail address and password. After several failed attempts an account "
    "is locked for a while: reset your password if you have forgotten it."
)
PASSWORD_OFF_MESSAGE = (
    "{organisation} signs its staff in with their own work account, not a password here. "
    "Choose \"Sign in with your organisation's account\" below."
)
# A password hash to compare against when the e-mail is unknown, so both paths take as long.
_DUMMY_HASH = generate_password_hash("not-a-real-password-for-timing")


class SignInRefused(DomainError):
    """Wrong e-mail or password, or the account is locked or closed."""


class InvalidResetToken(DomainError):
    """The reset link is unknown, already used, or expired."""


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def check_password_rules(password: str, email: str = "") -> None:
    """Raises DomainError when the password is too weak to accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"Enter a password of at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if email and email.split("@")[0].lower() in password.lower():
        raise DomainError("Your password must not contain your e-mail address", field="password")


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(
    email: str, password: str, *, max_failures: int, lockout_minutes: int,
    now: datetime | None = None,
) -> User:
    """Check an e-mail and password; count failures and lock the account after too many.

    Raises SignInRefused with the same message for an unknown e-mail, a wrong password and a
    locked account, after the same password-hash work in each case, so that neither the answer
    nor its timing says whether the e-mail has an account.
    """
    now = now or utcnow()
    user = find_by_email(email)
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        raise SignInRefused(REFUSED_MESSAGE)
    matches = check_password_hash(user.password_hash, password)
    if user.locked_until and user.locked_until > now:
        # Even the right password waits for the lock to pass.
        record(None, "sign_in.refused_locked", user, subject=user)
        db.session.flush()
        raise SignInRefused(REFUSED_MESSAGE)
    if not matches:
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= max_failures:
            user.locked_until = now + timedelta(minutes=lockout_minutes)
            user.failed_sign_ins = 0
            record(None, "sign_in.locked", user, subject=user)
        else:
            record(None, "sign_in.failed", user, subject=user)
        db.session.flush()
        raise SignInRefused(REFUSED_MESSAGE)
    if not user.is_active_account:
        raise SignInRefused("This account is closed. Ask your administrator.")
    if not user.employer.password_sign_in:
        # Only someone who knew the password learns this, so it tells strangers nothing.
        user.failed_sign_ins = 0
        record(None, "sign_in.refused_password_off", user, subject=user)
        db.session.flush()
        raise SignInRefused(PASSWORD_OFF_MESSAGE.format(organisation=user.employer.name))
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_sign_in_at = now
    record(user, "sign_in.succeeded", user, subject=user)
    db.session.flush()
    return user


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue_token(user: User, *, valid_hours: int) -> str:
    """A new single-use set-password token for the user; only its digest is stored. Every
    earlier link of theirs (reset or invitation) stops working: only the newest one counts."""
    db.session.execute(
        delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id,
                                         PasswordResetToken.used_at.is_(None))
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=_token_digest(token),
            expires_at=utcnow() + timedelta(hours=valid_hours),
        )
    )
    return token


def request_password_reset(email: str, *, valid_hours: int) -> str | None:
    """E-mail a single-use reset link when the address belongs to an open account.

    Returns the raw token (for the caller's tests) or None; the caller shows the same message
    either way, so nobody learns which addresses exist.
    """
    user = find_by_email(email)
    if user is None or not user.is_active_account:
        return None
    token = _issue_token(user, valid_hours=valid_hours)
    send_email(user.email, "people/password_reset", user=user, token=token,
               valid_hours=valid_hours, secret_link=True)
    record(None, "password_reset.requested", user, subject=user)
    db.session.flush()
    return token


def reset_token_user(token: str, now: datetime | None = None) -> PasswordResetToken:
    """Raises InvalidResetToken unless the token is known, unused and in date."""
    now = now or utcnow()
    row = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _token_digest(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise InvalidResetToken(
            "This password reset link has expired or has already been used. Ask for a new one."
        )
    return row


def reset_password(token: str, new_password: str, now: datetime | None = None) -> User:
    """Set the password through a reset or invitation link, and end every session the person
    has: whoever knew the old password is signed out everywhere.

    Raises InvalidResetToken for a dead link, DomainError for a password the rules refuse.
    """
    now = now or utcnow()
    row = reset_token_user(token, now)
    check_password_rules(new_password, row.user.email)
    row.used_at = now
    user = row.user
    user.password_hash = hash_password(new_password)
    user.failed_sign_ins = 0
    user.locked_until = None
    sessions.end_all(user, now=now)
    record(user, "password_reset.completed", user, subject=user)
    db.session.flush()
    return user


def save_equality_profile(person: User, answers: dict[str, str | None], *, actor: User) -> EqualityProfile:
    """Store the person's own answers. Raises NotAllowed for anyone but the person."""
    if not permissions.can_view_equality_profile(actor, person):
        raise NotAllowed("Only you can change your equality answers")
    profile = queries.equality_profile(person.id)
    if profile is None:
        profile = EqualityProfile(user_id=person.id)
        db.session.add(profile)
    for question, (_, choices) in QUESTIONS.items():
        value = answers.get(question) or None
        if value is not None and value not in dict(choices):
            raise DomainError("Choose one of the answers given", field=question)
        setattr(profile, question, value)
    profile.updated_at = utcnow()
    db.session.flush()
    # The audit entry says that the answers changed, never what they are.
    record(actor, "equality_profile.saved", profile, subject=person)
    db.session.flush()
    return profile


def withdraw_equality_profile(person: User, *, actor: User) -> None:
    if not permissions.can_view_equality_profile(actor, person):
        raise NotAllowed("Only you can withdraw your equality answers")
    profile = queries.equality_profile(person.id)
    if profile is None:
        return
    record(actor, "equality_profile.withdrawn", profile, subject=person)
    db.session.delete(profile)
    db.session.flush()


def grant_role(person: User, role: Role, organisation: Organisation | None, *, actor: User) -> RoleAssignment:
    organisation_id = organisation.id if organisation else None
    if not permissions.can_grant_role(actor, role, organisation_id):
        raise NotAllowed("You cannot grant that role for that scope")
    if any(a.role == role and a.organisation_id == organisation_id for a in person.role_assignments):
        raise DomainError(f"{person.name} already has this role for this scope", field="role")
    assignment = RoleAssignment(
        role=role, organisation_id=organisation_id, granted_by_id=actor.id
    )
    person.role_assignments.append(assignment)
    db.session.flush()
    record(actor, "role.granted", assignment, subject=person, role=role.value,
           organisation_id=organisation_id)
    db.session.flush()
    return assignment


def revoke_role(assignment: RoleAssignment, *, actor: User) -> None:
    if not permissions.can_revoke_role(actor, assignment):
        raise NotAllowed("You cannot remove that role")
    record(actor, "role.revoked", assignment, subject=assignment.user, role=assignment.role.value,
           organisation_id=assignment.organisation_id)
    assignment.user.role_assignments.remove(assignment)
    db.session.flush()


def change_job(
    person: User, *, job_role: JobRole, organisation: Organisation, team: Team | None,
    starts_on: date, reason: str, actor: User,
) -> JobHistory:
    """Close the current spell and open a new one; the history is kept for pathways.

    Raises NotAllowed unless the actor administers the person's employer or the new one, and
    for a move into another organisation unless they administer that one (anyone else asks it:
    academy.people.transfers).
    """
    if not permissions.can_manage_person(actor, person) and not permissions.is_admin(actor, organisation.id):
        raise NotAllowed("You cannot change this person's job")
    if organisation.id != person.employer_id and not permissions.is_admin(actor, organisation.id):
        raise NotAllowed(f"Moving {person.name} to {organisation.name} needs its administrators to accept")
    if team is not None and team.organisation_id != organisation.id:
        raise DomainError("Choose a team in the new employer", field="team")
    current = db.session.scalar(
        select(JobHistory).where(JobHistory.user_id == person.id, JobHistory.ended_on.is_(None))
    )
    if current is not None:
        if starts_on <= current.started_on:
            raise DomainError(
                "The new job must start after the current one started", field="starts_on"
            )
        current.ended_on = starts_on - timedelta(days=1)
    spell = JobHistory(
        user_id=person.id, organisation_id=organisation.id, job_role_id=job_role.id,
        team_id=team.id if team else None, started_on=starts_on, reason=reason or None,
    )
    db.session.add(spell)
    moved = person.employer_id != organisation.id
    person.job_role_id = job_role.id
    person.employer_id = organisation.id
    person.team_id = team.id if team else None
    if moved:
        person.line_manager_id = None
    db.session.flush()
    record(actor, "job.changed", spell, subject=person, job_role_id=job_role.id,
           organisation_id=organisation.id, moved_employer=moved)
    db.session.flush()
    return spell


def create_person(
    *, email: str, given_name: str, family_name: str, employer: Organisation,
    job_role: JobRole | None, team: Team | None, employee_number: str | None,
    employment_type: EmploymentType, line_manager: User | None, started_on: date, actor: User,
) -> User:
    """Add a person with their first job spell; they set a password through the reset link."""
    if not permissions.is_admin(actor, employer.id):
        raise NotAllowed("You cannot add people to this organisation")
    email = email.strip().lower()
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise DomainError("Someone already has this e-mail address", field="email")
    if employee_number and db.session.scalar(
        select(func.count()).select_from(User).where(
            User.employer_id == employer.id, User.employee_number == employee_number
        )
    ):
        raise DomainError("This employee number is already in use at this employer",
                          field="employee_number")
    person = User(
        email=email, given_name=given_name.strip(), family_name=family_name.strip(),
        employer_id=employer.id, job_role_id=job_role.id if job_role else None,
        team_id=team.id if team else None, employee_number=employee_number or None,
        employment_type=employment_type, line_manager_id=line_manager.id if line_manager else None,
        started_on=started_on,
    )
    db.session.add(person)
    db.session.flush()
    if job_role is not None:
        db.session.add(JobHistory(
            user_id=person.id, organisation_id=employer.id, job_role_id=job_role.id,
            team_id=person.team_id, started_on=started_on, reason="Joined",
        ))
    record(actor, "person.created", person, subject=person)
    db.session.flush()
    return person


def close_account(person: User, *, actor: User, reason: str = "left") -> None:
    """Close a leaver's account: no more sign-in, every session ended, every record kept.

    Raises NotAllowed unless the actor administers the person's organisation, DomainError when
    the account is already closed or is the actor's own.
    """
    if not permissions.is_admin(actor, person.employer_id):
        raise NotAllowed("You cannot close accounts in this organisation")
    if person.id == actor.id:
        raise DomainError("You cannot close your own account")
    if not person.is_active_account:
        raise DomainError(f"{person.name}'s account is already closed")
    person.is_active_account = False
    person.closed_at = utcnow()
    sessions.end_all(person, now=person.closed_at)
    record(actor, "person.account_closed", person, subject=person, reason=reason)
    # Equality answers serve monitoring of the current workforce: a leaver's go at once.
    profile = queries.equality_profile(person.id)
    if profile is not None:
        record(actor, "equality_profile.deleted_on_leaving", profile, subject=person)
        db.session.delete(profile)
    db.session.flush()


def reopen_account(person: User, *, actor: User) -> None:
    """Open a closed account again (a leaver who returns, or a mistake corrected).

    Raises NotAllowed unless the actor administers the person's organisation, DomainError when
    the account is open.
    """
    if not permissions.is_admin(actor, person.employer_id):
        raise NotAllowed("You cannot reopen accounts in this organisation")
    if person.is_active_account:
        raise DomainError(f"{person.name}'s account is open")
    person.is_active_account = True
    person.closed_at = None
    person.failed_sign_ins = 0
    person.locked_until = None
    record(actor, "person.account_reopened", person, subject=person)
    db.session.flush()


def invite(person: User, *, valid_hours: int, actor: User | None) -> str:
    """E-mail a newcomer a link to set their first password (the reset machinery, with a longer
    validity). Returns the raw token for the caller's tests."""
    token = _issue_token(person, valid_hours=valid_hours)
    send_email(person.email, "people/invitation", user=person, token=token, valid_hours=valid_hours,
               secret_link=True)
    record(actor, "person.invited", person, subject=person)
    db.session.flush()
    return token


def create_partnership_admin(
    *, email: str, given_name: str, family_name: str, employer: Organisation,
    password: str | None,
) -> User:
    """The first partnership administrator, made from the command line (nobody acts for it).

    With no password the person sets one through an invitation. Raises DomainError when the
    e-mail is in use or the password breaks the sign-in rules.
    """
    email = email.strip().lower()
    if find_by_email(email) is not None:
        raise DomainError("Someone already has this e-mail address", field="email")
    if password is not None:
        check_password_rules(password, email)
    person = User(
        email=email, given_name=given_name.strip(), family_name=family_name.strip(),
        employer_id=employer.id, password_hash=hash_password(password) if password else None,
        started_on=utcnow().date(),
    )
    person.role_assignments.append(RoleAssignment(role=Role.ADMIN, organisation_id=None))
    db.session.add(person)
    db.session.flush()
    record(None, "person.created", person, subject=person, partnership_admin=True)
    db.session.flush()
    return person


def update_details(person: User, *, given_name: str, family_name: str, email: str,
                   actor: User) -> User:
    """Correct a person's name or e-mail address.

    Raises NotAllowed unless the actor administers the person's organisation, DomainError when
    the e-mail belongs to someone else.
    """
    if not permissions.can_manage_person(actor, person):
        raise NotAllowed("You cannot change this person's details")
    email = email.strip().lower()
    other = find_by_email(email)
    if other is not None and other.id != person.id:
        raise DomainError("Someone else already has this e-mail address", field="email")
    changed = {
        name: [getattr(person, name), value]
        for name, value in (("given_name", given_name.strip()), ("family_name", family_name.strip()),
                            ("email", email))
        if getattr(person, name) != value
    }
    for name, (_, value) in changed.items():
        setattr(person, name, value)
    if changed:
        record(actor, "person.details_changed", person, subject=person, changed=changed)
    db.session.flush()
    return person


def sign_out_everywhere(person: User, *, actor: User) -> None:
    """End every session the person has, on every computer (a lost phone, a shared computer
    left signed in).

    Raises NotAllowed unless the actor administers the person's organisation.
    """
    if not permissions.can_sign_out_everywhere(actor, person):
        raise NotAllowed("You cannot sign out people in this organisation")
    sessions.end_all(person, now=utcnow())
    record(actor, "person.signed_out_everywhere", person, subject=person)
    db.session.flush()


def unlock_account(person: User, *, actor: User) -> None:
    """Let a person locked out by failed sign-ins try again now.

    Raises NotAllowed unless the actor administers the person's organisation.
    """
    if not permissions.can_manage_person(actor, person):
        raise NotAllowed("You cannot unlock accounts in this organisation")
    person.failed_sign_ins = 0
    person.locked_until = None
    record(actor, "person.unlocked", person, subject=person)
    db.session.flush()
