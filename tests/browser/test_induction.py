"""The joint induction in a real browser: a manager starts a new starter; the starter uploads
evidence; an assessor signs one standard off and returns another; the starter completes and
downloads the certificate; they move to another partner and the new induction opens with what
they achieved already done. Every page is checked with axe."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from academy.extensions import db
from academy.induction.models import Induction, InductionStatus
from academy.people.models import User
from academy.timekeeping import today
from tests.browser.journeys import sign_in, sign_out
from tests.induction import helpers

PDF = helpers.PDF_BYTES


def flash(page: Page):
    return page.locator(".academy-flash")


def sign_off_the_rest(live_server, email: str, keep: str | None = None) -> None:
    """The assessor signs off every open item but one, as they would over the weeks."""
    with live_server.app.app_context():
        person = db.session.scalar(select(User).where(User.email == email))
        induction = db.session.scalar(select(Induction).where(
            Induction.user_id == person.id, Induction.status == InductionStatus.IN_PROGRESS))
        if induction is not None:
            claire = db.session.scalar(select(User).where(User.email == "assessor@demo.academy"))
            for item in induction.items:
                if not item.is_done and item.title != keep:
                    helpers.sign_off(item, claire, today())
            db.session.commit()
        db.session.remove()


@pytest.fixture
def files(tmp_path):
    answers = tmp_path / "standard-2-development-plan.pdf"
    answers.write_bytes(PDF)
    program = tmp_path / "timesheet.exe"
    program.write_bytes(b"MZ\x90\x00 a program")
    return {"answers": answers, "program": program}


def test_a_manager_starts_a_new_starter(page: Page, axe):
    sign_in(page, axe, "manager@demo.academy")
    page.get_by_role("link", name="Start a new starter's induction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a new starter's induction")
    axe(page)

    page.get_by_label("New starter").select_option(label="Olivia Brown: Healthcare assistant, MYTT")
    page.get_by_role("button", name="Choose").click()
    expect(page.get_by_role("heading", name="Olivia Brown")).to_be_visible()
    axe(page)
    page.get_by_label("Claire Evans (MYTT)").check()
    page.get_by_role("button", name="Start induction").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Induction: Olivia Brown")
    expect(flash(page)).to_contain_text("Olivia Brown's induction has started")
    expect(page.get_by_role("row", name=re.compile("Standard 1: Understand your role"))).to_contain_text("To do")
    axe(page)
    page.get_by_role("link", name="Induction", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your induction")
    axe(page)
    page.get_by_role("link", name="New starters").click()
    expect(page.get_by_role("row", name=re.compile("Olivia Brown"))).to_contain_text("In progress")
    axe(page)


def test_the_starter_uploads_evidence_and_asks_for_sign_off(page: Page, axe, files):
    sign_in(page, axe, "newstarter@demo.academy")
    page.get_by_role("link", name=re.compile("Your induction")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your induction")
    axe(page)
    # What was returned with feedback comes first.
    next_steps = page.get_by_role("list").filter(has_text="due").first
    expect(next_steps.get_by_role("listitem").first).to_contain_text("Standard 2: Your personal development")
    next_steps.get_by_role("link", name="Standard 2: Your personal development").click()
    expect(page.get_by_text("Add your personal development plan agreed with your supervisor.")).to_be_visible()
    axe(page)

    page.get_by_label("Upload a file").set_input_files(files["program"])
    page.get_by_role("button", name="Upload file").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The selected file must be a PDF, a Word document (.docx), a JPEG or a PNG")
    expect(page.locator("#file--error-message")).to_be_visible()
    axe(page)

    page.get_by_label("Upload a file").set_input_files(files["answers"])
    page.get_by_role("button", name="Upload file").click()
    expect(flash(page)).to_contain_text("standard-2-development-plan.pdf has been uploaded.")
    expect(page.get_by_role("link", name="standard-2-development-plan.pdf", exact=True)).to_be_visible()
    axe(page)
    page.get_by_label("Message to your assessor (optional)").fill("My plan is attached.")
    page.get_by_role("button", name="Ask for sign-off").click()
    expect(flash(page)).to_contain_text("Your assessor has been asked to sign this off.")
    expect(page.locator(".nhsuk-tag").first).to_have_text("Waiting for sign-off")
    axe(page)


def test_an_assessor_signs_off_one_standard_and_returns_another(page: Page, axe):
    sign_in(page, axe, "assessor@demo.academy")
    page.get_by_role("link", name=re.compile("waiting for your sign-off")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence to sign off")
    axe(page)
    page.get_by_role("row", name=re.compile("Liam Walker")).filter(
        has_text="Standard 1: Understand your role").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standard 1: Understand your role")
    expect(page.get_by_role("link", name="standard-1-my-role-answers.pdf", exact=True)).to_be_visible()
    axe(page)

    page.get_by_label("Sign off", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your comments")
    axe(page)
    page.get_by_label("Sign off", exact=True).check()
    page.get_by_label("Written answers (uploaded evidence)").check()
    page.get_by_label("Date observed or attended").fill(today().isoformat())
    page.get_by_label("Comments or feedback").fill("Clear answers; observed a handover on the round.")
    page.get_by_role("button", name="Save decision").click()
    expect(flash(page)).to_contain_text("Standard 1: Understand your role: signed off.")
    row = page.get_by_role("row", name=re.compile("Standard 1: Understand your role"))
    expect(row).to_contain_text("Signed off")
    axe(page)

    page.get_by_role("link", name="Standard 3: Duty of care").click()
    axe(page)
    page.get_by_label("Return with feedback").check()
    page.get_by_label("Comments or feedback").fill("Talk me through a time you raised a concern.")
    page.get_by_role("button", name="Save decision").click()
    expect(flash(page)).to_contain_text("Standard 3: Duty of care: returned with feedback.")
    expect(page.get_by_role("row", name=re.compile("Standard 3: Duty of care"))).to_contain_text(
        "Returned with feedback")
    axe(page)


def test_the_starter_completes_and_downloads_the_certificate(page: Page, axe, live_server, files):
    last = "Standard 16: Awareness of learning disability and autism"
    sign_off_the_rest(live_server, "newstarter@demo.academy", keep=last)
    sign_in(page, axe, "newstarter@demo.academy")
    page.goto("/induction")
    axe(page)
    page.get_by_role("link", name=last).click()
    axe(page)
    page.get_by_label("Upload a file").set_input_files(files["answers"])
    page.get_by_role("button", name="Upload file").click()
    axe(page)
    page.get_by_role("button", name="Ask for sign-off").click()
    axe(page)
    sign_out(page, axe)

    sign_in(page, axe, "assessor@demo.academy")
    page.goto("/induction/assessments")
    axe(page)
    page.get_by_role("link", name=last).click()
    axe(page)
    page.get_by_label("Sign off", exact=True).check()
    page.get_by_label("Written answers (uploaded evidence)").check()
    page.get_by_label("Comments or feedback").fill("A thoughtful account.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator("dl")).to_contain_text("Completed")
    axe(page)
    sign_out(page, axe)

    sign_in(page, axe, "newstarter@demo.academy")
    page.goto("/induction")
    expect(page.get_by_role("heading", name="Induction completed")).to_be_visible()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    assert "Liam Walker" in text and "Ridings Home Care" in text
    code = re.search(r"IND-[A-Z0-9]{4}-[A-Z0-9]{4}", text).group(0)
    page.goto(f"/induction/verify/{code}")
    expect(page.get_by_role("heading", name="This certificate is genuine")).to_be_visible()
    axe(page)


def test_moving_to_another_partner_opens_with_achieved_items_done(page: Page, axe, live_server):
    sign_off_the_rest(live_server, "newstarter@demo.academy")  # whatever the earlier journeys left
    with live_server.app.app_context():
        liam_id = db.session.scalar(select(User.id).where(User.email == "newstarter@demo.academy"))
        db.session.remove()
    sign_in(page, axe, "admin@demo.academy")
    page.goto(f"/people/{liam_id}")
    axe(page)
    page.get_by_label("Employer").select_option(label="Calder View Care Home")
    page.get_by_label("Job role").select_option(label="Care worker")
    page.get_by_label("Team").select_option(label="No team")
    page.get_by_label("Starts on").fill(today().isoformat())
    page.get_by_label("Reason").fill("Moved to a care home")
    page.get_by_role("button", name="Change job").click()
    expect(flash(page)).to_contain_text("job has been changed")
    axe(page)

    page.goto(f"/induction/start?person={liam_id}")
    expect(page.get_by_role("heading", name="Liam Walker")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Start induction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Induction: Liam Walker")
    expect(flash(page)).to_contain_text("items recognised from before")
    standard = page.get_by_role("row", name=re.compile("Standard 1: Understand your role"))
    expect(standard).to_contain_text("Recognised")
    expect(standard).to_contain_text("achieved at Ridings Home Care")
    expect(page.get_by_role("row", name=re.compile("Fire evacuation of the home"))).to_contain_text("To do")
    axe(page)
    sign_out(page, axe)

    sign_in(page, axe, "newstarter@demo.academy")
    page.goto("/induction")
    expect(page.locator(".nhsuk-lede-text")).to_contain_text("Calder View Care Home")
    next_steps = page.get_by_role("list").filter(has_text="due").first
    expect(next_steps.get_by_role("link")).to_have_text(
        ["Fire evacuation of the home", "Meet the residents and their care plans"])
    axe(page)
    page.goto("/passport")
    expect(page.get_by_role("row", name=re.compile("Standard 1: Understand your role"))).to_contain_text(
        "Ridings Home Care")
    axe(page)
