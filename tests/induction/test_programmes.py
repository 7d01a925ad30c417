"""Programmes as ordered items with evidence and due dates, and the recognition rules each
partner owns, set up by learning leads and administrators."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction import standards
from academy.induction.models import (
    AcceptFrom,
    EvidenceRequirement,
    InductionProgramme,
    ItemKind,
    ProgrammeItem,
    RecognitionRule,
)
from academy.induction.services import programmes as services
from academy.people.roles import Role
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def org(app):
    return OrganisationFactory(name="Calder View Care Home")


@pytest.fixture
def lead(org):
    return UserFactory(employer=org, roles=[(Role.LEARNING_LEAD, org)])


def test_the_district_template_has_the_welcome_core_skills_and_all_sixteen_standards():
    template = standards.district_template()
    kinds = [t.kind for t in template]
    assert kinds.count(ItemKind.CARE_CERTIFICATE) == 16 and kinds.count(ItemKind.WELCOME) == 1
    assert kinds.count(ItemKind.CORE_SKILL) == len(standards.CORE_SKILLS)
    care_certificate = [t for t in template if t.kind == ItemKind.CARE_CERTIFICATE]
    assert [t.standard_number for t in care_certificate] == list(range(1, 17))
    assert max(t.due_days for t in care_certificate) == 84  # within 12 weeks
    assert all(t.evidence == EvidenceRequirement.COURSE and t.valid_for_months for t in template
               if t.kind == ItemKind.CORE_SKILL)


def test_a_learning_lead_creates_a_programme_from_the_template_and_adds_their_own_items(org, lead):
    programme = services.create_programme(name="Calder View induction", organisation=org, job_role=None,
                                          description="", from_template=True, actor=lead)
    assert len(programme.items) == 28
    item = services.add_local_item(programme, title="Fire evacuation of the home", description="",
                                   evidence=EvidenceRequirement.COMPETENCE, due_days=14, actor=lead)
    assert item.position == 29 and item.subject_key.startswith(f"local:{org.id}:")
    services.move_item(item, up=True, actor=lead)
    assert [i.title for i in programme.items][-2:] == ["Fire evacuation of the home",
                                                       "Standard 16: Awareness of learning disability and autism"]
    with pytest.raises(DomainError, match="already has an item with this title"):
        services.add_local_item(programme, title="Fire evacuation of the home", description="",
                                evidence=EvidenceRequirement.COMPETENCE, due_days=14, actor=lead)
    with pytest.raises(DomainError, match="already exists"):
        services.create_programme(name="Again", organisation=org, job_role=None, description="",
                                  from_template=False, actor=lead)


def test_standards_stay_within_twelve_weeks_in_the_service_and_the_schema(org, lead):
    programme = services.create_programme(name="P", organisation=org, job_role=None, description="",
                                          from_template=True, actor=lead)
    standard = next(i for i in programme.items if i.kind == ItemKind.CARE_CERTIFICATE)
    with pytest.raises(DomainError, match="within 12 weeks"):
        services.update_item(standard, title=standard.title, description="", evidence=standard.evidence,
                             due_days=90, actor=lead)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(ProgrammeItem.__table__.update().where(ProgrammeItem.id == standard.id)
                           .values(due_days=85))
    db.session.rollback()


def test_only_leads_for_the_organisation_change_its_programmes_and_rules(org, lead):
    other_lead = UserFactory(roles=[(Role.LEARNING_LEAD, OrganisationFactory())])
    with pytest.raises(NotAllowed):
        services.create_programme(name="P", organisation=org, job_role=None, description="",
                                  from_template=False, actor=other_lead)
    with pytest.raises(NotAllowed):  # the district's programme is for partnership-wide leads
        services.create_programme(name="P", organisation=None, job_role=None, description="",
                                  from_template=False, actor=lead)
    with pytest.raises(NotAllowed):
        services.add_rule(org, kind=ItemKind.CORE_SKILL, subject_key=None, accepts=AcceptFrom.ANY_PARTNER,
                          source_organisation=None, source_type=None, in_date_only=True,
                          max_age_days=None, actor=other_lead)


def test_rules_are_data_the_partner_states_one_per_subject(org, lead):
    services.add_rule(org, kind=ItemKind.CARE_CERTIFICATE, subject_key=None, accepts=AcceptFrom.ANY_PARTNER,
                      source_organisation=None, source_type=None, in_date_only=False, max_age_days=None,
                      actor=lead)
    services.add_rule(org, kind=ItemKind.CARE_CERTIFICATE, subject_key=standards.care_certificate_key(12),
                      accepts=AcceptFrom.NHS_PARTNER, source_organisation=None, source_type=None,
                      in_date_only=False, max_age_days=None, actor=lead)
    with pytest.raises(DomainError, match="already a rule"):
        services.add_rule(org, kind=ItemKind.CARE_CERTIFICATE, subject_key=None, accepts=AcceptFrom.NOTHING,
                          source_organisation=None, source_type=None, in_date_only=False,
                          max_age_days=None, actor=lead)
    with pytest.raises(DomainError, match="Choose the partner accepted"):
        services.add_rule(org, kind=ItemKind.CORE_SKILL, subject_key=None, accepts=AcceptFrom.NAMED_PARTNER,
                          source_organisation=None, source_type=None, in_date_only=True,
                          max_age_days=None, actor=lead)
    assert len(db.session.scalars(select(RecognitionRule)).all()) == 2


def test_the_pages_create_a_programme_and_state_a_rule(client, org, lead):
    db.session.commit()
    sign_in(client, lead)
    response = client.post("/induction/programmes/new", data={
        "name": "Calder View induction", "organisation": org.id, "job_role": "", "from_template": "y"})
    assert response.status_code == 302
    programme = db.session.scalar(select(InductionProgramme))
    page = client.get(f"/induction/programmes/{programme.id}").get_data(as_text=True)
    assert "28 items, in the order new starters see them" in page
    response = client.post(f"/induction/programmes/{programme.id}/items", data={
        "title": "", "evidence": "knowledge", "due_days": "7"})
    assert response.status_code == 400 and "Enter a title" in response.get_data(as_text=True)
    response = client.post("/induction/recognition", data={
        "organisation": org.id, "kind": "core_skill", "subject_key": "", "accepts": "any_partner",
        "source_organisation": "", "source_type": "", "in_date_only": "y", "max_age_days": ""})
    assert response.status_code == 302
    page = client.get("/induction/recognition").get_data(as_text=True)
    assert "Every core skill" in page and "Any partner" in page
