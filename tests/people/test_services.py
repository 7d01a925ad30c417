"""Signing in, lockout, password resets, roles, job history and equality answers."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.people import services
from academy.people.models import EqualityProfile, JobHistory
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests.factories import PASSWORD, JobRoleFactory, OrganisationFactory, TeamFactory, UserFactory


def authenticate(email, password, **kw):
    return services.authenticate(email, password, max_failures=3, lockout_minutes=15, **kw)


def test_correct_password_signs_in_and_resets_failures(app):
    user = UserFactory(failed_sign_ins=2)
    assert authenticate(user.email.upper(), PASSWORD) is user
    assert user.failed_sign_ins == 0
    assert user.last_sign_in_at is not None


def test_unknown_email_and_wrong_password_get_the_same_message(app):
    user = UserFactory()
    with pytest.raises(services.SignInRefused) as unknown:
        authenticate("nobody@example.nhs.uk", PASSWORD)
    with pytest.raises(services.SignInRefused) as wrong:
        authenticate(user.email, "wrong password")
    assert unknown.value.message == wrong.value.message


def test_account_locks_after_repeated_failures_even_for_the_right_password(app):
    user = UserFactory()
    now = utcnow()
    for _ in range(3):
        with pytest.raises(services.SignInRefused):
            authenticate(user.email, "wrong password", now=now)
    assert user.locked_until == now + timedelta(minutes=15)
    with pytest.raises(services.SignInRefused) as locked:
        authenticate(user.email, PASSWORD, now=now + timedelta(minutes=14))
    assert locked.value.message == services.REFUSED_MESSAGE
    # After the lockout the right password works again.
    assert authenticate(user.email, PASSWORD, now=now + timedelta(minutes=16)) is user
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == user.id)).all()
    assert "sign_in.locked" in actions and "sign_in.refused_locked" in actions


def test_closed_account_cannot_sign_in(app):
    user = UserFactory(is_active_account=False)
    with pytest.raises(services.SignInRefused, match="closed"):
        authenticate(user.email, PASSWORD)


def test_password_reset_token_is_single_use_and_mailed(app):
    user = UserFactory()
    token = services.request_password_reset(user.email, valid_hours=2)
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.to_address == user.email and f"/password-reset/{token}" in message.body_text
    services.reset_password(token, "a brand new long password")
    assert services.authenticate(user.email, "a brand new long password", max_failures=3,
                                 lockout_minutes=1) is user
    with pytest.raises(services.InvalidResetToken):
        services.reset_password(token, "another new long password")


def test_the_reset_email_reads_as_before_with_its_link_in_both_parts(app):
    user = UserFactory(given_name="Priya")
    token = services.request_password_reset(user.email, valid_hours=2)
    message = db.session.scalars(select(OutboxMessage)).one()
    link = f"http://academy.test/password-reset/{token}"
    assert message.subject == "Reset your Academy password"
    assert message.body_text.startswith(
        "Dear Priya,\n\nSomeone asked to reset the password for your Wakefield Health and Social "
        "Care Academy account. To choose a new password, open this link within 2 hours:\n\n"
        f"{link}\n\nIf it was not you, ignore this message: your password has not changed.\n"
    )
    assert f'<a href="{link}">' in message.body_html


def test_password_reset_token_expires(app):
    user = UserFactory()
    token = services.request_password_reset(user.email, valid_hours=2)
    with pytest.raises(services.InvalidResetToken):
        services.reset_password(token, "a brand new long password", now=utcnow() + timedelta(hours=3))


def test_reset_for_unknown_address_sends_nothing(app):
    assert services.request_password_reset("ghost@example.nhs.uk", valid_hours=1) is None
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_reset_refuses_a_short_password(app):
    user = UserFactory()
    token = services.request_password_reset(user.email, valid_hours=2)
    with pytest.raises(DomainError, match="12 characters"):
        services.reset_password(token, "short")


def test_equality_answers_are_saved_changed_and_withdrawn_by_the_person(app):
    person = UserFactory()
    services.save_equality_profile(person, {"ethnicity": "asian_pakistani", "carer": "prefer_not_to_say"},
                                   actor=person)
    profile = db.session.scalar(select(EqualityProfile).where(EqualityProfile.user_id == person.id))
    assert (profile.ethnicity, profile.carer, profile.sex) == ("asian_pakistani", "prefer_not_to_say", None)
    services.save_equality_profile(person, {"ethnicity": None, "sex": "female"}, actor=person)
    assert (profile.ethnicity, profile.sex) == (None, "female")
    services.withdraw_equality_profile(person, actor=person)
    assert db.session.scalar(select(EqualityProfile).where(EqualityProfile.user_id == person.id)) is None
    # The audit log says what happened, never the answers.
    details = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.subject_id == person.id)).all()
    assert all(d is None or "asian_pakistani" not in str(d) for d in details)


def test_nobody_else_may_change_equality_answers_not_even_an_administrator(app):
    person = UserFactory()
    admin = UserFactory(roles=[Role.ADMIN])
    with pytest.raises(NotAllowed):
        services.save_equality_profile(person, {"sex": "male"}, actor=admin)
    with pytest.raises(NotAllowed):
        services.withdraw_equality_profile(person, actor=admin)


def test_equality_answer_must_be_one_offered(app):
    person = UserFactory()
    with pytest.raises(DomainError):
        services.save_equality_profile(person, {"sex": "banana"}, actor=person)


def test_organisation_admin_grants_roles_only_in_their_organisation(app):
    home, other = OrganisationFactory(), OrganisationFactory()
    admin = UserFactory(employer=home, roles=[(Role.ADMIN, home)])
    person = UserFactory(employer=home)
    services.grant_role(person, Role.LEARNING_LEAD, home, actor=admin)
    assert person.has_role(Role.LEARNING_LEAD, home.id)
    assert not person.has_role(Role.LEARNING_LEAD, other.id)
    with pytest.raises(NotAllowed):
        services.grant_role(person, Role.LEARNING_LEAD, other, actor=admin)
    with pytest.raises(NotAllowed):
        services.grant_role(person, Role.LEARNING_LEAD, None, actor=admin)
    with pytest.raises(DomainError, match="already"):
        services.grant_role(person, Role.LEARNING_LEAD, home, actor=admin)


def test_partnership_role_counts_in_every_organisation(app):
    person = UserFactory(roles=[Role.LEARNING_LEAD])
    assert person.has_role(Role.LEARNING_LEAD, OrganisationFactory().id)


def test_job_change_keeps_the_history_and_moves_employer(app):
    first, second = OrganisationFactory(), OrganisationFactory()
    admin = UserFactory(roles=[Role.ADMIN])
    hca, na = JobRoleFactory(name="Healthcare assistant"), JobRoleFactory(name="Nursing associate")
    manager = UserFactory(employer=first)
    person = UserFactory(employer=first, job_role=hca, line_manager=manager)
    services.change_job(person, job_role=hca, organisation=first, team=None,
                        starts_on=date(2023, 1, 2), reason="Joined", actor=admin)
    team = TeamFactory(organisation=second)
    services.change_job(person, job_role=na, organisation=second, team=team,
                        starts_on=date(2025, 6, 1), reason="Promoted", actor=admin)
    spells = db.session.scalars(
        select(JobHistory).where(JobHistory.user_id == person.id).order_by(JobHistory.started_on)
    ).all()
    assert [(s.job_role_id, s.started_on, s.ended_on) for s in spells] == [
        (hca.id, date(2023, 1, 2), date(2025, 5, 31)),
        (na.id, date(2025, 6, 1), None),
    ]
    assert (person.employer_id, person.job_role_id, person.team_id) == (second.id, na.id, team.id)
    assert person.line_manager_id is None  # a new employer means a new line manager


def test_job_change_must_start_after_the_current_job(app):
    admin = UserFactory(roles=[Role.ADMIN])
    person = UserFactory()
    services.change_job(person, job_role=person.job_role, organisation=person.employer, team=None,
                        starts_on=date(2024, 5, 1), reason="", actor=admin)
    with pytest.raises(DomainError, match="after"):
        services.change_job(person, job_role=person.job_role, organisation=person.employer,
                            team=None, starts_on=date(2024, 4, 1), reason="", actor=admin)


def test_only_an_administrator_changes_a_job(app):
    person = UserFactory()
    with pytest.raises(NotAllowed):
        services.change_job(person, job_role=person.job_role, organisation=person.employer,
                            team=None, starts_on=date(2025, 1, 1), reason="", actor=person)


def test_create_person_refuses_duplicate_email(app):
    org = OrganisationFactory()
    admin = UserFactory(roles=[(Role.ADMIN, org)])
    existing = UserFactory()
    with pytest.raises(DomainError) as error:
        services.create_person(
            email=existing.email.upper(), given_name="A", family_name="B", employer=org,
            job_role=None, team=None, employee_number=None,
            employment_type=existing.employment_type, line_manager=None,
            started_on=date(2025, 1, 1), actor=admin,
        )
    assert error.value.field == "email"
