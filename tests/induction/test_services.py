"""Starting inductions, sign-off and its refusals, completion, and recognition when someone moves."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction import standards
from academy.induction.models import (
    AcceptFrom,
    InductionStatus,
    ItemKind,
    ItemStatus,
    KnowledgeShown,
    ReviewDecision,
)
from academy.induction.services import inductions as services
from academy.notifications.models import Notice, OutboxMessage
from academy.people.models import OrganisationType
from academy.people.roles import Role
from academy.people.services import change_job
from tests.factories import JobRoleFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers
from tests.induction.helpers import START


@pytest.fixture
def org(app):
    return OrganisationFactory(name="Ridings Home Care", type=OrganisationType.CARE_PROVIDER)


@pytest.fixture
def people(org):
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    team = TeamFactory(organisation=org, manager=manager)
    return dict(
        manager=manager,
        learner=UserFactory(employer=org, team=team),
        assessor=UserFactory(employer=org, roles=[(Role.ASSESSOR, org)]),
        stranger_assessor=UserFactory(employer=org, roles=[(Role.ASSESSOR, org)]),
        colleague=UserFactory(employer=org),
    )


def test_the_employers_programme_for_the_role_beats_the_general_and_the_district_ones(org, people):
    role = people["learner"].job_role
    helpers.programme(None, name="District")
    helpers.programme(org, name="Employer")
    for_role = helpers.programme(org, name="Employer, this role", job_role=role)
    assert services.resolve_programme(org.id, role.id) == for_role
    assert services.resolve_programme(org.id, JobRoleFactory().id).name == "Employer"
    assert services.resolve_programme(OrganisationFactory().id, role.id).name == "District"


def test_starting_copies_the_programme_with_due_dates_and_tells_the_starter(org, people):
    helpers.programme(org)
    induction = helpers.start(people["learner"], people["manager"], [people["assessor"]])
    assert [i.title for i in induction.items][:2] == [standards.WELCOME_TITLE, "Standard 1: Understand your role"]
    assert induction.items[0].due_on == START + timedelta(days=14)
    assert all(i.status == ItemStatus.TO_DO for i in induction.items)
    assert induction.assessors == [people["assessor"]]
    assert db.session.scalar(select(Notice.text).where(Notice.user_id == people["learner"].id)).startswith(
        "Your induction with Ridings Home Care has started: 4 items to do")
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "Induction")) == "induction.started"


def test_only_their_manager_or_an_administrator_starts_someone(org, people):
    helpers.programme(org)
    with pytest.raises(NotAllowed):
        helpers.start(people["learner"], people["colleague"])
    with pytest.raises(NotAllowed):
        helpers.start(people["learner"], UserFactory(roles=[Role.MANAGER]))  # manages someone else
    admin = UserFactory(employer=org, roles=[(Role.ADMIN, org)])
    assert helpers.start(people["learner"], admin).started_by_id == admin.id


def test_starting_refuses_a_second_open_induction_no_programme_and_self_assessment(org, people):
    with pytest.raises(DomainError, match="no induction programme for Ridings Home Care"):
        helpers.start(people["learner"], people["manager"])
    helpers.programme(org)
    with pytest.raises(DomainError, match="is not an assessor for this employer"):
        helpers.start(people["learner"], people["manager"], [people["colleague"]])
    helpers.start(people["learner"], people["manager"])
    with pytest.raises(DomainError, match="already has an induction in progress"):
        helpers.start(people["learner"], people["manager"], started_on=START + timedelta(days=1))


def test_an_assessor_signs_off_one_standard_at_a_time_with_date_and_comments(org, people):
    helpers.programme(org)
    induction = helpers.start(people["learner"], people["manager"], [people["assessor"]])
    standard = induction.items[1]  # knowledge and competence
    helpers.upload(standard, people["learner"])
    services.ask_for_sign_off(standard, note="Ready when you are", actor=people["learner"])
    assert standard.status == ItemStatus.SUBMITTED
    assert db.session.scalar(select(Notice.text).where(Notice.user_id == people["assessor"].id)
                             .order_by(Notice.id.desc())) == f"{people['learner'].name} asks for sign-off: {standard.title}"
    review = services.review_item(
        standard, decision=ReviewDecision.SIGNED_OFF, comments="Observed a handover",
        knowledge_shown=KnowledgeShown.WRITTEN, observed_on=START + timedelta(days=2),
        actor=people["assessor"], today=START + timedelta(days=3),
    )
    assert standard.status == ItemStatus.ACHIEVED
    assert standard.achieved_on == START + timedelta(days=2)
    assert standard.assessed_by == people["assessor"]
    assert review.comments == "Observed a handover"
    assert [i.status for i in induction.items].count(ItemStatus.ACHIEVED) == 1
    assert induction.status == InductionStatus.IN_PROGRESS


def test_a_returned_standard_goes_back_to_the_learner_with_feedback(org, people):
    helpers.programme(org)
    induction = helpers.start(people["learner"], people["manager"], [people["assessor"]])
    standard = induction.items[2]
    services.review_item(standard, decision=ReviewDecision.RETURNED, comments="Add an example",
                         knowledge_shown=None, observed_on=None, actor=people["assessor"], today=START)
    assert standard.status == ItemStatus.RETURNED
    assert standard.reviews[0].comments == "Add an example"
    assert db.session.scalar(select(Notice.text).where(Notice.user_id == people["learner"].id)
                             .order_by(Notice.id.desc())).endswith("returned Standard 2: Your personal development with feedback")
    services.ask_for_sign_off(standard, note="", actor=people["learner"])  # they can try again
    assert standard.status == ItemStatus.SUBMITTED


def test_a_learner_cannot_sign_off_at_all(org, people):
    helpers.programme(org)
    induction = helpers.start(people["learner"], people["manager"], [people["assessor"]])
    with pytest.raises(NotAllowed, match="cannot sign off your own induction"):
        helpers.sign_off(induction.items[1], people["learner"])
    assert induction.items[1].status == ItemStatus.TO_DO


def test_an_assessor_cannot_sign_off_their_own_evidence(org, people):
    """An assessor who is a new starter themselves: their own induction's evidence is theirs."""
    helpers.programme(org)
    assessor = people["assessor"]
    assessor.team = people["learner"].team
    own = helpers.start(assessor, people["manager"], [people["stranger_assessor"]])
    helpers.upload(own.items[1], assessor)
    with pytest.raises(NotAllowed):
        helpers.sign_off(own.items[1], assessor)
    own.assessors.append(assessor)  # even if wrongly assigned to their own induction
    with pytest.raises(NotAllowed, match="cannot sign off your own induction"):
        helpers.sign_off(own.items[1], assessor)
    assert own.items[1].status == ItemStatus.TO_DO
    helpers.sign_off(own.items[1], people["stranger_assessor"])
    assert own.items[1].status == ItemStatus.ACHIEVED


