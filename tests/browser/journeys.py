"""Steps every browser journey shares: signing in as a demo person and signing out."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from academy.people.demo import DEMO_PASSWORD


def sign_in(page: Page, axe, email: str) -> None:
    page.goto("/login")
    axe(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    axe(page)


def sign_out(page: Page, axe) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You have signed out")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the Academy")
    axe(page)
