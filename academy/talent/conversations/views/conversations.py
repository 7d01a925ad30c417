"""A person's career conversations: finding and booking a slot, preparing, changing or cancelling;
the record and its actions; and the actions a person shares with their line manager."""

from __future__ import annotations

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
from wtforms import SelectChoice

from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.talent.conversations import permissions, queries, rules
from academy.talent.conversations.forms import (
    NOT_DECIDED,
    CancelForm,
    ChooseSlotForm,
    CommentsForm,
    CompleteActionForm,
    ConfirmForm,
    PreparationForm,
    RecordForm,
    SlotFilterForm,
    cancel_choices,
)
from academy.talent.conversations.models import (
    Action,
    CancelReason,
    CoachSlot,
    Conversation,
    GrowthDirection,
    Mode,
    OtherAim,
)
from academy.talent.conversations.services import booking, records
from academy.talent.conversations.views import as_int, load, local_path, render, slot_choice
from academy.timekeeping import utcnow

bp = Blueprint("conversations", __name__, url_prefix="/conversations")


# A person's conversations and booking -----------------------------------------------------------

@bp.get("/")
@login_required
def index():
    mine = queries.person_conversations(current_user.id, utcnow())
    return render("index.html", mine=mine, complete_form=CompleteActionForm(),
                  title="Career conversations")


@bp.get("/slots")
@login_required
def slots():
    now = utcnow()
    form = SlotFilterForm(request.args)
    coaches, sites = queries.slot_filter_choices(current_user, now)
    form.site.choices = [SelectChoice("", "Any site")] + [
        SelectChoice(str(s.id), f"{s.name} ({s.organisation.short_name})") for s in sites
    ]
    form.coach.choices = [SelectChoice("", "Any coach")] + [
        SelectChoice(str(c.id), c.name) for c in coaches
    ]
    form.validate()
    query = queries.free_slots(
        current_user, now,
        first=None if form.first.errors else form.first.data,
        last=None if form.last.errors else form.last.data,
        mode=Mode(form.mode.data) if form.mode.data in set(Mode) else None,
        site_id=as_int(form.site.data), coach_id=as_int(form.coach.data),
    )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("slots.html", form=form, page=page, title="Book a career conversation")


@bp.route("/slots/<int:slot_id>/book", methods=["GET", "POST"])
@login_required
def book(slot_id: int):
    slot = db.session.get(CoachSlot, slot_id) or abort(404)
    if not permissions.can_book_slot(current_user, slot):
        abort(403)
    form = ConfirmForm()
    now = utcnow()
    if form.validate_on_submit():
        try:
            conversation = booking.book(slot, person=current_user, actor=current_user, now=now)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for(".slots"))
        db.session.commit()
        flash("Your conversation is booked. We have e-mailed you a calendar invitation.", "success")
        return redirect(url_for(".conversation", conversation_id=conversation.id))
    return render("book.html", slot=slot, available=queries.is_bookable(slot.id, now), form=form,
                  deadline=rules.to_local(rules.change_deadline(slot.starts_at)),
                  title="Book this conversation")


@bp.get("/<int:conversation_id>")
@login_required
def conversation(conversation_id: int):
    conversation = load(conversation_id)
    if not permissions.can_view_conversation(current_user, conversation):
        abort(403)
    records.open_conversation(conversation, actor=current_user)
    record = conversation.record
    is_person = current_user.id == conversation.person_id
    page = render(
        "conversation.html", conversation=conversation, record=record, is_person=is_person,
        comments_form=CommentsForm(data={"comments": record.person_comments if record else None}),
        button_form=ConfirmForm(), complete_form=CompleteActionForm(),
        deadline=rules.to_local(rules.change_deadline(conversation.slot.starts_at)),
        now=utcnow(),
        title=(f"Career conversation with {conversation.coach.name}" if is_person
               else f"Career conversation: {conversation.person.name}"),
    )
    db.session.commit()  # the coach's read is on the audit log
    return page


