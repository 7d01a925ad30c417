"""The fellowship lead sets up a cohort, adds fellows with their mentor, coach and placement, adds
a milestone, and reads the cohort reports; a fellow sees their own page."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from academy.timekeeping import today
from tests.browser.journeys import sign_in, sign_out

LEAD = "fellowships@demo.academy"


def add_fellow(page: Page, axe, email: str, mentor: str, coach: str, host: str, project: str) -> None:
    page.get_by_role("link", name="Add a fellow").click()
    axe(page)
    page.get_by_label("Fellow's e-mail address").fill(email)
    page.get_by_label("Mentor's e-mail address (optional)").fill(mentor)
    page.get_by_label("Coach").select_option(label=coach)
    page.get_by_role("button", name="Add and set the placement").click()
    expect(page.get_by_role("status")).to_contain_text("is a fellow of Cohort 4")
    axe(page)
    page.get_by_label("Host partner").select_option(label=host)
    page.get_by_label("Project", exact=True).fill(project)
    page.get_by_role("button", name="Save placement").click()
    expect(page.get_by_role("status")).to_contain_text("placement is saved")
    axe(page)


def test_lead_runs_a_cohort_and_sees_the_reports(page: Page, axe, live_server):
    sign_in(page, axe, LEAD)
    page.get_by_role("region", name="Fellowships").get_by_role(
        "link", name=re.compile(r"fellows in \d+ cohorts? running")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fellowships")
    axe(page)

    # A finished cohort's report, from the demo data: outcomes at 6 and 12 months.
    page.get_by_role("link", name=re.compile(r"^Report on Cohort 1")).click()
    expect(page.get_by_role("heading", name="Outcomes after the programme")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Promoted or moved role"))).to_contain_text(
        re.compile(r"\d+ of \d+ \(\d+%\)"))
    axe(page)
    page.goto("/fellowships/")
    axe(page)

    page.get_by_role("link", name="Add a cohort to West Yorkshire Fellowship Programme").click()
    axe(page)
    start = today()
    page.get_by_label("Name").fill("Cohort 4")
    page.get_by_label("Development period starts").fill(start.isoformat())
    page.get_by_label("Placements start").fill((start + timedelta(days=1)).isoformat())
    page.get_by_label("Programme ends").fill((start + timedelta(days=366)).isoformat())
    page.get_by_role("button", name="Set up cohort").click()
    expect(page.get_by_role("status")).to_contain_text("Cohort 4 is set up")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "West Yorkshire Fellowship Programme: Cohort 4")
    axe(page)

    add_fellow(page, axe, "newstarter@demo.academy", "partnershiplead@demo.academy", "Priya Patel",
               "Wakefield Council, Adult Social Care", "Recruiting local young people into care")
    add_fellow(page, axe, "assessor@demo.academy", "levypool@demo.academy", "Priya Patel",
               "Calder View Care Home", "Student nurse placements in care homes")

    fellows = page.get_by_role("table", name="Fellows of Cohort 4")
    expect(fellows).to_contain_text("Liam Walker")
    expect(fellows).to_contain_text("Claire Evans")
    expect(fellows).to_contain_text("Student nurse placements in care homes")

    page.get_by_role("link", name="Add a milestone").click()
    axe(page)
    page.get_by_label("Kind").select_option(label="Project plan")
    page.get_by_label("Title").fill("Project plan agreed with the host")
    page.get_by_label("Due").fill((start + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_role("status")).to_contain_text("The milestone is added")
    axe(page)

    page.get_by_role("link", name="Liam Walker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liam Walker")
    axe(page)
    page.get_by_role("link", name=re.compile(r"^Mark done\W+Project plan agreed with the host")).click()
    axe(page)
    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the date it was done")
    axe(page)
    page.get_by_label("Date done").fill(today().isoformat())
    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_role("status")).to_contain_text("done")
    axe(page)
    page.get_by_role("link", name="Backfill").click()
    axe(page)
    page.get_by_label("Month").select_option(index=1)
    page.get_by_label("Amount (£)").fill("520.00")
    page.get_by_role("button", name="Record backfill").click()
    expect(page.get_by_role("status")).to_contain_text("Backfill for Liam Walker is recorded")
    axe(page)

    page.goto("/fellowships/")
    axe(page)
    page.get_by_role("link", name="Report on Cohort 4").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohort 4: report")
    expect(page.get_by_text("2 of 2 fellows placed")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Project plan agreed with the host"))).to_contain_text("1")
    expect(page.get_by_text("£520.00").first).to_be_visible()
    axe(page)
    sign_out(page, axe)

    # The fellow sees their own page: placement, milestone, mentor and coach.
    sign_in(page, axe, "newstarter@demo.academy")
    page.get_by_role("link", name=re.compile(r"^Your fellowship")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liam Walker")
    expect(page.get_by_text("Recruiting local young people into care")).to_be_visible()
    expect(page.get_by_text("Mark Turner")).to_be_visible()
    expect(page.get_by_role("link", name="Book a conversation with Priya Patel")).to_be_visible()
    axe(page)
