"""Sessions that end: a copied cookie is worth nothing after sign-out, a password reset, closing
the account or an administrator's "sign out everywhere"; sessions end after a while idle and at
the end of their lifetime; every sign-in starts a new one."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import g
from sqlalchemy import select

from academy import create_app
from academy.extensions import db
from academy.people import services
from academy.people.models import PasswordResetToken, SignInSession
from academy.people.roles import Role
from academy.people.views.common import SESSION_TOKEN
from academy.timekeeping import travel
from tests.conftest import ON_SQLITE_MEMORY, app_context, make_config, sign_in
from tests.factories import PASSWORD, UserFactory, person_with_role

NEW_PASSWORD = "a much longer passphrase 42"


def fresh(client):
    """The client, for a request that starts as in production with nobody loaded: the test's
    app context (and so flask.g, where the signed-in person is kept) outlives single requests."""
    g.pop("_login_user", None)
    return client


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A request from another computer holding a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return fresh(thief).get("/")


def signed_in(response) -> bool:
    return response.status_code == 200


def test_a_copied_cookie_is_refused_after_sign_out(app, client):
    person = UserFactory()
    db.session.commit()
    sign_in(fresh(client), person)
    copied = cookie_of(client)
    assert signed_in(replay(app, copied))

    assert fresh(client).post("/logout").status_code == 302
    assert fresh(client).get("/").status_code == 302
    refused = replay(app, copied)
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    ended = db.session.scalars(select(SignInSession).where(SignInSession.user_id == person.id)).one()
    assert ended.ended_at is not None


def test_a_password_reset_ends_every_session_of_the_person(app, client):
    person = UserFactory()
    db.session.commit()
    sign_in(fresh(client), person)
    on_the_ward = app.test_client()
    sign_in(fresh(on_the_ward), person)
    copied = cookie_of(client)

    token = services.request_password_reset(person.email, valid_hours=2)
    db.session.commit()
    response = fresh(app.test_client()).post(f"/password-reset/{token}",
                                      data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302

    assert not signed_in(replay(app, copied))
    assert fresh(on_the_ward).get("/").status_code == 302
    # The new password starts a session of its own.
    again = app.test_client()
    sign_in(fresh(again), person, NEW_PASSWORD)
    assert signed_in(fresh(again).get("/"))


def test_closing_the_account_and_signing_out_everywhere_end_every_session(app, client):
    admin = person_with_role(Role.ADMIN)
    person = UserFactory()
    db.session.commit()
    theirs = app.test_client()
    sign_in(fresh(theirs), person)
    copied = cookie_of(theirs)
    sign_in(fresh(client), admin)

    assert fresh(client).post(f"/people/{person.id}/sign-out-everywhere").status_code == 302
    assert fresh(theirs).get("/").status_code == 302
    assert not signed_in(replay(app, copied))
    # They may sign in again; closing the account ends that session too.
    sign_in(fresh(theirs), person)
    assert signed_in(fresh(theirs).get("/"))
    assert fresh(client).post(f"/people/{person.id}/close", data={"reason": "left"}).status_code == 302
    assert fresh(theirs).get("/").status_code == 302


def test_sign_out_everywhere_is_the_administrators_of_the_persons_organisation(app, client):
    person = UserFactory()
    colleague = UserFactory(employer=person.employer)
    db.session.commit()
    sign_in(fresh(client), colleague)
    assert fresh(client).post(f"/people/{person.id}/sign-out-everywhere").status_code == 403
    assert person.session_version == 0


def test_a_session_ends_after_thirty_minutes_without_a_request(app, client):
    assert app.config["SESSION_IDLE_MINUTES"] == 30
    person = UserFactory()
    db.session.commit()
    sign_in(fresh(client), person)
    with travel(timedelta(minutes=29)):
        assert signed_in(fresh(client).get("/"))  # each request keeps it going
        with travel(timedelta(minutes=29)):
            assert signed_in(fresh(client).get("/"))
            with travel(timedelta(minutes=30)):
                response = fresh(client).get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    # Once over, it stays over, even at a time it would have been fine.
    assert fresh(client).get("/").status_code == 302


def test_the_idle_timeout_is_a_setting(app, client):
    app.config["SESSION_IDLE_MINUTES"] = 5
    person = UserFactory()
    db.session.commit()
    sign_in(fresh(client), person)
    with travel(timedelta(minutes=6)):
        assert fresh(client).get("/").status_code == 302


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(app, client):
    assert app.config["SESSION_LIFETIME_HOURS"] == 12
    person = UserFactory()
    db.session.commit()
    sign_in(fresh(client), person)
    for step in range(1, 29):  # a request every 25 minutes: never idle
        with travel(timedelta(minutes=25 * step)):
            assert signed_in(fresh(client).get("/")), step
    with travel(timedelta(minutes=25 * 29)):  # 12 hours and 5 minutes after sign-in
        assert fresh(client).get("/").status_code == 302


def test_every_sign_in_starts_a_new_session(app, client):
    person = UserFactory()
    db.session.commit()
    fresh(client).get("/login")
    with client.session_transaction() as before:
        before[SESSION_TOKEN] = "chosen-by-someone-else"
        before["planted"] = "value"
    sign_in(fresh(client), person)
    with client.session_transaction() as after:
        first = after[SESSION_TOKEN]
        assert first != "chosen-by-someone-else"
        assert "planted" not in after
    fresh(client).post("/logout")
    sign_in(fresh(client), person)
    with client.session_transaction() as again:
        assert again[SESSION_TOKEN] != first
    rows = db.session.scalars(select(SignInSession).where(SignInSession.user_id == person.id)).all()
    assert len(rows) == 2
    # Only a hash of the cookie's token is kept.
    assert all(first not in row.token_hash for row in rows)


def test_another_web_process_sees_the_same_end(server_database, tmp_path):
    """State lives in the database: a sign-out on one process ends the session on the others."""
    shared = {} if not ON_SQLITE_MEMORY else {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {},
    }
    with app_context(tmp_path, **shared) as one:
        if ON_SQLITE_MEMORY:
            db.create_all()
        person = UserFactory()
        db.session.commit()
        first = one.test_client()
        sign_in(fresh(first), person)
        copied = cookie_of(first)

        other = create_app(make_config(tmp_path, **shared))
        elsewhere = other.test_client()
        elsewhere.set_cookie("session", copied)
        assert elsewhere.get("/").status_code == 200
        fresh(first).post("/logout")
        assert elsewhere.get("/").status_code == 302
        with other.app_context():
            db.engine.dispose()


# Reset and invitation links


def test_a_new_reset_link_ends_the_earlier_ones(app, client):
    person = UserFactory()
    db.session.commit()
    older = services.request_password_reset(person.email, valid_hours=2)
    newer = services.request_password_reset(person.email, valid_hours=2)
    db.session.commit()
    assert fresh(client).get(f"/password-reset/{older}").status_code == 410
    assert fresh(client).get(f"/password-reset/{newer}").status_code == 200


def test_an_older_link_is_refused_after_a_newer_one_was_used(app, client):
    person = UserFactory()
    db.session.commit()
    invitation = services.invite(person, valid_hours=72, actor=None)
    older = services.request_password_reset(person.email, valid_hours=2)
    newer = services.request_password_reset(person.email, valid_hours=2)
    db.session.commit()
    assert fresh(client).post(f"/password-reset/{newer}",
                       data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    for dead in (older, invitation, newer):
        response = fresh(client).post(f"/password-reset/{dead}",
                               data={"password": "another long passphrase 7",
                                     "confirm": "another long passphrase 7"})
        assert response.status_code == 410
    db.session.expire_all()
    assert services.authenticate(person.email, NEW_PASSWORD, max_failures=5,
                                 lockout_minutes=15) is person


def test_only_a_hash_of_a_reset_token_is_stored(app):
    person = UserFactory()
    token = services.request_password_reset(person.email, valid_hours=2)
    db.session.commit()
    row = db.session.scalars(select(PasswordResetToken)).one()
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_signing_in_with_the_old_password_fails_after_a_reset(app, client):
    person = UserFactory()
    token = services.request_password_reset(person.email, valid_hours=2)
    db.session.commit()
    fresh(client).post(f"/password-reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    response = fresh(client).post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 200
    assert re.search(r"Enter a correct e-mail address", response.get_data(as_text=True))