def test_nobody_signs_off_evidence_they_uploaded(org, people):
    helpers.programme(org)
    induction = helpers.start(people["learner"], people["manager"], [people["assessor"]])
    item = induction.items[1]
    # A file that somehow came from the assessor (a record of an observation they wrote).
    helpers.upload(item, people["learner"]).uploaded_by_id = people["assessor"].id
    with pytest.raises(NotAllowed, match="evidence you uploaded yourself"):
        helpers.sign_off(item, people["assessor"])


def test_only_assigned_assessors_sign_off_and_managers_only_confirm_attendance(org, people):
    helpers.programme(org)
    induction = helpers.start(people["learner"], people["manager"], [people["assessor"]])
    welcome, standard = induction.items[0], induction.items[1]
    with pytest.raises(NotAllowed, match="Only an assessor assigned"):
        helpers.sign_off(standard, people["stranger_assessor"])
    with pytest.raises(NotAllowed):
        helpers.sign_off(standard, people["manager"])
    helpers.sign_off(welcome, people["manager"])
    assert welcome.status == ItemStatus.ACHIEVED and welcome.assessed_by == people["manager"]


def test_when_every_item_is_done_the_induction_completes_with_a_certificate_code(org, people):
    helpers.programme(org)
    people["learner"].line_manager = people["manager"]
    induction = helpers.start(people["learner"], people["manager"], [people["assessor"]])
    helpers.complete(induction, people["assessor"], START + timedelta(days=20))
    assert induction.status == InductionStatus.COMPLETED
    assert induction.completed_on == START + timedelta(days=20)
    assert induction.certificate_code.startswith("IND-") and len(induction.certificate_code) == 13
    email = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.to_address == people["learner"].email))
    assert email.subject == "You have completed your induction"
    assert email.body_text.startswith(f"Dear {people['learner'].given_name},\n\nWell done: every item")
    assert f"Your certificate's verification code is {induction.certificate_code}." in email.body_text
    assert induction.certificate_code in email.body_html
    learner_notice = db.session.scalar(select(Notice).where(Notice.user_id == people["learner"].id)
                                       .order_by(Notice.id.desc()))
    assert learner_notice.link == f"http://academy.test/induction/{induction.id}"
    assert db.session.scalar(select(Notice.text).where(Notice.user_id == people["manager"].id)
                             .order_by(Notice.id.desc())) == f"{people['learner'].name} has completed their induction"


