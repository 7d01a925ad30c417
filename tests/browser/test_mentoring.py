"""Reciprocal mentoring, end to end: two people apply; the coordinator matches, locks a pair,
re-runs and publishes; both partners accept and one logs a meeting. Every page passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.journeys import sign_in, sign_out

PARTNER = ("staff@demo.academy", "Aisha Hussain")
LEADER = ("coach@demo.academy", "Priya Patel")
COORDINATOR = "mentoring@demo.academy"
GOALS = ("Leading change", "Understanding lived experience")
TEXT = "Community health, dementia care and fairer recruitment in Wakefield"


def apply(page: Page, axe, side: str, capacity: str | None = None) -> None:
    page.get_by_role("link", name="Mentoring", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring")
    axe(page)
    page.get_by_role("button", name=re.compile(r"^Apply to Wakefield Reciprocal")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply")
    axe(page)
    page.get_by_role("button", name="Send application").click()  # nothing filled in yet
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe(page)
    page.get_by_label(side, exact=True).check()
    page.get_by_label("I confirm that I am eligible for the side I have chosen").check()
    for goal in GOALS:
        page.get_by_label(goal, exact=True).check()
    page.get_by_label("Your interests").fill(TEXT)
    page.get_by_label("What you hope to give your partner").fill(TEXT)
    page.get_by_label("What you hope to gain").fill(TEXT)
    for slot in ("Monday morning", "Tuesday afternoon", "Thursday morning"):
        page.get_by_label(slot, exact=True).check()
    page.get_by_label("Either", exact=True).check()
    if capacity:
        page.get_by_label("How many partners could you take on? (senior side only)").select_option(capacity)
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("status")).to_contain_text("your application has been received")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application")
    axe(page)


def test_two_apply_the_coordinator_matches_locks_reruns_publishes_and_a_partner_meets(
    page: Page, axe, live_server
):
    # Two people apply, one on each side.
    sign_in(page, axe, PARTNER[0])
    apply(page, axe, "Partner from an under-represented group")
    sign_out(page, axe)
    sign_in(page, axe, LEADER[0])
    apply(page, axe, "Senior leader", capacity="2")
    sign_out(page, axe)

    # The coordinator closes applications and runs matching.
    sign_in(page, axe, COORDINATOR)
    page.get_by_role("link", name="Mentoring", exact=True).click()
    axe(page)
    page.get_by_role("link", name="Wakefield Reciprocal Mentoring Programme: Cohort 3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohort 3")
    axe(page)
    page.get_by_role("button", name="Close applications").click()
    # Before the advertised closing date, the coordinator is asked to confirm first.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Close applications before")
    axe(page)
    page.get_by_role("button", name="Close applications now").click()
    expect(page.get_by_role("status")).to_contain_text("The cohort is now matching")
    axe(page)
    page.get_by_role("button", name="Run matching again").click()
    expect(page.get_by_role("status")).to_contain_text("pairs proposed")
    expect(page.get_by_role("heading", level=2, name="How good this matching is")).to_be_visible()
    axe(page)

    # Review Aisha's pair and lock her with Priya.
    page.get_by_label("Name").fill("Aisha")
    page.get_by_role("button", name="Filter").click()
    axe(page)
    page.get_by_role("link", name=re.compile(r"why Aisha Hussain and")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aisha Hussain and")
    expect(page.get_by_role("table", name=re.compile("How the score of"))).to_contain_text("Shared goals")
    axe(page)
    if "Priya Patel" in page.get_by_role("heading", level=1).inner_text():
        page.get_by_role("button", name="Lock this pair", exact=True).click()
    else:
        page.get_by_role("button", name="Lock this pair instead Aisha Hussain with Priya Patel").click()
    expect(page.get_by_role("status")).to_contain_text("Aisha Hussain and Priya Patel are locked")
    axe(page)

    # Re-run for the rest: the locked pair stays.
    page.get_by_role("link", name=re.compile("^Matching run of")).click()
    axe(page)
    page.get_by_role("button", name="Re-run for the rest").click()
    expect(page.get_by_role("status")).to_contain_text("pairs proposed")
    axe(page)
    page.get_by_label("Locked pairs only").check()
    page.get_by_role("button", name="Filter").click()
    axe(page)
    pairs = page.get_by_role("table", name=re.compile("proposed pair"))
    expect(pairs).to_contain_text("Aisha Hussain")
    expect(pairs).to_contain_text("Priya Patel")
    expect(pairs.get_by_text("Locked", exact=True)).to_be_visible()

    # Publish: both are told.
    page.get_by_role("button", name="Publish these pairs").click()
    axe(page)
    page.get_by_role("button", name="Publish pairs").click()
    expect(page.get_by_role("status")).to_contain_text("both partners of each pair have been told")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnerships")
    axe(page)
    sign_out(page, axe)

    # The senior leader accepts first.
    sign_in(page, axe, LEADER[0])
    page.get_by_role("link", name=f"Accept your mentoring match with {PARTNER[1]}, or ask to be re-matched").click()
    axe(page)
    page.get_by_role("button", name="Accept the match").click()
    expect(page.get_by_role("status")).to_contain_text("You have accepted the match")
    axe(page)
    sign_out(page, axe)

    # The partner accepts and logs their first meeting, with a private note.
    sign_in(page, axe, PARTNER[0])
    page.get_by_role("link", name=f"Accept your mentoring match with {LEADER[1]}, or ask to be re-matched").click()
    expect(page.get_by_role("table", name="How the score adds up")).to_be_attached()
    axe(page)
    page.get_by_role("button", name="Accept the match").click()
    expect(page.get_by_role("status")).to_contain_text("your partnership is under way")
    axe(page)
    page.get_by_role("button", name="Log a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a meeting")
    axe(page)
    page.get_by_label("Video call").check()
    page.get_by_label("Length in minutes").fill("45")
    page.get_by_label("Your private note (optional)").fill("Talked about the band 5 interview.")
    page.get_by_role("button", name="Log meeting").click()
    expect(page.get_by_role("status")).to_contain_text("Your meeting has been logged")
    meetings = page.get_by_role("table", name=re.compile("1 meeting"))
    expect(meetings).to_contain_text("45 minutes")
    expect(meetings).to_contain_text("Talked about the band 5 interview.")
    axe(page)
