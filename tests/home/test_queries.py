"""Every role's home page and the list pages each person opens daily take the same number of
queries however large the partnership: built from the demo data at two sizes, a page that ran a
query per person, booking, session or organisation would run more on the larger one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event, select

from academy import demo
from academy.courses import services
from academy.extensions import db
from academy.notifications.services import notify
from academy.people import demo as people_demo
from academy.people.models import User
from academy.people.roles import Role
from academy.recommender import services as recommender
from academy.timekeeping import utcnow
from tests import factories
from tests.conftest import QueryCounter, app_context
from tests.courses.factories import (
    CourseFactory,
    RequirementFactory,
    SessionFactory,
    SubjectFactory,
    add_record,
    in_days,
)

DAY = date.today()
# The demo person who holds each role, and the pages they open every day.
DAILY = {
    "staff@demo.academy": ["/", "/my-learning", "/courses", "/courses?q=care&page=2", "/notices/",
                           "/induction", "/lna/", "/mentoring/", "/conversations/", "/passport",
                           "/pathways", "/me"],
    "newstarter@demo.academy": ["/induction", "/my-learning"],  # their home is their induction
    "manager@demo.academy": ["/", "/team", "/approvals", "/induction/starters"],
    "assessor@demo.academy": ["/", "/induction/assessments"],
    "trainer@demo.academy": ["/", "/trainer/sessions"],
    "coach@demo.academy": ["/", "/conversations/coach"],
    "mentoring@demo.academy": ["/", "/mentoring/"],
    "learninglead@demo.academy": ["/", "/people"],
    "partnershiplead@demo.academy": ["/", "/people"],
    "apprenticeships@demo.academy": ["/", "/apprenticeships/apprentices"],
    "levypool@demo.academy": ["/"],
    "fellowships@demo.academy": ["/", "/fellowships/"],
    "admin@demo.academy": ["/", "/people", "/admin/audit"],
}


def queries_per_page(tmp_path, staff: int) -> dict[tuple[str, str], int]:
    counts = {}
    with app_context(tmp_path) as app:
        demo.build(staff=staff, seed=2026, today=DAY)
        db.session.commit()
        recommender.train(app.config["MODEL_FOLDER"], utcnow())  # the suggestions show too
        people = db.session.scalar(select(db.func.count()).select_from(User))
        db.session.remove()
        for email, pages in DAILY.items():
            client = app.test_client()
            with app.app_context():
                response = client.post("/login", data={"email": email,
                                                       "password": people_demo.DEMO_PASSWORD})
            assert response.status_code == 302, email
            for page in pages:
                # Each request in an application context of its own, as in production: the
                # signed-in person is looked up afresh.
                with app.app_context():
                    assert client.get(page).status_code == 200, (email, page)  # compiled, cached
                with app.app_context(), QueryCounter(db.engine) as counter:
                    response = client.get(page)
                assert response.status_code == 200, (email, page)
                counts[(email, page)] = counter.count
    return counts | {("people", ""): people}


def test_daily_pages_take_the_same_queries_for_a_small_and_a_large_partnership(server_database, tmp_path):
    small = queries_per_page(tmp_path, staff=40)
    large = queries_per_page(tmp_path, staff=400)
    assert large.pop(("people", "")) > 5 * small.pop(("people", ""))
    grown = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
    assert grown == {}


def _queries_around_people(tmp_path, n: int) -> dict[tuple[str, str], int]:
    """A manager with n people in the team, each with a request to approve, a booking, an
    expired mandatory subject and notices; a trainer with n sessions to come and n registers
    to mark; and the counts of queries on the pages they open."""
    counts = {}
    with app_context(tmp_path) as app:
        organisation = factories.OrganisationFactory()
        manager = factories.UserFactory(roles=[(Role.MANAGER, organisation)], employer=organisation)
        trainer = factories.UserFactory(roles=[Role.TRAINER])
        learner = factories.UserFactory(line_manager=manager, employer=organisation)
        subject = SubjectFactory()
        RequirementFactory(subject=subject, staff_group=learner.job_role.staff_group)
        team = [learner] + [factories.UserFactory(line_manager=manager, employer=organisation,
                                                  job_role=learner.job_role) for _ in range(n - 1)]
        open_session = SessionFactory(capacity=100)
        for k, person in enumerate(team):
            approval = SessionFactory(course=CourseFactory(needs_approval=True), starts_at=in_days(20 + k))
            services.enrol(approval, person, person)
            services.enrol(SessionFactory(starts_at=in_days(30 + k)), person, person)
            add_record(person, subject, date(2020, 1, 6), date(2023, 1, 6))
            notify(person, f"Notice {k}")
            upcoming = SessionFactory(starts_at=in_days(40 + k))
            upcoming.trainers = [trainer]
            past = SessionFactory(starts_at=in_days(-3 - k), booking_closes_at=in_days(-4 - k))
            past.trainers = [trainer]
            services.enrol(past, person, person, now=in_days(-10 - k))
        db.session.commit()
        pages = {
            manager.email: ["/", "/approvals", "/team", f"/sessions/{open_session.id}/book"],
            trainer.email: ["/", "/trainer/sessions"],
            learner.email: ["/", "/my-learning", "/notices/", f"/sessions/{open_session.id}"],
        }
        db.session.remove()
        for email, urls in pages.items():
            client = app.test_client()
            with app.app_context():
                response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
            assert response.status_code == 302, email
            role = {manager.email: "manager", trainer.email: "trainer"}.get(email, "learner")
            for url in urls:
                with app.app_context():
                    assert client.get(url).status_code == 200, (role, url)
                with app.app_context(), QueryCounter(db.engine) as counter:
                    text = client.get(url).get_data(as_text=True)
                counts[(role, url.split("/")[1] or "home")] = counter.count
                if role == "manager" and url == "/approvals":
                    assert text.count("Approve") >= n  # every request is on the page
    return counts


def test_a_larger_team_more_sessions_and_more_bookings_take_no_more_queries(server_database, tmp_path):
    few, many = _queries_around_people(tmp_path, 2), _queries_around_people(tmp_path, 7)
    assert {page: (few[page], many[page]) for page in few if few[page] != many[page]} == {}


def test_the_home_page_counts_unread_notices_once_for_the_header_and_the_panel(app, client, login):
    person = factories.UserFactory()
    notify(person, "Your place is confirmed")
    db.session.commit()
    login(person)
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        page = client.get("/").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert "You have 1 unread notice" in page and "Notices (1 unread)" in page
    assert sum(1 for s in statements if "FROM notice" in s) == 1
    client.post("/notices/read")
    assert "Notices (1 unread)" not in client.get("/").get_data(as_text=True)
