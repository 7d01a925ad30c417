"""Your data: what is held about you, downloaded, and an administrator's download on request."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from academy.extensions import db
from academy.people.models import User
from academy.privacy import permissions, queries, retention, services
from academy.privacy.forms import DownloadOnRequestForm
from academy.privacy.views import bp
from academy.privacy.views.common import download
from academy.web import load_or_404, perform, require


@bp.get("/me/data")
@login_required
def your_data():
    return render_template("privacy/your_data.html", requests=queries.own_erasure_requests(current_user.id),
                           schedule=retention.schedule(), title="Your data")


@bp.get("/me/data/download.<any(json, pdf):file_format>")
@login_required
def download_own(file_format: str):
    require(permissions.can_download_own_data(current_user))
    services.record_own_download(current_user, file_format=file_format)
    db.session.commit()
    return download(current_user, file_format, for_the_person=True)


@bp.route("/people/<int:person_id>/data", methods=["GET", "POST"])
@login_required
def download_for_person(person_id: int):
    person = load_or_404(User, person_id, permissions.can_download_for_person)
    form = DownloadOnRequestForm()
    if form.validate_on_submit():
        done = perform(lambda: services.record_download_on_request(
            person, actor=current_user, reference=form.reference.data, reason=form.reason.data,
            file_format=form.file_format.data), form=form)
        if done is not None:
            return download(person, form.file_format.data, for_the_person=False)
    return render_template("privacy/download_for_person.html", form=form, person=person,
                           title=f"Download {person.name}'s data on request")
