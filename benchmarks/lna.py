"""The learning needs analysis at district scale: every report at 30,000 staff and 60 competencies.

Builds 30,000 staff (the people demo), 60 competencies, one role profile asking for all of them,
equality answers for most staff, 300 catalogue courses with sessions, a previous round of 5,000
people and this year's round of everyone: 30,000 x 60 = 1.8 million ratings, bulk-inserted
(executemany on SQLite, COPY on PostgreSQL) into a fresh SQLite file, or into PostgreSQL when
ACADEMY_BENCH_POSTGRES_URL is set (that database is EMPTIED first). Then it requests every report
page, its downloads and the PDF pack through the app, signed in as a learning lead, and reports
the median time and the SQL queries per report beside one plain GROUP BY over the ratings table
timed in the same run. Prints readable lines, then one JSON object as the last line. It measures;
it never asserts on time.

    .venv/bin/python benchmarks/lna.py [--staff 30000] [--competencies 60] [--previous 5000]
                                       [--repeat 3] [--sqlite-file PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

from sqlalchemy import event, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support import empty_schema, make_app

from academy.courses.models import (  # noqa: E402
    Category,
    Course,
    CourseCompetency,
    CourseSession,
    DeliveryMode,
    Pillar,
    ProviderKind,
)
from academy.extensions import db  # noqa: E402
from academy.lna import gaps  # noqa: E402
from academy.lna.gaps import LearningMethod, Priority  # noqa: E402
from academy.lna.models import (  # noqa: E402
    AssessmentRound,
    AssessmentStatus,
    Competency,
    CompetencyFramework,
    FrameworkDomain,
    RoleProfile,
    RoleRequirement,
    RoundStatus,
    SelfAssessment,
    round_framework,
)
from academy.people import demo as people_demo  # noqa: E402
from academy.people.equality import QUESTIONS  # noqa: E402
from academy.people.models import EqualityProfile, JobRole, User  # noqa: E402

DAY = date(2026, 11, 23)
BATCH = 100_000
RATING_COLUMNS = ["self_assessment_id", "round_id", "competency_id", "required_level", "is_essential",
                  "self_level", "priority", "preferred_method", "comment", "rated_at",
                  "manager_level", "validated_at", "gap", "weighted_gap"]
PRIORITY_VALUES = [Priority.HIGH.value, Priority.MEDIUM.value, Priority.LOW.value, None]
METHOD_VALUES = [m.value for m in LearningMethod] + [None]


def returning(model, rows: list[dict]) -> list[int]:
    ids = []
    for start in range(0, len(rows), 20_000):
        ids += list(db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True),
                                       rows[start:start + 20_000]))
    return ids


def copy_rows(table: str, columns: list[str], rows) -> int:
    """Bulk-insert plain tuples: COPY on PostgreSQL, executemany on SQLite."""
    connection = db.session.connection().connection.driver_connection
    count = 0
    if db.engine.dialect.name == "postgresql":
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor = connection.cursor()
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= BATCH:
            cursor.executemany(sql, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        cursor.executemany(sql, chunk)
        count += len(chunk)
    return count


def build(args, rng: random.Random) -> dict:
    people_demo.build(args.staff, rng, DAY)
    lead = db.session.scalar(select(User.id).where(User.email == "partnershiplead@demo.academy"))
    now = datetime.combine(DAY, clock(8))

    (framework_id,) = returning(CompetencyFramework, [{"code": "BENCH", "name": "Benchmark skills"}])
    domain_ids = returning(FrameworkDomain, [
        {"framework_id": framework_id, "name": f"Domain {d + 1}", "position": d} for d in range(6)])
    competency_ids = returning(Competency, [
        {"framework_id": framework_id, "domain_id": domain_ids[n % 6], "code": f"BC-{n + 1:03d}",
         "name": f"Competency {n + 1}", "position": n} for n in range(args.competencies)])
    codes = {cid: f"BC-{n + 1:03d}" for n, cid in enumerate(competency_ids)}
    required = {cid: (rng.randint(1, 4), rng.random() < 0.7) for cid in competency_ids}
    role_ids = list(db.session.scalars(select(JobRole.id)))
    profile_ids = returning(RoleProfile, [{"job_role_id": r} for r in role_ids])
    db.session.execute(insert(RoleRequirement), [
        {"profile_id": p, "competency_id": cid, "required_level": level, "is_essential": essential}
        for p in profile_ids for cid, (level, essential) in required.items()])

    # Equality answers for most staff.
    options = {name: [v for v, _ in answers] for name, (_, answers) in QUESTIONS.items()}
    staff = db.session.execute(
        select(User.id, User.employer_id, User.team_id, User.job_role_id, JobRole.staff_group,
               User.line_manager_id).join(JobRole, JobRole.id == User.job_role_id).order_by(User.id)
    ).all()
    profiles = [{"user_id": s.id, **{name: rng.choice(values) for name, values in options.items()}}
                for s in staff if rng.random() < 0.85]
    for start in range(0, len(profiles), 20_000):
        db.session.execute(insert(EqualityProfile), profiles[start:start + 20_000])

    # The catalogue: courses developing the competencies, with sessions over the coming year.
    course_ids = returning(Course, [{
        "code": f"LB{n:04d}", "title": f"Course {n}", "summary": "A course.", "description": "",
        "category": rng.choice(list(Category)), "pillar": rng.choice(list(Pillar)),
        "delivery_mode": rng.choice(list(DeliveryMode)), "provider_kind": ProviderKind.PARTNER,
        "provider_name": "Partner", "cost_per_place": Decimal(rng.choice(["0", "45", "120", "350"])),
        "created_at": now, "updated_at": now} for n in range(args.courses)])
    covered = rng.sample(competency_ids, int(len(competency_ids) * 0.8))
    links = set()
    for course_id in course_ids:
        for cid in rng.sample(covered, rng.randint(1, 3)):
            links.add((course_id, codes[cid], rng.randint(1, 4)))
    db.session.execute(insert(CourseCompetency), [
        {"course_id": c, "competency_code": code, "level": level} for c, code, level in links])
    sessions = []
    for course_id in course_ids:
        for _ in range(rng.randint(0, 6)):
            start = now + timedelta(days=rng.randint(1, 365))
            sessions.append({"course_id": course_id, "starts_at": start,
                             "ends_at": start + timedelta(hours=3), "capacity": rng.choice([12, 20, 30]),
                             "booked_count": rng.randint(0, 10), "booking_closes_at": start - timedelta(days=1),
                             "created_at": now})
    db.session.execute(insert(CourseSession), sessions)

    previous = round_("Previous round", DAY - timedelta(days=400), DAY - timedelta(days=370),
                      RoundStatus.CLOSED, lead, framework_id)
    current = round_("This year's round", DAY - timedelta(days=20), DAY + timedelta(days=25),
                     RoundStatus.OPEN, lead, framework_id)
    ratings = 0
    for round_id, people, era in ((previous, rng.sample(staff, min(args.previous, len(staff))), 0),
                                  (current, staff, 1)):
        ids = returning(SelfAssessment, [{
            "round_id": round_id, "user_id": s.id, "organisation_id": s.employer_id,
            "team_id": s.team_id, "job_role_id": s.job_role_id, "staff_group": s.staff_group,
            "status": AssessmentStatus.SUBMITTED if rng.random() < 0.85 else AssessmentStatus.IN_PROGRESS,
            "invited_at": now, "started_at": now, "submitted_at": now, "validated_at": None,
        } for s in people])
        ratings += copy_rows("lna_rating", RATING_COLUMNS,
                             rating_rows(rng, ids, round_id, required, era, now))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {"staff": len(staff), "competencies": len(competency_ids), "ratings": ratings,
            "courses": len(course_ids), "_previous": previous, "_current": current}


def round_(name, opens_on, closes_on, status, lead, framework_id) -> int:
    (round_id,) = returning(AssessmentRound, [{
        "name": name, "opens_on": opens_on, "closes_on": closes_on, "status": status,
        "created_by_id": lead, "opened_at": datetime.combine(opens_on, clock(8))}])
    db.session.execute(insert(round_framework), [{"round_id": round_id, "framework_id": framework_id}])
    return round_id


def rating_rows(rng, assessment_ids, round_id, required, era, now):
    """Each person's rating of every competency, with the gap by the rules in academy.lna.gaps."""
    for assessment_id in assessment_ids:
        ability = rng.gauss(0, 0.8)
        validated = rng.random() < 0.4
        for cid, (level, essential) in required.items():
            self_level = max(0, min(4, round(level + 0.3 + ability - 0.2 * era + rng.gauss(0, 0.7))))
            manager_level = self_level - (rng.random() < 0.1) if validated else None
            manager_level = max(0, manager_level) if manager_level is not None else None
            priority = rng.choice(PRIORITY_VALUES)
            size = gaps.gap(level, self_level, manager_level)
            yield (assessment_id, round_id, cid, level, essential, self_level, priority,
                   rng.choice(METHOD_VALUES), None, now, manager_level,
                   now if validated else None, size, gaps.weighted_gap(size, essential, priority))


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


