"""Defining pathways and choosing a target."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people.roles import Role
from academy.talent.pathways import queries, rules, services
from academy.talent.pathways.models import CareerTarget, RequirementKind
from tests.courses.factories import CourseFactory
from tests.factories import JobRoleFactory, UserFactory
from tests.talent.pathways.factories import nursing_pathway


def test_only_a_partnership_learning_lead_defines_pathways(app):
    lead = UserFactory(roles=[Role.LEARNING_LEAD])
    scoped = UserFactory()
    scoped_lead = UserFactory(roles=[(Role.LEARNING_LEAD, scoped.employer)])
    pathway = services.create_pathway("Care worker to registered manager", "", actor=lead)
    with pytest.raises(NotAllowed):
        services.create_pathway("Another", "", actor=scoped_lead)
    with pytest.raises(DomainError):
        services.create_pathway("care worker to registered manager", "", actor=lead)
    role = JobRoleFactory()
    step = services.add_step(pathway, role, 12, "", actor=lead)
    assert step.position == 0
    with pytest.raises(DomainError):
        services.add_step(pathway, role, 6, "", actor=lead)


def test_removing_a_step_closes_the_gap_and_ends_targets_on_it(app):
    lead = UserFactory(roles=[Role.LEARNING_LEAD])
    pathway, (hca, senior, associate), _ = nursing_pathway()
    person = UserFactory(job_role=hca)
    services.set_target(person, pathway, senior.id, actor=person)
    services.remove_step(pathway.steps[1], actor=lead)
    assert [(s.position, s.job_role_id) for s in pathway.steps] == [(0, hca.id), (1, associate.id)]
    assert db.session.scalar(select(CareerTarget).where(CareerTarget.user_id == person.id)) is None


def test_requirements_need_their_own_field(app):
    lead = UserFactory(roles=[Role.LEARNING_LEAD])
    pathway, _, _ = nursing_pathway()
    step = pathway.steps[1]
    with pytest.raises(DomainError, match="course"):
        services.add_requirement(step, RequirementKind.COURSE, actor=lead)
    with pytest.raises(DomainError, match="level"):
        services.add_requirement(step, RequirementKind.COMPETENCY, competency_code="SG1", level=7, actor=lead)
    added = services.add_requirement(step, RequirementKind.QUALIFICATION, qualification=" Level 3 diploma ",
                                     actor=lead)
    assert added.qualification == "Level 3 diploma"


def test_a_person_sets_their_own_target_on_the_pathway_only(app):
    pathway, (hca, senior, associate), _ = nursing_pathway()
    person = UserFactory(job_role=hca)
    someone_else = UserFactory()
    with pytest.raises(NotAllowed):
        services.set_target(person, pathway, associate.id, actor=someone_else)
    with pytest.raises(DomainError):
        services.set_target(person, pathway, JobRoleFactory().id, actor=person)
    with pytest.raises(DomainError, match="role you have now"):
        services.set_target(person, pathway, hca.id, actor=person)
    services.set_target(person, pathway, senior.id, actor=person)
    services.set_target(person, pathway, associate.id, actor=person)
    targets = db.session.scalars(select(CareerTarget).where(CareerTarget.user_id == person.id)).all()
    assert [t.job_role_id for t in targets] == [associate.id]


def test_the_plan_brings_in_what_a_course_needs_first(app):
    pathway, (hca, _, associate), (care_cert, clinical, _) = nursing_pathway()
    basics = CourseFactory(title="Anatomy basics", cost_per_place=Decimal("40.00"))
    clinical.required_courses = [basics]
    care_cert.required_courses = [basics]  # needed by two steps: planned once, at the first
    db.session.flush()

    steps = queries.rule_steps(queries.pathway(pathway.id))
    labels = [[r.label for r in s.requirements] for s in steps]
    assert labels[1] == ["Anatomy basics (needed before Care certificate refresher)", "Care certificate refresher"]
    assert labels[2] == ["Clinical skills", "NMC registration"]
    standing = rules.standing(steps, hca.id, associate.id, rules.Achieved())
    assert rules.target_items(standing) == [basics.id, care_cert.id, clinical.id]
    assert standing.cost_to_target == Decimal("40.00") + care_cert.cost_per_place + clinical.cost_per_place

    done = rules.standing(steps, hca.id, associate.id, rules.Achieved(courses=frozenset({basics.id})))
    assert rules.target_items(done) == [care_cert.id, clinical.id]


def test_a_requirement_says_in_words_what_the_step_needs(app):
    pathway, _, (care_cert, clinical, _) = nursing_pathway()
    senior, associate = pathway.steps[1], pathway.steps[2]
    assert senior.requirements[0].required == "Care certificate refresher"
    assert [r.required for r in associate.requirements] == ["Clinical skills", "NMC registration"]
