"""`flask academy holdings rebuild`: recompute every holding from the evidence."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from academy.extensions import db
from academy.holdings import counts, services

holdings_cli = AppGroup("holdings", help="What each person holds, kept from the evidence.")


@holdings_cli.command("rebuild")
def rebuild() -> None:
    """Recompute every holding from the training records and induction sign-offs, then the
    compliance counts from the holdings; running it again changes nothing."""
    started = time.perf_counter()
    totals = services.rebuild()
    counted = counts.recount_all()
    db.session.commit()
    click.echo(f"{totals['holdings']} holdings in {time.perf_counter() - started:.1f}s: "
               f"{totals['added']} added, {totals['changed']} changed, {totals['removed']} removed; "
               f"compliance counted for {counted['people']} people in {counted['groups']} groups")
