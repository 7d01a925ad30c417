"""The levy's pages: the ledger and forecast in few queries, their downloads, meeting a need."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal as D

import openpyxl
from sqlalchemy import select

from academy.extensions import db
from academy.people.models import OrganisationType
from academy.talent.levy import ledger
from academy.talent.levy import rules as levy_rules
from academy.talent.levy import services as levy_services
from academy.talent.levy.models import ApplicationStatus, Pledge, TransferApplication
from academy.timekeeping import today
from tests.factories import OrganisationFactory
from tests.talent.apprenticeships.factories import ApprenticeFactory, setup_partners


def test_ledger_and_forecast_pages_in_a_bounded_number_of_queries(client, login, count_queries):
    w = setup_partners()
    coordinator = w["coordinator"]
    for n in range(12):
        levy_services.record_declaration(w["trust_account"], date(2025, 1 + n, 1),
                                         D("50000"), actor=coordinator, today=today())
    for _ in range(20):
        ApprenticeFactory(person__employer=w["trust"], employer=w["trust"],
                          levy_account=w["trust_account"], standard=w["standards"]["ST0216"])
    levy_services.post_payments(today())
    db.session.commit()
    login(w["pool_lead"])
    with count_queries() as ledger_queries:
        ledger_page = client.get(f"/levy/accounts/{w['trust_account'].id}")
    with count_queries() as forecast_queries:
        forecast_page = client.get(f"/levy/accounts/{w['trust_account'].id}/forecast")
    assert ledger_page.status_code == forecast_page.status_code == 200
    text = forecast_page.get_data(as_text=True)
    assert '<svg' in text and 'role="img"' in text and "Month by month" in text
    assert ledger_queries.count <= 16 and forecast_queries.count <= 16


def test_the_ledger_and_forecast_downloads_hold_the_months(client, login):
    w = setup_partners()
    levy_services.record_declaration(w["trust_account"], date(2025, 3, 1), D("1000"),
                                     actor=w["coordinator"], today=today())
    db.session.commit()
    login(w["coordinator"])
    ledger = client.get(f"/levy/accounts/{w['trust_account'].id}/ledger.csv").get_data(as_text=True)
    assert "2025-04,1000.00,100.00" in ledger
    forecast = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/levy/accounts/{w['trust_account'].id}/forecast.xlsx").data))
    assert forecast.active.max_row == 25  # a header and 24 months


def test_the_pool_lead_pledges_to_meet_a_care_homes_need(client, login):
    w = setup_partners()
    for n in range(12):
        levy_services.record_declaration(w["trust_account"], date(2024 + (3 + n) // 12, (3 + n) % 12 + 1, 1),
                                         D("20000"), actor=w["coordinator"], today=today())
    care_home = OrganisationFactory(name="Calder View", type=OrganisationType.CARE_PROVIDER)
    need = TransferApplication(organisation_id=care_home.id, standard_id=w["standards"]["ST0005"].id,
                               apprentices_count=2, amount=D(8000),
                               planned_start_on=today() + timedelta(days=60))
    db.session.add(need)
    db.session.commit()
    login(w["pool_lead"])
    pool = client.get("/levy/pool").get_data(as_text=True)
    assert "Calder View" in pool and f"need={need.id}" in pool
    form = client.get(f"/levy/accounts/{w['trust_account'].id}/pledges/new?need={need.id}")
    assert "Calder View" in form.get_data(as_text=True)
    response = client.post(f"/levy/accounts/{w['trust_account'].id}/pledges/new", data={
        "amount": "8000", "recipient": str(care_home.id), "organisation_types": ["care_provider"],
        "levels": ["2"], "location": "", "description": "", "need": str(need.id)})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    need = db.session.get(TransferApplication, need.id)
    assert need.status is ApplicationStatus.APPROVED
    assert db.session.scalar(select(Pledge)).recipient_organisation_id == care_home.id


def test_every_levy_page_and_the_download_show_the_same_balance(client, login):
    # Funds entering this month and a payment this month: the balance now counts both, on the
    # apprenticeships dashboard, the accounts list, the account, the forecast, the pool and the
    # ledger download alike.
    w = setup_partners()
    this_month = levy_rules.month_of(today())
    for n in range(14, 0, -1):
        levy_services.record_declaration(w["trust_account"], levy_rules.add_months(this_month, -n),
                                         D("41234.57"), actor=w["coordinator"], today=today())
    ApprenticeFactory(person__employer=w["trust"], employer=w["trust"],
                      levy_account=w["trust_account"], standard=w["standards"]["ST0216"],
                      start_on=levy_rules.add_months(this_month, -3), funded_price=D("3000"))
    levy_services.post_payments(today())
    db.session.commit()
    balance = ledger.balances([w["trust_account"].id], today())[w["trust_account"].id]
    assert balance > 0
    shown = f"£{balance:,.2f}"
    login(w["pool_lead"])
    account_id = w["trust_account"].id
    for url in ("/apprenticeships/", "/levy/", f"/levy/accounts/{account_id}",
                f"/levy/accounts/{account_id}/forecast", "/levy/pool"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert shown in page.get_data(as_text=True), url
    download = client.get(f"/levy/accounts/{account_id}/ledger.csv").get_data(as_text=True)
    last = download.strip().splitlines()[-1].split(",")
    assert last[0] == this_month.strftime("%Y-%m") and D(last[-1]) == balance
