"""Finding training: the catalogue, a course, a session, registering interest, and the public
check of a certificate."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from academy.courses import permissions, queries, rules, services
from academy.courses.certificates import issuer, normalise_code
from academy.courses.forms import VerifyForm
from academy.courses.models import Course
from academy.courses.views import bp
from academy.courses.views.common import catalogue_filters, catalogue_form, get_course, get_session
from academy.extensions import db
from academy.recommender.serving import suggestions_for
from academy.timekeeping import utcnow
from academy.web import load_or_404, perform


@bp.get("/courses")
@login_required
def catalogue():
    form = catalogue_form()
    filters = catalogue_filters(form)
    now = utcnow()
    page = db.paginate(queries.catalogue_query(filters, now),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    dates = queries.dates_for([c.id for c in page.items], now)
    return render_template("courses/catalogue.html", form=form, page=page, dates=dates,
                           filtered=any(v for k, v in request.args.items() if k not in ("page", "sort")),
                           title="Find a course")


@bp.get("/courses/<int:course_id>")
@login_required
def course(course_id: int):
    course = load_or_404(
        Course, course_id,
        options=[joinedload(Course.provider), selectinload(Course.subjects),
                 selectinload(Course.competencies), selectinload(Course.audiences)])
    now = utcnow()
    sessions = queries.course_sessions(course.id, now)
    mine = {e.session_id: e for e in queries.live_enrolments_of(current_user.id, course.id)}
    suggestions = [s for s in suggestions_for(current_user, k=4) if s.course.id != course.id][:3]
    return render_template(
        "courses/course.html", course=course, sessions=sessions, mine=mine,
        interest=mine.get(None), now=now, title=course.title, suggestions=suggestions,
        missing=services.missing_prerequisites(course, current_user),
    )


@bp.post("/courses/<int:course_id>/interest")
@login_required
def register_interest(course_id: int):
    course = get_course(course_id)
    if queries.course_sessions(course.id, utcnow()):
        flash("This course has dates you can book: choose one below.", "info")
    else:
        perform(lambda: services.register_interest(course, current_user),
                success="Your interest is registered. We will tell you when dates are published.")
    return redirect(url_for("courses.course", course_id=course.id))


@bp.get("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    session = get_session(session_id)
    now = utcnow()
    mine = queries.enrolment_on(session.id, current_user.id)
    places = services.places_of(session, now.date())
    position = queries.waitlist_positions([mine.id]).get(mine.id) if mine else None
    show_roster = permissions.can_see_session_list(current_user, session)
    return render_template(
        "courses/session.html", session=session, course=session.course, mine=mine,
        position=position, free=places.free_for(current_user.employer_id),
        roster=queries.roster(session.id) if show_roster else None, now=now,
        missing=services.missing_prerequisites(session.course, current_user),
        clashes=queries.clashes_for(current_user.id, session),
        held=None if mine else queries.other_date_held(current_user.id, session),
        refusal=rules.booking_refusal(
            now, starts_at=session.starts_at, closes_at=session.booking_closes_at,
            cancelled=session.is_cancelled, retired=session.course.is_retired),
        title=f"{session.course.title}, {session.starts_at:%-d %B %Y}",
    )


@bp.get("/verify")
def verify():
    form = VerifyForm(request.args)
    if request.args and form.validate():
        code = normalise_code(form.code.data)
        if code:
            return redirect(url_for("courses.verify_code", certificate_code=code))
        form.code.errors = ["Enter the code as printed, like 7KQM-3XPA-W9RT"]
    return render_template("courses/verify.html", form=form, title="Check a certificate")


@bp.get("/verify/<certificate_code>")
def verify_code(certificate_code: str):
    code = normalise_code(certificate_code)
    enrolment = queries.verified_certificate(code) if code else None
    return render_template(
        "courses/verified.html", enrolment=enrolment, code=code or certificate_code,
        issuer=issuer(enrolment.course) if enrolment else None, title="Check a certificate",
    ), 200 if enrolment else 404
