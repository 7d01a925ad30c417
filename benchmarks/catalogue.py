"""The catalogue at district scale: catalogue search, My learning and the compliance pages.

Builds 30,000 staff (the people demo), 2,000 courses, 20,000 sessions, 500,000 enrolments and the
staff's mandatory-training history with bulk inserts into a fresh SQLite file, or into PostgreSQL
when ACADEMY_BENCH_POSTGRES_URL is set (that database is EMPTIED first). Then it requests the pages
through the app, signed in, and reports the median and 95th-percentile time and the queries per
page, beside a trivial page measured in the same run: catalogue search, My learning, the
partnership compliance page, one organisation's, one team's and the overdue list's download. Each
database is measured at a tenth of the size first and then at the full size, so that the queries
per page can be compared as the data grows tenfold. Prints readable lines, then one JSON object as
the last line. It measures; it never asserts on time.

    .venv/bin/python benchmarks/catalogue.py [--staff 30000] [--courses 2000] [--sessions 20000]
                                             [--enrolments 500000] [--repeat 25]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support import empty_schema, make_app, measure

from academy.courses import demo as courses_demo  # noqa: E402
from academy.courses import rules  # noqa: E402
from academy.courses.models import (  # noqa: E402
    OCCUPYING,
    Category,
    Course,
    CourseSession,
    CourseSubject,
    DeliveryMode,
    Enrolment,
    EnrolmentStatus,
    Pillar,
    ProviderKind,
    RecordSource,
    TrainingRecord,
)
from academy.extensions import db  # noqa: E402
from academy.holdings import counts as holding_counts  # noqa: E402
from academy.holdings import services as holdings  # noqa: E402
from academy.people import demo as people_demo  # noqa: E402
from academy.people.models import Organisation, User  # noqa: E402

DAY = date(2026, 11, 23)
WORDS = ["safety", "care", "dementia", "leadership", "moving", "handling", "infection", "mental",
         "health", "nutrition", "digital", "safeguarding", "resilience", "communication", "wound",
         "diabetes", "falls", "medicines", "coaching", "wellbeing", "end of life", "autism"]
BATCH = 20_000


def bulk(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start:start + BATCH])


def build(args, rng: random.Random) -> dict:
    people = people_demo.build(args.staff, rng, DAY)
    subjects = courses_demo.build_subjects()
    courses_demo.build_requirements(subjects, people.job_roles)
    organisations = list(people.organisations.values())
    now = datetime.combine(DAY, clock(8))

    courses = []
    for n in range(args.courses):
        words = rng.sample(WORDS, 3)
        courses.append({
            "code": f"B{n:05d}", "title": f"{words[0].capitalize()} and {words[1]} {n}",
            "summary": f"A course on {words[0]}, {words[1]} and {words[2]}.",
            "description": " ".join(rng.choices(WORDS, k=40)),
            "category": rng.choice(list(Category)), "pillar": rng.choice(list(Pillar)),
            "delivery_mode": rng.choice(list(DeliveryMode)), "duration_minutes": rng.choice([60, 180, 420]),
            "cpd_hours": Decimal(rng.choice(["1", "3", "7"])), "provider_kind": ProviderKind.PARTNER,
            "provider_id": rng.choice(organisations), "cost_per_place": Decimal("0.00"),
            "needs_approval": rng.random() < 0.1, "prerequisites": "", "created_at": now, "updated_at": now,
        })
    bulk(Course, courses)
    course_ids = list(db.session.scalars(select(Course.id).order_by(Course.id)))
    subject_ids = list(subjects.values())
    bulk(CourseSubject, [{"course_id": c, "subject_id": s} for c in course_ids[:200]
                         for s in rng.sample(subject_ids, 2)])

    sessions = []
    for _ in range(args.sessions):
        start = datetime.combine(DAY + timedelta(days=rng.randint(-540, 180)), clock(rng.choice([9, 13])))
        sessions.append({
            "course_id": rng.choice(course_ids), "starts_at": start, "ends_at": start + timedelta(hours=3),
            "capacity": rng.choice([12, 16, 20, 24, 30, 40]), "booking_closes_at": start - timedelta(days=1),
            "location": "Training room", "created_at": now,
        })
    bulk(CourseSession, sessions)
    session_rows = db.session.execute(
        select(CourseSession.id, CourseSession.course_id, CourseSession.starts_at, CourseSession.capacity)
    ).all()

    staff = db.session.execute(select(User.id, User.employer_id)).all()
    per_session = args.enrolments / len(session_rows)
    enrolments, made = [], 0
    for session_id, course_id, starts_at, capacity in session_rows:
        count = min(len(staff), max(1, round(rng.gauss(per_session, 4))))
        if made + count > args.enrolments:
            count = args.enrolments - made
        if count <= 0:
            break
        past = starts_at < now
        for position, (user_id, org_id) in enumerate(rng.sample(staff, count)):
            if position < capacity:
                status = (EnrolmentStatus.COMPLETED if rng.random() < 0.9 else EnrolmentStatus.NO_SHOW) \
                    if past else EnrolmentStatus.BOOKED
            else:
                status = EnrolmentStatus.CANCELLED if past else EnrolmentStatus.WAITLISTED
            booked_at = starts_at - timedelta(days=30)
            enrolments.append({
                "course_id": course_id, "session_id": session_id, "user_id": user_id,
                "organisation_id": org_id, "status": status, "created_at": booked_at,
                "requested_at": booked_at,
                "booked_at": booked_at if status in OCCUPYING else None,
                "waitlisted_at": booked_at + timedelta(minutes=position)
                if status == EnrolmentStatus.WAITLISTED else None,
                "completed_on": starts_at.date() if status == EnrolmentStatus.COMPLETED else None,
            })
        made += count
        if len(enrolments) >= BATCH:
            bulk(Enrolment, enrolments)
            enrolments = []
    bulk(Enrolment, enrolments)
    courses_demo.recount_places(DAY)

    # Every person's history for the subjects required of them.
    required = courses_demo.required_subjects(subjects, people.job_roles)
    renewal = {sid: months for sid, months in db.session.execute(
        text("SELECT id, renewal_months FROM subject")).all()}
    roles = db.session.execute(select(User.id, User.employer_id, User.job_role_id)).all()
    records = []
    for user_id, org_id, role_id in roles:
        for subject_id in required.get(role_id, ()):
            if rng.random() < 0.05:
                continue
            months = renewal[subject_id]
            completed = DAY - timedelta(days=rng.randint(1, int((months or 36) * 34)))
            records.append({"user_id": user_id, "subject_id": subject_id, "completed_on": completed,
                            "expires_on": rules.expiry_for(completed, months), "expiry_given": False,
                            "source": RecordSource.IMPORT, "recorded_by_organisation_id": org_id,
                            "title": "", "created_at": now, "is_current": True})
            if len(records) >= BATCH:
                bulk(TrainingRecord, records)
                records = []
    bulk(TrainingRecord, records)

    db.session.commit()
    # Bulk inserts bypass the services: the holdings are rebuilt from the evidence, as after an
    # upgrade, and timed.
    started = time.perf_counter()
    rebuilt = holdings.rebuild()
    db.session.commit()
    print(f"holdings rebuild: {rebuilt['holdings']:,} holdings from "
          f"{db.session.scalar(select(func.count()).select_from(TrainingRecord)):,} records for "
          f"{args.staff:,} staff in {time.perf_counter() - started:.1f}s", flush=True)
    started = time.perf_counter()
    counted = holding_counts.recount_all()
    db.session.commit()
    print(f"compliance counts: {counted['people']:,} people in {counted['groups']:,} groups "
          f"counted in {time.perf_counter() - started:.1f}s", flush=True)

    lead = db.session.scalar(select(User).where(User.email == "partnershiplead@demo.academy"))
    scoped = db.session.scalar(select(User).where(User.email == "learninglead@demo.academy"))
    counts = {name: db.session.scalar(select(func.count()).select_from(model)) for name, model in [
        ("staff", User), ("courses", Course), ("sessions", CourseSession),
        ("enrolments", Enrolment), ("training_records", TrainingRecord)]}
    assert lead is not None and scoped is not None
    trust = db.session.scalar(select(Organisation.id).where(Organisation.short_name == "MYTT"))
    counts["_trust"] = trust
    counts["_team"] = db.session.scalar(
        select(User.team_id).where(User.employer_id == trust, User.team_id.is_not(None))
        .group_by(User.team_id).order_by(func.count().desc(), User.team_id).limit(1))
    return counts


def run(url: str, args) -> dict:
    app = make_app(url)
    with app.app_context():
        empty_schema()
        started = time.perf_counter()
        counts = build(args, random.Random(args.seed))
        built = time.perf_counter() - started
        dialect = db.engine.dialect.name
        print(f"{dialect}: built {counts} in {built:.0f}s", flush=True)
        trust, team = counts.pop("_trust"), counts.pop("_team")
        if dialect == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        engine = db.engine
        db.session.remove()

    # Each request runs in its own application context, as in production.
    def signed_in(email: str):
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": people_demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        return client

    staff = signed_in("staff@demo.academy")
    lead = signed_in("partnershiplead@demo.academy")
    start, end = DAY + timedelta(days=7), DAY + timedelta(days=60)
    pages = {
        "trivial": (staff, ["/accessibility"]),
        "catalogue_search": (staff, [
            "/courses", "/courses?q=safety", "/courses?q=dementia+care&sort=soonest",
            "/courses?category=clinical&mode=classroom&places_left=y",
            f"/courses?q=health&date_from={start}&date_to={end}&sort=soonest",
            "/courses?q=care&page=3",
        ]),
        "my_learning": (staff, ["/my-learning"]),
        "partnership_compliance": (lead, ["/compliance", f"/compliance?organisation={trust}"]),
        "organisation_compliance": (lead, [f"/compliance/organisations/{trust}",
                                           f"/compliance/organisations/{trust}?page=2"]),
        "team_compliance": (lead, [f"/compliance/teams/{team}",
                                   f"/compliance/teams/{team}?status=overdue"]),
        "overdue_list": (lead, ["/compliance/overdue", f"/compliance/overdue?organisation={trust}"]),
        "overdue_export": (lead, [f"/compliance/overdue.csv?organisation={trust}"]),
    }
    results = {name: measure(engine, client, urls, args.repeat)
               for name, (client, urls) in pages.items()}
    trivial = results["trivial"]["p95_ms"]
    for name, figures in results.items():
        figures["p95_times_trivial"] = round(figures["p95_ms"] / trivial, 1) if trivial else None
        print(f"  {name:24} median {figures['median_ms']:8.1f} ms  p95 {figures['p95_ms']:8.1f} ms "
              f"({figures['p95_times_trivial']:6.1f} x trivial)  "
              f"{figures['queries_per_page']:5.1f} queries/page (at most {figures['max_queries']})",
              flush=True)
    engine.dispose()
    return {"database": dialect, "build_seconds": round(built, 1), **counts, "pages": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=30_000)
    parser.add_argument("--courses", type=int, default=2_000)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--enrolments", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    tenth = argparse.Namespace(**{**vars(args), **{
        name: max(1, getattr(args, name) // 10)
        for name in ("staff", "courses", "sessions", "enrolments")}})
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        databases = [lambda size: f"sqlite:///{Path(folder) / f'catalogue-{size}.db'}"]
        postgres = os.environ.get("ACADEMY_BENCH_POSTGRES_URL")
        if postgres:
            databases.append(lambda size: postgres)  # emptied before each size
        for url in databases:
            small, full = run(url("tenth"), tenth), run(url("full"), args)
            grown = {name: (small["pages"][name]["max_queries"], figures["max_queries"])
                     for name, figures in full["pages"].items()}
            print(f"{full['database']}: queries per page at {tenth.staff:,} and {args.staff:,} "
                  f"staff: " + ", ".join(f"{name} {a}/{b}" for name, (a, b) in grown.items()),
                  flush=True)
            runs += [small, full]
    print(json.dumps({"benchmark": "catalogue", "runs": runs}))


if __name__ == "__main__":
    main()
