"""`flask academy staff import FILE --organisation CODE [--dry-run]`: a staff file from HR."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from academy.extensions import db
from academy.people.models import Organisation
from academy.people.staff_files import services

staff_cli = AppGroup("staff", help="Staff files from the partners' HR systems.")


def summary_line(summary: dict) -> str:
    return (f"{summary['new']} new, {summary['moved']} moved, {summary['updated']} updated, "
            f"{summary['leaving']} leaving, {summary['unchanged']} unchanged, "
            f"{summary['new_job_roles']} new job roles")


@staff_cli.command("import")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", "code", required=True, help="The organisation's ODS code or CQC location ID.")
@click.option("--dry-run", is_flag=True, help="Print what would change, and change nothing.")
@click.option("--partial", is_flag=True,
              help="The file lists only some staff: people missing from it do not leave.")
def import_staff(path: Path, code: str, dry_run: bool, partial: bool) -> None:
    """Bring an organisation's people in line with a CSV or XLSX staff file, all or nothing.

    Prints `line N: reason` for every bad row and exits 1 changing nothing if there is one."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.code == code))
    if organisation is None:
        raise click.ClickException(f"No organisation has the code {code}")
    preview = services.preview(organisation, path.read_bytes(), path.name, None,
                               is_full=not partial, source="command")
    if preview.problems:
        db.session.rollback()
        for line, reason in preview.problems:
            click.echo(f"line {line}: {reason}")
        raise SystemExit(1)
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run for {organisation.name}: nothing was changed.")
        click.echo(summary_line(preview.summary))
        for title, group in preview.staff_import.new_job_titles:
            click.echo(f"new job role: {title}" + (f" ({group})" if group else ""))
        return
    plan = services.apply(preview.staff_import, None)
    db.session.commit()
    click.echo(f"Imported {path.name} for {organisation.name}: {summary_line(plan.summary)}")
