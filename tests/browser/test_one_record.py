"""One record of what each person holds: the new starter's My learning, induction and passport
tell the same story; the healthcare assistant is never told to do what she holds or has booked."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.courses.models import Course
from academy.extensions import db
from academy.holdings import queries as holdings_queries
from academy.people.models import User
from academy.recommender.services import train
from academy.timekeeping import today, utcnow
from tests.browser.journeys import sign_in

IN_DATE = {"Compliant", "Due for renewal"}
DONE = {"Signed off", "Recognised"}


def rows(page: Page, table) -> list[list[str]]:
    return [[cell.strip() for cell in row]
            for row in table.locator("tbody tr").evaluate_all(
                "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText))")]


def key(title: str) -> str:
    """'Fire Safety (Level 1)' and 'Fire Safety, Level 1' name the same subject."""
    match = re.fullmatch(r"(.+) \((.+)\)", title)
    return f"{match[1]}, {match[2]}" if match and not title.startswith("Standard") else title


def test_the_new_starter_sees_the_same_status_everywhere(page: Page, axe, live_server):
    sign_in(page, axe, "newstarter@demo.academy")

    page.goto("/my-learning")
    axe(page)
    mandatory = page.locator("table", has=page.get_by_text("Your mandatory subjects"))
    learning = {r[0].splitlines()[0]: r[1].splitlines()[0] for r in rows(page, mandatory)}
    standards = {k for k in learning if k.startswith("Standard ")}
    assert len(standards) == 16

    page.get_by_role("link", name="Induction", exact=True).first.click()
    axe(page)
    page.get_by_role("link", name="See your whole induction").click()
    axe(page)
    items = {}
    for title, _evidence, _due, status in rows(page, page.locator("table").first):
        items[key(title.splitlines()[0])] = status.splitlines()[0].replace("Overdue", "").strip()

    page.goto("/passport")
    axe(page)
    passport_standards = {r[0] for r in rows(page, page.locator("table", has_text="of 16 standards"))}
    passport_skills = {r[0]: not r[4].startswith("Expired")
                       for r in rows(page, page.locator("table", has_text="in date"))}

    for standard in standards:
        held = learning[standard] in IN_DATE
        assert held == (items[standard] in DONE) == (standard in passport_standards), standard
    skills = [k for k in items if not k.startswith("Standard ") and k in passport_skills | learning]
    assert skills, items
    for skill in skills:
        done = items[skill] in DONE
        assert done == passport_skills.get(skill, False), skill
        if skill in learning:
            assert done == (learning[skill] in IN_DATE), skill


def test_the_healthcare_assistant_is_not_told_to_do_what_she_holds_or_has_booked(
        page: Page, axe, live_server):
    with live_server.app.app_context():
        train(live_server.app.config["MODEL_FOLDER"], utcnow())
        aisha = db.session.scalar(select(User).where(User.email == "staff@demo.academy"))
        held = holdings_queries.held_courses([aisha.id], today()).get(aisha.id, set())
        in_hand = holdings_queries.courses_in_hand([aisha.id]).get(aisha.id, {})
        settled = {c.title for c in db.session.scalars(
            select(Course).where(Course.id.in_(held | set(in_hand))))}
        db.session.remove()
    assert settled
    sign_in(page, axe, "staff@demo.academy")
    page.goto("/pathways")
    axe(page)
    page.get_by_role("link", name="Care worker to registered manager").click()
    axe(page)
    page.get_by_label("Your target role").select_option(label="Registered manager")
    page.get_by_role("button", name="Set as my target").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My pathway")
    axe(page)

    to_do = page.locator("li", has=page.locator(".nhsuk-tag", has_text="To do"))
    told = {t.strip() for t in to_do.locator("a").all_inner_texts()}
    assert not told & settled, told & settled
    suggested = {t.strip() for t in page.locator(".academy-suggestion a").all_inner_texts()}
    assert suggested and not suggested & settled, suggested & settled
