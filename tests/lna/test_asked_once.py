"""Competencies asked once: the same competency in two frameworks of a round is asked once, both
frameworks read the one answer, and partnership learning leads keep the list of which are the same."""

from datetime import date

import pytest
from sqlalchemy import func, select

from academy import demo
from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.lna import listings, mapping, queries
from academy.lna.demo_frameworks import SAME_COMPETENCIES
from academy.lna.gaps import LearningMethod, Priority
from academy.lna.models import (
    AssessmentRound,
    Competency,
    CompetencyMapping,
    CompetencyRating,
    RoundStatus,
    SelfAssessment,
)
from academy.lna.services import assessments, mappings, rounds
from academy.lna.services.assessments import Answer, Decision
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests.factories import JobRoleFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.lna.factories import (
    CompetencyFactory,
    DomainFactory,
    FrameworkFactory,
    learning_lead,
    open_round,
    profile,
)


@pytest.fixture
def district(app):
    """The Care Certificate and core skills, a role needing both, and a carer with a manager."""
    care = FrameworkFactory(code="CC", name="Care Certificate standards")
    core = FrameworkFactory(code="CORE", name="Core skills")
    safety = DomainFactory(framework=care, name="Safeguarding and safety")
    keeping = DomainFactory(framework=core, name="Keeping people safe")
    competencies = {
        "CC-03": CompetencyFactory(domain=safety, code="CC-03", name="Duty of care"),
        "CC-10": CompetencyFactory(domain=safety, code="CC-10", name="Adult safeguarding"),
        "SG-01": CompetencyFactory(domain=keeping, code="SG-01", name="Safeguarding adults"),
        "FS-01": CompetencyFactory(domain=keeping, code="FS-01", name="Fire safety"),
    }
    organisation = OrganisationFactory()
    manager = UserFactory(employer=organisation, roles=[Role.MANAGER])
    team = TeamFactory(organisation=organisation, manager=manager)
    role = JobRoleFactory()
    profile(role, {competencies["CC-03"]: (2, True), competencies["CC-10"]: (3, True),
                   competencies["SG-01"]: (2, True), competencies["FS-01"]: (2, True)})
    carer = UserFactory(employer=organisation, team=team, job_role=role)
    lead = learning_lead()
    return {"care": care, "core": core, "c": competencies, "organisation": organisation,
            "manager": manager, "carer": carer, "lead": lead, "role": role}


def _assessment(world, name="Spring LNA"):
    round_ = open_round([world["care"], world["core"]], [world["organisation"]], name=name)
    rounds.invite_in_scope(round_, utcnow())
    return db.session.scalar(select(SelfAssessment).where(
        SelfAssessment.round_id == round_.id, SelfAssessment.user_id == world["carer"].id))


def _rating(assessment, competency) -> CompetencyRating:
    return db.session.scalar(select(CompetencyRating).where(
        CompetencyRating.self_assessment_id == assessment.id,
        CompetencyRating.competency_id == competency.id))


def _same(world):
    return mappings.add_mapping(world["c"]["SG-01"].id, world["c"]["CC-10"].id, actor=world["lead"])


# The mapping, as data a learning lead edits ----------------------------------------------

def test_a_mapping_is_kept_once_reads_both_ways_and_is_audited(district):
    row = _same(district)
    assert {row.competency_id, row.same_as_id} == {district["c"]["CC-10"].id, district["c"]["SG-01"].id}
    assert row.competency_id < row.same_as_id
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "lna.competency_mapping.added"))
    assert event.actor_id == district["lead"].id and event.object_id == str(row.id)
    assert event.detail == {"competency": "SG-01", "same_as": "CC-10"}


def test_a_competency_cannot_be_mapped_to_itself_twice_or_within_its_framework(district):
    c, lead = district["c"], district["lead"]
    with pytest.raises(DomainError, match="cannot be mapped to itself") as itself:
        mappings.add_mapping(c["CC-10"].id, c["CC-10"].id, actor=lead)
    assert itself.value.field == "same_as_id"
    with pytest.raises(DomainError, match="another framework: both are in Care Certificate"):
        mappings.add_mapping(c["CC-10"].id, c["CC-03"].id, actor=lead)
    _same(district)
    for one, other in (("CC-10", "SG-01"), ("SG-01", "CC-10")):
        with pytest.raises(DomainError, match=f"{one} and {other} are already mapped"):
            mappings.add_mapping(c[one].id, c[other].id, actor=lead)
    # Duty of care would share Safeguarding adults' answer with Adult safeguarding.
    with pytest.raises(DomainError, match="only one in each framework"):
        mappings.add_mapping(c["CC-03"].id, c["SG-01"].id, actor=lead)
    with pytest.raises(DomainError, match="Choose a competency from the list"):
        mappings.add_mapping(None, c["SG-01"].id, actor=lead)
    assert db.session.scalar(select(func.count()).select_from(CompetencyMapping)) == 1


