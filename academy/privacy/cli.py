"""`flask academy retention apply [--dry-run]`: the retention schedule applied now."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from academy.extensions import db
from academy.privacy import retention, services
from academy.timekeeping import utcnow

retention_cli = AppGroup("retention", help="The retention schedule of personal data.")

LABELS = {
    "anonymised": "leavers anonymised (staff record period ended)",
    "equality_profile": "equality answers of leavers deleted",
    "sign_in_session": "ended sessions deleted",
    "password_reset_token": "used or expired reset links deleted",
    "erasure_request": "decided erasure requests deleted",
}


@retention_cli.command("apply")
@click.option("--dry-run", is_flag=True, help="Say what would be done, and change nothing.")
def apply(dry_run: bool) -> None:
    """Anonymise leavers and delete expired records, as the schedule says."""
    done = services.apply_retention(now=utcnow(), dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "Would change" if dry_run else "Changed"
    click.echo(f"{verb}, by the retention schedule:")
    for kind, count in done.items():
        click.echo(f"  {count} {LABELS[kind]}")
    for row in retention.schedule():
        if row.to_confirm:
            click.echo(f"Period to confirm: {row.kind} ({row.period_label}, {row.source_row})")
