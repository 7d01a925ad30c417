"""What keeps the platform safe to run: no page is cached, the public induction check hides the
name, links shown and mailed use the platform's own address, and reset links leave the outbox
once sent."""

from __future__ import annotations

from sqlalchemy import select

from academy.extensions import db
from academy.notifications.delivery import deliver_pending
from academy.notifications.email import LINK_REMOVED
from academy.notifications.models import OutboxMessage, OutboxStatus
from academy.people import services
from academy.people.roles import Role
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers
from tests.notifications.test_delivery import smtp  # noqa: F401  (the fixture)


def completed_induction():
    org = OrganisationFactory(name="Ridings Home Care")
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    learner = UserFactory(employer=org, given_name="Chloe", family_name="Taylor",
                          team=TeamFactory(organisation=org, manager=manager))
    assessor = UserFactory(employer=org, roles=[Role.ASSESSOR])
    helpers.programme(org)
    induction = helpers.complete(helpers.start(learner, manager, [assessor]), assessor)
    db.session.commit()
    return induction


def test_the_public_induction_check_does_not_name_the_person(app, client):
    induction = completed_induction()
    response = client.get(f"/induction/verify/{induction.certificate_code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "genuine" in html and "Ridings Home Care" in html
    assert "Chloe" not in html and "Taylor" not in html
    assert "does not show who it was issued to" in html


def test_no_page_is_cached_but_files_may_be(app, client):
    induction = completed_induction()
    for path in ["/login", f"/induction/verify/{induction.certificate_code}", "/verify",
                 "/verify/AAAA-BBBB-CCCC", "/password-reset/not-a-token", "/accessibility"]:
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    sign_in(client, induction.user)
    for path in ["/", "/me", "/passport"]:
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    with client.get("/static/academy.css") as stylesheet:
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")


def test_the_policy_lets_the_nhs_font_load(app, client):
    policy = client.get("/accessibility").headers["Content-Security-Policy"]
    font_src = next(part for part in policy.split(";") if part.strip().startswith("font-src"))
    assert "https://assets.nhs.uk" in font_src.split()


def test_the_passport_link_uses_the_platforms_address_not_the_requests_host(app, client):
    induction = completed_induction()
    sign_in(client, induction.user)
    page = client.post("/passport/links", data={"label": "A care home", "days": "7"},
                       headers={"Host": "evil.example"}).get_data(as_text=True)
    link = page[page.index('id="share-link">') + len('id="share-link">'):].split("<")[0]
    assert link.startswith("http://academy.test/passport/shared/")
    assert "evil.example" not in page


def test_a_reset_link_is_removed_from_the_outbox_once_sent(app, smtp):  # noqa: F811
    handler = smtp.start()
    person = UserFactory()
    token = services.request_password_reset(person.email, valid_hours=2)
    db.session.commit()
    waiting = db.session.scalars(select(OutboxMessage)).one()
    assert token in waiting.body_text  # until it is sent, the mail server has not got it

    assert deliver_pending(smtp.settings)["sent"] == 1
    [(_, _, mailed)] = handler.messages
    assert token in mailed.get_body(("plain",)).get_content()  # the person gets the link
    db.session.expire_all()
    kept = db.session.scalars(select(OutboxMessage)).one()
    assert kept.status == OutboxStatus.SENT
    assert token not in kept.body_text and token not in kept.body_html
    assert LINK_REMOVED in kept.body_text and LINK_REMOVED in kept.body_html
    assert "Reset your Academy password" == kept.subject
