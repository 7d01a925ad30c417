"""A partnership administrator sets up a new partner in the browser: the organisation, a site,
a team under another team and a job role, then renames the team and moves it under another."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.extensions import db
from academy.people.models import JobRole, Organisation, Team
from tests.browser.journeys import sign_in

ADMIN = "admin@demo.academy"


def add_team(page: Page, axe, name: str, part_of: str | None = None) -> None:
    page.get_by_role("link", name="Add a team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Add a team to Calder Valley Care Homes Ltd")
    axe(page)
    page.get_by_label("Team name").fill(name)
    if part_of:
        page.get_by_label("Part of").select_option(label=part_of)
    page.get_by_role("button", name="Add team").click()
    expect(page.get_by_role("status")).to_contain_text(f"{name} has been added.")
    axe(page)


def test_an_administrator_sets_up_a_partner_and_reshapes_its_teams(page: Page, axe, live_server):
    sign_in(page, axe, ADMIN)
    page.goto("/organisations")
    axe(page)
    page.get_by_role("link", name="Add an organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
    axe(page)

    # A care provider's code is its CQC location ID: a wrong shape is refused in place.
    page.get_by_label("Name", exact=True).fill("Calder Valley Care Homes Ltd")
    page.get_by_label("Short name").fill("Calder Valley")
    page.get_by_label("Type").select_option(label="Care provider")
    page.get_by_label("ODS code or CQC location ID").fill("RXF")
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("alert")).to_contain_text("A CQC location ID is 1- and 9 to 11 numbers")
    axe(page)
    page.get_by_role("link", name="A CQC location ID is 1- and 9 to 11 numbers").click()
    expect(page.get_by_label("ODS code or CQC location ID")).to_be_focused()
    page.get_by_label("ODS code or CQC location ID").fill("1-123456789")
    page.get_by_role("button", name="Add organisation").click()

    expect(page.get_by_role("status")).to_contain_text("Calder Valley Care Homes Ltd has been added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Calder Valley Care Homes Ltd")
    expect(page.get_by_text("No sites recorded.")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Add a site").click()
    axe(page)
    page.get_by_label("Site name").fill("Calder View, Horbury")
    page.get_by_label("Postcode").fill("wf46aa")
    page.get_by_role("button", name="Add site").click()
    expect(page.get_by_text("Calder View, Horbury, WF4 6AA")).to_be_visible()
    axe(page)

    add_team(page, axe, "Nursing")
    add_team(page, axe, "Residential care")
    add_team(page, axe, "Night staff", part_of="Nursing")
    teams = page.get_by_role("table", name="Teams, in tree order")
    expect(teams.get_by_role("row").nth(2)).to_contain_text("Night staff")  # beneath Nursing

    # A job role for the whole partnership.
    page.goto("/organisations")
    axe(page)
    page.get_by_role("link", name="Job roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Job roles")
    axe(page)
    page.get_by_role("link", name="Add a job role").click()
    axe(page)
    page.get_by_label("Job title").fill("Night care assistant")
    page.get_by_label("Sector").select_option(label="Social care")
    page.get_by_label("Staff group").fill("Care providing roles")
    page.get_by_label("Care role category").fill("Care worker")
    page.get_by_role("button", name="Add job role").click()
    expect(page.get_by_role("status")).to_contain_text("Night care assistant (Care worker) has been added.")
    axe(page)
    page.get_by_label("Job title or staff group").fill("night care")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row").filter(has_text="Night care assistant")).to_contain_text(
        "Care providing roles")
    axe(page)

    # Rename the night staff and move them under residential care.
    page.goto("/organisations")
    axe(page)
    page.get_by_role("link", name="Calder Valley Care Homes Ltd").click()
    axe(page)
    page.get_by_role("link", name="Change Night staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Night staff")
    axe(page)
    page.get_by_label("Team name").fill("Night care")
    page.get_by_label("Part of").select_option(label="Residential care")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Night care has been saved.")
    rows = page.get_by_role("table", name="Teams, in tree order").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Nursing")
    expect(rows.nth(2)).to_contain_text("Residential care")
    expect(rows.nth(3)).to_contain_text("Night care")
    axe(page)

    with live_server.app.app_context():
        organisation = db.session.scalar(select(Organisation).where(
            Organisation.code == "1-123456789"))
        night = db.session.scalar(select(Team).where(Team.organisation_id == organisation.id,
                                                     Team.name == "Night care"))
        assert night.parent.name == "Residential care"
        assert [site.postcode for site in organisation.sites] == ["WF4 6AA"]
        assert db.session.scalar(select(JobRole).where(JobRole.name == "Night care assistant"))
        db.session.remove()


def test_the_structure_pages_fit_a_phone(page: Page, axe, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, axe, ADMIN)
    for path in ("/job-roles", "/organisations/new"):
        page.goto(path)
        axe(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone"
