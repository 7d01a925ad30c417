"""The links to the course catalogue: core-skill items tied to its mandatory subjects, done by
completing the linked course, recognised from its training records under the partner's rules,
shown in the passport with other completions and certificates, and issued as Open Badges."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from academy.courses import services as course_services
from academy.courses.models import RecordSource, TrainingRecord
from academy.courses.services import refresh_current
from academy.extensions import db
from academy.induction import catalogue, standards
from academy.induction.models import AcceptFrom, BadgeSource, ItemKind, ItemStatus, OpenBadge
from academy.induction.queries import passport
from academy.induction.services import courses as services
from academy.induction.services import programmes as programme_services
from academy.people.models import OrganisationType
from academy.people.roles import Role
from academy.timekeeping import today
from tests.conftest import sign_in
from tests.courses.factories import CourseFactory, SessionFactory, SubjectFactory, in_days
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers
from tests.induction.test_openbadges import outside_verifier


@pytest.fixture
def world(app):
    trust = OrganisationFactory(name="Mid Yorkshire Teaching NHS Trust", type=OrganisationType.NHS_TRUST)
    fire = SubjectFactory(name="Fire Safety", level="Level 1", renewal_months=24)
    conflict = SubjectFactory(name="Conflict Resolution", level="Level 1", renewal_months=36)
    lead = UserFactory(employer=trust, roles=[(Role.LEARNING_LEAD, trust)])
    manager = UserFactory(employer=trust, roles=[Role.MANAGER])
    learner = UserFactory(employer=trust, team=TeamFactory(organisation=trust, manager=manager))
    programme = programme_services.create_programme(
        name="Trust induction", organisation=trust, job_role=None, description="",
        from_template=True, actor=lead)
    return dict(trust=trust, fire=fire, conflict=conflict, manager=manager, learner=learner,
                programme=programme, trainer=UserFactory(roles=[Role.TRAINER]))


def record(person, subject, completed_on, organisation):
    training = TrainingRecord(
        user_id=person.id, subject_id=subject.id, completed_on=completed_on,
        expires_on=completed_on + timedelta(days=30 * subject.renewal_months),
        source=RecordSource.IMPORT, recorded_by_organisation_id=organisation.id, title=subject.name)
    db.session.add(training)
    db.session.flush()
    refresh_current({(person.id, subject.id)})  # as the import does
    return training


def test_programme_core_skills_link_to_the_catalogues_mandatory_subjects(world):
    linked = {i.title: i.mandatory_subject_id for i in world["programme"].items if i.mandatory_subject_id}
    assert linked == {"Fire Safety (Level 1)": world["fire"].id,
                      "Conflict Resolution (Level 1)": world["conflict"].id}


def test_completing_the_linked_course_does_the_item(client, world):
    started = today() - timedelta(days=10)
    induction = helpers.start(world["learner"], world["manager"], started_on=started, today=today())
    fire_item = next(i for i in induction.items if i.mandatory_subject_id == world["fire"].id)
    before = record(world["learner"], world["conflict"], started - timedelta(days=3), world["trust"])
    assert services.complete_by_courses(induction, actor=world["learner"], today=today()) == 0

    course = CourseFactory(provider=world["trust"], subjects_satisfied=[world["fire"]])
    past = SessionFactory(course=course, starts_at=in_days(-2), booking_closes_at=in_days(-3))
    past.ends_at = past.starts_at + timedelta(hours=3)
    enrolment = course_services.enrol(past, world["learner"], actor=world["learner"], now=in_days(-4))
    course_services.mark_register(past, {enrolment.id: "completed"}, world["trainer"])
    db.session.commit()

    sign_in(client, world["learner"])
    response = client.post(f"/induction/{induction.id}/courses")
    assert response.status_code == 302
    assert fire_item.status == ItemStatus.ACHIEVED
    assert fire_item.course_completion_id is not None
    assert fire_item.achieved_at == world["trust"]
    conflict_item = next(i for i in induction.items if i.mandatory_subject_id == world["conflict"].id)
    # Done here before the start and still in date: held, so done without a second sign-off.
    assert conflict_item.status == ItemStatus.RECOGNISED
    assert conflict_item.course_completion_id == before.id
    assert conflict_item.how_achieved == "Held: from the training record"


def test_catalogue_records_are_recognised_by_the_receiving_partners_rules(world):
    care_home = OrganisationFactory(type=OrganisationType.CARE_PROVIDER)
    record(world["learner"], world["fire"], date(2026, 1, 10), care_home)
    helpers.rule(world["trust"], ItemKind.CORE_SKILL, AcceptFrom.NHS_PARTNER,
                 subject_key=standards.core_skill_key("Fire Safety", "Level 1"))
    helpers.rule(world["trust"], ItemKind.CORE_SKILL, AcceptFrom.ANY_PARTNER)
    record(world["learner"], world["conflict"], date(2026, 1, 10), care_home)
    induction = helpers.start(world["learner"], world["manager"], started_on=date(2026, 2, 1),
                              today=date(2026, 2, 1))
    by_subject = {i.mandatory_subject_id: i for i in induction.items if i.mandatory_subject_id}
    assert by_subject[world["fire"].id].status == ItemStatus.TO_DO  # the trust wants NHS-done fire safety
    conflict = by_subject[world["conflict"].id]
    assert conflict.status == ItemStatus.RECOGNISED
    assert conflict.achieved_at == care_home and conflict.course_completion_id is not None


def test_the_passport_shows_catalogue_core_skills_and_completed_courses(world):
    record(world["learner"], world["conflict"], today() - timedelta(days=5), world["trust"])
    course = CourseFactory(provider=world["trust"], title="Dementia friends")
    past = SessionFactory(course=course, starts_at=in_days(-2), booking_closes_at=in_days(-3))
    past.ends_at = past.starts_at + timedelta(hours=3)
    enrolment = course_services.enrol(past, world["learner"], actor=world["learner"], now=in_days(-4))
    course_services.mark_register(past, {enrolment.id: "completed"}, world["trainer"])
    record_ = passport(world["learner"], today())
    skill = next(e for e in record_.core_skills if e.title == "Conflict Resolution, Level 1")
    assert skill.organisation == world["trust"].name and skill.in_date and skill.how == "Training record"
    completion = record_.completions[0]
    assert (completion.title, completion.issuer) == ("Dementia friends", world["trust"].name)
    assert completion.certificate_code == enrolment.certificate_code
    assert catalogue.completions_of(world["manager"].id) == []


def test_a_completed_course_is_issued_as_an_open_badge_that_verifies(client, world):
    course = CourseFactory(provider=world["trust"], title="Dementia friends")
    past = SessionFactory(course=course, starts_at=in_days(-2), booking_closes_at=in_days(-3))
    past.ends_at = past.starts_at + timedelta(hours=3)
    enrolment = course_services.enrol(past, world["learner"], actor=world["learner"], now=in_days(-4))
    course_services.mark_register(past, {enrolment.id: "completed"}, world["trainer"])
    db.session.commit()
    sign_in(client, world["manager"])
    assert client.post(f"/badges/courses/{enrolment.id}").status_code == 403
    client.post("/logout")
    sign_in(client, world["learner"])
    assert "Get Open Badge" in client.get("/passport").get_data(as_text=True)
    assert client.post(f"/badges/courses/{enrolment.id}").status_code == 302
    badge = db.session.scalar(select(OpenBadge).where(OpenBadge.source == BadgeSource.COURSE_COMPLETION))
    credential = outside_verifier(client, badge.token)
    assert credential.achievement.name == "Dementia friends"
    assert credential.achievement.achievement_type == "Course"
