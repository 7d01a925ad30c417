"""`flask academy match`: run a cohort's matching from the command line, as a coordinator."""

from __future__ import annotations

import json

import click
from sqlalchemy import select

from academy.errors import DomainError
from academy.extensions import db
from academy.mentoring.models import MentoringCohort
from academy.notifications.email import external_url
from academy.people.models import User


@click.command("match")
@click.argument("cohort_id", type=int)
@click.option("--as", "email", required=True, help="E-mail of the coordinator the run is recorded under.")
def match(cohort_id: int, email: str) -> None:
    """Match a mentoring cohort (keeping locked pairs) and print the run's quality figures."""
    from academy.mentoring.services import matchmaking  # the solver's libraries load when it runs

    cohort = db.session.get(MentoringCohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"No mentoring cohort {cohort_id}")
    actor = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if actor is None:
        raise click.ClickException(f"Nobody has the e-mail address {email}")
    try:
        run = matchmaking.run_matching(cohort, actor=actor)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Run {run.id} of {cohort}: {run.figures['pairs']} pairs in {run.seconds:.2f}s; "
               f"review it at {external_url('mentoring.run', run_id=run.id)}")
    # Group counts stay on the run page, where small numbers are hidden.
    click.echo(json.dumps({k: v for k, v in run.figures.items() if k != "groups"}))
