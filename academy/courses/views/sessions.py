"""Learning leads schedule sessions: a new one, a change, a copy to a new date, a cancellation,
and the places held for partners."""

from __future__ import annotations

from datetime import datetime

from flask import render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from academy.courses import permissions, queries, services
from academy.courses.forms import CancelSessionForm, CloneSessionForm, QuotaForm, SessionForm
from academy.courses.views import admin_bp
from academy.courses.views.common import get_course, get_session
from academy.extensions import db
from academy.people.models import Organisation, Site, User
from academy.people.roles import Role
from academy.timekeeping import today
from academy.web import as_int, load_or_404, submit


def _fill_session_form(form: SessionForm) -> None:
    sites = db.session.scalars(select(Site).options(joinedload(Site.organisation))
                               .order_by(Site.name)).all()
    form.site.choices = [SelectChoice("", "No site (online or elsewhere)")] + [
        SelectChoice(str(s.id), f"{s.name} ({s.organisation.short_name})") for s in sites]
    trainers = db.session.scalars(
        select(User).where(User.role_assignments.any(role=Role.TRAINER))
        .order_by(User.family_name, User.given_name)).all()
    form.trainers.choices = [SelectChoice(t.id, t.name) for t in trainers]


def _session_data(form: SessionForm) -> services.SessionData:
    closes = form.booking_closes_on.data
    return services.SessionData(
        starts_at=datetime.combine(form.starts_on.data, form.start_time.data),
        ends_at=datetime.combine(form.starts_on.data, form.end_time.data),
        capacity=form.capacity.data,
        booking_closes_at=datetime.combine(closes, datetime.max.time().replace(microsecond=0))
        if closes else None,
        site_id=as_int(form.site.data),
        location=form.location.data or "", online_url=form.online_url.data or None,
        trainer_ids=form.trainers.data or [],
    )


def _told(told: int) -> str:
    return f"{told} {'person has' if told == 1 else 'people have'} been told"


@admin_bp.route("/manage/courses/<int:course_id>/sessions/new", methods=["GET", "POST"])
@login_required
def session_new(course_id: int):
    course = get_course(course_id, permissions.can_manage_course)
    form = SessionForm()
    _fill_session_form(form)
    if response := submit(
        form, lambda: services.schedule_session(course, _session_data(form), current_user),
        then=lambda session: url_for("courses.session", session_id=session.id),
        success="The session is scheduled and open for booking.",
    ):
        return response
    return render_template("courses/session_form.html", form=form, course=course, session=None,
                           title=f"Schedule a session of {course.title}")


@admin_bp.route("/manage/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def session_edit(session_id: int):
    session = get_session(session_id, permissions.can_manage_session)
    form = SessionForm()
    _fill_session_form(form)
    if request.method == "GET":
        form.starts_on.data = session.starts_at.date()
        form.start_time.data, form.end_time.data = session.starts_at.time(), session.ends_at.time()
        form.capacity.data = session.capacity
        form.booking_closes_on.data = session.booking_closes_at.date()
        form.site.data = str(session.site_id or "")
        form.location.data, form.online_url.data = session.location, session.online_url
        form.trainers.data = [t.id for t in session.trainers]

    def change() -> int:
        data = _session_data(form)
        if form.booking_closes_on.data == session.booking_closes_at.date():
            data.booking_closes_at = session.booking_closes_at  # the day unchanged: keep the time
        return services.update_session(session, data, current_user)

    if response := submit(
        form, change, then=url_for("courses.session", session_id=session.id),
        success=lambda told: "The session is changed." + (f" {_told(told)}." if told else ""),
    ):
        return response
    return render_template("courses/session_form.html", form=form, course=session.course, session=session,
                           title=f"Change the session of {session.course.title}")


@admin_bp.route("/manage/sessions/<int:session_id>/clone", methods=["GET", "POST"])
@login_required
def session_clone(session_id: int):
    session = get_session(session_id, permissions.can_manage_session)
    form = CloneSessionForm()
    if request.method == "GET":
        form.start_time.data = session.starts_at.time()
    if response := submit(
        form, lambda: services.clone_session(
            session, datetime.combine(form.starts_on.data, form.start_time.data), current_user),
        then=lambda clone: url_for("courses.session", session_id=clone.id),
        success="The copy is scheduled with the same room, places, trainers and quotas.",
    ):
        return response
    return render_template("courses/session_clone.html", form=form, session=session,
                           title="Copy this session to a new date")


@admin_bp.route("/manage/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@login_required
def session_cancel(session_id: int):
    session = get_session(session_id, permissions.can_manage_session)
    form = CancelSessionForm()
    if response := submit(
        form, lambda: services.cancel_session(session, current_user, form.reason.data),
        then=url_for("courses.course", course_id=session.course_id),
        success=lambda told: f"The session is cancelled and {_told(told)}.",
    ):
        return response
    return render_template("courses/session_cancel.html", form=form, session=session,
                           roster=queries.roster(session.id), title="Cancel this session")


@admin_bp.route("/manage/sessions/<int:session_id>/quotas", methods=["GET", "POST"])
@login_required
def session_quotas(session_id: int):
    session = get_session(session_id, permissions.can_manage_session)
    form = QuotaForm()
    partners = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in partners]
    if response := submit(
        form, lambda: services.set_quota(session, load_or_404(Organisation, form.organisation.data),
                                         form.places.data, form.released_on.data, current_user),
        then=url_for("courses_admin.session_quotas", session_id=session.id),
        success="The places held for partners have been updated.",
    ):
        return response
    return render_template("courses/session_quotas.html", form=form, session=session,
                           places=services.places_of(session, today()),
                           title="Places held for partners")
