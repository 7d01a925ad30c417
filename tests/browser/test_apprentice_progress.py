"""An apprenticeship coordinator adds an apprentice who started months ago and sees them red;
logs their off-the-job training and a three-way progress review, and sees them turn green."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.extensions import db
from academy.people.models import Organisation, User
from academy.talent.apprenticeships.models import Apprentice, ApprenticeshipStandard
from academy.timekeeping import today
from tests.browser.journeys import sign_in

COORDINATOR = "apprenticeships@demo.academy"


def someone_at_the_trust_not_on_an_apprenticeship(live_server) -> str:
    with live_server.app.app_context():
        email = db.session.scalar(
            select(User.email).join(Organisation, Organisation.id == User.employer_id)
            .where(Organisation.short_name == "MYTT", User.email.like("%@staff.demo.academy"),
                   User.id.not_in(select(Apprentice.user_id)))
            .order_by(User.id))
        db.session.remove()
    return email


def published_minimum(live_server, reference: str, hours: int | None) -> int | None:
    """Give a standard its published off-the-job minimum, as the official list would; returns
    the figure it had."""
    with live_server.app.app_context():
        standard = db.session.scalar(select(ApprenticeshipStandard).where(
            ApprenticeshipStandard.reference == reference))
        before, standard.min_off_the_job_hours = standard.min_off_the_job_hours, hours
        db.session.commit()
        db.session.remove()
    return before


@pytest.fixture
def hcsw_minimum(live_server):
    before = published_minimum(live_server, "ST0216", 187)
    yield
    published_minimum(live_server, "ST0216", before)


def test_logging_hours_and_a_review_turns_an_apprentice_from_red_to_green(page: Page, axe,
                                                                          live_server,
                                                                          hcsw_minimum):
    email = someone_at_the_trust_not_on_an_apprenticeship(live_server)
    started = today() - timedelta(days=150)
    sign_in(page, axe, COORDINATOR)
    expect(page.get_by_role("region", name="Apprenticeships")).to_contain_text("at risk")

    page.get_by_role("link", name="Apprenticeships overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apprenticeships")
    axe(page)
    page.get_by_role("link", name="Add an apprentice").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an apprentice")
    axe(page)

    page.get_by_label("The apprentice's e-mail address or employee number").fill(email)
    page.get_by_label("Standard", exact=True).select_option(label="Healthcare support worker (level 2, ST0216)")
    page.get_by_label("Training provider").fill("Wakefield College")
    page.get_by_label("Provider's UKPRN").fill("10007299")
    page.get_by_label("Assessment organisation").fill("Highfield Assessment")
    page.get_by_label("Start date").fill(started.isoformat())
    page.get_by_label("Planned end date").fill((started + timedelta(days=455)).isoformat())
    page.get_by_label("Agreed price for training (£)").fill("2700")
    page.get_by_label("Agreed price for assessment (£)").fill("300")
    page.get_by_label("Own levy funds").check()
    page.get_by_role("button", name="Add apprentice").click()

    expect(page.get_by_role("status")).to_contain_text("is registered as an apprentice")
    expect(page.locator("main .nhsuk-tag--red")).to_have_text("Red")
    expect(page.get_by_text("Progress review overdue")).to_be_visible()
    expect(page.get_by_text("Off-the-job training behind plan")).to_be_visible()
    axe(page)
    apprentice_page = page.url

    page.get_by_role("link", name="Log off-the-job training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Off-the-job training")
    axe(page)
    for days_ago, hours in ((30, "40"), (2, "40")):
        page.get_by_label("Date").fill((today() - timedelta(days=days_ago)).isoformat())
        page.get_by_label("Hours").fill(hours)
        page.get_by_label("What you did").fill("Taught session and care skills workshop")
        page.get_by_role("button", name="Log hours").click()
        expect(page.get_by_role("status")).to_contain_text(f"{hours} hours of off-the-job training logged")
        axe(page)
    expect(page.get_by_role("table")).to_contain_text("Taught session")

    page.goto(apprentice_page)
    axe(page)
    page.get_by_role("link", name="Record a progress review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a progress review")
    axe(page)
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe(page)
    page.get_by_label("Date of the review").fill(today().isoformat())
    page.get_by_label("Employer's representative").fill("Rebecca Hall")
    page.get_by_label("Provider's representative").fill("Kwame Mensah")
    page.get_by_label("Actions agreed").fill("Complete the next care skills module")
    for who in ("The apprentice", "The employer", "The training provider"):
        page.get_by_label(who).check()
    page.get_by_role("button", name="Record review").click()

    expect(page.get_by_role("status")).to_contain_text("The progress review has been recorded")
    expect(page.locator("main .nhsuk-tag--green")).to_have_text("Green")
    expect(page.get_by_text("Progress review overdue")).to_have_count(0)
    axe(page)
