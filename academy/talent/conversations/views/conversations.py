"""A person's career conversations: finding and booking a slot, preparing, changing or cancelling;
the record and its actions; and the actions a person shares with their line manager."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

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
from academy.talent.conversations.views import bp
from academy.talent.conversations.views.common import load_conversation, render, slot_choice
from academy.timekeeping import utcnow
from academy.web import as_int, audited_read, load_or_404, perform, require, safe_next, submit


def _page(conversation: Conversation, anchor: str | None = None) -> str:
    return url_for(".conversation", conversation_id=conversation.id, _anchor=anchor)


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
    slot = load_or_404(CoachSlot, slot_id, permissions.can_book_slot)
    form = ConfirmForm()
    now = utcnow()
    if form.validate_on_submit():
        done = perform(
            lambda: booking.book(slot, person=current_user, actor=current_user, now=now),
            success="Your conversation is booked. We have e-mailed you a calendar invitation.",
        )
        return redirect(_page(done.result) if done else url_for(".slots"))
    return render("book.html", slot=slot, available=queries.is_bookable(slot.id, now), form=form,
                  deadline=rules.to_local(rules.change_deadline(slot.starts_at)),
                  title="Book this conversation")


@bp.get("/<int:conversation_id>")
@login_required
def conversation(conversation_id: int):
    conversation = load_conversation(conversation_id, permissions.can_view_conversation)
    records.open_conversation(conversation, actor=current_user)
    record = conversation.record
    is_person = permissions.is_conversation_person(current_user, conversation)
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


@bp.route("/<int:conversation_id>/preparation", methods=["GET", "POST"])
@login_required
def preparation(conversation_id: int):
    conversation = load_conversation(conversation_id, permissions.can_prepare)
    form = PreparationForm(obj=conversation.preparation)
    if response := submit(
        form,
        lambda: records.save_preparation(
            conversation, where_now=form.where_now.data, where_next=form.where_next.data,
            in_the_way=form.in_the_way.data, actor=current_user,
        ),
        then=_page(conversation),
        success="Your preparation is saved. Only you and your coach can read it.",
    ):
        return response
    return render("preparation.html", form=form, conversation=conversation,
                  title="Prepare for your career conversation")


@bp.route("/<int:conversation_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(conversation_id: int):
    conversation = load_conversation(conversation_id, permissions.can_reschedule)
    now = utcnow()
    form = ChooseSlotForm()
    form.slot.choices = [slot_choice(s) for s in queries.coach_free_slots(conversation.coach_id, now)]
    if response := submit(
        form,
        lambda: booking.reschedule(conversation, db.session.get(CoachSlot, form.slot.data),
                                   actor=current_user, now=now),
        then=_page(conversation),
        success="Your conversation has moved. We have e-mailed you the new calendar invitation.",
    ):
        return response
    return render("choose_slot.html", form=form, conversation=conversation,
                  heading="Change the time", button="Move my conversation",
                  action=url_for(".reschedule", conversation_id=conversation.id),
                  title="Change the time of your conversation")


@bp.route("/<int:conversation_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(conversation_id: int):
    conversation = load_conversation(conversation_id, permissions.can_cancel)
    by_coach = permissions.is_conversation_coach(current_user, conversation)
    form = CancelForm()
    form.reason.choices = cancel_choices(by_coach)
    if response := submit(
        form,
        lambda: booking.cancel(conversation, reason=CancelReason(form.reason.data),
                               actor=current_user),
        then=url_for("coaching.diary" if by_coach else ".index"),
        success="The conversation is cancelled and the time is free again.",
    ):
        return response
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
    conversation = load_conversation(conversation_id, permissions.can_write_record)
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
        if perform(
            lambda: records.write_record(
                conversation,
                growth_direction=(None if form.growth_direction.data == NOT_DECIDED
                                  else GrowthDirection(form.growth_direction.data)),
                aims=[OtherAim(a) for a in form.aims.data or []],
                notes=form.notes.data, actions=actions, actor=current_user,
            ),
            form=form,
            success=f"The record is saved. {conversation.person.given_name} can now read it.",
        ):
            return redirect(_page(conversation))
    else:
        records.open_conversation(conversation, actor=current_user)
    page = render("record.html", form=form, conversation=conversation, locked=locked,
                  title=f"Record of the conversation with {conversation.person.name}")
    db.session.commit()  # the coach's read is on the audit log
    return page


@bp.post("/<int:conversation_id>/comments")
@login_required
def comments(conversation_id: int):
    conversation = load_conversation(conversation_id, permissions.can_respond_to_record)
    form = CommentsForm()
    if not form.validate_on_submit():
        flash(" ".join(form.comments.errors) or "Your comments could not be saved", "error")
        return redirect(_page(conversation))
    perform(lambda: records.add_comments(conversation, comments=form.comments.data,
                                         actor=current_user),
            success="Your comments are saved. Your coach can read them.")
    return redirect(_page(conversation, "comments"))


def _respond_to_actions(conversation_id: int, respond, success: str):
    """The person's answer about the agreed actions (confirm, stop sharing), then back to them."""
    conversation = load_conversation(conversation_id, permissions.can_respond_to_record)
    perform(lambda: respond(conversation, actor=current_user), success=success)
    return redirect(_page(conversation, "actions"))


