"""The people pages: signing in, security headers, CSRF, error pages, equality answers, the people
list and password resets, driven through the test client as a browser would."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from flask import g
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.people.models import EqualityProfile, Organisation, Team, User
from academy.people.roles import Role
from academy.people.services import REFUSED_MESSAGE
from tests.conftest import sign_in
from tests.factories import (
    PASSWORD,
    JobRoleFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)

NEW_PASSWORD = "seven unrelated words make strong passwords"


# Reading pages -----------------------------------------------------------------------------

def text_of(response) -> str:
    return response.get_data(as_text=True)


def squash(html: str) -> str:
    """Tags removed and white space collapsed: what a screen reader would read out."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def error_summary(html: str) -> list[tuple[str, str]]:
    """(link, message) for each entry of the NHS.UK error summary."""
    match = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S)
    if match is None:
        return []
    return [(href, squash(text)) for href, text in
            re.findall(r'<a href="([^"]*)">(.*?)</a>', match.group(0), re.S)]


def field_error(html: str, field_id: str) -> str | None:
    """The error message shown beside a field, without the visually hidden 'Error:' prefix."""
    match = re.search(
        rf'<span class="nhsuk-error-message" id="{field_id}-error">\s*'
        r'<span class="nhsuk-u-visually-hidden">Error: </span>(.*?)</span>',
        html, re.S,
    )
    return squash(match.group(1)) if match else None


def hidden_csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def location_path(response) -> str:
    parts = urlsplit(response.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def has_nhsuk_layout(html: str) -> bool:
    return all(mark in html for mark in ('class="nhsuk-header', 'class="nhsuk-footer',
                                         'id="maincontent"', "nhsuk-frontend.min.css"))


# Signing in --------------------------------------------------------------------------------

def test_sign_in_errors_are_summarised_and_shown_beside_each_field(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 200
    html = text_of(response)
    assert error_summary(html) == [("#email", "Enter your e-mail address"),
                                   ("#password", "Enter your password")]
    assert field_error(html, "email") == "Enter your e-mail address"
    assert field_error(html, "password") == "Enter your password"
    assert "<title>Error: Sign in" in html

    html = text_of(client.post("/login", data={"email": "not-an-address", "password": "x"}))
    assert error_summary(html)[0][0] == "#email"
    assert "correct format" in field_error(html, "email")


def test_a_wrong_password_is_refused_in_place_without_saying_whether_the_address_exists(app, client):
    user = UserFactory()
    db.session.commit()
    wrong = text_of(client.post("/login", data={"email": user.email, "password": "wrong password"}))
    unknown = text_of(client.post("/login", data={"email": "nobody@example.nhs.uk",
                                                  "password": "wrong password"}))
    message = REFUSED_MESSAGE
    assert message.startswith("Enter a correct e-mail address and password")
    assert error_summary(wrong) == error_summary(unknown) == [("#password", message)]
    assert field_error(wrong, "password") == message
    # The address typed is kept; the password never is.
    assert f'value="{user.email}"' in wrong
    assert 'value="wrong password"' not in wrong


def test_five_wrong_passwords_lock_the_account(app, client):
    user = UserFactory()
    db.session.commit()
    assert app.config["LOGIN_MAX_FAILURES"] == 5
    for attempt in range(1, 6):
        html = text_of(client.post("/login", data={"email": user.email, "password": "guess"}))
        # The same answer as for an address with no account: a stranger learns nothing.
        assert field_error(html, "password") == REFUSED_MESSAGE, attempt

    # Now even the right password is refused, with the same answer.
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert field_error(text_of(response), "password") == REFUSED_MESSAGE
    assert client.get("/").status_code == 302  # still signed out
    db.session.expire_all()
    assert db.session.get(User, user.id).locked_until is not None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == user.id).order_by(AuditEvent.id)
    ).all()
    assert actions == ["sign_in.failed"] * 4 + ["sign_in.locked", "sign_in.refused_locked"]


