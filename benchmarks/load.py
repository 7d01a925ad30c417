"""The district's busiest hour: gunicorn on PostgreSQL with the 30,000-staff demo, under a mixed
load driven by Locust on the same machine, at one offered rate after another.

The scenario (benchmarks/support/load_driver.py): of every 20 people signed in, 14 are staff
(home page, catalogue search, a course, a session, My learning, and one visit in twenty a booking
made and then cancelled), 4 are managers (home, team compliance, approvals) and 2 are learning
leads (partnership compliance, one organisation's, an LNA report). Each starts a visit at a fixed
pace, whatever the last answer took, so the rate offered is the rate asked for.

Builds the demo into ACADEMY_BENCH_POSTGRES_URL (that database is EMPTIED first), or into the
database `academy_load` of the throwaway server `scripts/postgres.sh` starts; `--reuse` keeps a
database already built with the same staff count. Starts gunicorn on 127.0.0.1 with a free port,
then the generator; everything stays on the loopback. Prints, for each offered rate, the achieved
requests a second, errors, and p50/p95/p99 per page; then the rate at which p95 crosses 300 ms
(interpolated between the steps either side), and one JSON object as the last line. It measures;
it never asserts on time.

    .venv/bin/python benchmarks/load.py [--staff 30000] [--rates 25,50,75,110,150]
                                        [--step-seconds 40] [--workers 5] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from support import empty_schema, make_app  # noqa: E402

from academy import demo  # noqa: E402
from academy.courses.models import Course, CourseSession  # noqa: E402
from academy.extensions import db  # noqa: E402
from academy.lna.models import AssessmentRound  # noqa: E402
from academy.people import demo as people_demo  # noqa: E402
from academy.people.models import Organisation, Team, User  # noqa: E402
from academy.recommender import services as recommender  # noqa: E402
from academy.timekeeping import today, utcnow  # noqa: E402

TARGET_P95_MS = 300
# The partnership's learning leads: they read every organisation's compliance.
LEADS = ["partnershiplead@demo.academy"]


def database_url() -> str:
    if url := os.environ.get("ACADEMY_BENCH_POSTGRES_URL"):
        return url
    server = subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "start"],
                            check=True, capture_output=True, text=True).stdout.strip()
    url = make_url(server)
    with psycopg.connect(host=url.host, port=url.port, user="postgres", dbname="postgres",
                         autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = 'academy_load'").fetchone():
            connection.execute("CREATE DATABASE academy_load OWNER academy")
    return url.set(database="academy_load").render_as_string(hide_password=False)


def build(url: str, staff: int, seed: int, models: str, reuse: bool) -> None:
    app = make_app(url, MODEL_FOLDER=models)
    with app.app_context():
        if reuse and db.inspect(db.engine).has_table("user") and (
                db.session.scalar(select(func.count(User.id))) or 0) >= staff:
            print(f"reusing the demo already in the database ({staff:,} staff)", flush=True)
            recommender.train(models, utcnow())
            return
        empty_schema()
        started = time.perf_counter()
        built = demo.build(staff=staff, seed=seed, today=today())
        db.session.commit()
        recommender.train(models, utcnow())
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        print(f"demo data for {built['staff']:,} staff built and the recommender trained in "
              f"{time.perf_counter() - started:.0f}s", flush=True)


def plan(url: str, args) -> dict:
    """Who signs in and what they open: real demo people and objects, read from the database."""
    app = make_app(url)
    with app.app_context():
        now = utcnow()
        managers = list(db.session.scalars(
            select(User.email).join(Team, Team.manager_id == User.id).distinct().order_by(User.email)
            .limit(200)))
        staff = list(db.session.scalars(
            select(User.email).where(User.email.like("%@staff.demo.academy"), User.team_id.is_not(None),
                                     User.closed_at.is_(None))
            .order_by(User.id).limit(2000)))
        sessions = list(db.session.scalars(
            select(CourseSession.id).where(CourseSession.starts_at > now,
                                           CourseSession.cancelled_at.is_(None))
            .order_by(CourseSession.starts_at).limit(200)))
        courses = list(db.session.scalars(select(Course.id).order_by(Course.id).limit(300)))
        organisations = list(db.session.scalars(select(Organisation.id).order_by(Organisation.id)))
        lna_round = db.session.scalar(select(AssessmentRound.id).order_by(AssessmentRound.id.desc()))
    users = args.users or max(60, int(max(args.rates) * 2))
    return {
        "password": people_demo.DEMO_PASSWORD, "staff": staff, "managers": managers or ["manager@demo.academy"],
        "leads": LEADS, "sessions": sessions, "courses": courses, "organisations": organisations,
        "lna_round": lna_round,
        "catalogue_urls": ["/courses", "/courses?q=safety", "/courses?q=dementia+care&sort=soonest",
                           "/courses?category=clinical&places_left=y", "/courses?q=care&page=2"],
        "rates": args.rates, "step_seconds": args.step_seconds, "users": users,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, models: str, workers: int, port: int) -> subprocess.Popen:
    environment = {
        **os.environ, "ACADEMY_DATABASE_URL": url, "ACADEMY_MODEL_FOLDER": models,
        "SECRET_KEY": secrets.token_urlsafe(48), "ACADEMY_ENV": "development",
        "ACADEMY_BASE_URL": f"http://127.0.0.1:{port}",
        # Every simulated person comes from the one loopback address: limits per address would
        # refuse the crowd that a partnership's many addresses never sends from one place.
        "ACADEMY_RATELIMIT_SIGN_IN_ADDRESS": "100000 per minute",
        "ACADEMY_RATELIMIT_PUBLIC": "100000 per minute",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "academy:create_app()"],
        cwd=ROOT, env=environment)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accessibility", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within two minutes")


def crossing(steps: list[dict]) -> float | None:
    """The offered rate at which p95 reaches the target, between the last step under and the first over."""
    below = None
    for step in steps:
        if step["p95_ms"] >= TARGET_P95_MS:
            if below is None:
                return float(step["offered_rps"])
            share = (TARGET_P95_MS - below["p95_ms"]) / (step["p95_ms"] - below["p95_ms"])
            return round(below["offered_rps"] + share * (step["offered_rps"] - below["offered_rps"]), 1)
        below = step
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rates", type=lambda v: [int(r) for r in v.split(",")],
                        default=[25, 50, 75, 110, 150])
    parser.add_argument("--step-seconds", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--users", type=int, default=0, help="people signed in (default: twice the top rate)")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    url = database_url()
    with tempfile.TemporaryDirectory(prefix="academy-load-") as folder:
        models = str(Path(folder) / "models")
        build(url, args.staff, args.seed, models, args.reuse)
        scenario = plan(url, args)
        plan_file = Path(folder) / "plan.json"
        port = free_port()
        scenario["host"] = f"http://127.0.0.1:{port}"
        plan_file.write_text(json.dumps(scenario))
        server = serve(url, models, args.workers, port)
        try:
            driven = subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "support" / "load_driver.py"), str(plan_file)],
                check=True, capture_output=True, text=True, cwd=ROOT)
        finally:
            server.terminate()
            server.wait(timeout=30)
    result = json.loads(driven.stdout.strip().splitlines()[-1])
    print(f"gunicorn, {args.workers} workers, {scenario['users']} people signed in "
          f"({result['signed_in']} signed in before the first step), {args.step_seconds}s a step")
    for step in result["steps"]:
        print(f"  offered {step['offered_rps']:4} req/s: achieved {step['achieved_rps']:6.1f} req/s, "
              f"p50 {step['p50_ms']:5.0f} ms, p95 {step['p95_ms']:5.0f} ms, p99 {step['p99_ms']:5.0f} ms, "
              f"{step['errors']} errors of {step['requests']}")
        for name, page in step["pages"].items():
            print(f"      {name:28} {page['requests']:6} requests  p50 {page['p50_ms']:5.0f}  "
                  f"p95 {page['p95_ms']:5.0f}  p99 {page['p99_ms']:5.0f} ms  {page['errors']} errors")
        for error in step["error_kinds"]:
            print(f"      error: {error}")
    crossed = crossing(result["steps"])
    print(f"  p95 crosses {TARGET_P95_MS} ms at "
          + (f"about {crossed} req/s offered" if crossed is not None
             else f"no rate tried (up to {max(args.rates)} req/s)"))
    print(json.dumps({"benchmark": "load", "staff": args.staff, "workers": args.workers,
                      "users": scenario["users"], "step_seconds": args.step_seconds,
                      "p95_crosses_300ms_at_rps": crossed, **result}))


if __name__ == "__main__":
    main()
