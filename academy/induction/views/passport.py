"""The staff passport: the person's portable record, its PDF and time-limited share links."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.audit.services import record
from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.induction import permissions, queries
from academy.induction.forms import ShareForm
from academy.induction.models import PassportShare
from academy.induction.services import passport as services
from academy.people.models import User
from academy.reports.pdf import render_pdf
from academy.timekeeping import today, utcnow

bp = Blueprint("passport", __name__)


@bp.get("/passport")
@login_required
def mine():
    return render_template("induction/passport.html", passport=queries.passport(current_user, today()),
                           is_self=True, title="Your passport")


@bp.get("/passport/people/<int:person_id>")
@login_required
def person(person_id: int):
    person = db.session.get(User, person_id) or abort(404)
    if not permissions.can_view_passport(current_user, person):
        abort(403)
    if person.id != current_user.id:
        record(current_user, "passport.viewed", person, subject=person)
        db.session.commit()
    return render_template("induction/passport.html", passport=queries.passport(person, today()),
                           is_self=person.id == current_user.id, title=f"Passport: {person.name}")


@bp.get("/passport.pdf")
@login_required
def pdf():
    pdf = render_pdf("induction/passport_pdf.html", passport=queries.passport(current_user, today()),
                     printed_on=today())
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="passport.pdf"'
    return response


@bp.route("/passport/links", methods=["GET", "POST"])
@login_required
def shares():
    form = ShareForm()
    if form.validate_on_submit():
        try:
            share, token = services.create_share(
                current_user, label=form.label.data, days=int(form.days.data), actor=current_user,
                now=utcnow(),
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            # The token is shown this once: only its hash is kept.
            return render_template(
                "induction/share_created.html", share=share,
                link=url_for("passport.shared", share_token=token, _external=True),
                title="Your passport link",
            )
    return render_template("induction/shares.html", form=form, shares=queries.shares_of(current_user.id),
                           now=utcnow(), title="Share your passport"), 400 if form.errors else 200


@bp.route("/passport/links/<int:share_id>/stop", methods=["GET", "POST"])
@login_required
def revoke_share(share_id: int):
    share = db.session.get(PassportShare, share_id) or abort(404)
    if not permissions.can_share_passport(current_user, share.user):
        abort(403)
    if request.method == "POST":
        services.revoke_share(share, actor=current_user, now=utcnow())
        db.session.commit()
        flash(f"The link for {share.label} no longer works.", "success")
        return redirect(url_for("passport.shares"))
    return render_template("induction/share_revoke.html", share=share, title="Stop this link")


@bp.get("/passport/shared/<share_token>")
def shared(share_token: str):
    try:
        share = services.open_share(share_token, now=utcnow())
    except services.ShareUnavailable as error:
        db.session.rollback()
        return render_template("induction/share_unavailable.html", message=error.message,
                               title="Link not valid"), 410
    db.session.commit()
    return render_template("induction/passport_shared.html", share=share,
                           passport=queries.passport(share.user, today()),
                           title=f"Passport: {share.user.name}")