def test_signing_in_goes_to_the_home_page_or_a_local_next_page(app, client):
    user = UserFactory(roles=[Role.ADMIN])
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and location_path(response) == "/"
    client.post("/logout")

    response = client.post("/login?next=/people%3Fq%3Dsmith",
                           data={"email": user.email, "password": PASSWORD})
    assert location_path(response) == "/people?q=smith"


@pytest.mark.parametrize("target", [
    "https://evil.example/phish",
    "//evil.example/phish",
    "///evil.example/phish",
    "/\\evil.example/phish",
    "\\\\evil.example/phish",
    "/\t/evil.example/phish",
    "javascript:alert(1)",
    "people",
    "http:/evil.example",
])
def test_next_never_leaves_the_site(app, client, target):
    user = UserFactory()
    db.session.commit()
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_an_anonymous_visitor_is_sent_to_sign_in_and_brought_back(app, client):
    user = UserFactory()
    db.session.commit()
    response = client.get("/me/equality")
    assert response.status_code == 302
    assert location_path(response) == "/login?next=%2Fme%2Fequality"
    response = client.post(response.headers["Location"],
                           data={"email": user.email, "password": PASSWORD})
    assert location_path(response) == "/me/equality"


# Headers, cookies, CSRF and error pages ------------------------------------------------------

def page_paths(app) -> list[str]:
    """Every page reached by GET without URL parameters, plus an unknown address."""
    paths = [
        rule.rule for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments
    ]
    return sorted(paths) + ["/no-such-page"]


def check_security_headers(response, path: str) -> str | None:
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY", path
    assert headers["X-Content-Type-Options"] == "nosniff", path
    assert headers["Referrer-Policy"] == "same-origin", path
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
    assert "'unsafe-inline'" not in policy, path
    nonces = re.findall(r"'nonce-([^']+)'", policy)
    assert len(nonces) == 1 and len(nonces[0]) >= 16, path
    nonce = nonces[0]
    if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
        html = text_of(response)
        inline = [attrs for attrs in re.findall(r"<script\b([^>]*)>", html) if "src=" not in attrs]
        assert inline, path  # the NHS.UK shell marks the page as running JavaScript
        for attrs in inline:
            assert f'nonce="{nonce}"' in attrs, path
    return nonce


def test_every_page_sends_the_security_headers_with_a_fresh_nonce(app, client):
    admin = UserFactory(roles=[Role.ADMIN])
    db.session.commit()
    anonymous = [check_security_headers(client.get(path), path) for path in page_paths(app)]
    sign_in(client, admin)
    signed_in = []
    for path in page_paths(app):
        response = client.get(path)
        assert response.status_code < 500, path
        signed_in.append(check_security_headers(response, path))
    nonces = anonymous + signed_in
    assert len(set(nonces)) == len(nonces)  # a new nonce for every response


def test_pages_for_signed_in_people_are_not_cached(app, client):
    sign_in(client, UserFactory(roles=[Role.ADMIN]))
    assert client.get("/people").headers["Cache-Control"] == "no-store"


def test_session_cookie_is_http_only_and_same_site_lax(app, client):
    user = UserFactory()
    db.session.commit()
    response = sign_in(client, user)
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie


