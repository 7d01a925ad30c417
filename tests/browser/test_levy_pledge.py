"""The partnership's levy pool lead sees which partners' levy funds are about to expire and what
partners need, and pledges a trust's expiring funds to a care home before they are lost."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.extensions import db
from academy.talent.levy.models import ApplicationStatus, Pledge, TransferApplication
from tests.browser.journeys import sign_in

POOL_LEAD = "levypool@demo.academy"


def test_the_pool_lead_pledges_expiring_funds_to_a_care_home(page: Page, axe, live_server):
    sign_in(page, axe, POOL_LEAD)
    panel = page.get_by_role("region", name="Apprenticeships")
    expect(panel).to_contain_text(re.compile(r"£[\d,]+ of levy funds expires in the next 6 months"))
    panel.get_by_role("link", name=re.compile("levy funds expires")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Levy pool")
    axe(page)
    expiring = page.get_by_role("table").first
    expect(expiring).to_contain_text("Mid Yorkshire Teaching NHS Trust")
    trust_row = expiring.get_by_role("row").filter(has_text="Mid Yorkshire Teaching NHS Trust")
    expect(trust_row.get_by_role("cell").nth(1)).not_to_have_text("£0")  # expiring in 3 months

    # How much and when: the trust's forecast, with the months at risk.
    trust_row.get_by_role("link", name="Mid Yorkshire Teaching NHS Trust", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forecast for the next 24 months")
    expect(page.get_by_role("img", name=re.compile("Levy balance and funds expiring"))).to_be_visible()
    expect(page.get_by_text("At risk").first).to_be_visible()
    axe(page)
    page.go_back()
    axe(page)

    needs = page.get_by_role("table").nth(1)
    need_row = needs.get_by_role("row").filter(has_text="Calder View Care Home")
    expect(need_row).to_contain_text("Adult care worker")
    need_row.get_by_role("link", name=re.compile("Meet from MYTT")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pledge levy funds")
    expect(page.get_by_text("This pledge meets Calder View Care Home's need")).to_be_visible()
    expect(page.get_by_label("For a named partner")).to_have_value(re.compile(r"\d+"))
    axe(page)
    page.get_by_label("Location").fill("Horbury, Wakefield")
    page.get_by_role("button", name="Pledge funds").click()

    expect(page.get_by_role("status")).to_contain_text("pledged from Mid Yorkshire Teaching NHS Trust")
    expect(page.get_by_role("heading", level=1)).to_contain_text("for Calder View Care Home")
    expect(page.get_by_role("table")).to_contain_text("Approved")
    axe(page)

    with live_server.app.app_context():
        pledge = db.session.scalars(select(Pledge).order_by(Pledge.id.desc())).first()
        assert pledge.recipient.name == "Calder View Care Home"
        assert pledge.account.organisation.short_name == "MYTT"
        need = db.session.scalar(select(TransferApplication).where(
            TransferApplication.pledge_id == pledge.id))
        assert need.status is ApplicationStatus.APPROVED
        db.session.remove()

    page.goto("/levy/pool")
    expect(page.get_by_text("No partner has an unmet need.")).to_be_visible()
    axe(page)
