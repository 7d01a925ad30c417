"""Training on live data, serving suggestions with reasons, dismissals, and falling back to an older model."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.people.models import User
from academy.recommender import services, serving, store
from academy.talent.pathways import services as pathway_services
from academy.timekeeping import utcnow
from tests.courses.factories import CourseFactory, SubjectFactory, add_completion, add_record
from tests.factories import JobRoleFactory, UserFactory
from tests.talent.pathways.factories import nursing_pathway


def world():
    """Healthcare assistants take course A then B; porters take C."""
    hca, porter = JobRoleFactory(name="Healthcare assistant"), JobRoleFactory(name="Porter")
    a, b, c = CourseFactory(title="Moving and handling"), CourseFactory(title="Dementia care"), CourseFactory(title="Manual handling of equipment")
    start = date(2025, 1, 1)
    for n in range(8):
        person = UserFactory(job_role=hca)
        add_completion(person, a, start + timedelta(days=n))
        add_completion(person, b, start + timedelta(days=40 + n))
    for n in range(5):
        add_completion(UserFactory(job_role=porter), c, start + timedelta(days=n))
    return hca, porter, (a, b, c)


def test_trained_model_serves_suggestions_with_reasons_and_respects_dismissals(app):
    hca, _, (a, b, c) = world()
    newcomer = UserFactory(job_role=hca)
    add_completion(newcomer, a, date(2025, 6, 1))
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


def test_live_suggestions_respect_course_prerequisites(app):
    hca, _, (a, b, c) = world()
    advanced = CourseFactory(title="Advanced dementia care", required_courses=[b])
    for person in db.session.scalars(select(User).where(
            User.job_role_id == hca.id)).all():
        add_completion(person, advanced, date(2025, 5, 1))
    newcomer = UserFactory(job_role=hca)
    add_completion(newcomer, a, date(2025, 6, 1))
    services.train(app.config["MODEL_FOLDER"], utcnow())
    suggested = [s.course.id for s in serving.suggestions_for(newcomer, k=5)]
    assert b.id in suggested and advanced.id not in suggested  # needs Dementia care first

    add_completion(newcomer, b, date(2025, 7, 1))  # completed since training: served from live data
    assert serving.suggestions_for(newcomer, k=1)[0].course.id == advanced.id


def test_mandatory_training_held_in_date_is_not_suggested(app):
    hca, _, (a, b, c) = world()
    fire = SubjectFactory(name="Fire safety", renewal_months=12)
    fire_course = CourseFactory(title="Fire safety", subjects_satisfied=[fire])
    for person in db.session.scalars(select(User).where(
            User.job_role_id == hca.id)).all():
        add_completion(person, fire_course, date(2025, 3, 1))
    in_date, lapsed = UserFactory(job_role=hca), UserFactory(job_role=hca)
    today = utcnow().date()
    add_record(in_date, fire, today - timedelta(days=30), today + timedelta(days=335))
    add_record(lapsed, fire, today - timedelta(days=400), today - timedelta(days=35))
    services.train(app.config["MODEL_FOLDER"], utcnow())
    assert fire_course.id not in {s.course.id for s in serving.suggestions_for(in_date, k=5)}
    assert fire_course.id in {s.course.id for s in serving.suggestions_for(lapsed, k=5)}