def measure(engine, client, url: str, repeat: int) -> dict:
    counter = Counter()
    event.listen(engine, "before_cursor_execute", counter)
    times, queries = [], []
    try:
        for _ in range(repeat):
            counter.count = 0
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            queries.append(counter.count)
            assert response.status_code == 200, (url, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return {"median_s": round(statistics.median(times), 3), "queries": max(queries)}


def group_by(engine, repeat: int) -> float:
    times = []
    with engine.connect() as connection:
        for _ in range(repeat):
            started = time.perf_counter()
            connection.execute(text(
                "SELECT competency_id, count(*), sum(gap) FROM lna_rating GROUP BY competency_id"
            )).all()
            times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def run(url: str, args) -> dict:
    app = make_app(url)
    with app.app_context():
        empty_schema()
        started = time.perf_counter()
        counts = build(args, random.Random(args.seed))
        built = time.perf_counter() - started
        dialect = db.engine.dialect.name
        previous, current = counts.pop("_previous"), counts.pop("_current")
        print(f"{dialect}: built {counts} in {built:.0f}s", flush=True)
        engine = db.engine
        db.session.remove()

    def signed_in(email: str):
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": people_demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        return client

    lead = signed_in("partnershiplead@demo.academy")
    council = signed_in("learninglead@demo.academy")
    base = f"/lna/reports/{current}"
    reports = {
        "responses": (lead, f"{base}/responses"),
        "heatmap_by_organisation": (lead, f"{base}/heatmap?by=organisation"),
        "heatmap_by_team": (lead, f"{base}/heatmap?by=team"),
        "heatmap_by_job_role": (lead, f"{base}/heatmap?by=job_role"),
        "heatmap_by_staff_group": (lead, f"{base}/heatmap?by=staff_group"),
        "priorities": (lead, f"{base}/priorities"),
        "training_demand": (lead, f"{base}/demand"),
        "compare_rounds": (lead, f"{base}/compare?with={previous}"),
        "equality_ethnicity": (lead, f"{base}/equality?characteristic=ethnicity"),
        "equality_disability": (lead, f"{base}/equality?characteristic=disability"),
        "council_heatmap": (council, f"{base}/heatmap?by=team"),
        "heatmap_csv": (lead, f"{base}/heatmap.csv?by=team"),
        "priorities_xlsx": (lead, f"{base}/priorities.xlsx"),
        "pdf_pack": (lead, f"{base}/pack.pdf"),
    }
    baseline = group_by(engine, args.repeat)
    print(f"  {'one GROUP BY over ratings':28} {baseline:8.3f} s", flush=True)
    results = {}
    for name, (client, path) in reports.items():
        results[name] = measure(engine, client, path, 1 if name == "pdf_pack" else args.repeat)
        print(f"  {name:28} {results[name]['median_s']:8.3f} s  {results[name]['queries']:3d} queries",
              flush=True)
    engine.dispose()
    return {"database": dialect, "build_seconds": round(built, 1), **counts,
            "group_by_seconds": baseline, "reports": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=30_000)
    parser.add_argument("--competencies", type=int, default=60)
    parser.add_argument("--previous", type=int, default=5_000)
    parser.add_argument("--courses", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sqlite-file", help="build the SQLite database here and keep it "
                                               "(default: a temporary file)")
    args = parser.parse_args()
    runs = []
    if args.sqlite_file:
        Path(args.sqlite_file).unlink(missing_ok=True)
        runs.append(run(f"sqlite:///{Path(args.sqlite_file).resolve()}", args))
    else:
        with tempfile.TemporaryDirectory() as folder:
            runs.append(run(f"sqlite:///{Path(folder) / 'lna.db'}", args))
    postgres = os.environ.get("ACADEMY_BENCH_POSTGRES_URL")
    if postgres:
        runs.append(run(postgres, args))
    print(json.dumps({"benchmark": "lna", "runs": runs}))


if __name__ == "__main__":
    main()
