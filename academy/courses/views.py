"""Pages for learners, managers and trainers: catalogue, booking, My learning, approvals, register,
certificates, calendar feed and public certificate verification."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

from academy.courses import compliance as compliance_queries
from academy.courses import permissions, queries, rules, services
from academy.courses.certificates import certificate_pdf, issuer, normalise_code
from academy.courses.forms import (
    BookForm,
    CancelForm,
    CatalogueFilterForm,
    DeclineForm,
    NamePlaceForm,
    ReserveForm,
    VerifyForm,
    register_form_class,
)
from academy.courses.invitations import feed
from academy.courses.models import (
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    PlaceReservation,
)
from academy.errors import DomainError, NotAllowed, show_refusal
from academy.extensions import db
from academy.people.models import User
from academy.people.queries import team_members
from academy.recommender.serving import suggestions_for
from academy.timekeeping import today, utcnow

bp = Blueprint("courses", __name__)
S = EnrolmentStatus


def get_course(course_id: int) -> Course:
    return db.session.get(Course, course_id) or abort(404)


def get_session(session_id: int) -> CourseSession:
    return db.session.get(
        CourseSession, session_id,
        options=[joinedload(CourseSession.course), selectinload(CourseSession.trainers)],
    ) or abort(404)


def get_enrolment(enrolment_id: int) -> Enrolment:
    return db.session.get(
        Enrolment, enrolment_id,
        options=[joinedload(Enrolment.user), joinedload(Enrolment.course),
                 joinedload(Enrolment.session)],
    ) or abort(404)


def refuse(error: DomainError, form=None) -> None:
    """A service's refusal shown beside its field, or as a message at the top of the page."""
    db.session.rollback()
    show_refusal(form, error)


# --- Catalogue ----------------------------------------------------------------------------------

def catalogue_filters(form: CatalogueFilterForm) -> queries.CatalogueFilters:
    valid = form.validate()
    dates_ok = valid or not (form.date_from.errors or form.date_to.errors)
    return queries.CatalogueFilters(
        q=(form.q.data or "").strip(),
        category=form.category.data or None,
        pillar=form.pillar.data or None,
        mode=form.mode.data or None,
        provider_id=int(form.provider.data) if (form.provider.data or "").isdigit() else None,
        date_from=form.date_from.data if dates_ok else None,
        date_to=form.date_to.data if dates_ok else None,
        places_left=bool(form.places_left.data),
        sort=form.sort.data if form.sort.data in queries.SORTS else "title",
    )


@bp.get("/courses")
@login_required
def catalogue():
    form = CatalogueFilterForm(request.args)
    form.provider.choices = [SelectChoice("", "Any provider")] + [
        SelectChoice(str(o.id), o.name) for o in queries.providers()
    ]
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
    course = db.session.get(
        Course, course_id,
        options=[joinedload(Course.provider), selectinload(Course.subjects),
                 selectinload(Course.competencies), selectinload(Course.audiences)],
    ) or abort(404)
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
        return redirect(url_for("courses.course", course_id=course.id))
    try:
        services.register_interest(course, current_user)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash("Your interest is registered. We will tell you when dates are published.", "success")
    return redirect(url_for("courses.course", course_id=course.id))


