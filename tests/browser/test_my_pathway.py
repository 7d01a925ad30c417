"""A member of staff sets a target role, sees their pathway and suggestions with reasons, dismisses one."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from academy.extensions import db
from academy.recommender.services import train
from academy.timekeeping import utcnow
from tests.browser.journeys import sign_in


def test_set_a_target_see_the_pathway_and_dismiss_a_suggestion(page: Page, axe, live_server):
    with live_server.app.app_context():
        train(live_server.app.config["MODEL_FOLDER"], utcnow())
        db.session.remove()
    sign_in(page, axe, "staff@demo.academy")

    page.get_by_role("link", name="Career pathways").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career pathways")
    axe(page)
    page.get_by_role("link", name="Care worker to registered manager").click()
    axe(page)
    page.get_by_label("Your target role").select_option(label="Senior care worker")
    page.get_by_role("button", name="Set as my target").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My pathway")
    expect(page.get_by_text("Toward Senior care worker")).to_be_visible()
    expect(page.get_by_text("Care Certificate workshop: your role and duty of care").first).to_be_visible()
    axe(page)

    suggestions = page.locator(".academy-suggestion")
    expect(suggestions.first).to_be_visible()
    first_title = suggestions.first.get_by_role("link").inner_text()
    reason = suggestions.first.locator(".academy-secondary").inner_text()
    assert reason.strip()
    expect(page.locator(".academy-suggestion", has_text="Needed for Senior care worker, your target")).not_to_have_count(0)

    suggestions.first.get_by_role("button", name=re.compile("^Not for me")).click()
    expect(page.get_by_text(f"We will not suggest {first_title} again.")).to_be_visible()
    expect(page.locator(".academy-suggestion").get_by_role("link", name=first_title, exact=True)).to_have_count(0)
    axe(page)
