"""A coach's pages: their diary, slots, weekly availability and blocked-out time, and when a
person's conversations took place (never what was said)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, redirect, request, url_for
from flask_login import current_user, login_required

from academy.extensions import db
from academy.people.models import User
from academy.talent.conversations import permissions, queries, rules
from academy.talent.conversations.forms import AvailabilityForm, BlockForm, SlotForm
from academy.talent.conversations.models import CoachAvailability, CoachBlock, CoachSlot, Mode
from academy.talent.conversations.services import availability
from academy.talent.conversations.views import coaching_bp as bp
from academy.talent.conversations.views.common import chosen_site, render, site_choices
from academy.timekeeping import utcnow
from academy.web import audited_read, load_or_404, perform, require, submit


def require_coach() -> None:
    require(permissions.is_career_coach(current_user))


def _confirmed(change, *, success, back: str, **question):
    """A change to a coach's own time, once confirmed: on POST make it and go `back`; else ask
    the `question` (heading, text, action, button, title) on the confirmation page."""
    if request.method == "POST":
        perform(change, success=success)
        return redirect(back)
    return render("confirm.html", back=back, **question)


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
    if response := submit(
        form,
        lambda: availability.publish_slot(
            current_user, on=form.on.data, at=form.at.data, minutes=form.minutes.data,
            mode=Mode(form.mode.data), site=chosen_site(form),
            joining_details=form.joining_details.data, actor=current_user,
        ),
        then=url_for(".diary"),
        success="The slot is published: staff can book it now.",
    ):
        return response
    return render("slot_form.html", form=form, title="Publish a slot")


@bp.route("/coach/slots/<int:slot_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_slot(slot_id: int):
    slot = load_or_404(CoachSlot, slot_id, permissions.can_change_coaching_time)
    return _confirmed(
        lambda: availability.withdraw_slot(slot, actor=current_user),
        success="The slot is withdrawn.", back=url_for(".slots"),
        heading=f"Withdraw the slot on {slot.when}?", text="Nobody will be able to book it.",
        action=url_for(".withdraw_slot", slot_id=slot.id), button="Withdraw slot",
        title="Withdraw a slot",
    )


@bp.route("/coach/availability/new", methods=["GET", "POST"])
@login_required
def new_availability():
    require_coach()
    form = AvailabilityForm()
    form.site.choices = site_choices()
    if not form.is_submitted():
        form.valid_from.data = rules.to_local(utcnow()).date()
    if response := submit(
        form,
        lambda: availability.add_availability(
            current_user, weekday=form.weekday.data, starts=form.starts.data,
            ends=form.ends.data, slot_minutes=form.slot_minutes.data,
            mode=Mode(form.mode.data), site=chosen_site(form),
            joining_details=form.joining_details.data, valid_from=form.valid_from.data,
            valid_until=form.valid_until.data, actor=current_user,
        ),
        then=url_for(".diary"),
        success=lambda added: (f"Your weekly availability is set: {added[1]} slots are "
                               f"published for the next {rules.HORIZON.days // 7} weeks, and "
                               "more each day."),
    ):
        return response
    return render("availability_form.html", form=form, title="Set weekly availability")


@bp.route("/coach/availability/<int:availability_id>/end", methods=["GET", "POST"])
@login_required
def end_availability(availability_id: int):
    weekly = load_or_404(CoachAvailability, availability_id, permissions.can_change_coaching_time)
    return _confirmed(
        lambda: availability.end_availability(weekly, actor=current_user),
        success=lambda withdrawn: (f"The weekly availability has ended; {withdrawn} free slots "
                                   "were withdrawn. Booked conversations stay booked."),
        back=url_for(".diary"),
        heading=f"Stop your {weekly.weekday_name} availability?",
        text="Its free slots are withdrawn. Conversations already booked stay booked.",
        action=url_for(".end_availability", availability_id=weekly.id),
        button="Stop availability", title="Stop weekly availability",
    )


@bp.route("/coach/blocks/new", methods=["GET", "POST"])
@login_required
def new_block():
    require_coach()
    form = BlockForm()
    if response := submit(
        form,
        lambda: availability.block_time(
            current_user,
            starts=datetime.combine(form.starts_on.data, form.starts_time.data),
            ends=datetime.combine(form.ends_on.data, form.ends_time.data),
            reason=form.reason.data, actor=current_user,
        ),
        then=url_for(".diary"),
        success=lambda blocked: (f"The time is blocked out; {blocked[1]} free slots in it are "
                                 "hidden until you remove it."),
    ):
        return response
    return render("block_form.html", form=form, title="Block out time")


@bp.route("/coach/blocks/<int:block_id>/remove", methods=["GET", "POST"])
@login_required
def remove_block(block_id: int):
    block = load_or_404(CoachBlock, block_id, permissions.can_change_coaching_time)
    return _confirmed(
        lambda: availability.remove_block(block, actor=current_user),
        success=lambda reopened: (f"The blocked-out time is removed; {reopened} slots in it "
                                  "are open for booking."),
        back=url_for(".diary"),
        heading=f"Remove the blocked-out time {block.when}?",
        text="Your weekly availability will offer this time again.",
        action=url_for(".remove_block", block_id=block.id), button="Remove",
        title="Remove blocked-out time",
    )


@bp.get("/people/<int:person_id>")
@login_required
def person_history(person_id: int):
    person = load_or_404(User, person_id, permissions.can_view_person_conversations)
    page = render("person_history.html", person=person,
                  conversations=queries.person_history(person.id),
                  title=f"Career conversations: {person.name}")
    return audited_read(page, "conversation_history.viewed", person, subjects=[person])
