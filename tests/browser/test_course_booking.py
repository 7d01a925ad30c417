"""A member of staff finds a course by search and filter and books it, joins the waiting list of a
full session, is promoted when someone cancels, and sees both in My learning."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.journeys import sign_in, sign_out


def find(page: Page, axe, words: str, category: str | None = None) -> None:
    page.goto("/courses")
    axe(page)
    page.get_by_label("Search courses").fill(words)
    if category:
        page.get_by_label("Category").select_option(label=category)
    page.get_by_role("button", name="Search").click()
    axe(page)


def test_staff_search_book_wait_and_get_promoted(page: Page, axe, live_server):
    sign_in(page, axe, "staff@demo.academy")

    # Search and filter, then book a date with places left.
    find(page, axe, "shared care record", category="Digital skills")
    expect(page.get_by_role("heading", name="1 course")).to_be_visible()
    page.get_by_role("link", name="Using the shared care record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Using the shared care record")
    axe(page)
    # The second date: the first is at the same time as the menopause session waited for next,
    # and a place that would clash with a booking is never given from the waiting list.
    page.get_by_role("link", name=re.compile(r"^Book for ")).nth(1).click()
    axe(page)
    page.get_by_role("button", name="Book a place").click()
    axe(page)
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("status")).to_contain_text("You are booked")
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    axe(page)
    booked = page.get_by_role("table", name="Sessions you are booked on")
    expect(booked).to_contain_text("Using the shared care record")

    # A full session: join the waiting list.
    find(page, axe, "menopause")
    page.get_by_role("link", name="Menopause awareness").click()
    axe(page)
    page.get_by_role("link", name=re.compile(r"^Join the waiting list for ")).first.click()
    axe(page)
    expect(page.get_by_text("This session is full")).to_be_visible()
    page.get_by_role("button", name="Join the waiting list").click()
    axe(page)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("status")).to_contain_text("on the waiting list")
    axe(page)
    waiting = page.get_by_role("table", name="Sessions you are waiting for")
    expect(waiting).to_contain_text("Menopause awareness")
    expect(waiting).to_contain_text("Number 1 in line")
    sign_out(page, axe)

    # Someone with a place cancels.
    sign_in(page, axe, "partnershiplead@demo.academy")
    page.goto("/my-learning")
    axe(page)
    page.get_by_role("table", name="Sessions you are booked on").get_by_role(
        "link", name="Menopause awareness", exact=True).click()
    axe(page)
    page.get_by_role("link", name="Cancel my place").click()
    axe(page)
    page.get_by_label("Reason (optional)").fill("Clinic moved to that afternoon")
    page.get_by_role("button", name="Yes, cancel").click()
    expect(page.get_by_role("status")).to_contain_text("Cancelled")
    axe(page)
    sign_out(page, axe)

    # The first in line has the place, and is told.
    sign_in(page, axe, "staff@demo.academy")
    page.goto("/my-learning")
    axe(page)
    expect(page.get_by_role("table", name="Sessions you are booked on")).to_contain_text(
        "Menopause awareness")
    expect(page.get_by_role("table", name="Sessions you are waiting for")).not_to_contain_text(
        "Menopause awareness")
    page.goto("/notices/")
    axe(page)
    expect(page.get_by_text(re.compile("A place came free and it is yours: Menopause awareness"))).to_be_visible()
