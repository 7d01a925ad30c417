"""Open Badges: each badge's page and credential, revocation, and the public issuer, keys and
status lists that outside verifiers fetch."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from academy.courses import queries as courses_queries
from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.induction import openbadges, permissions, queries
from academy.induction.forms import RevokeBadgeForm
from academy.induction.models import OpenBadge
from academy.induction.services import badges as services
from academy.timekeeping import utcnow

bp = Blueprint("badges", __name__)


def _addresses() -> openbadges.Addresses:
    return openbadges.Addresses(current_app.config["ACADEMY_BASE_URL"])


def get_badge(badge_id: int) -> OpenBadge:
    badge = db.session.get(OpenBadge, badge_id, options=[joinedload(OpenBadge.user)]) or abort(404)
    if not permissions.can_view_badge(current_user, badge):
        abort(403)
    return badge


@bp.get("/badges/<int:badge_id>")
@login_required
def badge(badge_id: int):
    badge = get_badge(badge_id)
    return render_template("induction/badge.html", badge=badge, addresses=_addresses(),
                           title=badge.name)


@bp.post("/badges/courses/<int:completion_enrolment_id>")
@login_required
def issue_course_badge(completion_enrolment_id: int):
    enrolment = courses_queries.completed_enrolment(completion_enrolment_id) or abort(404)
    if not permissions.can_issue_course_badge(current_user, enrolment):
        abort(403)
    badge = services.issue_course_badge(
        enrolment, actor=current_user, private_pem=openbadges.private_key_pem(current_app.config),
        addresses=_addresses(), now=utcnow(),
    )
    db.session.commit()
    flash("Your Open Badge is ready to download.", "success")
    return redirect(url_for("badges.badge", badge_id=badge.id))


@bp.get("/badges/<int:badge_id>/credential.jwt")
@login_required
def credential(badge_id: int):
    badge = get_badge(badge_id)
    response = Response(badge.token, mimetype="application/vc+jwt")
    response.headers["Content-Disposition"] = f'attachment; filename="open-badge-{badge.id}.jwt"'
    return response


@bp.route("/badges/<int:badge_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(badge_id: int):
    badge = get_badge(badge_id)
    if not permissions.can_revoke_badge(current_user, badge):
        abort(403)
    form = RevokeBadgeForm()
    if form.validate_on_submit():
        try:
            services.revoke_badge(badge, reason=form.reason.data, actor=current_user, now=utcnow())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The badge is revoked: verifiers will see it as revoked from now on.", "success")
            return redirect(url_for("badges.badge", badge_id=badge.id))
    return render_template("induction/badge_revoke.html", badge=badge, form=form,
                           title="Revoke this badge"), 400 if form.errors else 200


@bp.get("/badges/issuer")
def issuer():
    return jsonify(openbadges.issuer_profile(_addresses()))


@bp.get("/badges/issuer/jwks.json")
def jwks():
    response = jsonify(openbadges.public_jwks(openbadges.private_key_pem(current_app.config)))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/badges/status/<int:status_list_number>")
def status_list(status_list_number: int):
    if not queries.status_list_exists(status_list_number):
        abort(404)
    token = openbadges.status_list_token(
        openbadges.private_key_pem(current_app.config), _addresses(), status_list_number,
        queries.revoked_indices(status_list_number), utcnow(),
    )
    response = Response(token, mimetype="application/vc+jwt")
    response.headers["Cache-Control"] = "no-cache"
    return response
