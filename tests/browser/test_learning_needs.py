"""The learning needs analysis, end to end: a learning lead opens a round; a member of staff
answers half of it, leaves, comes back and submits; their manager validates; the learning lead
reads the heatmap and downloads it as CSV, XLSX and PDF. Every page is checked with axe."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from academy.timekeeping import today
from tests.browser.journeys import sign_in, sign_out

ROUND = "Ward core skills check"
LEVEL_GROUPS = re.compile(r"^Your current level in ")


def rate_every_competency_on_the_page(page: Page, level: str) -> int:
    groups = page.get_by_role("group", name=LEVEL_GROUPS)
    for n in range(groups.count()):
        groups.nth(n).get_by_role("radio", name=re.compile(rf"^{level} ")).check()
    return groups.count()


def test_a_round_from_opening_to_the_heatmap(page: Page, axe, live_server):
    # The partnership's learning lead opens a round for the acute trust.
    sign_in(page, axe, "partnershiplead@demo.academy")
    page.get_by_role("link", name="Learning needs", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning needs")
    axe(page)
    page.get_by_role("link", name="Rounds", exact=True).click()
    axe(page)
    page.get_by_role("link", name="Start a new round").click()
    axe(page)
    page.get_by_label("Name").fill(ROUND)
    page.get_by_label("Closes on").fill((today() + timedelta(days=14)).isoformat())
    page.get_by_role("group", name="Frameworks").get_by_label("Core skills").check()
    page.get_by_role("group", name="Organisations").get_by_label(
        "Mid Yorkshire Teaching NHS Trust").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)
    expect(page.get_by_text(re.compile(r"people are in scope"))).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Open the round").click()
    axe(page)
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("status")).to_contain_text("The round is open")
    axe(page)
    sign_out(page, axe)

    # A healthcare assistant rates the first pages, then leaves half-way.
    sign_in(page, axe, "staff@demo.academy")
    page.get_by_role("link", name="Learning needs", exact=True).first.click()
    axe(page)
    page.get_by_role("link", name=ROUND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)
    axe(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keeping people safe")
    axe(page)
    first_page = rate_every_competency_on_the_page(page, "2")
    page.get_by_role("group", name="Your current level in Fire safety").get_by_label(
        "1 Awareness").check()
    page.get_by_role("group", name=re.compile("matters to you now")).first.get_by_label("High").check()
    page.get_by_label("How you would prefer to learn").first.select_option(label="Classroom")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding")
    axe(page)
    page.get_by_role("group", name="Your current level in Safeguarding adults").get_by_label(
        "3 Proficient").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers have been saved")
    expect(page.get_by_text(f"You have rated {first_page + 1} of")).to_be_visible()
    axe(page)
    sign_out(page, axe)

    # She comes back from her home page: what she saved is there; she finishes and submits.
    sign_in(page, axe, "staff@demo.academy")
    page.get_by_role("link", name=re.compile(f"Finish your learning needs self-assessment for {ROUND}")).click()
    axe(page)
    page.get_by_role("link", name=re.compile("^Safeguarding")).click()
    expect(page.get_by_role("group", name="Your current level in Safeguarding adults").get_by_label(
        "3 Proficient")).to_be_checked()
    axe(page)
    rate_every_competency_on_the_page(page, "2")
    page.get_by_role("group", name="Your current level in Safeguarding adults").get_by_label(
        "3 Proficient").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Information and rights")
    axe(page)
    rate_every_competency_on_the_page(page, "3")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before submitting")
    axe(page)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your learning needs and plan")
    expect(page.get_by_role("heading", name="FS-01 Fire safety")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Save my learning plan").click()
    expect(page.get_by_role("status")).to_contain_text("Your learning plan has been saved")
    axe(page)
    sign_out(page, axe)

    # Her manager confirms most ratings and adjusts one.
    sign_in(page, axe, "manager@demo.academy")
    page.get_by_role("link", name=re.compile(r"^Validate \d+ learning needs self-assessment")).click()
    axe(page)
    row = page.get_by_role("row").filter(has_text="Aisha Hussain").filter(has_text=ROUND)
    row.get_by_role("link", name="Aisha Hussain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Validate Aisha Hussain's ratings")
    axe(page)
    page.get_by_label("Your rating of Fire safety").select_option(label="0 None")
    page.get_by_role("button", name="Save my validation").click()
    expect(page.get_by_role("status")).to_contain_text("you adjusted 1")
    axe(page)
    sign_out(page, axe)

    # The learning lead reads the heatmap and downloads it.
    sign_in(page, axe, "partnershiplead@demo.academy")
    page.goto("/lna/reports")
    axe(page)
    page.get_by_role("row").filter(has_text=ROUND).get_by_role("link", name=re.compile("^Gap heatmap")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gap heatmap by organisation")
    chart = page.get_by_role("img", name=re.compile("Mean gap and share of people with a gap"))
    expect(chart).to_be_visible()
    axe(page)
    page.get_by_label("Group by").select_option(label="Team")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gap heatmap by team")
    axe(page)

    with page.expect_download() as csv_download:
        page.get_by_role("link", name=re.compile("^Download CSV")).click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Team", "Competency code", "Competency"]
    fire = [r for r in rows if r[1] == "FS-01"]
    assert fire and fire[0][5] == "1"  # her validated gap in fire safety

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name=re.compile("^Download XLSX")).click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    assert next(workbook.active.values)[0] == "Team"
    workbook.close()

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name=re.compile("^Download PDF")).click()
    with open(pdf_download.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert "Gap heatmap by team" in reader.pages[0].extract_text()
    assert any(image.image.size[0] > 500 for p in reader.pages for image in p.images)


def test_the_councils_learning_lead_sees_the_councils_part_only(page: Page, axe, live_server):
    sign_in(page, axe, "learninglead@demo.academy")
    page.goto("/lna/reports")
    axe(page)
    page.get_by_role("row").filter(has_text="District learning needs analysis 2026").get_by_role(
        "link", name=re.compile("^Response rates")).click()
    table = page.get_by_role("table", name="By organisation")
    expect(table).to_contain_text("Wakefield Council, Adult Social Care")
    expect(table).not_to_contain_text("Mid Yorkshire Teaching NHS Trust")
    axe(page)
    page.get_by_role("link", name="Equality breakdown").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Equality breakdown")
    axe(page)
