"""Limits on guessing, with the real limits: sign-in, password reset and certificate checks
refuse past their limit per address and per account, with a page that says to wait."""

from __future__ import annotations

import pytest

from academy.config import from_environment
from academy.extensions import db
from tests.conftest import GENEROUS_LIMITS, app_context
from tests.factories import UserFactory

REAL = {name: from_environment({})[name] for name in GENEROUS_LIMITS}


@pytest.fixture
def limited(server_database, tmp_path):
    with app_context(tmp_path, **REAL) as app:
        yield app


def test_sign_in_is_refused_past_the_limit_per_account(limited):
    person = UserFactory()
    db.session.commit()
    answers = [
        limited.test_client().post("/login", data={"email": person.email, "password": "guess"},
                                   environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
        for n in range(11)
    ]
    # Ten tries in 15 minutes for one account, from however many addresses.
    assert answers[:10] == [200] * 10
    assert answers[10] == 429


def test_sign_in_is_refused_past_the_limit_per_address(limited):
    client = limited.test_client()
    answers = [client.post("/login", data={"email": f"p{n}@example.nhs.uk",
                                           "password": "guess"}).status_code for n in range(21)]
    assert answers[:20] == [200] * 20
    refused = answers[20]
    assert refused == 429
    response = client.post("/login", data={"email": "another@example.nhs.uk", "password": "x"})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Too many attempts" in html and "Wait a few minutes" in html
    assert int(response.headers["Retry-After"]) > 0
    # Another address is not held back.
    other = limited.test_client().post("/login", data={"email": "x@example.nhs.uk", "password": "x"},
                                       environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 200


def test_reset_requests_are_limited_per_account(limited):
    person = UserFactory()
    db.session.commit()
    answers = [
        limited.test_client().post("/password-reset", data={"email": person.email},
                                   environ_base={"REMOTE_ADDR": f"10.1.0.{n}"}).status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]


def test_certificate_checks_are_limited_per_address(limited):
    client = limited.test_client()
    answers = [client.get(f"/verify/AAAA-BBBB-{n:04d}").status_code for n in range(21)]
    assert set(answers[:20]) == {404}
    assert answers[20] == 429


def test_every_public_page_is_limited_per_address(limited):
    limited.config["RATELIMIT_PUBLIC"] = "3 per minute"
    client = limited.test_client()
    assert [client.get("/accessibility").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_locked_unknown_and_wrong_password_get_the_same_answer_after_the_same_work(
        app, client, monkeypatch):
    from werkzeug import security

    from academy.people import services

    hashed: list[str] = []

    def counting(pwhash: str, password: str) -> bool:
        hashed.append(pwhash)
        return security.check_password_hash(pwhash, password)

    monkeypatch.setattr(services, "check_password_hash", counting)
    wrong = UserFactory(email="wrong@example.nhs.uk")
    locked = UserFactory(email="locked@example.nhs.uk")
    db.session.commit()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"email": locked.email, "password": "guess"})
    hashed.clear()

    answers = {}
    for email in (wrong.email, locked.email, "nobody@example.nhs.uk"):
        response = client.post("/login", data={"email": email, "password": "guess"})
        html = response.get_data(as_text=True).replace(email, "EMAIL")
        answers[email] = (response.status_code, html[html.index("<main"):])
    assert len(set(answers.values())) == 1
    assert services.REFUSED_MESSAGE in next(iter(answers.values()))[1]
    # One password-hash check each: a locked or unknown account answers no faster.
    assert len(hashed) == 3
