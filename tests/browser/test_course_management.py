"""A learning lead reads compliance by organisation, is shown every bad row of an import, adds a
course that needs another first, schedules its first session and changes it."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.journeys import sign_in

BAD_FILE = (
    "Employee Number,Subject,Completion Date\n"
    "DEMO000,Fire Safety,01/03/2025\n"
    "NOBODY,Fire Safety,01/03/2025\n"
    "DEMO000,Basket weaving,31/02/2025\n"
)


def test_learning_lead_compliance_import_and_catalogue(page: Page, axe, live_server, tmp_path):
    sign_in(page, axe, "partnershiplead@demo.academy")
    page.goto("/compliance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mandatory training compliance")
    axe(page)
    table = page.get_by_role("table", name="Per cent compliant by organisation and subject")
    expect(table).to_contain_text("Whole partnership")
    expect(table).to_contain_text("Mid Yorkshire Teaching NHS Trust")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    assert download_info.value.suggested_filename.endswith(".csv")

    page.goto("/manage/import")
    axe(page)
    bad = tmp_path / "records.csv"
    bad.write_text(BAD_FILE)
    page.get_by_label("Whose staff records are these?").select_option(
        label="Mid Yorkshire Teaching NHS Trust")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    problems = page.get_by_role("table", name="Rows with problems")
    expect(problems).to_contain_text("NOBODY")
    expect(problems).to_contain_text("Basket weaving")
    expect(problems.locator("tbody tr")).to_have_count(2)
    axe(page)

    page.goto("/manage/courses/new")
    axe(page)
    page.get_by_label("Course code").fill("WB-SLEEP")
    page.get_by_label("Title").fill("Sleep and shift work")
    page.get_by_label("Summary").fill("Looking after yourself on nights and long days.")
    page.get_by_label("Category").select_option(label="Health and wellbeing")
    page.get_by_label("People Plan pillar").select_option(label="Looking after our people")
    page.get_by_label("Delivery").select_option(label="Virtual classroom")
    page.get_by_label("Duration in minutes").fill("90")
    page.get_by_label("CPD hours").fill("1.5")
    page.get_by_label("Providing partner, university or college").select_option(
        label="Spectrum Community Health CIC")
    page.get_by_role("group", name="Courses to complete first").get_by_label(
        "Menopause awareness (WB-MENO)").check()
    page.get_by_role("button", name="Save course").click()
    expect(page.get_by_role("status")).to_contain_text("Sleep and shift work is in the catalogue")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Menopause awareness")
    axe(page)

    page.get_by_role("link", name="Schedule a session of Sleep and shift work").click()
    axe(page)
    day = date.today() + timedelta(days=30)
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("15:30")
    page.get_by_label("Places").fill("20")
    page.get_by_label("Online joining link").fill("https://meet.academy.example/sleep")
    page.get_by_role("button", name="Schedule session").click()
    expect(page.get_by_role("status")).to_contain_text("scheduled and open for booking")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{day:%-d %B %Y}")
    axe(page)

    page.get_by_role("link", name="Change this session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change this session")
    axe(page)
    page.get_by_label("Places").fill("0")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter from 1 to 2,000 places")
    axe(page)
    page.get_by_label("Places").fill("24")
    page.get_by_label("Room or address").fill("Wellbeing hub")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("The session is changed")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Wellbeing hub")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("24")
    # The lead has not done the course this one needs first, so is told so instead of booking.
    expect(page.get_by_text("You need to complete Menopause awareness before you can book")).to_be_visible()
    axe(page)
