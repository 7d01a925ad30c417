"""A learning lead on a phone drills down from the partnership's compliance to one trust, one of
its teams and the people in it, then to the people overdue, filtered; the page never scrolls
sideways and each person's name stays in view."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.journeys import sign_in

LEAD = "partnershiplead@demo.academy"
TRUST = "Mid Yorkshire Teaching NHS Trust"


def fits(page: Page) -> None:
    page.wait_for_load_state("load")  # styles and scripts in place, as the person sees it
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide"


def test_a_lead_drills_down_to_the_people_overdue_at_390px(page: Page, axe, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, axe, LEAD)
    page.goto("/compliance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mandatory training compliance")
    expect(page.get_by_role("link", name="CSV")).to_be_visible()
    fits(page)
    axe(page)

    page.get_by_role("link", name=TRUST).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Mandatory training compliance: {TRUST}")
    fits(page)
    axe(page)
    team_link = page.locator("table tbody th a").first
    team = team_link.inner_text()
    team_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Mandatory training compliance: {team}")
    people = page.locator(".academy-person-compliance h2 a")
    expect(people.first).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ subjects? expired or never done")).first).to_be_visible()
    fits(page)
    axe(page)

    # Only those with something expired or never done, chosen by keyboard.
    page.get_by_label("Status").focus()
    page.get_by_label("Status").select_option(label="Expired or never done")
    page.get_by_role("button", name="Show").press("Enter")
    expect(page).to_have_url(re.compile(r"status=overdue"))
    fits(page)
    axe(page)

    page.get_by_role("link", name=TRUST).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Mandatory training compliance: {TRUST}")
    axe(page)
    page.get_by_role("link", name=re.compile(r"everyone at .* with training expired")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People with mandatory training overdue")
    axe(page)
    expect(page.get_by_label("Organisation")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Status").select_option(label="Expired")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".academy-person-compliance").first).to_contain_text("Expired")
    name = page.locator(".academy-person-compliance h2 a").first
    name.scroll_into_view_if_needed()
    box = name.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    fits(page)
    axe(page)
