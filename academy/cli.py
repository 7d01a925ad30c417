"""`flask academy ...`: demo data, the scheduler process, one-off job runs."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from academy import demo
from academy.extensions import db
from academy.jobs import build_scheduler, run_job
from academy.schedule import JOBS
from academy.timekeeping import today

academy_cli = AppGroup("academy", help="Wakefield Health and Social Care Academy commands.")


@academy_cli.command("demo-data")
@click.option("--staff", default=1200, show_default=True, help="How many staff to create.")
@click.option("--seed", default=2026, show_default=True, help="Random seed: the same seed builds the same data.")
@click.option("--today", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the data is built around (default: today).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has people.")
def demo_data(staff: int, seed: int, on, if_empty: bool) -> None:
    """Load the Wakefield partnership's demo data."""
    if if_empty and not demo.database_is_empty():
        click.echo("The database already has data; demo data not loaded.")
        return
    if not demo.database_is_empty():
        raise click.ClickException("The database is not empty: demo data goes into an empty database.")
    started = time.perf_counter()
    built = demo.build(staff=staff, seed=seed, today=on.date() if on else today())
    db.session.commit()
    click.echo(f"Demo data loaded in {time.perf_counter() - started:.1f}s: "
               + ", ".join(f"{v} {k}" for k, v in built.items()))


@academy_cli.command("scheduler")
def scheduler() -> None:
    """Run the scheduled jobs in this process until stopped (never in a web process)."""
    click.echo("Scheduler started with jobs: " + ", ".join(sorted(JOBS)))
    build_scheduler(current_app._get_current_object(), JOBS.values()).start()


@academy_cli.command("run-job")
@click.argument("name", type=click.Choice(sorted(JOBS)))
def run_one(name: str) -> None:
    """Run one scheduled job now (once per period, like the scheduler)."""
    click.echo(f"{name}: {run_job(JOBS[name])}")


