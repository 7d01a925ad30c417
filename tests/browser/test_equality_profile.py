"""A member of staff answers equality monitoring questions, sees the answers, and withdraws them."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.extensions import db
from academy.people.demo import DEMO_PASSWORD
from academy.people.models import EqualityProfile, User

EMAIL = "staff@demo.academy"
CARER = "Do you look after, or give help or support to, someone because of illness, disability or age?"
ORIENTATION = "Sexual orientation"


def stored_profile(live_server) -> EqualityProfile | None:
    with live_server.app.app_context():
        profile = db.session.scalar(
            select(EqualityProfile).join(User, EqualityProfile.user_id == User.id)
            .where(User.email == EMAIL)
        )
        if profile is not None:
            db.session.expunge(profile)
        db.session.remove()
    return profile


def answer_shown(page: Page, question: str):
    key = page.locator(".nhsuk-summary-list__key").filter(
        has_text=re.compile(rf"^\s*{re.escape(question)}\s*$")
    )
    row = page.locator(".nhsuk-summary-list__row").filter(has=key)
    return row.locator(".nhsuk-summary-list__value")


def test_staff_answer_review_and_withdraw_their_equality_answers(page: Page, axe, live_server):
    page.goto("/login")
    axe(page)
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Aisha")
    axe(page)

    page.get_by_role("link", name="Aisha Hussain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    axe(page)
    page.get_by_role("link", name="Your equality monitoring answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your equality monitoring answers")
    axe(page)

    page.get_by_role("group", name=CARER, exact=True).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name=ORIENTATION, exact=True).get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Save answers").click()

    expect(page.get_by_role("status")).to_contain_text("Your equality answers have been saved.")
    expect(page.get_by_role("heading", name="What you have told us")).to_be_visible()
    expect(answer_shown(page, CARER)).to_have_text("Yes")
    expect(answer_shown(page, ORIENTATION)).to_have_text("Prefer not to say")
    expect(answer_shown(page, "Ethnic group")).to_have_text("Not answered")
    # The form shows the saved answers, ready to change.
    expect(page.get_by_role("group", name=CARER, exact=True).get_by_label("Yes", exact=True)).to_be_checked()
    expect(page.get_by_role("group", name=ORIENTATION, exact=True).get_by_label("Prefer not to say")).to_be_checked()
    axe(page)
    profile = stored_profile(live_server)
    assert (profile.carer, profile.sexual_orientation, profile.ethnicity) == (
        "yes", "prefer_not_to_say", None,
    )

    page.get_by_role("link", name="Delete all your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your equality answers?")
    axe(page)
    page.get_by_role("button", name="Delete my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your equality monitoring answers")
    expect(page.get_by_role("status")).to_contain_text("Your equality answers have been deleted.")
    expect(page.get_by_text("You have not answered these questions.")).to_be_visible()
    expect(page.get_by_role("heading", name="What you have told us")).to_have_count(0)
    expect(page.locator(".nhsuk-summary-list")).to_have_count(0)
    expect(page.get_by_role("group", name=CARER, exact=True).get_by_label("Yes", exact=True)).not_to_be_checked()
    expect(page.get_by_role("group", name=ORIENTATION, exact=True).get_by_label("Prefer not to say")).not_to_be_checked()
    axe(page)
    assert stored_profile(live_server) is None


def test_cancelling_the_withdrawal_keeps_the_answers(page: Page, axe, live_server):
    page.goto("/login")
    axe(page)
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Aisha")
    axe(page)

    page.goto("/me/equality")
    axe(page)
    page.get_by_role("group", name="Sex", exact=True).get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Save answers").click()
    expect(answer_shown(page, "Sex")).to_have_text("Prefer not to say")
    axe(page)

    page.get_by_role("link", name="Delete all your answers").click()
    axe(page)
    page.get_by_role("link", name="Cancel").click()

    expect(answer_shown(page, "Sex")).to_have_text("Prefer not to say")
    axe(page)
    assert stored_profile(live_server).sex == "prefer_not_to_say"