def test_only_partnership_learning_leads_change_mappings(district):
    c = district["c"]
    for person in (learning_lead(OrganisationFactory()), district["manager"], district["carer"]):
        with pytest.raises(NotAllowed):
            mappings.add_mapping(c["CC-10"].id, c["SG-01"].id, actor=person)
    row = _same(district)
    with pytest.raises(NotAllowed):
        mappings.remove_mapping(row, actor=learning_lead(OrganisationFactory()))
    mappings.remove_mapping(row, actor=district["lead"])
    assert db.session.scalar(select(func.count()).select_from(CompetencyMapping)) == 0
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "lna.competency_mapping.removed"))
    assert event.actor_id == district["lead"].id and event.detail == {
        "competency": "CC-10", "same_as": "SG-01"}


def test_mappings_chain_into_groups_with_one_competency_per_framework():
    assert sorted(map(sorted, mapping.groups([(1, 2), (2, 3), (7, 8)]))) == [[1, 2, 3], [7, 8]]
    assert mapping.group_of(4, [(1, 2)]) == {4}
    assert mapping.shared_framework({1, 2}, {3}, {1: 10, 2: 20, 3: 20}) == 20
    assert mapping.shared_framework({1}, {3}, {1: 10, 3: 20}) is None


# Asked once, read by both frameworks ---------------------------------------------------------

def test_the_self_assessment_asks_a_mapped_competency_once_naming_both_frameworks(district):
    _same(district)
    assessment = _assessment(district)
    assert assessments.start_assessment(assessment, actor=district["carer"]) == 4
    found = listings.sections(assessment)
    asked = [r.competency.code for s in found for r in s.ratings]
    assert asked == ["CC-03", "CC-10", "FS-01"]  # SG-01 is not asked again
    care = found[0]
    (reader,) = care.read_by(_rating(assessment, district["c"]["CC-10"]))
    assert reader.competency.code == "SG-01" and reader.competency.framework.name == "Core skills"


def test_one_answer_is_stored_for_both_and_each_framework_reads_it_against_its_own_level(district):
    c, carer = district["c"], district["carer"]
    _same(district)
    assessment = _assessment(district)
    assessments.start_assessment(assessment, actor=carer)
    assessments.save_answers(assessment, {
        c["CC-03"].id: Answer(2), c["FS-01"].id: Answer(2),
        c["CC-10"].id: Answer(1, Priority.HIGH, LearningMethod.CLASSROOM, "Only at induction"),
    }, actor=carer)
    care, core = _rating(assessment, c["CC-10"]), _rating(assessment, c["SG-01"])
    assert core.answered_with_id == care.id
    for rating in (care, core):
        assert (rating.self_level, rating.priority, rating.preferred_method, rating.comment) == (
            1, Priority.HIGH, LearningMethod.CLASSROOM, "Only at induction")
    assert (care.gap, core.gap) == (2, 1)  # Care Certificate needs 3, core skills 2
    with pytest.raises(DomainError, match="SG-01 is asked once with CC-10 Adult safeguarding"):
        assessments.save_answers(assessment, {c["SG-01"].id: Answer(4)}, actor=carer)
    assessments.submit_assessment(assessment, actor=carer)
    priorities = {row.competency_id: row for row in queries.priorities(
        queries.Scope(assessment.round_id))}
    for competency, gap in ((c["CC-10"], 2), (c["SG-01"], 1)):
        row = priorities[competency.id]
        assert (row.gap_total, row.high_priority, row.methods[LearningMethod.CLASSROOM]) == (gap, 1, 1)

    # The manager decides once; both frameworks read the decision.
    with pytest.raises(DomainError, match="Confirm or adjust every rating"):
        assessments.validate_assessment(assessment, {c["CC-03"].id: Decision(2)},
                                        actor=district["manager"])
    adjusted = assessments.validate_assessment(assessment, {
        c["CC-03"].id: Decision(2), c["CC-10"].id: Decision(2, "Seen on the ward"),
        c["FS-01"].id: Decision(2)}, actor=district["manager"])
    assert adjusted == 1
    assert (care.manager_level, core.manager_level) == (2, 2)
    assert (care.manager_comment, core.manager_comment) == ("Seen on the ward", "Seen on the ward")
    assert (care.gap, core.gap) == (1, 0)

    # Every report of either framework reads that answer.
    cells = queries.gap_cells(queries.Scope(assessment.round_id), "organisation")
    organisation = district["organisation"].id
    assert cells[(organisation, c["CC-10"].id)] == queries.GapCell(1, 1, 1)
    assert cells[(organisation, c["SG-01"].id)] == queries.GapCell(1, 0, 0)
    assert [row.code for row in listings.gap_rows(assessment)] == ["CC-10"]


