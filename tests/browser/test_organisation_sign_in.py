"""An administrator sets up their organisation's identity provider; a member of staff then signs
in through it (a real OpenID Connect provider, oidc-provider run by Node), and someone the
organisation never provisioned is told who to ask."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.extensions import db
from academy.people.models import Organisation, User
from tests import factories
from tests.browser.journeys import sign_in, sign_out
from tests.people.oidc.provider import (
    ACCOUNTS,
    CLIENT_ID,
    CLIENT_SECRET,
    SECRET_ENV,
    running_provider,
)

TRUST = "Mid Yorkshire Teaching NHS Trust"


@pytest.fixture(scope="module")
def oidc(live_server):
    callbacks = [f"{live_server.url}/login/organisation/{n}/callback" for n in range(1, 4)]
    with running_provider(callbacks) as provider:
        yield provider


@pytest.fixture
def trust_id(live_server, oidc, monkeypatch) -> int:
    """The trust, with Alice provisioned there (as an HR file or an administrator would)."""
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    with live_server.app.app_context():
        trust = db.session.scalar(select(Organisation).where(Organisation.name == TRUST))
        if db.session.scalar(select(User).where(User.email == ACCOUNTS["alice"]["email"])) is None:
            factories.UserFactory(employer=trust, email=ACCOUNTS["alice"]["email"],
                                  given_name="Alice", family_name="Starter")
            db.session.commit()
        trust_id = trust.id
        db.session.remove()
    return trust_id


def test_staff_sign_in_through_the_identity_provider_their_administrator_set_up(
    page: Page, axe, live_server, oidc, trust_id,
):
    sign_in(page, axe, "admin@demo.academy")
    page.goto(f"/organisations/{trust_id}")
    axe(page)
    page.get_by_role("link", name=f"Sign-in settings for {TRUST}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sign-in for {TRUST}")
    axe(page)
    page.get_by_label("Name people know it by").fill("Trust account")
    page.get_by_label("Issuer").fill(oidc.issuer)
    page.get_by_label("Client ID").fill(CLIENT_ID)
    page.get_by_label("Environment variable holding the client secret").fill(SECRET_ENV)
    page.get_by_role("button", name="Save sign-in settings").click()
    expect(page.get_by_role("status")).to_contain_text(f"Sign-in for {TRUST} has been saved.")
    expect(page.get_by_text("The client secret is set on this server.")).to_be_visible()
    axe(page)
    sign_out(page, axe)

    page.get_by_role("button", name=f"{TRUST}: sign in with Trust account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
    axe(page)
    page.get_by_role("button", name=f"Sign in as {ACCOUNTS['alice']['email']}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice")
    expect(page.get_by_role("status")).to_contain_text("You have signed in with your Trust account account.")
    assert page.url == f"{live_server.url}/"
    axe(page)
    sign_out(page, axe)

    # Someone the trust never gave an account, on another computer (the provider does not know
    # them yet): a clear page, and still signed out.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # By keyboard alone: the organisation's button is reached with Tab and pressed with Enter.
    button = page.get_by_role("button", name=f"{TRUST}: sign in with Trust account")
    for _ in range(40):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
    axe(page)
    page.get_by_role("button", name=f"Sign in as {ACCOUNTS['nadia']['email']}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "There is no Academy account for you in this organisation")
    expect(page.get_by_text(ACCOUNTS["nadia"]["email"])).to_be_visible()
    expect(page.get_by_role("heading", name="Who to ask")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    axe(page)
    page.get_by_role("link", name="Back to the sign-in page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the Academy")
    axe(page)
