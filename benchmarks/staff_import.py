"""A district's staff file: 30,000 rows previewed and applied, then the same file again, then a
month's changes (movers and leavers).

Into a fresh SQLite file, or into PostgreSQL when ACADEMY_BENCH_POSTGRES_URL is set (that
database is EMPTIED first). Builds one trust with a CSV staff list of --rows people in 40
directorates of 15 teams each, every team with a manager who is in the file; times the preview
(reading, checking every row, planning) and the apply (writes and commit) through the same
services the page, the command and the nightly job use. Prints readable lines, then one JSON
object as the last line. It measures; it never asserts on time.

    .venv/bin/python benchmarks/staff_import.py [--rows 30000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support import empty_schema, make_app

from academy.extensions import db  # noqa: E402
from academy.people.models import Organisation, OrganisationType, User  # noqa: E402
from academy.people.staff_files import services  # noqa: E402
from academy.people.staff_files.rules import COLUMNS  # noqa: E402

TITLES = [("Staff Nurse", "Nursing and Midwifery Registered", "5"),
          ("Healthcare Assistant", "Additional Clinical Services", "3"),
          ("Physiotherapist", "Allied Health Professionals", "6"),
          ("Administrator", "Administrative and Clerical", "4"),
          ("Porter", "Estates and Ancillary", "2")]


def staff_rows(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    teams = [(d, t) for d in range(40) for t in range(15)]
    leads: dict[int, str] = {}
    managers: dict[tuple[int, int], str] = {}
    for directorate, team in teams:
        number = f"M{directorate:02d}{team:02d}"
        lead = leads.setdefault(directorate, number)
        managers[(directorate, team)] = number
        rows.append(_row(number, f"Directorate {directorate}/Team {team}", "Ward Manager",
                         "Nursing and Midwifery Registered", "7",
                         None if lead == number else lead))
    for index in range(count - len(rows)):
        directorate, team = rng.choice(teams)
        title, group, band = rng.choice(TITLES)
        rows.append(_row(f"E{index:06d}", f"Directorate {directorate}/Team {team}", title, group,
                         band, managers[(directorate, team)]))
    return rows


def _row(number, team, title, group, band, manager) -> dict:
    return {"employee_number": number, "given_name": f"Given{number}",
            "family_name": f"Family{number}", "email": f"{number.lower()}@trust.nhs.uk",
            "job_title": title, "staff_group": group, "band": band, "team": team,
            "line_manager_employee_number": manager or "", "site": f"Site {hash(team) % 5}",
            "start_date": "01/04/2020", "end_date": "", "contracted_hours": "37.5"}


def as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def timed_import(organisation, content: bytes) -> dict:
    started = time.perf_counter()
    preview = services.preview(organisation, content, "staff.csv", None)
    db.session.commit()
    previewed = time.perf_counter() - started
    assert not preview.problems, preview.problems[:5]
    started = time.perf_counter()
    plan = services.apply(preview.staff_import, None)
    db.session.commit()
    applied = time.perf_counter() - started
    return {"preview_s": round(previewed, 2), "apply_s": round(applied, 2), **plan.summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    url = os.environ.get("ACADEMY_BENCH_POSTGRES_URL")
    folder = tempfile.mkdtemp(prefix="academy-staff-import-")
    if not url:
        url = f"sqlite:///{folder}/bench.db"
    app = make_app(url, ACADEMY_BASE_URL="http://academy.test")
    results: dict = {"database": url.split(":", 1)[0], "rows": args.rows}
    with app.app_context():
        empty_schema()
        organisation = Organisation(name="Bench Trust", short_name="BT", code="RBT",
                                    type=OrganisationType.NHS_TRUST)
        db.session.add(organisation)
        db.session.commit()
        rows = staff_rows(args.rows, args.seed)
        content = as_csv(rows)
        print(f"{results['database']}: a staff file of {len(rows):,} rows, {len(content) / 1e6:.1f} MB")
        results["first"] = timed_import(organisation, content)
        print("first import:  preview {preview_s}s, apply {apply_s}s ({new} new)".format(**results["first"]))
        results["again"] = timed_import(organisation, content)
        print("same file:     preview {preview_s}s, apply {apply_s}s ({unchanged} unchanged)".format(**results["again"]))
        rng = random.Random(args.seed + 1)
        changed = [dict(r) for r in rows]
        for row in rng.sample(changed[600:], len(changed) // 20):
            row["job_title"] = "Senior " + row["job_title"]
        leaving = set(rng.sample(range(600, len(changed)), len(changed) // 50))
        changed = [r for i, r in enumerate(changed) if i not in leaving]
        results["changes"] = timed_import(organisation, as_csv(changed))
        print("month's changes: preview {preview_s}s, apply {apply_s}s ({moved} moved, {leaving} leaving)".format(**results["changes"]))
        results["people"] = db.session.scalar(select(func.count()).select_from(User))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
