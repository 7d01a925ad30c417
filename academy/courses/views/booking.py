"""Booking and cancelling places, managers' approvals, and the places a manager reserves for
the team."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.courses import permissions, queries, services
from academy.courses.forms import BookForm, CancelForm, DeclineForm, NamePlaceForm, ReserveForm
from academy.courses.invitations import booking_download
from academy.courses.models import Enrolment, PlaceReservation
from academy.courses.services.places import when
from academy.courses.views import bp
from academy.courses.views.common import get_enrolment, get_session
from academy.errors import NotAllowed
from academy.people.queries import team_members
from academy.timekeeping import today, utcnow
from academy.web import load_or_404, perform, require, submit


def _booked(enrolment: Enrolment) -> str:
    """What the person who booked is told, by how the booking went and whom it was for, and any
    other booking at the same time they chose to keep."""
    who = "You are" if enrolment.user_id == current_user.id else f"{enrolment.user.name} is"
    if enrolment.is_booked:
        sent = ("A calendar invitation is on its way by e-mail."
                if enrolment.session.course.has_dated_sessions else "A confirmation is on its way by e-mail.")
        told = f"{who} booked. {sent}"
    elif enrolment.is_waitlisted:
        told = (f"The session is full: {who.lower()} on the waiting list. "
                "If a place comes free it is offered straight away.")
    else:
        told = "Your request has been sent to your manager for approval."
    clashes = queries.clashes_for(enrolment.user_id, enrolment.session)
    if clashes:
        other = clashes[0]
        told += (f" It is at the same time as {other.course.title}, {when(other.session)} "
                 f"({other.status.label.lower()}): cancel one if you cannot go to both.")
    return told


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
    # Told before "Confirm": what would clash with the signed-in person's other bookings, and
    # another date of the course they already hold, which stops them booking this one.
    clashes = queries.clashes_for(current_user.id, session)
    held = queries.other_date_held(current_user.id, session)

    def learner():
        chosen = next((p for p in people if p.id == (form.person.data or current_user.id)), None)
        require(chosen is not None)
        return chosen

    if response := submit(
        form, lambda: services.enrol(session, learner(), actor=current_user, now=now),
        then=lambda enrolment: url_for("courses.my_learning")
        if enrolment.user_id == current_user.id
        else url_for("courses.session", session_id=session.id),
        success=_booked,
    ):
        return response
    return render_template("courses/book.html", form=form, session=session, course=session.course,
                           free=places.free_for(current_user.employer_id), clashes=clashes,
                           held=held, title=f"Book {session.course.title}")


@bp.route("/enrolments/<int:enrolment_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(enrolment_id: int):
    enrolment = get_enrolment(enrolment_id, permissions.can_cancel_enrolment)
    form = CancelForm()
    back = url_for("courses.my_learning") if enrolment.user_id == current_user.id else (
        url_for("courses.session", session_id=enrolment.session_id) if enrolment.session_id
        else url_for("courses.course", course_id=enrolment.course_id))
    if response := submit(
        form, lambda: services.cancel_enrolment(enrolment, current_user, form.reason.data or ""),
        then=back,
        success="Cancelled. If there was a waiting list, the place has gone to the next person.",
    ):
        return response
    return render_template("courses/cancel.html", form=form, enrolment=enrolment, back=back,
                           title="Cancel this booking")


@bp.get("/enrolments/<int:enrolment_id>/calendar.ics")
@login_required
def add_to_calendar(enrolment_id: int):
    """One booking as a calendar file, for the person who holds it."""
    enrolment = get_enrolment(enrolment_id, permissions.can_add_to_calendar)
    response = Response(booking_download(enrolment, now=utcnow()), mimetype="text/calendar")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="academy-booking-{enrolment.id}.ics"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- Managers -----------------------------------------------------------------------------------

@bp.get("/approvals")
@login_required
def approvals():
    require(permissions.is_approver(current_user))
    return render_template("courses/approvals.html", queue=queries.approval_queue(current_user),
                           reservations=queries.reservations_of(current_user.id, utcnow()),
                           title="Training requests to approve")


@bp.post("/enrolments/<int:enrolment_id>/approve")
@login_required
def approve(enrolment_id: int):
    enrolment = get_enrolment(enrolment_id, permissions.can_approve)
    perform(lambda: services.approve(enrolment, current_user),
            success=lambda approved: f"Approved: {approved.user.name} is "
                                     f"{'booked' if approved.is_booked else 'put on the waiting list'}.")
    return redirect(url_for("courses.approvals"))


@bp.route("/enrolments/<int:enrolment_id>/decline", methods=["GET", "POST"])
@login_required
def decline(enrolment_id: int):
    enrolment = get_enrolment(enrolment_id, permissions.can_approve)
    if not enrolment.is_awaiting_approval:
        flash("This request has already been dealt with.", "info")
        return redirect(url_for("courses.approvals"))
    form = DeclineForm()
    if response := submit(
        form, lambda: services.decline(enrolment, current_user, form.reason.data),
        then=url_for("courses.approvals"),
        success=f"{enrolment.user.name} has been told the request was not approved.",
    ):
        return response
    return render_template("courses/decline.html", form=form, enrolment=enrolment,
                           title="Do not approve this request")


@bp.route("/sessions/<int:session_id>/reserve", methods=["GET", "POST"])
@login_required
def reserve(session_id: int):
    require(permissions.can_reserve_places(current_user))
    session = get_session(session_id)
    form = ReserveForm()
    free = services.places_of(session, today()).free_for(current_user.employer_id)
    if response := submit(
        form, lambda: services.reserve_places(session, current_user, form.places.data),
        then=lambda reservation: url_for("courses.reservation", reservation_id=reservation.id),
        success=lambda reservation: (
            f"{reservation.places} place{'s are' if reservation.places != 1 else ' is'} "
            "held for your team. Name the people when you know them."),
    ):
        return response
    return render_template("courses/reserve.html", form=form, session=session, free=free,
                           title="Reserve places for your team")


def get_reservation(reservation_id: int) -> PlaceReservation:
    return load_or_404(PlaceReservation, reservation_id, permissions.can_manage_reservation)


@bp.route("/reservations/<int:reservation_id>", methods=["GET", "POST"])
@login_required
def reservation(reservation_id: int):
    reservation = get_reservation(reservation_id)
    named = queries.named_on(reservation.id)
    form = NamePlaceForm()
    team = team_members(current_user)
    form.person.choices = [SelectChoice(p.id, p.name) for p in team]

    def name_place() -> Enrolment:
        learner = next((p for p in team if p.id == form.person.data), None)
        if learner is None:
            raise NotAllowed("Choose someone in your team.", field="person")
        return services.name_reserved_place(reservation, learner, current_user)

    if response := submit(
        form, name_place, then=url_for("courses.reservation", reservation_id=reservation.id),
        success=lambda enrolment: f"{enrolment.user.name} has the place and has been sent the "
                                  "invitation.",
    ):
        return response
    return render_template("courses/reservation.html", reservation=reservation, named=named,
                           session=reservation.session, form=form,
                           unnamed=reservation.places - sum(1 for e in named if e.takes_place),
                           title="Your reserved places")


@bp.route("/reservations/<int:reservation_id>/release", methods=["GET", "POST"])
@login_required
def release_reservation(reservation_id: int):
    reservation = get_reservation(reservation_id)
    if request.method == "POST":
        perform(lambda: services.release_reservation(reservation, current_user),
                success=lambda released: f"{released} unnamed place"
                                         f"{'s' if released != 1 else ''} released.")
        return redirect(url_for("courses.approvals"))
    return render_template("courses/release.html", reservation=reservation,
                           title="Release the unnamed places")
