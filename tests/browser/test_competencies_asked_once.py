"""Competencies asked once: the partnership's learning lead finds, removes and adds back the
Care Certificate standards that are the same as core skills (a refusal shown in place, the
list usable on a phone); a healthcare assistant answering this year's round is asked adult
safeguarding once, for both frameworks. Every page is checked with axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.journeys import sign_in, sign_out

ROUND = "District learning needs analysis 2026"


def fits_a_phone(page: Page, axe) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_load_state("load")
    try:  # the narrower layout, once the browser has drawn it
        page.wait_for_function("document.documentElement.scrollWidth <= 390", timeout=5000)
    except PlaywrightTimeout:
        pass
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_learning_lead_keeps_the_list_and_a_carer_is_asked_once(page: Page, axe, live_server):
    sign_in(page, axe, "partnershiplead@demo.academy")
    page.get_by_role("link", name="Learning needs", exact=True).first.click()
    axe(page)
    page.get_by_role("link", name="Competency frameworks", exact=True).click()
    axe(page)
    page.get_by_role("link", name="Competencies asked once").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Competencies asked once")
    axe(page)

    # The list is searched; on a phone it still fits the screen.
    page.get_by_label("Code, name or framework").fill("children")
    page.get_by_role("button", name="Search").click()
    rows = page.get_by_role("row").filter(has_text="CC-11 Safeguarding children")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("SGC-01 Safeguarding children")
    expect(page.get_by_role("row").filter(has_text="CC-10")).to_have_count(0)
    axe(page)
    fits_a_phone(page, axe)

    # Removing asks first.
    rows.get_by_role("link", name=re.compile("^Remove")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask CC-11 and SGC-01 separately?")
    axe(page)
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("status")).to_contain_text("will be asked separately")
    expect(page.get_by_role("row").filter(has_text="CC-11")).to_have_count(0)
    axe(page)

    # A competency cannot be the same as itself; the refusal is shown in place.
    page.get_by_role("link", name="Add competencies asked once").click()
    axe(page)
    fits_a_phone(page, axe)
    page.get_by_label("Competency", exact=True).select_option(
        label="Care Certificate standards: CC-11 Safeguarding children")
    page.get_by_label("Is the same as").select_option(
        label="Care Certificate standards: CC-11 Safeguarding children")
    page.get_by_role("button", name="Save").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("a competency cannot be mapped to itself")
    axe(page)
    page.get_by_label("Is the same as").select_option(label="Core skills: SGC-01 Safeguarding children")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("are now asked once")
    expect(page.get_by_role("row").filter(has_text="CC-11 Safeguarding children")).to_have_count(1)
    axe(page)
    sign_out(page, axe)

    # A healthcare assistant starts this year's round: adult safeguarding is asked once.
    sign_in(page, axe, "staff@demo.academy")
    page.get_by_role("link", name="Learning needs", exact=True).first.click()
    axe(page)
    page.get_by_role("link", name=ROUND).click()
    axe(page)
    page.get_by_role("button", name="Start now").click()
    axe(page)
    page.get_by_role("link", name="All sections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)
    axe(page)
    page.get_by_role("link", name="Safeguarding and safety (Care Certificate standards)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding and safety")
    question = page.locator(".academy-competency").filter(
        has=page.locator("[data-asked-once='CC-10']"))
    expect(question).to_contain_text("Asked once for Care Certificate standards and Core skills.")
    expect(question).to_contain_text("SG-01 Safeguarding adults in Core skills")
    axe(page)
    question.get_by_role("group", name="Your current level in Adult safeguarding").get_by_label(
        "3 Proficient").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers have been saved")
    expect(page.get_by_text(re.compile(r"^You have rated 1 of"))).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Safeguarding (Core skills)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding")
    expect(page.get_by_role("group", name="Your current level in Safeguarding adults")).to_have_count(0)
    expect(page.get_by_role("group", name="Your current level in Preventing radicalisation")).to_be_visible()
    axe(page)
    sign_out(page, axe)
