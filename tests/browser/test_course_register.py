"""A trainer marks yesterday's register; a learner downloads the certificate and its code verifies."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.courses.models import Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.people.models import User
from tests.browser.journeys import sign_in, sign_out


def a_completion(live_server) -> tuple[str, str]:
    """(e-mail, certificate code) of someone the register just completed."""
    with live_server.app.app_context():
        email, code = db.session.execute(
            select(User.email, Enrolment.certificate_code).join(Enrolment.user)
            .where(Enrolment.status == EnrolmentStatus.COMPLETED,
                   Enrolment.marked_at.is_not(None), Enrolment.certificate_code.is_not(None))
            .order_by(Enrolment.marked_at.desc(), Enrolment.id).limit(1)
        ).one()
        db.session.remove()
    return email, code


def test_trainer_marks_the_register_and_the_certificate_verifies(page: Page, axe, live_server):
    sign_in(page, axe, "trainer@demo.academy")
    page.goto("/trainer/sessions")
    axe(page)
    page.get_by_role("link", name="Basic life support (adult)").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register for")
    axe(page)
    for radio in page.locator("input[type=radio][value=completed]").all():
        radio.check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_role("status")).to_contain_text("Register saved: 7 completed")
    axe(page)
    sign_out(page, axe)

    email, code = a_completion(live_server)
    sign_in(page, axe, email)
    page.goto("/my-learning")
    axe(page)
    link = page.get_by_role("link", name="Download certificate for Basic life support (adult) (PDF)")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.suggested_filename == f"certificate-{code}.pdf"
    sign_out(page, axe)

    page.goto("/verify")
    axe(page)
    page.get_by_label("Verification code").fill(code.lower())
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Genuine certificate")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Basic life support (adult)")
    expect(page.locator("main")).not_to_contain_text(email)
    axe(page)
