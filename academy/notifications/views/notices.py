"""A person's in-app notices."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from academy.extensions import db
from academy.notifications.models import Notice
from academy.notifications.services import mark_all_read
from academy.notifications.views import bp
from academy.web import perform


@bp.get("/")
@login_required
def index():
    query = select(Notice).where(Notice.user_id == current_user.id).order_by(Notice.id.desc())
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("notifications/index.html", page=page, title="Notices")


@bp.post("/read")
@login_required
def read_all():
    perform(lambda: mark_all_read(current_user.id), success="All notices are marked as read.")
    return redirect(url_for("notifications.index"))
