"""No overbooking, ever: many people with their own connections race for the last places.

On PostgreSQL the threads hold real connections and the session row is locked with
SELECT ... FOR UPDATE; when the suite runs on SQLite the same race runs on a file database,
where SQLite lets one writer through at a time.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from academy import create_app
from academy.courses import services
from academy.courses.models import CourseSession, Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.people.models import User
from tests import factories
from tests.conftest import DATABASE_URL, ON_SQLITE_MEMORY, empty_tables, make_config
from tests.courses.factories import SessionFactory

PEOPLE = 30
CAPACITY = 5
S = EnrolmentStatus


@pytest.fixture
def racing_app(server_database, tmp_path):
    if ON_SQLITE_MEMORY:
        overrides = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.db'}",
                     "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 60},
                                                   "pool_size": PEOPLE}}
    else:
        overrides = {"SQLALCHEMY_DATABASE_URI": DATABASE_URL,
                     "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": PEOPLE, "max_overflow": 5}}
    app = create_app(make_config(tmp_path, **overrides))
    with app.app_context():
        if ON_SQLITE_MEMORY:
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if not ON_SQLITE_MEMORY:
            empty_tables()
        db.engine.dispose()


def test_thirty_people_race_for_five_places(racing_app):
    with racing_app.app_context():
        session = SessionFactory(capacity=CAPACITY)
        people = [factories.UserFactory() for _ in range(PEOPLE)]
        db.session.commit()
        session_id, person_ids = session.id, [p.id for p in people]
        db.session.remove()

    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []
    connections: set[int] = set()
    lock = threading.Lock()

    def book(person_id: int) -> None:
        try:
            with racing_app.app_context():
                person = db.session.get(User, person_id)
                target = db.session.get(CourseSession, session_id)
                connection = db.session.connection()
                with lock:
                    connections.add(id(connection.connection.dbapi_connection))
                start.wait(timeout=180)
                services.enrol(target, person, actor=person)
                db.session.commit()
                db.session.remove()
        except BaseException as error:  # reported below, with the thread's failure
            errors.append(error)

    threads = [threading.Thread(target=book, args=(pid,)) for pid in person_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [], [repr(e) for e in errors]
    assert len(connections) == PEOPLE  # every booking came over its own database connection

    with racing_app.app_context():
        enrolments = db.session.scalars(
            select(Enrolment).where(Enrolment.session_id == session_id)).all()
        booked = [e for e in enrolments if e.status == S.BOOKED]
        waiting = sorted((e for e in enrolments if e.status == S.WAITLISTED),
                         key=lambda e: (e.waitlisted_at, e.id))
        assert len(enrolments) == PEOPLE
        assert len(booked) == CAPACITY
        assert len(waiting) == PEOPLE - CAPACITY
        assert db.session.get(CourseSession, session_id).booked_count == CAPACITY
        # Each enrolment row is written once its booking holds the lock, so ids are the order in
        # which people got through: the first five have the places, the rest wait in that order.
        assert max(e.id for e in booked) < min(e.id for e in waiting)
        assert [e.id for e in waiting] == sorted(e.id for e in waiting)
        assert max(e.booked_at for e in booked) <= waiting[0].waitlisted_at

        # A cancellation hands the place to the first in line, and still nobody is overbooked.
        first_in_line = waiting[0].id
        leaver = booked[0]
        services.cancel_enrolment(leaver, leaver.user, "Cannot come")
        db.session.commit()
        assert db.session.get(Enrolment, first_in_line).status == S.BOOKED
        assert db.session.get(CourseSession, session_id).booked_count == CAPACITY