def test_forms_need_the_csrf_token_when_protection_is_on(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    user = UserFactory()
    db.session.commit()

    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    html = text_of(response)
    assert "Sorry, we could not accept that request" in html
    assert "The CSRF token is missing." in html
    assert has_nhsuk_layout(html)
    check_security_headers(response, "/login")

    token = hidden_csrf_token(text_of(client.get("/login")))
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302

    # Signing out is a form too.
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200  # still signed in
    token = hidden_csrf_token(text_of(client.get("/")))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302

    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": "forged"})
    assert response.status_code == 400


def test_forbidden_and_missing_pages_use_the_nhsuk_layout(app, client):
    sign_in(client, UserFactory())
    forbidden = client.get("/people")
    assert forbidden.status_code == 403
    html = text_of(forbidden)
    assert "You do not have permission to see this page" in html
    assert has_nhsuk_layout(html)
    assert "<title>You do not have permission to see this page" in html

    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    html = text_of(missing)
    assert "Page not found" in html and has_nhsuk_layout(html)

    client.post("/logout")
    sign_in(client, UserFactory(roles=[Role.ADMIN]))
    response = client.get("/people/999999")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


# Equality answers ---------------------------------------------------------------------------

def test_equality_answers_can_be_saved_changed_and_withdrawn(app, client):
    person = UserFactory()
    db.session.commit()
    sign_in(client, person)

    html = text_of(client.get("/me/equality"))
    assert "You have not answered these questions." in html
    assert "Delete all your answers" not in html

    response = client.post("/me/equality", data={
        "ethnicity": "asian_indian", "disability": "no", "carer": "prefer_not_to_say",
    })
    assert response.status_code == 302 and location_path(response) == "/me/equality"
    html = squash(text_of(client.get("/me/equality")))
    assert "Your equality answers have been saved." in html
    assert "What you have told us" in html
    assert "Asian or Asian British: Indian" in html
    assert "Prefer not to say" in html
    profile = db.session.scalar(select(EqualityProfile).where(EqualityProfile.user_id == person.id))
    assert (profile.ethnicity, profile.disability, profile.carer, profile.sex) == (
        "asian_indian", "no", "prefer_not_to_say", None)

    # Changing: the form shows the answers given, and the browser sends them back with the change.
    html = text_of(client.get("/me/equality"))
    for value in ("asian_indian", "no", "prefer_not_to_say"):
        assert re.search(rf'value="{value}" checked', html), value
    client.post("/me/equality", data={"ethnicity": "white_british", "sex": "female",
                                      "disability": "no", "carer": "prefer_not_to_say"})
    db.session.expire_all()
    profile = db.session.scalar(select(EqualityProfile).where(EqualityProfile.user_id == person.id))
    assert (profile.ethnicity, profile.sex, profile.disability, profile.carer, profile.religion) == (
        "white_british", "female", "no", "prefer_not_to_say", None)

    # An answer that is not offered is refused in place.
    response = client.post("/me/equality", data={"ethnicity": "martian"})
    assert response.status_code == 200
    html = text_of(response)
    assert [href for href, _ in error_summary(html)] == ["#ethnicity"]
    db.session.expire_all()
    assert db.session.get(EqualityProfile, profile.id).ethnicity == "white_british"

    # Withdrawing asks first, then deletes every answer.
    confirm = client.get("/me/equality/withdraw")
    assert confirm.status_code == 200
    html = text_of(confirm)
    assert "Delete your equality answers?" in html
    assert 'action="/me/equality/withdraw"' in html and 'method="post"' in html
    assert db.session.scalar(select(EqualityProfile).where(EqualityProfile.user_id == person.id))

    response = client.post("/me/equality/withdraw")
    assert response.status_code == 302 and location_path(response) == "/me/equality"
    html = text_of(client.get("/me/equality"))
    assert "Your equality answers have been deleted." in html
    assert "You have not answered these questions." in html
    db.session.expire_all()
    assert db.session.scalar(select(EqualityProfile).where(EqualityProfile.user_id == person.id)) is None

    # The audit log says what happened, never what the answers were.
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.subject_id == person.id,
                                                            AuditEvent.action.like("equality%"))
        .order_by(AuditEvent.id)
    ).all()
    assert events == [("equality_profile.saved", None), ("equality_profile.saved", None),
                      ("equality_profile.withdrawn", None)]


def test_nobody_else_sees_a_persons_equality_answers(app, client):
    admin_org = OrganisationFactory()
    person = UserFactory(employer=admin_org)
    admin = UserFactory(employer=admin_org, roles=[Role.ADMIN])
    db.session.commit()
    sign_in(client, person)
    client.post("/me/equality", data={"ethnicity": "black_caribbean"}, follow_redirects=True)
    client.post("/logout", follow_redirects=True)

    sign_in(client, admin)
    html = text_of(client.get(f"/people/{person.id}"))
    assert person.name in html
    assert "Black or Black British: Caribbean" not in html and "equality" not in html.lower()
    # The admin's own equality page shows the admin's answers only: none.
    assert "You have not answered these questions." in text_of(client.get("/me/equality"))


