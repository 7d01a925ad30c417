"""A person's own learning: My learning, the private calendar feed and certificates; and a
manager's view of the team's mandatory training."""

from __future__ import annotations

import secrets

from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from academy.courses import compliance as compliance_queries
from academy.courses import permissions, queries, services
from academy.courses.certificates import certificate_pdf
from academy.courses.invitations import feed
from academy.courses.views import bp
from academy.holdings import queries as holdings_queries
from academy.timekeeping import utcnow
from academy.web import found_or_404, pdf_response, perform, require


@bp.get("/my-learning")
@login_required
def my_learning():
    now = utcnow()
    learning = queries.my_learning(current_user.id, now)
    compliance = compliance_queries.person_compliance(current_user.id, now.date())
    feed_url = (url_for("courses.calendar_feed", token=current_user.calendar_token, _external=True)
                if current_user.calendar_token else None)
    return render_template("courses/my_learning.html", learning=learning, compliance=compliance,
                           held=holdings_queries.held(current_user.id),
                           plans=holdings_queries.plans(current_user.id),
                           feed_url=feed_url, title="My learning")


@bp.post("/my-learning/calendar")
@login_required
def calendar_link():
    perform(lambda: services.reset_calendar_token(current_user, secrets.token_urlsafe(32)),
            success="Your private calendar link is ready. Any link you made before no longer "
                    "works.")
    return redirect(url_for("courses.my_learning") + "#calendar")


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    if len(token) < 20:
        abort(404)
    person = found_or_404(queries.calendar_owner(token))
    body = feed(queries.calendar_enrolments(person.id, utcnow()), now=utcnow(),
                name="Academy training")
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="academy-training.ics"'
    response.headers["Cache-Control"] = "private, max-age=900"
    return response


@bp.get("/my-learning/certificates/<certificate_code>.pdf")
@login_required
def certificate(certificate_code: str):
    enrolment = found_or_404(queries.certificate_enrolment(certificate_code))
    require(permissions.can_view_certificate(current_user, enrolment))
    perform(lambda: services.certificate_read(enrolment, current_user))
    pdf = certificate_pdf(enrolment, verify_url=url_for(
        "courses.verify_code", certificate_code=enrolment.certificate_code, _external=True))
    return pdf_response(pdf, f"certificate-{enrolment.certificate_code}.pdf")
