"""The staff passport: the person's portable record, its PDF and time-limited share links."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.extensions import db
from academy.induction import permissions, queries
from academy.induction.forms import ShareForm
from academy.induction.models import PassportShare
from academy.induction.services import passport as services
from academy.induction.views import passport_bp as bp
from academy.notifications.email import external_url
from academy.people.models import User
from academy.reports.pdf import render_pdf
from academy.timekeeping import today, utcnow
from academy.web import audited_read, load_or_404, pdf_response, perform


@bp.get("/passport")
@login_required
def mine():
    return render_template("induction/passport.html", passport=queries.passport(current_user, today()),
                           is_self=True, title="Your passport")


@bp.get("/passport/people/<int:person_id>")
@login_required
def person(person_id: int):
    person = load_or_404(User, person_id, permissions.can_view_passport)
    return audited_read(
        render_template("induction/passport.html", passport=queries.passport(person, today()),
                        is_self=person.id == current_user.id, title=f"Passport: {person.name}"),
        "passport.viewed", person, subjects=[person])


@bp.get("/passport.pdf")
@login_required
def pdf():
    return pdf_response(
        render_pdf("induction/passport_pdf.html", passport=queries.passport(current_user, today()),
                   printed_on=today()),
        "passport.pdf",
    )


@bp.route("/passport/links", methods=["GET", "POST"])
@login_required
def shares():
    form = ShareForm()
    if form.validate_on_submit() and (done := perform(
        lambda: services.create_share(current_user, label=form.label.data, days=int(form.days.data),
                                      actor=current_user, now=utcnow()),
        form=form,
    )):
        share, token = done.result
        # The token is shown this once: only its hash is kept.
        return render_template(
            "induction/share_created.html", share=share,
            # At the platform's own address (ACADEMY_BASE_URL), never the Host the request named.
            link=external_url("passport.shared", token=token),
            title="Your passport link",
        )
    return render_template("induction/shares.html", form=form, shares=queries.shares_of(current_user.id),
                           now=utcnow(), title="Share your passport"), 400 if form.errors else 200


@bp.route("/passport/links/<int:share_id>/stop", methods=["GET", "POST"])
@login_required
def revoke_share(share_id: int):
    share = load_or_404(PassportShare, share_id, permissions.can_stop_share)
    if request.method == "POST":
        perform(lambda: services.revoke_share(share, actor=current_user, now=utcnow()),
                success=f"The link for {share.label} no longer works.")
        return redirect(url_for("passport.shares"))
    return render_template("induction/share_revoke.html", share=share, title="Stop this link")


@bp.get("/passport/shared/<token>")
def shared(token: str):
    try:
        share = services.open_share(token, now=utcnow())
    except services.ShareUnavailable as error:
        # An outsider's dead link: a page of its own (410), not a refusal on a form.
        db.session.rollback()
        return render_template("induction/share_unavailable.html", message=error.message,
                               title="Link not valid"), 410
    db.session.commit()
    return render_template("induction/passport_shared.html", share=share,
                           passport=queries.passport(share.user, today()),
                           title=f"Passport: {share.user.name}")
