"""On a phone-sized screen, the partnership's administrator corrects a person's e-mail address
(a taken one is refused in the error summary), closes the account of a leaver after confirming,
reopens it, and finds both in the audit log under the person's readable name."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.journeys import sign_in

PHONE = {"width": 390, "height": 844}


def test_an_administrator_keeps_a_leavers_account(page: Page, axe):
    page.set_viewport_size(PHONE)
    sign_in(page, axe, "admin@demo.academy")
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()

    page.get_by_role("link", name="People and roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    axe(page)
    page.get_by_label("Name, e-mail or employee number").fill("Liam Walker")
    page.get_by_role("button", name="Search").click()
    axe(page)
    page.get_by_role("link", name="Liam Walker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liam Walker")
    axe(page)

    page.get_by_role("link", name="Change name or e-mail address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Liam Walker's details")
    axe(page)
    page.get_by_label("E-mail address").fill("staff@demo.academy")
    page.get_by_role("button", name="Save details").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Someone else already has this e-mail address")
    axe(page)
    page.get_by_label("E-mail address").fill("liam.walker@ridings.example")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("status")).to_contain_text("Liam Walker's details have been saved.")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("liam.walker@ridings.example")
    axe(page)

    page.get_by_role("link", name="Close the account of a leaver").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close Liam Walker's account?")
    axe(page)
    page.get_by_label("Reason").fill("Left the organisation")
    # by keyboard
    page.get_by_role("button", name="Close account").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("account has been closed")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Closed on")
    axe(page)
    page.get_by_role("button", name="Reopen account").click()
    expect(page.get_by_role("status")).to_contain_text("Liam Walker's account is open again.")
    axe(page)

    page.goto("/people/transfers")
    expect(page.get_by_text("No one is waiting to move into your organisation.")).to_be_visible()
    axe(page)

    page.goto("/")
    axe(page)
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    axe(page)
    page.get_by_label("Person (who acted, or whom it was about)").fill("Walker")
    page.get_by_label("Object").select_option(label="Person")
    page.get_by_role("button", name="Filter").click()
    table = page.get_by_role("table", name="Audit entries")
    expect(table).to_contain_text("person.account_closed")
    expect(table).to_contain_text("person.account_reopened")
    expect(table).to_contain_text("Person: Liam Walker")
    expect(page.get_by_role("link", name="Download these entries as CSV")).to_be_visible()
    axe(page)