@bp.route("/<int:booking_id>/preparation", methods=["GET", "POST"])
@login_required
def preparation(booking_id: int):
    conversation = load(booking_id)
    if not permissions.can_prepare(current_user, conversation):
        abort(403)
    form = PreparationForm(obj=conversation.preparation)
    if form.validate_on_submit():
        try:
            records.save_preparation(
                conversation, where_now=form.where_now.data, where_next=form.where_next.data,
                in_the_way=form.in_the_way.data, actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your preparation is saved. Only you and your coach can read it.", "success")
            return redirect(url_for(".conversation", conversation_id=conversation.id))
    return render("preparation.html", form=form, conversation=conversation,
                  title="Prepare for your career conversation")


@bp.route("/<int:booking_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(booking_id: int):
    conversation = load(booking_id)
    if not permissions.can_reschedule(current_user, conversation):
        abort(403)
    now = utcnow()
    form = ChooseSlotForm()
    form.slot.choices = [slot_choice(s) for s in queries.coach_free_slots(conversation.coach_id, now)]
    if form.validate_on_submit():
        try:
            booking.reschedule(conversation, db.session.get(CoachSlot, form.slot.data),
                                actor=current_user, now=now)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your conversation has moved. We have e-mailed you the new calendar invitation.",
                  "success")
            return redirect(url_for(".conversation", conversation_id=conversation.id))
    return render("choose_slot.html", form=form, conversation=conversation,
                  heading="Change the time", button="Move my conversation",
                  action=url_for(".reschedule", booking_id=conversation.id),
                  title="Change the time of your conversation")


@bp.route("/<int:booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(booking_id: int):
    conversation = load(booking_id)
    if not permissions.can_cancel(current_user, conversation):
        abort(403)
    by_coach = permissions.is_conversation_coach(current_user, conversation)
    form = CancelForm()
    form.reason.choices = cancel_choices(by_coach)
    if form.validate_on_submit():
        try:
            booking.cancel(conversation, reason=CancelReason(form.reason.data), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The conversation is cancelled and the time is free again.", "success")
            return redirect(url_for("coaching.diary" if by_coach else ".index"))
    return render("cancel.html", form=form, conversation=conversation, by_coach=by_coach,
                  title="Cancel the conversation")


# The record -----------------------------------------------------------------------------------

def _record_data(conversation: Conversation) -> dict:
    record = conversation.record
    if record is None:
        return {}
    return {
        "growth_direction": record.growth_direction.value if record.growth_direction else NOT_DECIDED,
        "aims": [a.aim.value for a in record.aims],
        "notes": record.notes,
        "actions": [{"what": a.what, "owner": a.owner, "due_on": a.due_on} for a in record.actions],
    }


@bp.route("/<int:conversation_id>/record", methods=["GET", "POST"])
@login_required
def record(conversation_id: int):
    conversation = load(conversation_id)
    if not permissions.can_write_record(current_user, conversation):
        abort(403)
    existing = conversation.record
    locked = existing is not None and existing.actions_confirmed_at is not None
    form = RecordForm(data=_record_data(conversation))
    if not form.is_submitted():
        for _ in range(2 if len(form.actions) >= 3 else 0):
            form.actions.append_entry()
    if form.validate_on_submit():
        actions = None if locked else [
            records.ActionInput(row.form.what.data or "", row.form.owner.data or "",
                                 row.form.due_on.data)
            for row in form.actions
        ]
        try:
            records.write_record(
                conversation,
                growth_direction=(None if form.growth_direction.data == NOT_DECIDED
                                  else GrowthDirection(form.growth_direction.data)),
                aims=[OtherAim(a) for a in form.aims.data or []],
                notes=form.notes.data, actions=actions, actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"The record is saved. {conversation.person.given_name} can now read it.",
                  "success")
            return redirect(url_for(".conversation", conversation_id=conversation.id))
    else:
        records.open_conversation(conversation, actor=current_user)
    page = render("record.html", form=form, conversation=conversation, locked=locked,
                  title=f"Record of the conversation with {conversation.person.name}")
    db.session.commit()  # the coach's read is on the audit log
    return page


@bp.post("/<int:conversation_id>/comments")
@login_required
def comments(conversation_id: int):
    conversation = load(conversation_id)
    if not permissions.can_respond_to_record(current_user, conversation):
        abort(403)
    form = CommentsForm()
    if not form.validate_on_submit():
        flash(" ".join(form.comments.errors) or "Your comments could not be saved", "error")
        return redirect(url_for(".conversation", conversation_id=conversation.id))
    records.add_comments(conversation, comments=form.comments.data, actor=current_user)
    db.session.commit()
    flash("Your comments are saved. Your coach can read them.", "success")
    return redirect(url_for(".conversation", conversation_id=conversation.id, _anchor="comments"))


@bp.post("/<int:conversation_id>/confirm")
@login_required
def confirm_actions(conversation_id: int):
    conversation = load(conversation_id)
    if not permissions.can_respond_to_record(current_user, conversation):
        abort(403)
    try:
        records.confirm_actions(conversation, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash("The actions are confirmed as your development plan.", "success")
    return redirect(url_for(".conversation", conversation_id=conversation.id, _anchor="actions"))


@bp.route("/<int:conversation_id>/share", methods=["GET", "POST"])
@login_required
def share_actions(conversation_id: int):
    conversation = load(conversation_id)
    if not permissions.can_respond_to_record(current_user, conversation):
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            manager = records.share_actions(conversation, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"Your actions are shared with {manager.name}. Your notes stay private.",
                  "success")
        return redirect(url_for(".conversation", conversation_id=conversation.id, _anchor="actions"))
    return render("share.html", form=form, conversation=conversation,
                  manager=conversation.person.line_manager, title="Share your actions")


@bp.post("/<int:conversation_id>/unshare")
@login_required
def unshare_actions(conversation_id: int):
    conversation = load(conversation_id)
    if not permissions.can_respond_to_record(current_user, conversation):
        abort(403)
    try:
        records.stop_sharing(conversation, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash("Your manager can no longer see these actions.", "success")
    return redirect(url_for(".conversation", conversation_id=conversation.id, _anchor="actions"))


@bp.route("/<int:conversation_id>/follow-up", methods=["GET", "POST"])
@login_required
def follow_up(conversation_id: int):
    conversation = load(conversation_id)
    if not permissions.can_book_follow_up(current_user, conversation):
        abort(403)
    now = utcnow()
    form = ChooseSlotForm()
    form.slot.choices = [slot_choice(s) for s in queries.coach_free_slots(conversation.coach_id, now)]
    if form.validate_on_submit():
        try:
            booked = booking.book(db.session.get(CoachSlot, form.slot.data),
                                   person=conversation.person, actor=current_user,
                                   follow_up_of=conversation, now=now)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The follow-up conversation is booked and the invitation e-mailed.", "success")
            return redirect(url_for(".conversation", conversation_id=booked.id))
    return render("choose_slot.html", form=form, conversation=conversation,
                  heading="Book a follow-up conversation", button="Book the follow-up",
                  action=url_for(".follow_up", conversation_id=conversation.id),
                  title="Book a follow-up conversation")


@bp.post("/actions/<int:action_id>/done")
@login_required
def complete_action(action_id: int):
    action = db.session.get(Action, action_id) or abort(404)
    conversation = action.record.conversation
    if not permissions.can_complete_action(current_user, conversation):
        abort(403)
    form = CompleteActionForm()
    back = local_path(request.form.get("next"),
                      url_for(".conversation", conversation_id=conversation.id))
    if not form.validate_on_submit():
        flash("Enter the date the action was done, like 2026-03-01", "error")
        return redirect(back)
    try:
        records.complete_action(action, on=form.completed_on.data or rules.to_local(utcnow()).date(),
                                 actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(f"Done: {action.what}", "success")
    return redirect(back)


# What a line manager may see ------------------------------------------------------------------

@bp.get("/shared")
@login_required
def shared():
    return render("shared.html", records=queries.shared_with(current_user),
                  title="Development actions shared with you")


@bp.get("/<int:conversation_id>/actions")
@login_required
def shared_actions(conversation_id: int):
    conversation = load(conversation_id)
    if not permissions.can_view_shared_actions(current_user, conversation):
        abort(403)
    return render("shared_actions.html", conversation=conversation, record=conversation.record,
                  title=f"{conversation.person.name}'s development actions")