def test_answers_given_before_a_mapping_keep_working(district):
    c, carer = district["c"], district["carer"]
    assessment = _assessment(district)
    assessments.start_assessment(assessment, actor=carer)
    assessments.save_answers(assessment, {c["CC-10"].id: Answer(3), c["SG-01"].id: Answer(1)},
                             actor=carer)
    _same(district)  # recorded after this person started
    assessments.start_assessment(assessment, actor=carer)
    assert len([r for s in listings.sections(assessment) for r in s.ratings]) == 4
    assessments.save_answers(assessment, {c["SG-01"].id: Answer(2)}, actor=carer)
    assert (_rating(assessment, c["CC-10"]).self_level, _rating(assessment, c["SG-01"]).self_level) == (3, 2)

    # Someone starting a later round is asked once.
    later = _assessment(district, name="Autumn LNA")
    assessments.start_assessment(later, actor=carer)
    assert _rating(later, c["SG-01"]).answered_with_id == _rating(later, c["CC-10"]).id


def test_a_round_with_only_one_of_the_frameworks_asks_its_competency(district):
    _same(district)
    round_ = open_round([district["core"]], [district["organisation"]])
    rounds.invite_in_scope(round_, utcnow())
    assessment = db.session.scalar(select(SelfAssessment).where(SelfAssessment.round_id == round_.id))
    assessments.start_assessment(assessment, actor=district["carer"])
    assert [r.competency.code for s in listings.sections(assessment) for r in s.ratings] == [
        "SG-01", "FS-01"]


# Pages ---------------------------------------------------------------------------------------

def test_the_section_page_asks_once_and_saves_the_answer_for_both(district, client, login):
    c, carer = district["c"], district["carer"]
    _same(district)
    assessment = _assessment(district)
    assessments.start_assessment(assessment, actor=carer)
    db.session.commit()
    login(carer)
    page = client.get(f"/lna/assessments/{assessment.id}/sections/1").get_data(as_text=True)
    assert page.count("Your current level in Adult safeguarding") == 1
    assert "Your current level in Safeguarding adults" not in page
    assert "Asked once for Care Certificate standards and Core skills." in page
    assert "SG-01 Safeguarding adults in Core skills" in page
    assert "Core skills: your role needs level 2" in page
    response = client.post(f"/lna/assessments/{assessment.id}/sections/1", data={
        f"level_{c['CC-03'].id}": "2", f"level_{c['CC-10'].id}": "4", "action": "continue"})
    assert response.status_code == 302
    assert (_rating(assessment, c["CC-10"]).self_level, _rating(assessment, c["SG-01"]).self_level) == (4, 4)
    core_page = client.get(f"/lna/assessments/{assessment.id}/sections/2").get_data(as_text=True)
    assert "Fire safety" in core_page and "Safeguarding adults" not in core_page


