"""A coach's pages: their diary, slots, weekly availability and blocked-out time, and when a
person's conversations took place (never what was said)."""

from __future__ import annotations

from datetime import datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    request,
    url_for,
)
from flask_login import current_user, login_required

from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.people.models import User
from academy.talent.conversations import permissions, queries, rules
from academy.talent.conversations.forms import (
    AvailabilityForm,
    BlockForm,
    SlotForm,
)
from academy.talent.conversations.models import (
    CoachAvailability,
    CoachBlock,
    CoachSlot,
    Mode,
)
from academy.talent.conversations.services import availability
from academy.talent.conversations.views import chosen_site, render, site_choices
from academy.timekeeping import utcnow

bp = Blueprint("coaching", __name__, url_prefix="/conversations")


# Coaches ----------------------------------------------------------------------------------------

def require_coach() -> None:
    if not permissions.is_career_coach(current_user):
        abort(403)


@bp.get("/coach")
@login_required
def diary():
    require_coach()
    return render("coach.html", diary=queries.coach_diary(current_user.id, utcnow()),
                  title="Your coaching")


@bp.get("/coach/slots")
@login_required
def slots():
    require_coach()
    page = db.paginate(queries.coach_slots(current_user.id, utcnow()),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    ids = [s.id for s in page.items]
    return render("coach_slots.html", page=page, bookings=queries.bookings_by_slot(ids),
                  blocked=queries.blocked_slot_ids(ids), title="Your slots")


@bp.route("/coach/slots/new", methods=["GET", "POST"])
@login_required
def new_slot():
    require_coach()
    form = SlotForm()
    form.site.choices = site_choices()
    if form.validate_on_submit():
        try:
            availability.publish_slot(
                current_user, on=form.on.data, at=form.at.data, minutes=form.minutes.data,
                mode=Mode(form.mode.data), site=chosen_site(form),
                joining_details=form.joining_details.data, actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The slot is published: staff can book it now.", "success")
            return redirect(url_for(".diary"))
    return render("slot_form.html", form=form, title="Publish a slot")


@bp.route("/coach/slots/<int:slot_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_slot(slot_id: int):
    slot = db.session.get(CoachSlot, slot_id) or abort(404)
    if slot.coach_id != current_user.id or not permissions.is_career_coach(current_user):
        abort(403)
    if request.method == "POST":
        try:
            availability.withdraw_slot(slot, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash("The slot is withdrawn.", "success")
        return redirect(url_for(".slots"))
    return render("confirm.html", heading=f"Withdraw the slot on {slot.when}?",
                  text="Nobody will be able to book it.",
                  action=url_for(".withdraw_slot", slot_id=slot.id), button="Withdraw slot",
                  back=url_for(".slots"), title="Withdraw a slot")


@bp.route("/coach/availability/new", methods=["GET", "POST"])
@login_required
def new_availability():
    require_coach()
    form = AvailabilityForm()
    form.site.choices = site_choices()
    if not form.is_submitted():
        form.valid_from.data = rules.to_local(utcnow()).date()
    if form.validate_on_submit():
        try:
            _, published = availability.add_availability(
                current_user, weekday=form.weekday.data, starts=form.starts.data,
                ends=form.ends.data, slot_minutes=form.slot_minutes.data,
                mode=Mode(form.mode.data), site=chosen_site(form),
                joining_details=form.joining_details.data, valid_from=form.valid_from.data,
                valid_until=form.valid_until.data, actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"Your weekly availability is set: {published} slots are published for the "
                  f"next {rules.HORIZON.days // 7} weeks, and more each day.", "success")
            return redirect(url_for(".diary"))
    return render("availability_form.html", form=form, title="Set weekly availability")


@bp.route("/coach/availability/<int:availability_id>/end", methods=["GET", "POST"])
@login_required
def end_availability(availability_id: int):
    weekly = db.session.get(CoachAvailability, availability_id) or abort(404)
    if weekly.coach_id != current_user.id or not permissions.is_career_coach(current_user):
        abort(403)
    if request.method == "POST":
        try:
            withdrawn = availability.end_availability(weekly, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"The weekly availability has ended; {withdrawn} free slots were withdrawn. "
                  "Booked conversations stay booked.", "success")
        return redirect(url_for(".diary"))
    return render(
        "confirm.html",
        heading=f"Stop your {weekly.weekday_name} availability?",
        text="Its free slots are withdrawn. Conversations already booked stay booked.",
        action=url_for(".end_availability", availability_id=weekly.id),
        button="Stop availability", back=url_for(".diary"), title="Stop weekly availability",
    )


@bp.route("/coach/blocks/new", methods=["GET", "POST"])
@login_required
def new_block():
    require_coach()
    form = BlockForm()
    if form.validate_on_submit():
        try:
            _, hidden = availability.block_time(
                current_user,
                starts=datetime.combine(form.starts_on.data, form.starts_time.data),
                ends=datetime.combine(form.ends_on.data, form.ends_time.data),
                reason=form.reason.data, actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"The time is blocked out; {hidden} free slots in it are hidden until you "
                  "remove it.", "success")
            return redirect(url_for(".diary"))
    return render("block_form.html", form=form, title="Block out time")


@bp.route("/coach/blocks/<int:block_id>/remove", methods=["GET", "POST"])
@login_required
def remove_block(block_id: int):
    block = db.session.get(CoachBlock, block_id) or abort(404)
    if block.coach_id != current_user.id or not permissions.is_career_coach(current_user):
        abort(403)
    if request.method == "POST":
        reopened = availability.remove_block(block, actor=current_user)
        db.session.commit()
        flash(f"The blocked-out time is removed; {reopened} slots in it are open for booking.",
              "success")
        return redirect(url_for(".diary"))
    return render("confirm.html", heading=f"Remove the blocked-out time {block.when}?",
                  text="Your weekly availability will offer this time again.",
                  action=url_for(".remove_block", block_id=block.id), button="Remove",
                  back=url_for(".diary"), title="Remove blocked-out time")


@bp.get("/people/<int:person_id>")
@login_required
def person_history(person_id: int):
    person = db.session.get(User, person_id) or abort(404)
    if not permissions.can_view_person_conversations(current_user, person):
        abort(403)
    return render("person_history.html", person=person,
                  conversations=queries.person_history(person.id),
                  title=f"Career conversations: {person.name}")
