"""Every role's home page and the list pages each person opens daily take the same number of
queries however large the partnership: built from the demo data at two sizes, a page that ran a
query per person, booking, session or organisation would run more on the larger one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from academy import demo
from academy.extensions import db
from academy.people import demo as people_demo
from academy.people.models import User
from academy.recommender import services as recommender
from academy.timekeeping import utcnow
from tests.conftest import QueryCounter, app_context

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