def test_signing_out_forgets_the_session_for_the_next_person(app, client):
    first, second = UserFactory(), UserFactory()
    db.session.commit()
    sign_in(client, first)
    client.post("/me/equality", data={"disability": "yes"})  # its message not yet shown
    response = client.post("/logout")
    assert location_path(response) == "/login"
    html = squash(text_of(client.get("/login")))
    assert "You have signed out." in html
    assert "Your equality answers have been saved." not in html

    sign_in(client, second)
    html = squash(text_of(client.get("/")))
    assert "equality answers have been saved" not in html
    assert f"Hello, {second.given_name}" in html


# The people list ----------------------------------------------------------------------------

def people_on_page(html: str) -> list[str]:
    return [squash(name) for name in re.findall(r'<a href="/people/\d+">(.*?)</a>', html, re.S)]


def test_people_list_searches_filters_by_employer_and_pages(app, client):
    trust, council = OrganisationFactory(name="Trust"), OrganisationFactory(name="Council")
    admin = UserFactory(employer=trust, given_name="Ada", family_name="Admin", roles=[Role.ADMIN])
    UserFactory(employer=trust, given_name="Zebedee", family_name="Quill",
                email="zq@example.nhs.uk", employee_number="T-777")
    for n in range(6):
        UserFactory(employer=council, given_name=f"Carer{n}", family_name="Council")
    db.session.commit()
    app.config["PAGE_SIZE"] = 5
    sign_in(client, admin)

    assert people_on_page(text_of(client.get("/people?q=zebedee"))) == ["Zebedee Quill"]
    assert people_on_page(text_of(client.get("/people?q=ZEBEDEE+quill"))) == ["Zebedee Quill"]
    assert people_on_page(text_of(client.get("/people?q=zq%40example"))) == ["Zebedee Quill"]
    assert people_on_page(text_of(client.get("/people?q=t-777"))) == ["Zebedee Quill"]
    html = text_of(client.get("/people?q=nobody-is-called-this"))
    assert people_on_page(html) == []
    assert "Nobody matches your search" in html

    html = text_of(client.get(f"/people?organisation={trust.id}"))
    assert people_on_page(html) == ["Ada Admin", "Zebedee Quill"]
    assert f'<option value="{trust.id}" selected>' in html

    # Eight people, five a page, in name order.
    first = text_of(client.get("/people"))
    assert "8 people" in first
    assert people_on_page(first) == ["Ada Admin", "Carer0 Council", "Carer1 Council",
                                     "Carer2 Council", "Carer3 Council"]
    assert "Showing 1 to 5 of 8" in squash(first)
    second = text_of(client.get(f"/people?organisation={council.id}&page=2"))
    assert people_on_page(second) == ["Carer5 Council"]
    assert "Showing 6 to 6 of 6" in squash(second)
    # The page links keep the filter.
    assert f"organisation={council.id}" in re.search(r'class="nhsuk-pagination.*?</nav>', second,
                                                     re.S).group(0)
    beyond = text_of(client.get("/people?page=99"))
    assert people_on_page(beyond) == []


@pytest.mark.parametrize("query", ["organisation=abc", "organisation=99999", "role=wizard",
                                   "page=abc", "q=" + "x" * 300])
def test_people_list_survives_odd_filters(app, client, query):
    admin = UserFactory(given_name="Ada", family_name="Admin", roles=[Role.ADMIN])
    db.session.commit()
    sign_in(client, admin)
    response = client.get(f"/people?{query}")
    assert response.status_code in (200, 400), query
    assert response.status_code != 500