def test_moving_to_another_partner_recognises_what_its_rules_accept(app, org, people):
    """Completed at a home-care provider (standards signed off by a care-provider assessor),
    then a care home that takes core skills in date from anyone, standards from anyone, but
    basic life support only if an NHS assessor signed it off."""
    templates = [standards.welcome_item(), *standards.core_skill_items()[:2],
                 *standards.care_certificate_items()[10:13]]  # standards 11, 12, 13
    helpers.programme(org, templates=templates)
    learner = people["learner"]
    first = helpers.start(learner, people["manager"], [people["assessor"]])
    helpers.complete(first, people["assessor"], START + timedelta(days=30))

    care_home = OrganisationFactory(name="Calder View Care Home", type=OrganisationType.CARE_PROVIDER)
    home_programme = helpers.programme(care_home, templates=[
        *templates, standards.ItemTemplate(ItemKind.LOCAL, "Fire evacuation of the home",
                                           helpers.EvidenceRequirement.COMPETENCE, 14, "local:home:fire")])
    helpers.rule(care_home, ItemKind.CORE_SKILL, AcceptFrom.ANY_PARTNER, in_date_only=True)
    helpers.rule(care_home, ItemKind.CARE_CERTIFICATE, AcceptFrom.ANY_PARTNER, in_date_only=False)
    helpers.rule(care_home, ItemKind.CARE_CERTIFICATE, AcceptFrom.NHS_PARTNER,
                 subject_key=standards.care_certificate_key(12), in_date_only=False)
    admin = UserFactory(roles=[Role.ADMIN])
    moved_on = START + timedelta(days=400)  # past the one-year refresher of the second core skill
    change_job(learner, job_role=learner.job_role, organisation=care_home, team=None,
               starts_on=moved_on, reason="Moved to a care home", actor=admin)
    second = services.start_induction(learner, started_on=moved_on, assessors=[], actor=admin, today=moved_on)

    status = {i.title: i.status for i in second.items}
    assert second.programme_id == home_programme.id
    assert status[standards.WELCOME_TITLE] == ItemStatus.TO_DO  # no rule for the welcome here
    assert status["Conflict Resolution (Level 1)"] == ItemStatus.RECOGNISED  # 3-yearly, in date
    assert status["Equality, Diversity and Human Rights (Level 1)"] == ItemStatus.RECOGNISED
    assert status["Standard 11: Safeguarding children"] == ItemStatus.RECOGNISED
    assert status["Standard 12: Basic life support"] == ItemStatus.TO_DO  # not NHS-assessed
    assert status["Standard 13: Health and safety"] == ItemStatus.RECOGNISED
    assert status["Fire evacuation of the home"] == ItemStatus.TO_DO
    recognised = next(i for i in second.items if i.title == "Standard 11: Safeguarding children")
    assert recognised.achieved_at.name == "Ridings Home Care"
    assert recognised.achieved_on == START + timedelta(days=30)
    assert recognised.recognised_from.induction_id == first.id
    assert second.status == InductionStatus.IN_PROGRESS
    assert db.session.get(type(first), first.id).status == InductionStatus.COMPLETED


def test_an_expired_core_skill_is_not_recognised_and_an_unfinished_induction_is_closed(org, people):
    templates = standards.core_skill_items()
    helpers.programme(org, templates=templates)
    learner = people["learner"]
    first = helpers.start(learner, people["manager"], [people["assessor"]])
    info_gov = next(i for i in first.items if i.title.startswith("Information Governance"))
    fire = next(i for i in first.items if i.title.startswith("Fire Safety"))
    helpers.upload(info_gov, learner)
    helpers.upload(fire, learner)
    helpers.sign_off(info_gov, people["assessor"])
    helpers.sign_off(fire, people["assessor"])
    trust = OrganisationFactory(type=OrganisationType.NHS_TRUST)
    helpers.programme(trust, templates=templates)
    helpers.rule(trust, ItemKind.CORE_SKILL, AcceptFrom.ANY_PARTNER, in_date_only=True)
    admin = UserFactory(roles=[Role.ADMIN])
    later = date(2027, 3, 1)  # information governance lapsed after a year; fire safety lasts two
    change_job(learner, job_role=learner.job_role, organisation=trust, team=None, starts_on=later,
               reason="", actor=admin)
    second = services.start_induction(learner, started_on=later, assessors=[], actor=admin, today=later)
    status = {i.title: i.status for i in second.items}
    assert status[info_gov.title] == ItemStatus.TO_DO
    assert status[fire.title] == ItemStatus.RECOGNISED
    assert first.status == InductionStatus.CLOSED and first.closed_on == later


def test_an_induction_whose_every_item_is_recognised_completes_at_once(org, people):
    helpers.programme(org, templates=[standards.welcome_item()])
    first = helpers.start(people["learner"], people["manager"], [people["assessor"]])
    helpers.complete(first, people["assessor"])
    other = OrganisationFactory()
    helpers.programme(other, templates=[standards.welcome_item()])
    helpers.rule(other, ItemKind.WELCOME, AcceptFrom.ANY_PARTNER, in_date_only=False)
    admin = UserFactory(roles=[Role.ADMIN])
    change_job(people["learner"], job_role=people["learner"].job_role, organisation=other, team=None,
               starts_on=START + timedelta(days=10), reason="", actor=admin)
    second = helpers.start(people["learner"], admin, started_on=START + timedelta(days=10),
                           today=START + timedelta(days=10))
    assert second.status == InductionStatus.COMPLETED
    assert second.certificate_code != first.certificate_code
