"""Signing in and out in a real browser, for every demo sign-in, with the keyboard alone too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.extensions import db
from academy.home.panels import PANEL_BUILDERS, panels_for
from academy.people.demo import DEMO_PASSWORD, DEMO_SIGN_INS
from academy.people.models import User
from academy.people.roles import Role

SIGN_IN_HEADING = "Sign in to the Academy"


def expected_panels(live_server, email: str) -> dict[Role, str]:
    """The panels the home page should show this person, in order: role -> heading."""
    app = live_server.app
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        panels = {panel.role: panel.heading for panel in panels_for(user)}
        db.session.remove()
    return panels


def fill_sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize(
    ("email", "given", "roles"),
    [pytest.param(email, given, roles, id=email.split("@")[0])
     for email, given, _, _, _, roles in DEMO_SIGN_INS],
)
def test_each_demo_sign_in_reaches_their_home_page_and_signs_out(
    page: Page, axe, live_server, email, given, roles,
):
    page.goto("/login")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    axe(page)

    fill_sign_in(page, email, DEMO_PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {given}")
    assert page.url == f"{live_server.url}/"
    panels = expected_panels(live_server, email)
    # The role's own panel first, where the role has one, and always the person's own learning.
    role = roles[0][0] if roles else Role.STAFF
    if role in PANEL_BUILDERS:
        assert next(iter(panels)) == role
    assert panels[Role.STAFF] == "My learning and actions"
    expect(page.locator("main section.academy-panel h2")).to_have_text(list(panels.values()))
    for heading in panels.values():
        expect(page.get_by_role("region", name=heading)).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    axe(page)


def test_a_wrong_password_is_summarised_and_shown_beside_the_field(page: Page, axe):
    page.goto("/login")
    axe(page)

    fill_sign_in(page, "staff@demo.academy", "not-the-password")

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    message = "Enter a correct e-mail address and password"
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#password")
    # The NHS.UK error summary takes focus so a screen reader announces it at once.
    expect(summary).to_be_focused()
    in_place = page.locator(".nhsuk-form-group--error").filter(has=page.locator("#password"))
    error = in_place.locator(".nhsuk-error-message")
    expect(error).to_contain_text(message)
    # The field names its error, so a screen reader reads it with the field.
    expect(page.locator("#password")).to_have_attribute("aria-describedby", error.get_attribute("id"))
    expect(page).to_have_title("Error: Sign in – Wakefield Health and Social Care Academy")
    # The e-mail address is kept, the password is not.
    expect(page.get_by_label("E-mail address")).to_have_value("staff@demo.academy")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    axe(page)

    summary.get_by_role("link", name=message).click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()


def test_signing_in_with_the_keyboard_alone(page: Page, axe):
    page.goto("/login")
    axe(page)

    # The first stop lets a keyboard user skip the header.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    for _ in range(30):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == "email":
            break
        page.keyboard.press("Tab")
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.keyboard.type("manager@demo.academy")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Rebecca")
    axe(page)