@bp.get("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    session = get_session(session_id)
    now = utcnow()
    mine = db.session.scalar(select(Enrolment).where(
        Enrolment.session_id == session.id, Enrolment.user_id == current_user.id,
        Enrolment.status != S.CANCELLED))
    places = services.places_of(session, now.date())
    position = queries.waitlist_positions([mine.id]).get(mine.id) if mine else None
    show_roster = permissions.can_see_session_list(current_user, session)
    return render_template(
        "courses/session.html", session=session, course=session.course, mine=mine,
        position=position, free=places.free_for(current_user.employer_id),
        roster=queries.roster(session.id) if show_roster else None, now=now,
        missing=services.missing_prerequisites(session.course, current_user),
        refusal=rules.booking_refusal(
            now, starts_at=session.starts_at, closes_at=session.booking_closes_at,
            cancelled=session.is_cancelled, retired=session.course.is_retired),
        title=f"{session.course.title}, {session.starts_at:%-d %B %Y}",
    )


@bp.route("/sessions/<int:session_id>/book", methods=["GET", "POST"])
@login_required
def book(session_id: int):
    session = get_session(session_id)
    now = utcnow()
    form = BookForm()
    people = [current_user]
    if permissions.is_approver(current_user):
        people += team_members(current_user)
    form.person.choices = [SelectChoice(p.id, "Myself" if p.id == current_user.id else p.name)
                           for p in people]
    if request.method == "GET":
        form.person.data = current_user.id
    places = services.places_of(session, now.date())
    if form.validate_on_submit():
        learner = next((p for p in people if p.id == (form.person.data or current_user.id)), None)
        if learner is None:
            abort(403)
        try:
            enrolment = services.enrol(session, learner, actor=current_user, now=now)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            who = "You are" if learner.id == current_user.id else f"{learner.name} is"
            message = {
                S.BOOKED: f"{who} booked. A calendar invitation is on its way by e-mail.",
                S.WAITLISTED: f"The session is full: {who.lower()} on the waiting list. "
                              "If a place comes free it is offered straight away.",
                S.AWAITING_APPROVAL: "Your request has been sent to your manager for approval.",
            }[enrolment.status]
            flash(message, "success")
            return redirect(url_for("courses.my_learning")
                            if learner.id == current_user.id else url_for("courses.session",
                                                                           session_id=session.id))
    return render_template("courses/book.html", form=form, session=session, course=session.course,
                           free=places.free_for(current_user.employer_id),
                           title=f"Book {session.course.title}")


@bp.route("/enrolments/<int:enrolment_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(enrolment_id: int):
    enrolment = get_enrolment(enrolment_id)
    if not permissions.can_cancel_enrolment(current_user, enrolment):
        abort(403)
    form = CancelForm()
    back = url_for("courses.my_learning") if enrolment.user_id == current_user.id else (
        url_for("courses.session", session_id=enrolment.session_id) if enrolment.session_id
        else url_for("courses.course", course_id=enrolment.course_id))
    if form.validate_on_submit():
        try:
            services.cancel_enrolment(enrolment, current_user, form.reason.data or "")
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash("Cancelled. If there was a waiting list, the place has gone to the next person.",
                  "success")
            return redirect(back)
    return render_template("courses/cancel.html", form=form, enrolment=enrolment, back=back,
                           title="Cancel this booking")


# --- My learning and the calendar ---------------------------------------------------------------

@bp.get("/my-learning")
@login_required
def my_learning():
    now = utcnow()
    learning = queries.my_learning(current_user.id, now)
    compliance = compliance_queries.person_compliance(current_user.id, now.date())
    feed_url = (url_for("courses.calendar_feed", calendar_token=current_user.calendar_token, _external=True)
                if current_user.calendar_token else None)
    return render_template("courses/my_learning.html", learning=learning, compliance=compliance,
                           feed_url=feed_url, title="My learning")


@bp.post("/my-learning/calendar")
@login_required
def calendar_link():
    services.reset_calendar_token(current_user, secrets.token_urlsafe(32))
    db.session.commit()
    flash("Your private calendar link is ready. Any link you made before no longer works.",
          "success")
    return redirect(url_for("courses.my_learning") + "#calendar")


@bp.get("/calendar/<calendar_token>.ics")
def calendar_feed(calendar_token: str):
    if len(calendar_token) < 20:
        abort(404)
    person = db.session.scalar(select(User).where(User.calendar_token == calendar_token)) or abort(404)
    body = feed(queries.calendar_enrolments(person.id, utcnow()),
                base_url=current_app.config["ACADEMY_BASE_URL"].rstrip("/"), now=utcnow(),
                name="Academy training")
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="academy-training.ics"'
    response.headers["Cache-Control"] = "private, max-age=900"
    return response


@bp.get("/my-learning/certificates/<certificate_code>.pdf")
@login_required
def certificate(certificate_code: str):
    enrolment = db.session.scalar(
        select(Enrolment).options(joinedload(Enrolment.user), joinedload(Enrolment.course))
        .where(Enrolment.certificate_code == certificate_code)
    ) or abort(404)
    if not permissions.can_view_certificate(current_user, enrolment):
        abort(403)
    services.certificate_read(enrolment, current_user)
    db.session.commit()
    pdf = certificate_pdf(enrolment, verify_url=url_for(
        "courses.verify_code", certificate_code=enrolment.certificate_code, _external=True))
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="certificate-{enrolment.certificate_code}.pdf"')
    return response


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
    enrolment = db.session.scalar(
        select(Enrolment).options(joinedload(Enrolment.course).joinedload(Course.provider))
        .where(Enrolment.certificate_code == code, Enrolment.status == S.COMPLETED)
    ) if code else None
    return render_template(
        "courses/verified.html", enrolment=enrolment, code=code or certificate_code,
        issuer=issuer(enrolment.course) if enrolment else None, title="Check a certificate",
    ), 200 if enrolment else 404


# --- Managers -----------------------------------------------------------------------------------

@bp.get("/approvals")
@login_required
def approvals():
    if not permissions.is_approver(current_user):
        abort(403)
    return render_template("courses/approvals.html", queue=queries.approval_queue(current_user),
                           reservations=queries.reservations_of(current_user.id, utcnow()),
                           title="Training requests to approve")


@bp.post("/enrolments/<int:enrolment_id>/approve")
@login_required
def approve(enrolment_id: int):
    enrolment = get_enrolment(enrolment_id)
    if not permissions.can_approve(current_user, enrolment):
        abort(403)
    try:
        services.approve(enrolment, current_user)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        outcome = "booked" if enrolment.status == S.BOOKED else "put on the waiting list"
        flash(f"Approved: {enrolment.user.name} is {outcome}.", "success")
    return redirect(url_for("courses.approvals"))


@bp.route("/enrolments/<int:enrolment_id>/decline", methods=["GET", "POST"])
@login_required
def decline(enrolment_id: int):
    enrolment = get_enrolment(enrolment_id)
    if not permissions.can_approve(current_user, enrolment):
        abort(403)
    if enrolment.status != S.AWAITING_APPROVAL:
        flash("This request has already been dealt with.", "info")
        return redirect(url_for("courses.approvals"))
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            services.decline(enrolment, current_user, form.reason.data)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(f"{enrolment.user.name} has been told the request was not approved.", "success")
            return redirect(url_for("courses.approvals"))
    return render_template("courses/decline.html", form=form, enrolment=enrolment,
                           title="Do not approve this request")


@bp.route("/sessions/<int:session_id>/reserve", methods=["GET", "POST"])
@login_required
def reserve(session_id: int):
    if not permissions.can_reserve_places(current_user):
        abort(403)
    session = get_session(session_id)
    form = ReserveForm()
    free = services.places_of(session, today()).free_for(current_user.employer_id)
    if form.validate_on_submit():
        try:
            reservation = services.reserve_places(session, current_user, form.places.data)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(f"{reservation.places} place{'s are' if reservation.places != 1 else ' is'} "
                  "held for your team. Name the people when you know them.", "success")
            return redirect(url_for("courses.reservation", reservation_id=reservation.id))
    return render_template("courses/reserve.html", form=form, session=session, free=free,
                           title="Reserve places for your team")


def get_reservation(reservation_id: int) -> PlaceReservation:
    reservation = db.session.get(PlaceReservation, reservation_id) or abort(404)
    if not permissions.can_manage_reservation(current_user, reservation):
        abort(403)
    return reservation


@bp.route("/reservations/<int:reservation_id>", methods=["GET", "POST"])
@login_required
def reservation(reservation_id: int):
    reservation = get_reservation(reservation_id)
    named = db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.user))
        .where(Enrolment.reservation_id == reservation.id, Enrolment.status != S.CANCELLED)
    ).all()
    form = NamePlaceForm()
    team = team_members(current_user)
    form.person.choices = [SelectChoice(p.id, p.name) for p in team]
    if form.validate_on_submit():
        learner = next((p for p in team if p.id == form.person.data), None)
        try:
            if learner is None:
                raise NotAllowed("Choose someone in your team.", field="person")
            services.name_reserved_place(reservation, learner, current_user)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(f"{learner.name} has the place and has been sent the invitation.", "success")
            return redirect(url_for("courses.reservation", reservation_id=reservation.id))
    return render_template("courses/reservation.html", reservation=reservation, named=named,
                           session=reservation.session, form=form,
                           unnamed=reservation.places - sum(1 for e in named if e.takes_place),
                           title="Your reserved places")


