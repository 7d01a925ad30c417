"""The structure pages: each form shows, refuses with every error in place, saves and returns
to the organisation; organisation administrators change only their own organisation; levy
accounts are opened and kept from the organisation's page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.people.models import JobRole, Organisation, Sector, Site, Team
from academy.people.roles import Role
from academy.talent.levy.models import LevyAccount
from academy.timekeeping import today
from tests.conftest import sign_in
from tests.factories import (
    JobRoleFactory,
    OrganisationFactory,
    SiteFactory,
    TeamFactory,
    UserFactory,
)
from tests.people.test_views import error_summary, field_error, location_path, squash, text_of
from tests.talent.apprenticeships.factories import LevyAccountFactory


def signed_in_partnership_admin(client):
    admin = UserFactory(roles=[Role.ADMIN])
    db.session.commit()
    sign_in(client, admin)
    return admin


def signed_in_admin_of(client, organisation):
    admin = UserFactory(employer=organisation, roles=[(Role.ADMIN, organisation)])
    db.session.commit()
    sign_in(client, admin)
    return admin


def audited(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))


# Organisations -------------------------------------------------------------------------------

def test_a_partnership_administrator_adds_an_organisation_through_the_page(app, client):
    signed_in_partnership_admin(client)
    html = text_of(client.get("/organisations"))
    assert 'href="/organisations/new"' in html and 'href="/job-roles"' in html
    assert "ODS code or CQC location ID" in text_of(client.get("/organisations/new"))

    response = client.post("/organisations/new", data={
        "name": "Leeds Teaching Hospitals NHS Trust", "short_name": "LTHT", "type": "nhs_trust",
        "code": "rr8", "is_levy_payer": "y"})
    organisation = db.session.scalar(select(Organisation).where(Organisation.code == "RR8"))
    assert response.status_code == 302
    assert location_path(response) == f"/organisations/{organisation.id}"
    assert organisation.is_levy_payer and organisation.password_sign_in  # set on the sign-in page
    page = squash(text_of(client.get(location_path(response))))
    assert "Leeds Teaching Hospitals NHS Trust has been added." in page
    assert "RR8" in page and "Levy account settings" in page


def test_every_error_of_the_organisation_form_is_shown_in_place(app, client):
    signed_in_partnership_admin(client)
    html = text_of(client.post("/organisations/new", data={"type": "nhs_trust"}))
    assert field_error(html, "name") == "Enter the organisation's name"
    assert field_error(html, "short_name") == "Enter a short name"
    assert [href for href, _ in error_summary(html)] == ["#name", "#short_name"]

    OrganisationFactory(name="Mid Yorkshire Teaching NHS Trust", code="RXF")
    db.session.commit()
    html = text_of(client.post("/organisations/new", data={
        "name": "A care home", "short_name": "Home", "type": "care_provider", "code": "RXF"}))
    assert "CQC location ID is 1- and 9 to 11 numbers" in field_error(html, "code")
    html = text_of(client.post("/organisations/new", data={
        "name": "A trust", "short_name": "AT", "type": "nhs_trust", "code": "rxf"}))
    assert field_error(html, "code") == "RXF is already the code of Mid Yorkshire Teaching NHS Trust"
    assert error_summary(html) == [("#code", field_error(html, "code"))]
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 2  # theirs + ours


def test_an_organisation_administrator_changes_only_their_own_organisation(app, client):
    mine = OrganisationFactory(name="Mine", code="RXF")
    theirs = OrganisationFactory(name="Theirs", code="RR8")
    signed_in_admin_of(client, mine)

    assert client.get("/organisations/new").status_code == 403
    assert client.post("/organisations/new", data={
        "name": "X", "short_name": "X", "type": "education"}).status_code == 403
    assert client.get(f"/organisations/{theirs.id}/edit").status_code == 403
    assert client.post(f"/organisations/{theirs.id}/edit", data={
        "name": "Taken", "short_name": "T", "type": "nhs_trust", "code": "RR8"}).status_code == 403
    assert 'href="/organisations/new"' not in text_of(client.get("/organisations"))
    assert "/edit" not in text_of(client.get(f"/organisations/{theirs.id}"))

    html = text_of(client.get(f"/organisations/{mine.id}/edit"))
    assert 'value="RXF"' in html and 'value="Mine"' in html
    response = client.post(f"/organisations/{mine.id}/edit", data={
        "name": "Mine renamed", "short_name": "MR", "type": "nhs_trust", "code": "RXF"})
    assert location_path(response) == f"/organisations/{mine.id}"
    db.session.refresh(mine)
    db.session.refresh(theirs)
    assert (mine.name, theirs.name) == ("Mine renamed", "Theirs")
    assert audited("organisation.changed") == 1


def test_staff_see_the_organisation_page_without_ways_to_change_it(app, client):
    organisation = OrganisationFactory(is_levy_payer=True)
    SiteFactory(organisation=organisation)
    TeamFactory(organisation=organisation)
    member = UserFactory(employer=organisation)
    db.session.commit()
    sign_in(client, member)
    html = text_of(client.get(f"/organisations/{organisation.id}"))
    assert "Change" not in html and "Add a site" not in html and "Levy account" not in html
    assert client.get(f"/organisations/{organisation.id}/edit").status_code == 403


# Sites ---------------------------------------------------------------------------------------

def test_sites_are_added_and_changed(app, client):
    organisation = OrganisationFactory()
    signed_in_admin_of(client, organisation)
    html = text_of(client.post(f"/organisations/{organisation.id}/sites/new",
                               data={"name": "", "postcode": "nonsense"}))
    assert field_error(html, "name") == "Enter the site's name"
    response = client.post(f"/organisations/{organisation.id}/sites/new",
                           data={"name": "Pinderfields Hospital", "postcode": "nonsense"})
    assert field_error(text_of(response), "postcode") == "Enter a real postcode, like WF1 4DG"

    response = client.post(f"/organisations/{organisation.id}/sites/new",
                           data={"name": "Pinderfields Hospital", "postcode": "wf14dg"})
    assert location_path(response) == f"/organisations/{organisation.id}"
    site = db.session.scalar(select(Site))
    assert site.postcode == "WF1 4DG"
    assert "Pinderfields Hospital, WF1 4DG" in squash(text_of(client.get(location_path(response))))

    response = client.post(f"/sites/{site.id}/edit", data={"name": "Pinderfields", "postcode": ""})
    assert response.status_code == 302
    db.session.refresh(site)
    assert (site.name, site.postcode) == ("Pinderfields", None)


def test_another_organisations_sites_are_out_of_reach(app, client):
    site = SiteFactory()
    signed_in_admin_of(client, OrganisationFactory())
    assert client.get(f"/sites/{site.id}/edit").status_code == 403
    assert client.post(f"/sites/{site.id}/edit", data={"name": "Mine"}).status_code == 403
    assert client.get(f"/organisations/{site.organisation_id}/sites/new").status_code == 403
    assert client.get("/sites/999999/edit").status_code == 404


# Teams ---------------------------------------------------------------------------------------

def test_a_team_is_added_under_another_then_renamed_and_moved(app, client):
    organisation = OrganisationFactory(short_name="MYTT")
    medicine = TeamFactory(organisation=organisation, name="Medicine")
    surgery = TeamFactory(organisation=organisation, name="Surgery")
    signed_in_admin_of(client, organisation)

    html = text_of(client.get(f"/organisations/{organisation.id}/teams/new?parent={medicine.id}"))
    assert f'<option value="{medicine.id}" selected>Medicine</option>' in html
    response = client.post(f"/organisations/{organisation.id}/teams/new",
                           data={"name": "Ward 12", "parent": medicine.id})
    assert location_path(response) == f"/organisations/{organisation.id}"
    ward = db.session.scalar(select(Team).where(Team.name == "Ward 12"))
    assert ward.parent_id == medicine.id

    response = client.post(f"/teams/{ward.id}/edit", data={"name": "Ward 14", "parent": surgery.id})
    assert response.status_code == 302
    db.session.refresh(ward)
    assert (ward.name, ward.parent_id) == ("Ward 14", surgery.id)
    assert "Ward 14 has been saved." in text_of(client.get(location_path(response)))
    assert audited("team.added") == 1 and audited("team.changed") == 1


def test_a_team_is_not_offered_as_its_own_parent_and_a_forged_one_is_refused(app, client):
    organisation = OrganisationFactory()
    top = TeamFactory(organisation=organisation, name="Top")
    beneath = TeamFactory(organisation=organisation, parent=top, name="Beneath")
    closed = TeamFactory(organisation=organisation, name="Old team", closed_at=today())
    signed_in_admin_of(client, organisation)

    html = text_of(client.get(f"/teams/{top.id}/edit"))
    assert f'value="{beneath.id}"' not in html and f'value="{closed.id}"' not in html
    response = client.post(f"/teams/{top.id}/edit", data={"name": "Top", "parent": beneath.id})
    assert response.status_code == 200
    assert field_error(text_of(response), "parent") == "Not a valid choice."
    db.session.refresh(top)
    assert top.parent_id is None
    html = text_of(client.post(f"/organisations/{organisation.id}/teams/new",
                               data={"name": "", "parent": 0}))
    assert field_error(html, "name") == "Enter the team's name"


def test_a_repeated_team_name_is_refused_beside_the_name(app, client):
    organisation = OrganisationFactory()
    medicine = TeamFactory(organisation=organisation, name="Medicine")
    TeamFactory(organisation=organisation, parent=medicine, name="Ward 12")
    signed_in_admin_of(client, organisation)
    html = text_of(client.post(f"/organisations/{organisation.id}/teams/new",
                               data={"name": "Ward 12", "parent": medicine.id}))
    assert field_error(html, "name") == "There is already a team called Ward 12 under Medicine"
    assert db.session.scalar(select(func.count()).select_from(Team)) == 2


def test_closing_a_team_asks_first_and_refuses_while_people_are_in_it(app, client):
    organisation = OrganisationFactory()
    ward = TeamFactory(organisation=organisation, name="Ward 12")
    nurse = UserFactory(employer=organisation, team=ward)
    signed_in_admin_of(client, organisation)

    html = squash(text_of(client.get(f"/teams/{ward.id}/close")))
    assert "Close Ward 12?" in html and "Close team" in html and "Cancel" in html
    response = client.post(f"/teams/{ward.id}/close")
    assert location_path(response) == f"/organisations/{organisation.id}"
    assert "1 person is still in Ward 12" in text_of(client.get(location_path(response)))
    db.session.refresh(ward)
    assert ward.closed_at is None

    nurse.team_id = None
    db.session.commit()
    response = client.post(f"/teams/{ward.id}/close")
    page = squash(text_of(client.get(location_path(response))))
    assert "Ward 12 has been closed." in page and "Ward 12 Closed" in page
    db.session.refresh(ward)
    assert ward.is_closed and audited("team.closed") == 1


def test_another_organisations_teams_are_out_of_reach(app, client):
    team = TeamFactory(name="Theirs")
    signed_in_admin_of(client, OrganisationFactory())
    for path in (f"/teams/{team.id}/edit", f"/teams/{team.id}/close",
                 f"/organisations/{team.organisation_id}/teams/new"):
        assert client.get(path).status_code == 403
        assert client.post(path, data={"name": "Mine"}).status_code == 403
    db.session.refresh(team)
    assert team.name == "Theirs" and not team.is_closed


# Job roles -----------------------------------------------------------------------------------

def test_job_roles_are_listed_searched_and_paged(app, client):
    for n in range(30):
        JobRoleFactory(name=f"Healthcare assistant {n:02d}", staff_group="Additional Clinical Services")
    JobRoleFactory(name="Care worker", sector=Sector.SOCIAL_CARE, afc_band=None,
                   staff_group="Care providing roles", social_care_role="Care worker")
    signed_in_partnership_admin(client)  # who holds a job role of their own: 32 in all
    html = text_of(client.get("/job-roles"))
    assert "Healthcare assistant 00" in html and "Showing 1 to 25 of 32" in squash(html)
    assert "Healthcare assistant 29" in text_of(client.get("/job-roles?page=2"))
    html = text_of(client.get("/job-roles?q=care+providing"))
    assert "Care worker" in html and "Healthcare assistant" not in html
    html = text_of(client.get("/job-roles?sector=social_care&page=1"))
    assert "Care worker" in html and "Healthcare assistant" not in html
    assert "No job role matches this search." in text_of(client.get("/job-roles?q=astronaut"))
    assert client.get("/job-roles?sector=nonsense").status_code == 200


def test_a_job_role_is_added_and_changed_and_a_duplicate_refused(app, client):
    signed_in_partnership_admin(client)
    html = text_of(client.post("/job-roles/new", data={"sector": "nhs"}))
    assert field_error(html, "name") == "Enter the job title"
    assert field_error(html, "staff_group") == "Enter the staff group"
    html = text_of(client.post("/job-roles/new", data={
        "name": "Care worker", "sector": "social_care", "staff_group": "Care providing roles"}))
    assert field_error(html, "social_care_role") == "Enter the care role category"

    response = client.post("/job-roles/new", data={
        "name": "Staff nurse", "sector": "nhs", "staff_group": "Nursing and Midwifery Registered",
        "afc_band": "5"})
    assert location_path(response) == "/job-roles"
    assert "Staff nurse (Band 5) has been added." in text_of(client.get("/job-roles"))
    html = text_of(client.post("/job-roles/new", data={
        "name": "STAFF NURSE", "sector": "nhs", "staff_group": "Nursing", "afc_band": "5"}))
    assert field_error(html, "name") == "This job role already exists"
    [role] = db.session.scalars(select(JobRole).where(func.lower(JobRole.name) == "staff nurse"))
    assert 'value="Staff nurse"' in text_of(client.get(f"/job-roles/{role.id}/edit"))
    response = client.post(f"/job-roles/{role.id}/edit", data={
        "name": "Staff nurse", "sector": "nhs", "staff_group": "Nursing and Midwifery Registered",
        "afc_band": "6"})
    assert response.status_code == 302
    db.session.refresh(role)
    assert role.afc_band == "6" and audited("job_role.changed") == 1


def test_an_organisation_administrator_cannot_keep_job_roles(app, client):
    role = JobRoleFactory(name="Porter")
    signed_in_admin_of(client, OrganisationFactory())
    assert client.get("/job-roles").status_code == 403
    assert client.post("/job-roles/new", data={
        "name": "Porter 2", "sector": "nhs", "staff_group": "Estates"}).status_code == 403
    assert client.post(f"/job-roles/{role.id}/edit", data={
        "name": "Renamed", "sector": "nhs", "staff_group": "Estates"}).status_code == 403
    db.session.refresh(role)
    assert role.name == "Porter"


# Levy accounts -------------------------------------------------------------------------------

def test_an_administrator_opens_a_levy_account_then_changes_its_settings(app, client):
    organisation = OrganisationFactory(is_levy_payer=True)
    signed_in_admin_of(client, organisation)
    path = f"/levy/organisations/{organisation.id}/account"
    html = text_of(client.get(path))
    assert "Open a levy account" in html and 'value="100.00"' in html

    html = text_of(client.post(path, data={"english_percent": "0", "opened_on": ""}))
    assert field_error(html, "english_percent") == "Enter a percentage above 0 and up to 100"
    assert field_error(html, "opened_on") == "Enter the day the account opened"
    assert db.session.scalar(select(LevyAccount)) is None

    response = client.post(path, data={"english_percent": "95.5", "opened_on": "2025-04-01"})
    assert location_path(response) == f"/organisations/{organisation.id}"
    assert "A levy account has been opened" in text_of(client.get(location_path(response)))
    account = db.session.scalar(select(LevyAccount))
    assert (account.english_percent, account.opened_on) == (Decimal("95.50"), date(2025, 4, 1))

    assert "Levy account settings" in text_of(client.get(path))
    response = client.post(path, data={"english_percent": "100", "opened_on": "2025-03-01"})
    assert response.status_code == 302
    db.session.refresh(account)
    assert account.english_percent == Decimal(100)
    assert audited("levy.account_opened") == 1 and audited("levy.account_changed") == 1
    assert db.session.scalar(select(func.count()).select_from(LevyAccount)) == 1


def test_an_account_cannot_open_after_money_moved_in_it(app, client):
    from academy.talent.levy.models import LevyTransaction, TransactionKind

    account = LevyAccountFactory(opened_on=date(2025, 1, 1))
    db.session.add(LevyTransaction(account_id=account.id, month=date(2025, 2, 1),
                                   kind=TransactionKind.FUNDS_IN, amount=Decimal(100),
                                   expires_month=date(2027, 2, 1)))
    signed_in_admin_of(client, account.organisation)
    html = text_of(client.post(f"/levy/organisations/{account.organisation_id}/account",
                               data={"english_percent": "100", "opened_on": "2025-06-01"}))
    assert field_error(html, "opened_on") == ("The account has money from February 2025, so it "
                                              "cannot open later than that")
    db.session.refresh(account)
    assert account.opened_on == date(2025, 1, 1)


def test_levy_settings_are_for_a_levy_payers_own_administrators(app, client):
    not_paying = OrganisationFactory(is_levy_payer=False)
    elsewhere = OrganisationFactory(is_levy_payer=True)
    signed_in_admin_of(client, not_paying)
    assert client.get(f"/levy/organisations/{not_paying.id}/account").status_code == 403
    assert client.post(f"/levy/organisations/{elsewhere.id}/account", data={
        "english_percent": "100", "opened_on": "2025-01-01"}).status_code == 403
    assert db.session.scalar(select(LevyAccount)) is None
