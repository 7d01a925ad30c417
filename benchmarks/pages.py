"""The pages people open every day, on the district's demo data, beside a trivial page.

Builds the whole platform's demo data (academy/demo.py, 30,000 staff by default) into a fresh
SQLite file, or into PostgreSQL when ACADEMY_BENCH_POSTGRES_URL is set (that database is EMPTIED
first), trains the recommender as `flask academy demo-data` does, then requests each page through
the app, signed in as the demo person who opens it: the home page of every role, catalogue search,
a course, a session, My learning, the booking confirmation, team compliance and approvals. Reports
the median and 95th-percentile time and the queries per page, and the p95 as a multiple of the
trivial page's (the accessibility statement, signed in) measured in the same run. Prints readable
lines, then one JSON object as the last line. It measures; it never asserts on time.

    .venv/bin/python benchmarks/pages.py [--staff 30000] [--repeat 25] [--seed 2026]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support import empty_schema, make_app, measure

from academy import demo  # noqa: E402
from academy.courses.models import OCCUPYING, CourseSession, Enrolment  # noqa: E402
from academy.extensions import db  # noqa: E402
from academy.people import demo as people_demo  # noqa: E402
from academy.recommender import services as recommender  # noqa: E402
from academy.timekeeping import today, utcnow  # noqa: E402

# The home page of each role, as the demo person who holds it (README, "Demo sign-ins").
HOMES = {
    "staff": "staff@demo.academy",
    "new_starter": "newstarter@demo.academy",
    "manager": "manager@demo.academy",
    "assessor": "assessor@demo.academy",
    "trainer": "trainer@demo.academy",
    "coach": "coach@demo.academy",
    "mentoring_coordinator": "mentoring@demo.academy",
    "learning_lead": "learninglead@demo.academy",
    "partnership_lead": "partnershiplead@demo.academy",
    "apprenticeship_coordinator": "apprenticeships@demo.academy",
    "fellowship_lead": "fellowships@demo.academy",
    "administrator": "admin@demo.academy",
}


def busiest_upcoming_session() -> tuple[int, int]:
    """The session, still open for booking, with the most people on it, and its course."""
    now = utcnow()
    row = db.session.execute(
        select(CourseSession.id, CourseSession.course_id)
        .join(Enrolment, Enrolment.session_id == CourseSession.id)
        .where(CourseSession.starts_at > now, CourseSession.cancelled_at.is_(None),
               Enrolment.status.in_(OCCUPYING))
        .group_by(CourseSession.id, CourseSession.course_id)
        .order_by(func.count().desc(), CourseSession.id).limit(1)
    ).first()
    assert row is not None, "the demo data has no upcoming session with bookings"
    return row.id, row.course_id


def run(url: str, args, models: str) -> dict:
    app = make_app(url, MODEL_FOLDER=models)
    with app.app_context():
        empty_schema()
        started = time.perf_counter()
        built = demo.build(staff=args.staff, seed=args.seed, today=today())
        db.session.commit()
        trained = recommender.train(models, utcnow())
        seconds = time.perf_counter() - started
        dialect = db.engine.dialect.name
        print(f"{dialect}: demo data for {built['staff']:,} staff built and the recommender trained "
              f"on {trained['completions']:,} completions in {seconds:.0f}s", flush=True)
        if dialect == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        session_id, course_id = busiest_upcoming_session()
        engine = db.engine
        db.session.remove()

    clients = {}

    def signed_in(email: str):
        # Each request runs in its own application context, as in production.
        if email not in clients:
            client = app.test_client()
            response = client.post("/login", data={"email": email, "password": people_demo.DEMO_PASSWORD})
            assert response.status_code == 302, email
            clients[email] = client
        return clients[email]

    staff, manager = signed_in(HOMES["staff"]), signed_in(HOMES["manager"])
    pages = {"trivial": (staff, ["/accessibility"])}
    pages |= {f"home_{role}": (signed_in(email), ["/"]) for role, email in HOMES.items()}
    pages |= {
        "catalogue_search": (staff, ["/courses", "/courses?q=safety", "/courses?q=dementia+care&sort=soonest",
                                     "/courses?category=clinical&places_left=y", "/courses?q=care&page=2"]),
        "course": (staff, [f"/courses/{course_id}"]),
        "session": (staff, [f"/sessions/{session_id}"]),
        "my_learning": (staff, ["/my-learning"]),
        "booking": (staff, [f"/sessions/{session_id}/book"]),
        "booking_for_the_team": (manager, [f"/sessions/{session_id}/book"]),
        "team_compliance": (manager, ["/team/compliance", "/team/compliance?status=overdue"]),
        "approvals": (manager, ["/approvals"]),
    }
    results = {name: measure(engine, client, urls, args.repeat) for name, (client, urls) in pages.items()}
    trivial = results["trivial"]["p95_ms"]
    for name, figures in results.items():
        figures["p95_times_trivial"] = round(figures["p95_ms"] / trivial, 1) if trivial else None
        print(f"  {name:32} median {figures['median_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms "
              f"({figures['p95_times_trivial']:5.1f} x trivial)  "
              f"{figures['queries_per_page']:5.1f} queries/page (at most {figures['max_queries']})",
              flush=True)
    within = sorted(name for name, figures in results.items() if figures["p95_times_trivial"] <= 3)
    beyond = sorted(set(results) - set(within))
    print(f"  within 3x the trivial page at p95: {len(within)} of {len(results)}"
          + (f"; beyond: {', '.join(beyond)}" if beyond else ""), flush=True)
    engine.dispose()
    return {"database": dialect, "staff": built["staff"], "build_seconds": round(seconds, 1),
            "pages": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="academy-bench-") as folder:
        databases = [f"sqlite:///{Path(folder) / 'pages.db'}"]
        postgres = os.environ.get("ACADEMY_BENCH_POSTGRES_URL")
        if postgres:
            databases.append(postgres)
        for n, url in enumerate(databases):
            runs.append(run(url, args, str(Path(folder) / f"models-{n}")))
    print(json.dumps({"benchmark": "pages", "runs": runs}))


if __name__ == "__main__":
    main()
