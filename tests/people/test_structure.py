"""Keeping the partnership's structure: the rules of organisations, sites, teams and job roles,
who may change what, and the audit entry each change leaves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people import codes, structure
from academy.people.models import Organisation, OrganisationType, Sector
from academy.people.roles import Role
from academy.people.structure import JobRoleData, OrganisationData
from tests.factories import JobRoleFactory, OrganisationFactory, TeamFactory, UserFactory

T = OrganisationType


def partnership_admin():
    return UserFactory(roles=[Role.ADMIN])


def admin_of(organisation):
    return UserFactory(employer=organisation, roles=[(Role.ADMIN, organisation)])


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def trust_data(**changes) -> OrganisationData:
    values = {"name": "Leeds Teaching Hospitals NHS Trust", "short_name": "LTHT",
              "type": T.NHS_TRUST, "code": "rr8"}
    return OrganisationData(**{**values, **changes})


# Codes ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, code", [
    (T.NHS_TRUST, "RXF"), (T.AMBULANCE, "RX8"), (T.PRIMARY_CARE, "B87001"),
    (T.LOCAL_AUTHORITY, "X25"), (T.CARE_PROVIDER, "1-123456789"), (T.CARE_PROVIDER, "1-1234567890"),
    (T.VOLUNTARY_SECTOR, ""), (T.EDUCATION, "WAKE-COLL"),
])
def test_codes_of_the_right_shape_are_accepted(kind, code):
    assert codes.code_problem(kind, code) is None


@pytest.mark.parametrize("kind, code, message", [
    (T.NHS_TRUST, "RXF01", "like RXF"), (T.NHS_TRUST, "1XF", "like RXF"),
    (T.PRIMARY_CARE, "B8700", "like B87001"), (T.PRIMARY_CARE, "BB7001", "like B87001"),
    (T.LOCAL_AUTHORITY, "X2", "3 letters or numbers"),
    (T.CARE_PROVIDER, "123456789", "like 1-123456789"), (T.CARE_PROVIDER, "1-12345", "1-123456789"),
    (T.NHS_TRUST, "", "Enter the ODS code"), (T.CARE_PROVIDER, "", "Enter the CQC location ID"),
    (T.EDUCATION, "A", "2 to 20"),
])
def test_codes_of_the_wrong_shape_are_refused_with_what_fits(kind, code, message):
    assert message in codes.code_problem(kind, code)


def test_codes_and_postcodes_are_kept_in_capitals():
    assert codes.normalise_code(" b87 001 ") == "B87001"
    assert codes.normalise_postcode("wf14dg") == "WF1 4DG"
    assert codes.normalise_postcode("  ") is None
    with pytest.raises(ValueError):
        codes.normalise_postcode("not a postcode")


# Organisations -------------------------------------------------------------------------------

def test_a_partnership_administrator_adds_an_organisation_with_its_code_in_capitals(app):
    admin = partnership_admin()
    organisation = structure.create_organisation(
        trust_data(is_levy_payer=True), actor=admin)
    assert (organisation.code, organisation.is_levy_payer, organisation.password_sign_in) == \
        ("RR8", True, True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.created"))
    assert event.actor_id == admin.id and event.object_id == str(organisation.id)


def test_an_organisation_administrator_cannot_add_an_organisation(app):
    actor = admin_of(OrganisationFactory())
    with pytest.raises(NotAllowed):
        structure.create_organisation(trust_data(), actor=actor)
    assert db.session.scalar(select(Organisation).where(Organisation.code == "RR8")) is None


def test_a_code_or_name_another_organisation_has_is_refused_on_its_field(app):
    OrganisationFactory(name="Mid Yorkshire Teaching NHS Trust", code="RXF")
    admin = partnership_admin()
    with pytest.raises(DomainError) as refused:
        structure.create_organisation(trust_data(code="rxf"), actor=admin)
    assert refused.value.field == "code"
    assert "RXF is already the code of Mid Yorkshire Teaching NHS Trust" in refused.value.message
    with pytest.raises(DomainError) as refused:
        structure.create_organisation(trust_data(name="mid yorkshire teaching nhs trust"),
                                      actor=admin)
    assert refused.value.field == "name"


def test_a_code_of_the_wrong_shape_for_the_type_is_refused(app):
    with pytest.raises(DomainError) as refused:
        structure.create_organisation(trust_data(type=T.CARE_PROVIDER, code="RR8"),
                                      actor=partnership_admin())
    assert refused.value.field == "code" and "CQC location ID" in refused.value.message


def test_an_organisation_administrator_changes_their_own_organisation_only(app):
    mine, theirs = OrganisationFactory(code="RXF"), OrganisationFactory(code="RR8")
    actor = admin_of(mine)
    structure.update_organisation(
        mine, OrganisationData(name="Renamed Trust", short_name="RT", type=T.NHS_TRUST,
                               code="RXF"), actor=actor)
    assert mine.name == "Renamed Trust"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.changed"))
    assert set(event.detail["changed"]) == {"name", "short_name"}
    with pytest.raises(NotAllowed):
        structure.update_organisation(theirs, trust_data(code="RR8"), actor=actor)
    assert theirs.name != "Leeds Teaching Hospitals NHS Trust"


def test_an_organisation_keeps_its_own_code_when_it_changes(app):
    organisation = OrganisationFactory(code="RXF")
    structure.update_organisation(organisation, trust_data(code="RXF"),
                                  actor=partnership_admin())
    assert organisation.code == "RXF"


# Sites ---------------------------------------------------------------------------------------

def test_sites_are_added_and_changed_with_a_tidy_postcode(app):
    organisation = OrganisationFactory()
    actor = admin_of(organisation)
    site = structure.add_site(organisation, name="Pinderfields", postcode="wf14dg", actor=actor)
    assert site.postcode == "WF1 4DG"
    structure.update_site(site, name="Pinderfields Hospital", postcode="", actor=actor)
    assert (site.name, site.postcode) == ("Pinderfields Hospital", None)
    assert actions() == ["site.added", "site.changed"]


def test_site_refusals(app):
    organisation = OrganisationFactory()
    actor = admin_of(organisation)
    structure.add_site(organisation, name="Pinderfields", postcode=None, actor=actor)
    with pytest.raises(DomainError) as refused:
        structure.add_site(organisation, name="pinderfields", postcode=None, actor=actor)
    assert refused.value.field == "name"
    with pytest.raises(DomainError) as refused:
        structure.add_site(organisation, name="Pontefract", postcode="12345", actor=actor)
    assert refused.value.field == "postcode"
    with pytest.raises(NotAllowed):
        structure.add_site(OrganisationFactory(), name="Elsewhere", postcode=None, actor=actor)


# Teams ---------------------------------------------------------------------------------------

def test_teams_are_added_under_other_teams_renamed_and_moved(app):
    organisation = OrganisationFactory()
    actor = admin_of(organisation)
    medicine = structure.add_team(organisation, name="Medicine", parent=None, actor=actor)
    surgery = structure.add_team(organisation, name="Surgery", parent=None, actor=actor)
    ward = structure.add_team(organisation, name="Ward 12", parent=medicine, actor=actor)
    structure.update_team(ward, name="Ward 14", parent=surgery, actor=actor)
    assert (ward.name, ward.parent_id) == ("Ward 14", surgery.id)
    structure.update_team(ward, name="Ward 14", parent=None, actor=actor)
    assert ward.parent_id is None
    assert actions() == ["team.added"] * 3 + ["team.changed"] * 2


def test_a_team_never_moves_under_itself_or_a_team_beneath_it(app):
    organisation = OrganisationFactory()
    actor = admin_of(organisation)
    top = TeamFactory(organisation=organisation, name="Top")
    middle = TeamFactory(organisation=organisation, parent=top, name="Middle")
    bottom = TeamFactory(organisation=organisation, parent=middle, name="Bottom")
    for parent in (top, middle, bottom):
        with pytest.raises(DomainError) as refused:
            structure.update_team(top, name="Top", parent=parent, actor=actor)
        assert refused.value.field == "parent"
    assert top.parent_id is None and actions() == []


def test_team_refusals(app):
    organisation, other = OrganisationFactory(), OrganisationFactory()
    actor = admin_of(organisation)
    medicine = TeamFactory(organisation=organisation, name="Medicine")
    TeamFactory(organisation=organisation, parent=medicine, name="Ward 12")
    elsewhere = TeamFactory(organisation=other, name="Elsewhere")
    with pytest.raises(DomainError) as refused:
        structure.add_team(organisation, name="ward 12", parent=medicine, actor=actor)
    assert refused.value.field == "name" and "under Medicine" in refused.value.message
    with pytest.raises(DomainError) as refused:
        structure.add_team(organisation, name="medicine", parent=None, actor=actor)
    assert refused.value.field == "name"
    with pytest.raises(DomainError) as refused:
        structure.add_team(organisation, name="Ward 13", parent=elsewhere, actor=actor)
    assert refused.value.field == "parent"
    with pytest.raises(NotAllowed):
        structure.add_team(other, name="Ward 13", parent=None, actor=actor)
    with pytest.raises(NotAllowed):
        structure.update_team(elsewhere, name="Mine now", parent=None, actor=actor)
    assert elsewhere.name == "Elsewhere" and actions() == []


def test_only_an_empty_team_closes_and_then_it_is_offered_nowhere(app):
    from academy.people import queries

    organisation = OrganisationFactory()
    actor = admin_of(organisation)
    medicine = TeamFactory(organisation=organisation, name="Medicine")
    ward = TeamFactory(organisation=organisation, parent=medicine, name="Ward 12")
    nurse = UserFactory(employer=organisation, team=ward)

    with pytest.raises(DomainError, match="1 person is still in Ward 12"):
        structure.close_team(ward, actor=actor)
    with pytest.raises(DomainError, match="still has open teams beneath it"):
        structure.close_team(medicine, actor=actor)
    assert ward.closed_at is None and medicine.closed_at is None

    nurse.team_id = None
    structure.close_team(ward, actor=actor)
    structure.close_team(medicine, actor=actor)
    assert ward.is_closed and medicine.is_closed
    assert ward not in queries.teams() and medicine not in queries.teams()
    assert actions() == ["team.closed", "team.closed"]

    with pytest.raises(DomainError, match="already closed"):
        structure.close_team(ward, actor=actor)
    with pytest.raises(DomainError, match="closed and cannot be changed"):
        structure.update_team(ward, name="Ward 13", parent=None, actor=actor)
    with pytest.raises(DomainError, match="Medicine is closed") as refused:
        structure.add_team(organisation, name="Ward 15", parent=medicine, actor=actor)
    assert refused.value.field == "parent"


def test_a_leaver_whose_account_is_closed_does_not_keep_a_team_open(app):
    organisation = OrganisationFactory()
    ward = TeamFactory(organisation=organisation)
    UserFactory(employer=organisation, team=ward, is_active_account=False)
    structure.close_team(ward, actor=admin_of(organisation))
    assert ward.is_closed


def test_another_organisations_administrator_cannot_close_a_team(app):
    ward = TeamFactory()
    with pytest.raises(NotAllowed):
        structure.close_team(ward, actor=admin_of(OrganisationFactory()))
    assert not ward.is_closed


# Job roles -----------------------------------------------------------------------------------

def nurse_data(**changes) -> JobRoleData:
    values = {"name": "Staff nurse", "sector": Sector.NHS,
              "staff_group": "Nursing and Midwifery Registered", "afc_band": "5"}
    return JobRoleData(**{**values, **changes})


def test_a_partnership_administrator_adds_and_changes_job_roles(app):
    admin = partnership_admin()
    nurse = structure.create_job_role(nurse_data(afc_band="8A"), actor=admin)
    assert nurse.afc_band == "8a"
    carer = structure.create_job_role(JobRoleData(
        name="Care worker", sector=Sector.SOCIAL_CARE, staff_group="Care providing roles",
        social_care_role="Care worker"), actor=admin)
    structure.update_job_role(nurse, nurse_data(name="Charge nurse", afc_band="6"), actor=admin)
    assert (nurse.name, nurse.afc_band) == ("Charge nurse", "6")
    assert str(carer) == "Care worker"
    assert actions() == ["job_role.created", "job_role.created", "job_role.changed"]


def test_a_duplicate_job_role_is_refused(app):
    JobRoleFactory(name="Staff nurse", afc_band="5")
    admin = partnership_admin()
    with pytest.raises(DomainError, match="already exists") as refused:
        structure.create_job_role(nurse_data(name="staff NURSE"), actor=admin)
    assert refused.value.field == "name"
    structure.create_job_role(nurse_data(afc_band="6"), actor=admin)  # another band is another role
    other = JobRoleFactory(name="Doctor", afc_band=None)
    with pytest.raises(DomainError, match="already exists"):
        structure.update_job_role(other, nurse_data(), actor=admin)
    assert other.name == "Doctor"


@pytest.mark.parametrize("data, field", [
    (nurse_data(name=" "), "name"),
    (nurse_data(staff_group=""), "staff_group"),
    (nurse_data(afc_band="10"), "afc_band"),
    (nurse_data(sector=Sector.SOCIAL_CARE, social_care_role="Care worker"), "afc_band"),
    (nurse_data(sector=Sector.SOCIAL_CARE, afc_band=None), "social_care_role"),
    (nurse_data(social_care_role="Care worker"), "social_care_role"),
])
def test_job_role_refusals(app, data, field):
    with pytest.raises(DomainError) as refused:
        structure.create_job_role(data, actor=partnership_admin())
    assert refused.value.field == field


def test_an_organisation_administrator_cannot_keep_job_roles(app):
    actor = admin_of(OrganisationFactory())
    with pytest.raises(NotAllowed):
        structure.create_job_role(nurse_data(), actor=actor)
    role = JobRoleFactory()
    with pytest.raises(NotAllowed):
        structure.update_job_role(role, nurse_data(), actor=actor)
    assert actions() == []
