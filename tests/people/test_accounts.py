"""Closing a leaver's account ends every session at once and keeps their records; reopening
lets them back in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people.roles import Role
from academy.people.services import close_account, reopen_account
from tests.conftest import sign_in
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


def test_closing_an_account_ends_the_leavers_sessions_and_keeps_them_out(app, client):
    trust = OrganisationFactory()
    admin = UserFactory(employer=trust, roles=[(Role.ADMIN, trust)])
    leaver = UserFactory(employer=trust)
    db.session.commit()
    sign_in(client, leaver)
    assert client.get("/me").status_code == 200
    copied = client.get_cookie("session").value

    close_account(leaver, actor=admin)
    db.session.commit()

    assert client.get("/me").status_code == 302  # this session has ended
    client.set_cookie("session", copied)
    assert client.get("/me").status_code == 302  # and so has every copy of it
    refused = client.post("/login", data={"email": leaver.email, "password": PASSWORD})
    assert refused.status_code == 200  # the sign-in page again, not a way in
    assert client.get("/me").status_code == 302
    assert leaver.closed_at is not None and not leaver.is_active_account
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == leaver.id))
    assert "person.account_closed" in list(actions)


def test_a_reopened_account_can_sign_in_again(app, client):
    trust = OrganisationFactory()
    admin = UserFactory(employer=trust, roles=[(Role.ADMIN, trust)])
    returner = UserFactory(employer=trust)
    close_account(returner, actor=admin)
    reopen_account(returner, actor=admin)
    db.session.commit()
    assert returner.closed_at is None and returner.is_active_account
    sign_in(client, returner)
    assert client.get("/me").status_code == 200


def test_only_the_organisations_administrator_closes_and_never_their_own(app):
    trust, council = OrganisationFactory(), OrganisationFactory()
    admin = UserFactory(employer=trust, roles=[(Role.ADMIN, trust)])
    elsewhere = UserFactory(employer=council)
    with pytest.raises(NotAllowed):
        close_account(elsewhere, actor=admin)
    with pytest.raises(DomainError, match="your own account"):
        close_account(admin, actor=admin)
    colleague = UserFactory(employer=trust)
    close_account(colleague, actor=admin)
    with pytest.raises(DomainError, match="already closed"):
        close_account(colleague, actor=admin)
    with pytest.raises(DomainError, match="is open"):
        reopen_account(admin, actor=admin)
    assert elsewhere.is_active_account and elsewhere.session_version == 0


@pytest.mark.parametrize("cookie_id", ["7", "x.0", "7.", ".0", "7.0.1"])
def test_a_session_id_not_of_the_current_form_signs_no_one_in(app, cookie_id):
    from academy.people.views.account import load_user
    from academy.people.views.common import begin_session

    person = UserFactory()
    db.session.commit()
    with app.test_request_context("/"):
        begin_session(person)
        assert load_user(person.get_id()) is person
        assert load_user(cookie_id.replace("7", str(person.id))) is None
