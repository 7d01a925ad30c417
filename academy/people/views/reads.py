"""Who has looked at my records: every audited read of the person's records by someone else."""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user, login_required

from academy.audit import queries as audit_queries
from academy.extensions import db
from academy.people.views import bp


@bp.get("/me/reads")
@login_required
def record_reads():
    page = db.paginate(audit_queries.reads_of(current_user.id),
                       per_page=current_app.config["PAGE_SIZE"] * 2, error_out=False)
    return render_template("people/record_reads.html", page=page, reads=audit_queries.READS,
                           title="Who has looked at my records")