@bp.route("/reservations/<int:reservation_id>/release", methods=["GET", "POST"])
@login_required
def release_reservation(reservation_id: int):
    reservation = get_reservation(reservation_id)
    if request.method == "POST":
        released = services.release_reservation(reservation, current_user)
        db.session.commit()
        flash(f"{released} unnamed place{'s' if released != 1 else ''} released.", "success")
        return redirect(url_for("courses.approvals"))
    return render_template("courses/release.html", reservation=reservation,
                           title="Release the unnamed places")


@bp.get("/team/compliance")
@login_required
def team_compliance():
    if not permissions.can_view_team_compliance(current_user):
        abort(403)
    report = compliance_queries.team_compliance(team_members(current_user), today())
    return render_template("courses/team_compliance.html", report=report,
                           title="Your team's mandatory training")


# --- Trainers -----------------------------------------------------------------------------------

@bp.get("/trainer/sessions")
@login_required
def trainer_sessions():
    if not permissions.is_trainer(current_user):
        abort(403)
    upcoming, recent = queries.trainer_sessions(current_user.id, utcnow())
    return render_template("courses/trainer_sessions.html", upcoming=upcoming, recent=recent,
                           title="Your sessions")


@bp.route("/sessions/<int:session_id>/register", methods=["GET", "POST"])
@login_required
def register(session_id: int):
    session = get_session(session_id)
    if not permissions.can_mark_register(current_user, session):
        abort(403)
    now = utcnow()
    everyone = queries.roster(session.id)
    markable = [e for e in everyone if e.status in services.MARKABLE]
    done = [e for e in everyone if e.status == S.COMPLETED]
    form = register_form_class(markable)()
    if form.validate_on_submit():
        marks = {e.id: form[f"mark_{e.id}"].data for e in markable}
        try:
            counts = services.mark_register(session, marks, current_user, now=now)
        except DomainError as error:
            refuse(error)
        else:
            db.session.commit()
            flash(f"Register saved: {counts['completed']} completed, {counts['attended']} "
                  f"attended without completing, {counts['no_show']} did not attend.", "success")
            return redirect(url_for("courses.register", session_id=session.id))
    elif request.method == "POST" and not markable:
        flash("There is nobody left to mark on this register.", "info")
        return redirect(url_for("courses.register", session_id=session.id))
    return render_template("courses/register.html", form=form, session=session, markable=markable,
                           done=done, started=now >= session.starts_at,
                           title=f"Register: {session.course.title}")
