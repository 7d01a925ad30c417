"""Mistakes corrected in the browser: a manager moves a new starter's induction start date (a
date after something was signed off is refused in place) and looks at closing it; a trainer
withdraws a completion given at the register, so its certificate stops checking as genuine.
Each person's page shows who corrected what and why, on a phone-sized screen too."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.courses.models import Enrolment
from academy.extensions import db
from academy.timekeeping import today
from tests.browser.journeys import sign_in, sign_out

PHONE = {"width": 390, "height": 844}


def withdrawn(live_server) -> tuple[int, str]:
    """(person id, certificate code) of the completion just withdrawn."""
    with live_server.app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "enrolment.completion_withdrawn").order_by(AuditEvent.id.desc())).first()
        assert db.session.get(Enrolment, int(event.object_id)).certificate_code is None
        found = event.subject_id, event.detail["certificate_code"]
        db.session.remove()
    return found


def test_a_trainer_withdraws_a_completion_and_it_shows_on_the_persons_record(
    page: Page, axe, live_server
):
    sign_in(page, axe, "trainer@demo.academy")
    page.goto("/trainer/sessions")
    axe(page)
    page.get_by_role("link", name="Basic life support (adult)").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register for")
    axe(page)
    for radio in page.locator("input[type=radio][value=completed]").all():
        radio.check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_role("status")).to_contain_text("completed")
    axe(page)

    page.get_by_role("link", name="correct or withdraw").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("completion")
    axe(page)
    page.get_by_label("It was not completed: withdraw the completion and its certificate").check()
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason for the correction")
    axe(page)
    page.get_by_label("Why is this being corrected?").fill("Left before the practical assessment")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("status")).to_contain_text("completion is withdrawn")
    axe(page)
    sign_out(page, axe)

    person_id, code = withdrawn(live_server)
    page.goto(f"/verify/{code}")
    expect(page.get_by_role("heading", name="Genuine certificate")).to_have_count(0)
    axe(page)

    page.set_viewport_size(PHONE)
    sign_in(page, axe, "admin@demo.academy")
    page.goto(f"/people/{person_id}")
    axe(page)
    corrections = page.get_by_role("table", name="Corrections, newest first")
    expect(corrections).to_contain_text("Course completion withdrawn")
    expect(corrections).to_contain_text("Basic life support (adult)")
    expect(corrections).to_contain_text("Left before the practical assessment")
    expect(corrections).to_contain_text("Kwame Mensah")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_manager_moves_a_new_starters_induction_start_and_it_shows_on_their_record(
    page: Page, axe, live_server
):
    sign_in(page, axe, "manager@demo.academy")
    page.goto("/induction/starters")
    axe(page)
    page.get_by_role("link", name="Mohammed Khan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Induction: Mohammed Khan")
    axe(page)
    induction_page = page.url

    # Closing unfinished says what will happen, and cancelling changes nothing.
    page.get_by_role("link", name=re.compile("^Close the induction unfinished")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close this induction unfinished?")
    axe(page)
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Induction: Mohammed Khan")
    axe(page)

    page.get_by_role("link", name=re.compile("^Change the start date")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the start date")
    axe(page)
    # Yesterday is after items were signed off: refused beside the field, with the reason asked for.
    page.get_by_label("New start date").fill((today() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Change start date").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason for the correction")
    axe(page)
    page.get_by_label("Why is the start date changing?").fill("He started on the bank rota first")
    page.get_by_role("button", name="Change start date").click()
    expect(page.get_by_role("alert")).to_contain_text("The start must be on or before")
    axe(page)
    page.get_by_label("New start date").fill((today() - timedelta(days=45)).isoformat())
    page.get_by_role("button", name="Change start date").click()
    expect(page.get_by_role("status")).to_contain_text("The start date is changed")
    assert page.url == induction_page
    axe(page)

    with live_server.app.app_context():
        person_id = db.session.scalar(select(AuditEvent.subject_id).where(
            AuditEvent.action == "induction.start_corrected"))
        db.session.remove()
    page.set_viewport_size(PHONE)
    page.goto(f"/people/{person_id}")
    axe(page)
    corrections = page.get_by_role("table", name="Corrections, newest first")
    expect(corrections).to_contain_text("Induction start date changed")
    expect(corrections).to_contain_text("He started on the bank rota first")
    expect(corrections).to_contain_text("Rebecca Hall")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
