"""Training on live data, serving suggestions with reasons, dismissals, and falling back to an older model."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.courses.models import Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.recommender import serving, services, store
from academy.talent.pathways import services as pathway_services
from academy.timekeeping import utcnow
from tests.courses.factories import CourseFactory, SessionFactory
from tests.factories import JobRoleFactory, UserFactory
from tests.talent.pathways.factories import nursing_pathway


def complete(person, course, on: date):
    session = SessionFactory(course=course)
    db.session.add(Enrolment(course_id=course.id, session_id=session.id, user_id=person.id,
                             organisation_id=person.employer_id, status=EnrolmentStatus.COMPLETED,
                             completed_on=on))
    db.session.flush()


def world():
    """Healthcare assistants take course A then B; porters take C."""
    hca, porter = JobRoleFactory(name="Healthcare assistant"), JobRoleFactory(name="Porter")
    a, b, c = CourseFactory(title="Moving and handling"), CourseFactory(title="Dementia care"), CourseFactory(title="Manual handling of equipment")
    start = date(2025, 1, 1)
    for n in range(8):
        person = UserFactory(job_role=hca)
        complete(person, a, start + timedelta(days=n))
        complete(person, b, start + timedelta(days=40 + n))
    for n in range(5):
        complete(UserFactory(job_role=porter), c, start + timedelta(days=n))
    return hca, porter, (a, b, c)


def test_trained_model_serves_suggestions_with_reasons_and_respects_dismissals(app):
    hca, _, (a, b, c) = world()
    newcomer = UserFactory(job_role=hca)
    complete(newcomer, a, date(2025, 6, 1))
    services.train(app.config["MODEL_FOLDER"], utcnow())
    suggestions = serving.suggestions_for(newcomer, k=3)
    assert suggestions[0].course.id == b.id
    assert all(s.reason for s in suggestions)
    assert a.id not in {s.course.id for s in suggestions}  # already completed

    services.dismiss(newcomer, b, actor=newcomer)
    assert b.id not in {s.course.id for s in serving.suggestions_for(newcomer, k=3)}
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "suggestion.dismissed"))


def test_a_brand_new_person_gets_suggestions_from_their_role(app):
    hca, porter, (a, b, c) = world()
    services.train(app.config["MODEL_FOLDER"], utcnow())
    arrived_after_training = UserFactory(job_role=porter)
    suggestions = serving.suggestions_for(arrived_after_training, k=1)
    assert suggestions[0].course.id == c.id
    assert suggestions[0].reason == "Often taken by staff in your role (Porter)"


def test_the_target_role_shapes_suggestions(app):
    pathway, (hca, senior, associate), (care_cert, clinical, _) = nursing_pathway()
    person = UserFactory(job_role=hca)
    pathway_services.set_target(person, pathway, associate.id, actor=person)
    services.train(app.config["MODEL_FOLDER"], utcnow())
    suggestions = serving.suggestions_for(person, k=2)
    assert [s.course.id for s in suggestions] == [care_cert.id, clinical.id]
    assert suggestions[0].reason == "Needed for Nursing associate, your target"


def test_serving_keeps_the_previous_model_when_the_newest_is_broken(app, tmp_path):
    world()
    folder = tmp_path / "models"
    services.train(str(folder), utcnow() - timedelta(days=1))
    broken = store.versions(folder)[0].with_name(f"{store.PREFIX}29991231T000000000000.pickle")
    broken.write_bytes(b"not a model")
    model, path = store.load_latest(folder)
    assert model is not None and path != broken


def test_no_model_yet_means_no_suggestions_not_an_error(app):
    assert serving.suggestions_for(UserFactory(), k=5) == []