def test_the_mapping_list_searches_adds_refuses_and_removes(district, client, login):
    c = district["c"]
    login(district["lead"])
    assert "Every competency is asked separately" in client.get("/lna/mappings").get_data(as_text=True)
    assert client.get("/lna/mappings/new").status_code == 200
    refused = client.post("/lna/mappings/new", data={
        "competency_id": str(c["CC-10"].id), "same_as_id": str(c["CC-10"].id)})
    assert refused.status_code == 400
    assert "a competency cannot be mapped to itself" in refused.get_data(as_text=True)
    added = client.post("/lna/mappings/new", data={
        "competency_id": str(c["CC-10"].id), "same_as_id": str(c["SG-01"].id)})
    assert added.status_code == 302
    twice = client.post("/lna/mappings/new", data={
        "competency_id": str(c["SG-01"].id), "same_as_id": str(c["CC-10"].id)})
    assert "SG-01 and CC-10 are already mapped to each other" in twice.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CompetencyMapping)) == 1
    listed = client.get("/lna/mappings?q=safeguarding").get_data(as_text=True)
    assert "CC-10 Adult safeguarding" in listed and "SG-01 Safeguarding adults" in listed
    assert "No competencies asked once match" in client.get("/lna/mappings?q=fire").get_data(as_text=True)
    row = db.session.scalar(select(CompetencyMapping))
    confirm = client.get(f"/lna/mappings/{row.id}/remove").get_data(as_text=True)
    assert "Ask CC-10 and SG-01 separately?" in confirm
    assert db.session.scalar(select(func.count()).select_from(CompetencyMapping)) == 1
    assert client.post(f"/lna/mappings/{row.id}/remove").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CompetencyMapping)) == 0


def test_an_organisations_lead_sees_the_mappings_but_cannot_change_them(district, client, login):
    row = _same(district)
    db.session.commit()
    login(learning_lead(district["organisation"]))
    page = client.get("/lna/mappings").get_data(as_text=True)
    assert "CC-10 Adult safeguarding" in page and "Remove" not in page
    assert client.get("/lna/mappings/new").status_code == 403
    assert client.post("/lna/mappings/new", data={
        "competency_id": str(district["c"]["CC-03"].id),
        "same_as_id": str(district["c"]["FS-01"].id)}).status_code == 403
    assert client.post(f"/lna/mappings/{row.id}/remove").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(CompetencyMapping)) == 1


# Demo ----------------------------------------------------------------------------------------

def test_the_demo_asks_the_care_certificate_and_core_skills_once_this_year(app):
    demo.build(staff=60, seed=3, today=date(2026, 11, 23))
    db.session.commit()
    codes = dict(db.session.execute(select(Competency.id, Competency.code)).all())
    pairs = {frozenset((codes[m.competency_id], codes[m.same_as_id]))
             for m in db.session.scalars(select(CompetencyMapping))}
    assert pairs == {frozenset(pair) for pair in SAME_COMPETENCIES}
    assert frozenset(("CC-10", "SG-01")) in pairs and frozenset(("CC-12", "RES-01")) in pairs
    current, last_year = (db.session.scalar(select(AssessmentRound.id).where(
        AssessmentRound.status == status)) for status in (RoundStatus.OPEN, RoundStatus.CLOSED))
    readers = db.session.scalars(select(CompetencyRating).where(
        CompetencyRating.round_id == current, CompetencyRating.answered_with_id.is_not(None))).all()
    assert readers
    for reader in readers:
        asked = reader.answered_with
        assert asked.self_assessment_id == reader.self_assessment_id
        assert (codes[asked.competency_id], codes[reader.competency_id]) in SAME_COMPETENCIES
        assert (reader.self_level, reader.manager_level, reader.priority) == (
            asked.self_level, asked.manager_level, asked.priority)
    assert not db.session.scalar(select(func.count()).select_from(CompetencyRating).where(
        CompetencyRating.round_id == last_year, CompetencyRating.answered_with_id.is_not(None)))


def test_the_manager_validates_a_competency_asked_once_once(district, client, login):
    c, carer = district["c"], district["carer"]
    _same(district)
    assessment = _assessment(district)
    assessments.start_assessment(assessment, actor=carer)
    assessments.save_answers(assessment, {cid: Answer(2) for cid in (
        c["CC-03"].id, c["CC-10"].id, c["FS-01"].id)}, actor=carer)
    assessments.submit_assessment(assessment, actor=carer)
    db.session.commit()
    login(district["manager"])
    page = client.get(f"/lna/validate/{assessment.id}").get_data(as_text=True)
    assert f'name="level_{c["CC-10"].id}"' in page and f'name="level_{c["SG-01"].id}"' not in page
    assert "Asked once for Care Certificate standards and Core skills." in page
    response = client.post(f"/lna/validate/{assessment.id}", data={
        f"level_{c['CC-03'].id}": "2", f"level_{c['CC-10'].id}": "3", f"level_{c['FS-01'].id}": "2"})
    assert response.status_code == 302
    assert (_rating(assessment, c["CC-10"]).manager_level,
            _rating(assessment, c["SG-01"]).manager_level) == (3, 3)
