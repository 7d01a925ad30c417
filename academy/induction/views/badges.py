"""Open Badges: each badge's page and credential, revocation, and the public issuer, keys and
status lists that outside verifiers fetch."""

from __future__ import annotations

from flask import Response, abort, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from academy.courses import queries as courses_queries
from academy.induction import openbadges, permissions, queries
from academy.induction.forms import RevokeBadgeForm
from academy.induction.models import OpenBadge
from academy.induction.services import badges as services
from academy.induction.views import badges_bp as bp
from academy.induction.views.common import badge_addresses, issuer_key
from academy.timekeeping import utcnow
from academy.web import found_or_404, load_or_404, perform, require, submit


def get_badge(badge_id: int) -> OpenBadge:
    return load_or_404(OpenBadge, badge_id, permissions.can_view_badge,
                       options=[joinedload(OpenBadge.user)])


@bp.get("/badges/<int:badge_id>")
@login_required
def badge(badge_id: int):
    badge = get_badge(badge_id)
    return render_template("induction/badge.html", badge=badge, addresses=badge_addresses(),
                           title=badge.name)


@bp.post("/badges/courses/<int:enrolment_id>")
@login_required
def issue_course_badge(enrolment_id: int):
    enrolment = found_or_404(courses_queries.completed_enrolment(enrolment_id))
    require(permissions.can_issue_course_badge(current_user, enrolment))
    done = perform(
        lambda: services.issue_course_badge(enrolment, actor=current_user, private_pem=issuer_key(),
                                            addresses=badge_addresses(), now=utcnow()),
        success="Your Open Badge is ready to download.",
    )
    return redirect(url_for("badges.badge", badge_id=done.result.id) if done
                    else url_for("passport.mine"))


@bp.get("/badges/<int:badge_id>/credential.jwt")
@login_required
def credential(badge_id: int):
    badge = get_badge(badge_id)
    # A signed credential, not a document: wallets take it by its own media type.
    response = Response(badge.token, mimetype="application/vc+jwt")
    response.headers["Content-Disposition"] = f'attachment; filename="open-badge-{badge.id}.jwt"'
    return response


@bp.route("/badges/<int:badge_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(badge_id: int):
    badge = get_badge(badge_id)
    require(permissions.can_revoke_badge(current_user, badge))
    form = RevokeBadgeForm()
    if response := submit(
        form, lambda: services.revoke_badge(badge, reason=form.reason.data, actor=current_user,
                                            now=utcnow()),
        then=url_for("badges.badge", badge_id=badge.id),
        success="The badge is revoked: verifiers will see it as revoked from now on.",
    ):
        return response
    return render_template("induction/badge_revoke.html", badge=badge, form=form,
                           title="Revoke this badge"), 400 if form.errors else 200


@bp.get("/badges/issuer")
def issuer():
    return jsonify(openbadges.issuer_profile(badge_addresses()))


@bp.get("/badges/issuer/jwks.json")
def jwks():
    response = jsonify(openbadges.public_jwks(issuer_key()))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/badges/status/<int:status_list_number>")
def status_list(status_list_number: int):
    if not queries.status_list_exists(status_list_number):
        abort(404)
    token = openbadges.status_list_token(
        issuer_key(), badge_addresses(), status_list_number,
        queries.revoked_indices(status_list_number), utcnow(),
    )
    response = Response(token, mimetype="application/vc+jwt")
    response.headers["Cache-Control"] = "no-cache"
    return response
