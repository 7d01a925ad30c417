"""Demo data at district scale: how long `academy.demo.build` plus its commit take for 30,000 staff.

Loads into a fresh SQLite file, and also into PostgreSQL when ACADEMY_BENCH_POSTGRES_URL is set
(that database is EMPTIED first: its public schema is dropped and built again from the models).
Prints readable lines, then one JSON object as the last line. It measures; it never asserts on time.

    .venv/bin/python benchmarks/demo_data.py [--staff 30000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from support import empty_schema, make_app

from academy import demo
from academy.extensions import db

DAY = date(2026, 11, 23)


def row_counts() -> dict[str, int]:
    counts = {}
    for table in db.metadata.sorted_tables:
        count = db.session.scalar(select(func.count()).select_from(table))
        if count:
            counts[table.name] = count
    return dict(sorted(counts.items()))


def load(url: str, *, staff: int, seed: int) -> tuple[float, dict[str, int], dict]:
    """Build the demo data into an empty database at url; returns seconds, rows and build()'s
    own summary."""
    app = make_app(url)
    with app.app_context():
        try:
            empty_schema()
            started = time.perf_counter()
            built = demo.build(staff=staff, seed=seed, today=DAY)
            db.session.commit()
            seconds = time.perf_counter() - started
            return seconds, row_counts(), built
        finally:
            db.session.remove()
            db.engine.dispose()


def report(name: str, seconds: float, rows: dict[str, int], built: dict) -> None:
    print(f"{name}: demo data built and committed in {seconds:.2f} s")
    print("  build() reported: " + ", ".join(f"{v:,} {k}" for k, v in built.items()))
    total = sum(rows.values())
    print(f"  {total:,} rows in {len(rows)} tables: "
          + ", ".join(f"{table} {count:,}" for table, count in rows.items()))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    result: dict = {"benchmark": "demo_data", "staff": args.staff, "seed": args.seed}
    print(f"Demo data for {args.staff:,} staff (seed {args.seed}, day {DAY.isoformat()})")
    with tempfile.TemporaryDirectory(prefix="academy-bench-") as folder:
        database = Path(folder) / "demo.db"
        seconds, rows, built = load(f"sqlite:///{database}", staff=args.staff, seed=args.seed)
        report("SQLite file", seconds, rows, built)
        print(f"  database file: {database.stat().st_size / 1_048_576:.1f} MB")
        result.update(sqlite_seconds=round(seconds, 3), rows=rows)

    postgres_url = os.environ.get("ACADEMY_BENCH_POSTGRES_URL")
    if postgres_url:
        seconds, rows, built = load(postgres_url, staff=args.staff, seed=args.seed)
        report("PostgreSQL", seconds, rows, built)
        result.update(postgres_seconds=round(seconds, 3), postgres_rows=rows)
    else:
        print("PostgreSQL: skipped (set ACADEMY_BENCH_POSTGRES_URL to an empty database to include it)")

    print(json.dumps(result, sort_keys=False))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