@bp.post("/<int:conversation_id>/confirm")
@login_required
def confirm_actions(conversation_id: int):
    return _respond_to_actions(conversation_id, records.confirm_actions,
                               "The actions are confirmed as your development plan.")


@bp.route("/<int:conversation_id>/share", methods=["GET", "POST"])
@login_required
def share_actions(conversation_id: int):
    conversation = load_conversation(conversation_id, permissions.can_respond_to_record)
    form = ConfirmForm()
    if form.validate_on_submit():
        perform(lambda: records.share_actions(conversation, actor=current_user),
                success=lambda manager: (f"Your actions are shared with {manager.name}. "
                                         "Your notes stay private."))
        return redirect(_page(conversation, "actions"))
    return render("share.html", form=form, conversation=conversation,
                  manager=conversation.person.line_manager, title="Share your actions")


@bp.post("/<int:conversation_id>/unshare")
@login_required
def unshare_actions(conversation_id: int):
    return _respond_to_actions(conversation_id, records.stop_sharing,
                               "Your manager can no longer see these actions.")


@bp.route("/<int:conversation_id>/follow-up", methods=["GET", "POST"])
@login_required
def follow_up(conversation_id: int):
    conversation = load_conversation(conversation_id, permissions.can_book_follow_up)
    now = utcnow()
    form = ChooseSlotForm()
    form.slot.choices = [slot_choice(s) for s in queries.coach_free_slots(conversation.coach_id, now)]
    if response := submit(
        form,
        lambda: booking.book(db.session.get(CoachSlot, form.slot.data),
                             person=conversation.person, actor=current_user,
                             follow_up_of=conversation, now=now),
        then=_page,
        success="The follow-up conversation is booked and the invitation e-mailed.",
    ):
        return response
    return render("choose_slot.html", form=form, conversation=conversation,
                  heading="Book a follow-up conversation", button="Book the follow-up",
                  action=url_for(".follow_up", conversation_id=conversation.id),
                  title="Book a follow-up conversation")


@bp.post("/actions/<int:action_id>/done")
@login_required
def complete_action(action_id: int):
    action = load_or_404(Action, action_id)
    conversation = action.record.conversation
    require(permissions.can_complete_action(current_user, conversation))
    form = CompleteActionForm()
    back = safe_next(request.form.get("next"), _page(conversation))
    if not form.validate_on_submit():
        # A date outside its window says why; one that is not a date asks for one.
        refused = form.completed_on.errors if form.completed_on.data else []
        flash(refused[0] if refused else "Enter the date the action was done, like 2026-03-01", "error")
        return redirect(back)
    perform(lambda: records.complete_action(
                action, on=form.completed_on.data or rules.to_local(utcnow()).date(),
                actor=current_user),
            success=f"Done: {action.what}")
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
    conversation = load_conversation(conversation_id, permissions.can_view_shared_actions)
    page = render("shared_actions.html", conversation=conversation, record=conversation.record,
                  title=f"{conversation.person.name}'s development actions")
    return audited_read(page, "shared_actions.viewed", conversation,
                        subjects=[conversation.person_id])
