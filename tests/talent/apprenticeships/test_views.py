"""The pages: who sees what, forms that change things, lists in few queries, exports and the PDF."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal as D

import openpyxl
from pypdf import PdfReader
from sqlalchemy import select

from academy.extensions import db
from academy.people.models import EqualityProfile
from academy.talent.apprenticeships.models import Apprentice, FundingRule, OffTheJobEntry
from academy.timekeeping import today
from tests.factories import JobRoleFactory, UserFactory
from tests.talent.apprenticeships.factories import ApprenticeFactory, setup_partners


def test_a_coordinator_sees_their_partners_apprentices_and_account_only(client, login):
    w = setup_partners()
    login(w["coordinator"])
    listing = client.get("/apprenticeships/apprentices").get_data(as_text=True)
    assert "Tina Teamwork" in listing and "Olu Other" in listing and "Cara Council" not in listing
    assert client.get(f"/apprenticeships/apprentices/{w['councils'].id}").status_code == 403
    assert client.get(f"/levy/accounts/{w['council_account'].id}").status_code == 403
    assert client.get(f"/levy/accounts/{w['trust_account'].id}").status_code == 200
    assert client.get("/levy/pool").status_code == 403
    assert client.get("/apprenticeships/standards/import").status_code == 403
    accounts_page = client.get("/levy/").get_data(as_text=True)
    assert "Trust" in accounts_page and "Council" not in accounts_page


def test_the_pool_lead_sees_every_partner(client, login):
    w = setup_partners()
    login(w["pool_lead"])
    listing = client.get("/apprenticeships/apprentices").get_data(as_text=True)
    assert all(name in listing for name in ("Tina Teamwork", "Olu Other", "Cara Council"))
    assert client.get("/levy/pool").status_code == 200


def test_a_manager_sees_their_teams_apprentices_and_cannot_change_them(client, login):
    w = setup_partners()
    login(w["manager"])
    listing = client.get("/apprenticeships/apprentices").get_data(as_text=True)
    assert "Tina Teamwork" in listing and "Olu Other" not in listing
    assert client.get(f"/apprenticeships/apprentices/{w['in_team'].id}").status_code == 200
    assert client.get(f"/apprenticeships/apprentices/{w['elsewhere'].id}").status_code == 403
    assert client.get(f"/apprenticeships/apprentices/{w['in_team'].id}/edit").status_code == 403
    assert client.get("/apprenticeships/").status_code == 403


def test_an_apprentice_sees_their_own_record_and_logs_hours(client, login):
    w = setup_partners()
    person = w["in_team"].person
    login(person)
    assert client.get(f"/apprenticeships/apprentices/{w['elsewhere'].id}").status_code == 403
    assert client.get("/apprenticeships/apprentices").status_code == 403
    mine = client.get("/apprenticeships/mine").get_data(as_text=True)
    assert "Nursing associate" in mine
    response = client.post(f"/apprenticeships/apprentices/{w['in_team'].id}/off-the-job", data={
        "worked_on": (today() - timedelta(days=1)).isoformat(), "hours": "7.5",
        "activity": "Study day"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Apprentice, w["in_team"].id).otj_hours_logged == D("7.5")
    assert client.get(f"/apprenticeships/apprentices/{w['in_team'].id}/reviews/new").status_code == 403


def test_adding_an_apprentice_through_the_form(client, login):
    w = setup_partners()
    person = UserFactory(employer=w["trust"], email="new.apprentice@example.nhs.uk")
    db.session.commit()
    login(w["coordinator"])
    form = {
        "person": "NEW.apprentice@example.nhs.uk", "standard": str(w["standards"]["ST0216"].id),
        "provider_name": "Wakefield College", "provider_ukprn": "1234",
        "start_on": today().isoformat(), "planned_end_on": (today() + timedelta(days=400)).isoformat(),
        "training_price": "2700", "assessment_price": "300", "weekly_hours": "37.5",
        "funding_source": "own_levy", "cohort": "", "transfer_application": "",
    }
    refused = client.post("/apprenticeships/apprentices/new", data=form).get_data(as_text=True)
    assert "There is a problem" in refused and "8 digits starting with 1" in refused
    created = client.post("/apprenticeships/apprentices/new", data={**form, "provider_ukprn": "10007299"})
    assert created.status_code == 302
    apprentice = db.session.scalar(select(Apprentice).where(Apprentice.user_id == person.id))
    assert created.location.endswith(f"/apprenticeships/apprentices/{apprentice.id}")
    assert apprentice.funded_price == D("3000") and apprentice.levy_account_id == w["trust_account"].id
    # Someone the coordinator does not cover cannot be found.
    outsider = UserFactory(employer=w["council"], email="outsider@example.nhs.uk")
    db.session.commit()
    page = client.post("/apprenticeships/apprentices/new", data={**form, "person": outsider.email,
                                                                "provider_ukprn": "10007299"})
    assert "Nobody you coordinate" in page.get_data(as_text=True)


def test_the_list_takes_the_same_few_queries_for_many_apprentices(client, login, count_queries):
    w = setup_partners()
    login(w["pool_lead"])
    db.session.commit()  # as before the second count: the signed-in user is loaded afresh
    with count_queries() as few:
        client.get("/apprenticeships/apprentices")
    for _ in range(25):
        ApprenticeFactory(person__employer=w["trust"], employer=w["trust"],
                          levy_account=w["trust_account"], standard=w["standards"]["ST0216"])
    db.session.commit()
    with count_queries() as many:
        page = client.get("/apprenticeships/apprentices")
    assert page.status_code == 200 and "28 apprentices" in page.get_data(as_text=True)
    assert many.count == few.count <= 12


def test_the_apprentices_download_holds_the_rows(client, login):
    w = setup_partners()
    login(w["coordinator"])
    rows = list(csv.reader(io.StringIO(
        client.get("/apprenticeships/apprentices/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Name" and {r[0] for r in rows[1:]} == {"Tina Teamwork", "Olu Other"}
    book = openpyxl.load_workbook(io.BytesIO(client.get("/apprenticeships/apprentices/export.xlsx").data))
    assert book.active.max_row == 3
    assert client.get("/apprenticeships/apprentices/export.pdf").status_code == 404


def test_the_people_board_summary_is_a_pdf(client, login):
    w = setup_partners()
    login(w["pool_lead"])
    response = client.get("/apprenticeships/board-summary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Apprenticeships and the levy" in text and "Council" in text and "Trust" in text


def test_inclusion_hides_small_numbers(client, login):
    w = setup_partners()
    trust = w["trust"]
    for n in range(40):
        person = UserFactory(employer=trust)
        db.session.add(EqualityProfile(user_id=person.id,
                                       ethnicity="white_british" if n < 34 else "asian_pakistani"))
    # Two of the three trust apprentices answered: one White, one Black African.
    db.session.add(EqualityProfile(user_id=w["in_team"].user_id, ethnicity="white_british"))
    db.session.add(EqualityProfile(user_id=w["elsewhere"].user_id, ethnicity="black_african"))
    db.session.commit()
    login(w["coordinator"])
    page = client.get("/apprenticeships/inclusion?characteristic=ethnicity").get_data(as_text=True)
    assert "&lt;5" in page
    # The workforce's 6 Asian staff are shown; the apprentices' 1s are hidden, and so is
    # whatever would give them away (no total of 2 beside them).
    assert ">6<" in page.replace(" ", "")
    assert ">2<" not in page.replace(" ", "")


def test_standards_show_what_to_confirm_to_coordinators_only(client, login):
    w = setup_partners()
    staff = UserFactory(employer=w["trust"])
    db.session.commit()
    login(w["coordinator"])
    assert "To confirm" in client.get("/apprenticeships/standards").get_data(as_text=True)
    client.post("/logout")
    login(staff)
    page = client.get("/apprenticeships/standards").get_data(as_text=True)
    assert "Senior healthcare support worker" in page and "To confirm" not in page


def test_importing_the_official_list_through_the_page(client, login):
    w = setup_partners()
    login(w["pool_lead"])
    bad = b"reference,title,level\nST0216,Healthcare support worker,9\n"
    page = client.post("/apprenticeships/standards/import",
                       data={"file": (io.BytesIO(bad), "standards.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Row 2: The level must be between 2 and 7" in page
    good = b"reference,title,level,maximum funding\nST0216,Healthcare support worker,2,3500\n"
    response = client.post("/apprenticeships/standards/import",
                           data={"file": (io.BytesIO(good), "standards.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert w["standards"]["ST0216"].max_funding_band == D("3500")


def test_home_pages_say_what_to_do_now(client, login):
    w = setup_partners()
    hca = UserFactory(employer=w["trust"], job_role=JobRoleFactory(name="Healthcare assistant"))
    db.session.commit()
    login(w["coordinator"])
    assert "at risk" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(hca)
    assert "Your next step could be an apprenticeship" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(w["in_team"].person)
    assert "Log your off-the-job training" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(w["manager"])
    assert "1 apprentice in your team" in client.get("/").get_data(as_text=True)


def test_deleting_an_off_the_job_entry_asks_first(client, login):
    w = setup_partners()
    entry = OffTheJobEntry(apprentice_id=w["elsewhere"].id, worked_on=date(2025, 10, 1),
                           hours=D(4), activity="Study")
    db.session.add(entry)
    db.session.commit()
    login(w["coordinator"])
    url = f"/apprenticeships/apprentices/{w['elsewhere'].id}/off-the-job/{entry.id}/delete"
    assert "Delete this off-the-job entry?" in client.get(url).get_data(as_text=True)
    assert client.post(url).status_code == 302
    assert db.session.scalar(select(OffTheJobEntry).where(OffTheJobEntry.id == entry.id)) is None


def test_absurd_dates_are_refused_in_place(client, login):
    w = setup_partners()
    login(w["coordinator"])
    url = f"/apprenticeships/apprentices/{w['elsewhere'].id}/off-the-job"
    page = client.post(url, data={"worked_on": "1901-01-01", "hours": "2",
                                  "activity": "Study"}).get_data(as_text=True)
    assert "There is a problem" in page
    field_error = page[page.index('id="worked_on-error"'):]
    assert field_error.split("</span>", 2)[1].strip().startswith("Date must be no earlier than")
    page = client.post(url, data={"worked_on": (today() + timedelta(days=3)).isoformat(),
                                  "hours": "2", "activity": "Study"}).get_data(as_text=True)
    assert "Date must not be in the future" in page
    assert db.session.scalar(select(OffTheJobEntry).where(
        OffTheJobEntry.apprentice_id == w["elsewhere"].id)) is None
    page = client.get(f"/apprenticeships/apprentices/{w['elsewhere'].id}/edit")
    assert page.status_code == 200 and "Training provider" in page.get_data(as_text=True)


def test_a_start_years_away_is_refused_when_adding_an_apprentice(client, login):
    w = setup_partners()
    UserFactory(employer=w["trust"], email="later@example.nhs.uk")
    db.session.commit()
    login(w["coordinator"])
    page = client.post("/apprenticeships/apprentices/new", data={
        "person": "later@example.nhs.uk", "standard": str(w["standards"]["ST0216"].id),
        "provider_name": "Wakefield College", "provider_ukprn": "10007299",
        "start_on": "2099-01-04", "planned_end_on": "2100-06-30", "date_of_birth": "1850-01-01",
        "training_price": "2700", "assessment_price": "300", "weekly_hours": "37.5",
        "funding_source": "own_levy", "cohort": "", "transfer_application": "",
    }).get_data(as_text=True)
    field_error = page[page.index('id="start_on-error"'):]
    assert "Start date must be no later than" in field_error.split("</span>", 2)[1]
    assert "Planned end date must be no later than" in page
    assert "Date of birth must be no earlier than" in page
    assert db.session.scalar(select(Apprentice).where(
        Apprentice.person.has(email="later@example.nhs.uk"))) is None


def test_a_funding_rule_change_names_its_source_and_keeps_the_incentives(client, login):
    w = setup_partners()
    login(w["pool_lead"])
    form = client.get("/apprenticeships/funding-rules/new").get_data(as_text=True)
    assert "Hours a week counted at most" in form and "No payment before this many days" in form
    latest = db.session.scalars(
        select(FundingRule).order_by(FundingRule.effective_from.desc())).first()
    values = {name: getattr(latest, name) for name in (
        "top_up_percent", "expiry_months", "levy_co_investment_percent",
        "non_levy_co_investment_percent", "young_fully_funded_max_age", "young_extended_max_age",
        "transfer_cap_percent", "minimum_duration_months", "otj_percent", "otj_floor_hours",
        "level7_max_age", "level7_extended_max_age", "qualifying_period_days",
        "foundation_max_age", "foundation_extended_max_age", "assessment_term", "gateway_term",
        "assessment_organisation_term")}
    data = {**{k: "" if v is None else str(v) for k, v in values.items()},
            "otj_basis": latest.otj_basis.value, "effective_from": "2027-08-01",
            "name": "August 2027 changes"}
    refused = client.post("/apprenticeships/funding-rules/new", data=data).get_data(as_text=True)
    assert "Name the document the rule comes from, and its date" in refused
    added = select(FundingRule).where(FundingRule.name == "August 2027 changes")
    assert db.session.scalar(added) is None
    response = client.post("/apprenticeships/funding-rules/new", data={
        **data, "source": "DfE apprenticeship funding rules 2027 to 2028 (version 1)"})
    assert response.status_code == 302
    added = db.session.scalars(added).one()
    assert added.source.startswith("DfE apprenticeship funding rules 2027")
    assert added.incentives == latest.incentives and added.qualifying_period_days == 42
    page = client.get("/apprenticeships/funding-rules").get_data(as_text=True)
    assert "Source: DfE apprenticeship funding rules 2027 to 2028" in page
    assert "No transfers" in page  # the April 2017 row


def test_the_apprentice_page_shows_incentives_and_a_plan_to_confirm(client, login):
    w = setup_partners()
    young = ApprenticeFactory(person__employer=w["trust"], employer=w["trust"],
                              levy_account=w["trust_account"], standard=w["standards"]["ST0216"],
                              start_on=date(2025, 9, 1), planned_end_on=date(2026, 8, 31),
                              date_of_birth=date(2008, 6, 1), planned_otj_hours=None)
    db.session.commit()
    login(w["coordinator"])
    page = client.get(f"/apprenticeships/apprentices/{young.id}").get_data(as_text=True)
    assert "Employer incentive for a young apprentice" in page
    assert "After 90 days in learning (29 November 2025)" in page and "£500.00" in page
    assert "the minimum in the plan is to confirm" in page
    assert "The employer pays 5% of what they do not meet" in page
    off_the_job = client.get(f"/apprenticeships/apprentices/{young.id}/off-the-job")
    assert "To confirm: the standard&#39;s published minimum is not recorded" in \
        off_the_job.get_data(as_text=True)
