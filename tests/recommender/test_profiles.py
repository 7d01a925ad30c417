"""What the recommender reads of each person: the career targets' courses still needed, read in the
same few queries for two people or twenty, and the same as the pathway page says for each."""

from __future__ import annotations

from academy.courses.models import Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.recommender import profiles
from academy.talent.pathways import queries as pathway_queries
from academy.talent.pathways import rules as pathway_rules
from academy.talent.pathways.models import CareerTarget
from tests.courses.factories import SessionFactory
from tests.factories import UserFactory
from tests.talent.pathways.factories import nursing_pathway


def people_with_targets(pathway, hca, associate, courses, count: int) -> list:
    people = [UserFactory(job_role=hca) for _ in range(count)]
    for n, person in enumerate(people):
        db.session.add(CareerTarget(user_id=person.id, pathway_id=pathway.id,
                                    job_role_id=associate.id))
        if n % 2:  # every other person has done the first step's course
            session = SessionFactory(course=courses[0])
            db.session.add(Enrolment(course_id=courses[0].id, session_id=session.id,
                                     user_id=person.id, organisation_id=person.employer_id,
                                     status=EnrolmentStatus.COMPLETED,
                                     completed_on=session.starts_at.date()))
    db.session.flush()
    return people


def test_targets_take_the_same_queries_for_two_people_or_twenty(app, count_queries):
    pathway, (hca, _senior, associate), courses = nursing_pathway()
    few = people_with_targets(pathway, hca, associate, courses, 2)
    db.session.expunge_all()
    with count_queries() as small:
        found = profiles.targets([p.id for p in few])
    many = people_with_targets(pathway, hca, associate, courses, 20)
    db.session.expunge_all()
    with count_queries() as large:
        found_many = profiles.targets([p.id for p in many])
    assert small.count == large.count
    assert len(found) == 2 and len(found_many) == 20
    for person_id, (course_ids, role) in found_many.items():
        assert role == "Nursing associate"
        standing = pathway_rules.standing(
            pathway_queries.rule_steps(pathway_queries.pathway(pathway.id)), hca.id, associate.id,
            pathway_queries.achieved(person_id))
        assert course_ids == pathway_rules.target_items(standing)
    done = {p.id for n, p in enumerate(many) if n % 2}
    assert all(courses[0].id not in found_many[i][0] for i in done)
    assert all(courses[0].id in found_many[p.id][0] for p in many if p.id not in done)
