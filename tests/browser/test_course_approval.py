"""A manager approves a training request from the queue; the member of staff is booked."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.journeys import sign_in, sign_out

COURSE = "Nursing associate: preparing for the apprenticeship"


def test_manager_approves_a_request_and_the_person_is_booked(page: Page, axe, live_server):
    sign_in(page, axe, "manager@demo.academy")
    expect(page.get_by_role("link", name="3 training requests to approve")).to_be_visible()
    page.get_by_role("link", name="3 training requests to approve").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training requests to approve")
    axe(page)
    page.get_by_role("button", name=f"Approve Aisha Hussain for {COURSE}").click()
    expect(page.get_by_role("status")).to_contain_text("Approved: Aisha Hussain is booked.")
    axe(page)
    expect(page.get_by_role("button", name=f"Approve Aisha Hussain for {COURSE}")).to_have_count(0)

    page.get_by_role("link", name="Your team's mandatory training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team's mandatory training")
    axe(page)
    sign_out(page, axe)

    sign_in(page, axe, "staff@demo.academy")
    page.goto("/my-learning")
    axe(page)
    expect(page.get_by_role("table", name="Sessions you are booked on")).to_contain_text(COURSE)