def test_an_organisation_learning_lead_sees_only_their_organisations_people(app, client):
    ours, theirs = OrganisationFactory(name="Ours"), OrganisationFactory(name="Theirs")
    lead = UserFactory(employer=ours, given_name="Lena", family_name="Lead",
                       roles=[(Role.LEARNING_LEAD, ours)])
    colleague = UserFactory(employer=ours, given_name="Colin", family_name="Colleague")
    stranger = UserFactory(employer=theirs, given_name="Stan", family_name="Stranger")
    db.session.commit()
    sign_in(client, lead)

    assert people_on_page(text_of(client.get("/people"))) == ["Colin Colleague", "Lena Lead"]
    assert people_on_page(text_of(client.get("/people?q=stan"))) == []
    assert people_on_page(text_of(client.get(f"/people?organisation={theirs.id}"))) == []
    assert client.get(f"/people/{colleague.id}").status_code == 200
    response = client.get(f"/people/{stranger.id}")
    assert response.status_code == 403
    assert stranger.name not in text_of(response)


def add_people(count: int, organisation, team) -> None:
    roles = [JobRoleFactory() for _ in range(3)]
    for n in range(count):
        UserFactory(employer=organisation, team=team, job_role=roles[n % 3])


def queries_for(client, count_queries, path: str) -> int:
    # Each request starts, as in production, with nothing loaded: the test's app context (and so
    # its session and flask.g, where the signed-in user is kept) outlives single requests.
    db.session.commit()
    db.session.remove()
    g.pop("_login_user", None)
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


@pytest.mark.parametrize("path", ["/people", "/"])
def test_pages_run_as_many_queries_for_100_people_as_for_10(app, client, count_queries, path):
    organisation = OrganisationFactory()
    viewer = UserFactory(employer=organisation, roles=[Role.ADMIN, Role.MANAGER,
                                                       (Role.LEARNING_LEAD, organisation)])
    team = TeamFactory(organisation=organisation, manager_id=viewer.id)
    add_people(10, organisation, team)
    db.session.commit()
    sign_in(client, viewer)

    organisation_id, team_id = organisation.id, team.id
    few = queries_for(client, count_queries, path)
    organisation, team = db.session.get(Organisation, organisation_id), db.session.get(Team, team_id)
    add_people(90, organisation, TeamFactory(organisation=organisation, parent=team))
    many = queries_for(client, count_queries, path)
    assert few == many
    if path == "/people":
        assert many <= 15


# Password reset ------------------------------------------------------------------------------

def test_password_reset_through_the_pages(app, client):
    user = UserFactory(email="forgetful@example.nhs.uk")
    db.session.commit()

    assert "Reset your password" in text_of(client.get("/password-reset"))
    response = client.post("/password-reset", data={"email": "Forgetful@example.nhs.uk"})
    assert response.status_code == 200
    assert "Check your e-mail" in text_of(response)
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.to_address == user.email
    link = re.search(r"http://academy\.test(/password-reset/\S+)", message.body_text).group(1)

    form = client.get(link)
    assert form.status_code == 200 and "Choose a new password" in text_of(form)

    html = text_of(client.post(link, data={"password": NEW_PASSWORD, "confirm": "something else"}))
    assert field_error(html, "confirm") == "The passwords do not match"
    html = text_of(client.post(link, data={"password": "too short", "confirm": "too short"}))
    assert error_summary(html) == [("#password", "Enter a password of at least 12 characters")]

    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and location_path(response) == "/login"
    assert "Your password has been changed" in text_of(client.get("/login"))
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    sign_in(client, user, NEW_PASSWORD)
    client.post("/logout")

    # The link works once.
    used = client.get(link)
    assert used.status_code == 410
    assert "This link is not valid" in text_of(used)
    assert client.post(link, data={"password": "another long password here",
                                   "confirm": "another long password here"}).status_code == 410
    sign_in(client, user, NEW_PASSWORD)


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(app, client):
    response = client.post("/password-reset", data={"email": "ghost@example.nhs.uk"})
    assert response.status_code == 200
    assert "Check your e-mail" in text_of(response)
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert client.get("/password-reset/not-a-real-token").status_code == 410
