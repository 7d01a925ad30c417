"""`flask academy ...`: demo data, the scheduler process, one-off job runs."""

from __future__ import annotations

import json
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError
from academy.extensions import db
from academy.holdings.cli import holdings_cli
from academy.jobs import build_scheduler, run_job
from academy.mentoring.cli import match as mentoring_match
from academy.people import services as people_services
from academy.people.models import Organisation, OrganisationType
from academy.people.staff_files.cli import staff_cli
from academy.privacy.cli import retention_cli
from academy.recommender import services as recommender_services
from academy.schedule import JOBS
from academy.timekeeping import today, utcnow

academy_cli = AppGroup("academy", help="Wakefield Health and Social Care Academy commands.")
academy_cli.add_command(mentoring_match)
academy_cli.add_command(staff_cli)
academy_cli.add_command(holdings_cli)
academy_cli.add_command(retention_cli)


@academy_cli.command("demo-data")
@click.option("--staff", default=1200, show_default=True, help="How many staff to create.")
@click.option("--seed", default=2026, show_default=True, help="Random seed: the same seed builds the same data.")
@click.option("--today", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the data is built around (default: today).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has people.")
def demo_data(staff: int, seed: int, on, if_empty: bool) -> None:
    """Load the Wakefield partnership's demo data."""
    from academy import demo  # every package's demo, the matching solver among them: only here

    if current_app.config.get("ACADEMY_ENV") == "production":
        raise click.ClickException(
            "Demo data is never loaded when ACADEMY_ENV=production: it would mix invented "
            "people with real ones."
        )
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
    trained = recommender_services.train(current_app.config["MODEL_FOLDER"], utcnow())
    click.echo(f"Recommender trained on {trained['completions']} completions: {trained['model']}")


PARTNERSHIP_NAME = "Wakefield District Health and Care Partnership"
# An invitation sent from the command line lasts a week: the first administrator may be away.
INVITATION_HOURS = 7 * 24


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())[:60] or name[:60]


def _employer(code: str | None) -> Organisation:
    """The organisation given by its code, or on an empty database the partnership's own."""
    if code:
        found = db.session.scalar(select(Organisation).where(Organisation.code == code))
        if found is None:
            raise click.ClickException(f"No organisation has the code {code}.")
        return found
    if db.session.scalar(select(func.count()).select_from(Organisation)):
        raise click.ClickException(
            "The database already has organisations: name the administrator's employer with "
            "--organisation CODE."
        )
    name = click.prompt("Name of the partnership's own organisation", default=PARTNERSHIP_NAME)
    short_name = click.prompt("Short name", default=_initials(name))
    kind = click.prompt(
        "Type", type=click.Choice([t.value for t in OrganisationType]),
        default=OrganisationType.NHS_TRUST.value, show_choices=True,
    )
    org_code = click.prompt("ODS code (optional)", default="", show_default=False).strip()
    organisation = Organisation(name=name.strip(), short_name=short_name.strip(),
                                type=OrganisationType(kind), code=org_code or None)
    db.session.add(organisation)
    db.session.flush()
    record(None, "organisation.created", organisation, via="create-admin")
    return organisation


@academy_cli.command("create-admin")
@click.option("--email", required=True, help="The administrator's e-mail address.")
@click.option("--given-name", required=True)
@click.option("--family-name", required=True)
@click.option("--organisation", "code", default=None,
              help="The code (ODS code or CQC location ID) of their employer.")
@click.option("--invite", is_flag=True,
              help="E-mail a link to set the password instead of asking for it here.")
def create_admin(email: str, given_name: str, family_name: str, code: str | None,
                 invite: bool) -> None:
    """Create a partnership administrator (the first one, on a new database)."""
    if people_services.find_by_email(email) is not None:
        raise click.ClickException(f"Someone already has the e-mail address {email}.")
    employer = _employer(code)
    password = None
    if not invite:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        person = people_services.create_partnership_admin(
            email=email, given_name=given_name, family_name=family_name, employer=employer,
            password=password,
        )
        if invite:
            people_services.invite(person, valid_hours=INVITATION_HOURS, actor=None)
    except DomainError as refusal:
        db.session.rollback()
        raise click.ClickException(refusal.message) from None
    db.session.commit()
    how = "was sent a link to set a password" if invite else "can sign in now"
    click.echo(f"{person.name} ({person.email}) is a partnership administrator at "
               f"{employer.name} and {how}.")


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


recommender_cli = AppGroup("recommender", help="Train and evaluate the pathway recommender.")
academy_cli.add_command(recommender_cli)


@recommender_cli.command("train")
def recommender_train() -> None:
    """Fit the recommender on the live data and save a new model version."""
    result = recommender_services.train(current_app.config["MODEL_FOLDER"], utcnow())
    click.echo(f"Trained {result['model']} on {result['completions']} completions in {result['seconds']}s")


@recommender_cli.command("evaluate")
@click.option("--max-users", default=3000, show_default=True, help="People sampled for the ranking metrics.")
@click.option("--seed", default=0, show_default=True)
def recommender_evaluate(max_users: int, seed: int) -> None:
    """Recall@10, NDCG@10, coverage and cold-start Recall@10 for the model and its baselines."""
    # pandas, SciPy and scikit-learn load for this command only, not with every `flask` command.
    from academy.recommender import data as recommender_data
    from academy.recommender.evaluation import evaluate_with_baselines

    results = evaluate_with_baselines(
        recommender_data.interactions(), recommender_data.users(), recommender_data.items(),
        k=10, max_users=max_users, seed=seed,
    )
    click.echo(f"{'model':<22}{'recall@10':>10}{'ndcg@10':>10}{'coverage':>10}{'cold recall@10':>16}")
    for name, figures in results.items():
        click.echo(f"{name:<22}{figures['recall@10']:>10.3f}{figures['ndcg@10']:>10.3f}"
                   f"{figures['coverage']:>10.3f}{figures['cold_recall@10']:>16.3f}")
    click.echo(json.dumps(results))
