"""Before and after the meeting: the preparation, the confidential record, the person's response
(comments, confirming and sharing the actions), actions done and their reminders.

Notices and e-mails say that something happened and link to it: they never carry the notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from academy.audit.services import record as audit
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import notify
from academy.people.models import User
from academy.talent.conversations import permissions, rules
from academy.talent.conversations.models import (
    Action,
    Conversation,
    ConversationRecord,
    ConversationStatus,
    GrowthDirection,
    OtherAim,
    Preparation,
    RecordAim,
)
from academy.talent.conversations.services.messages import page, when
from academy.timekeeping import utcnow


@dataclass(frozen=True)
class ActionInput:
    what: str
    owner: str
    due_on: date


def save_preparation(conversation: Conversation, *, where_now: str | None,
                     where_next: str | None, in_the_way: str | None, actor: User,
                     now: datetime | None = None) -> Preparation:
    """The person's preparation; the coach is told the first time. Raises NotAllowed for anyone
    but the person, or once the meeting has begun."""
    now = now or utcnow()
    if not permissions.can_prepare(actor, conversation, now):
        raise NotAllowed("Only the person can prepare, before the conversation")
    answers = [(a or "").strip() or None for a in (where_now, where_next, in_the_way)]
    if not any(answers):
        raise DomainError("Answer at least one question", field="where_now")
    preparation = conversation.preparation
    first = preparation is None
    if first:
        preparation = Preparation(conversation=conversation)
        db.session.add(preparation)
    preparation.where_now, preparation.where_next, preparation.in_the_way = answers
    db.session.flush()
    audit(actor, "conversation.prepared", conversation, subject=actor)
    if first:
        notify(conversation.coach,
               f"{actor.name} has filled in their preparation for {when(conversation.slot)}",
               link=page(conversation))
    return preparation


def open_conversation(conversation: Conversation, *, actor: User) -> None:
    """Note a read of the conversation: every read by the coach is written to the audit log."""
    if permissions.is_conversation_coach(actor, conversation):
        audit(actor, "conversation.read", conversation, subject=conversation.person_id,
              record=conversation.record is not None)
        db.session.flush()


def _check_actions(actions: Iterable[ActionInput], held_on: date) -> list[ActionInput]:
    checked = []
    for n, action in enumerate(actions, start=1):
        what, owner = action.what.strip(), action.owner.strip()
        if not what:
            continue
        if not owner:
            raise DomainError(f"Action {n}: enter who will do it", field="actions")
        if action.due_on is None:
            raise DomainError(f"Action {n}: enter the date it is due by", field="actions")
        if action.due_on < held_on:
            raise DomainError(f"Action {n}: the date must not be before the conversation",
                              field="actions")
        checked.append(ActionInput(what, owner, action.due_on))
    return checked


def write_record(conversation: Conversation, *, growth_direction: GrowthDirection | None,
                 aims: Iterable[OtherAim], notes: str, actions: Iterable[ActionInput] | None,
                 actor: User, now: datetime | None = None) -> ConversationRecord:
    """The coach writes (or changes) the record after the meeting.

    `actions` None leaves the actions as they are; once the person has confirmed them they are
    their plan and stay as agreed. Raises NotAllowed for anyone but the coach, or before the
    meeting; DomainError for empty notes, incomplete actions, or a change to confirmed actions."""
    now = now or utcnow()
    if not permissions.can_write_record(actor, conversation, now):
        raise NotAllowed("Only the coach who held the conversation writes its record")
    notes = (notes or "").strip()
    if not notes:
        raise DomainError("Enter notes from the conversation", field="notes")
    record = conversation.record
    first = record is None
    if first:
        record = ConversationRecord(conversation=conversation, notes=notes)
        db.session.add(record)
    if actions is not None:
        checked = _check_actions(actions, conversation.slot.local_start.date())
        if record.actions_confirmed_at is not None:
            raise DomainError("The actions are confirmed as the person's plan: they stay as agreed",
                              field="actions")
        record.actions = [Action(what=a.what, owner=a.owner, due_on=a.due_on) for a in checked]
    record.growth_direction = growth_direction
    record.notes = notes
    wanted = set(aims)
    record.aims = [a for a in record.aims if a.aim in wanted] + [
        RecordAim(aim=aim) for aim in sorted(wanted - {a.aim for a in record.aims})
    ]
    conversation.status = ConversationStatus.HELD
    db.session.flush()
    audit(actor, "conversation.record_written" if first else "conversation.record_changed",
          conversation, subject=conversation.person_id)
    if first:
        notify_by_email(conversation.person, f"{actor.name} has written up your career conversation",
                        "conversations/record_ready", link=page(conversation),
                        conversation=conversation, coach=actor)
    return record


def _respond(conversation: Conversation, actor: User) -> ConversationRecord:
    if not permissions.can_respond_to_record(actor, conversation):
        raise NotAllowed("Only the person can respond to their record")
    return conversation.record


def add_comments(conversation: Conversation, *, comments: str | None, actor: User) -> None:
    """The person's own comments on the record; the coach sees them."""
    record = _respond(conversation, actor)
    record.person_comments = (comments or "").strip() or None
    audit(actor, "conversation.commented", conversation, subject=actor)
    notify(conversation.coach, f"{actor.name} added comments to their conversation record",
           link=page(conversation))
    db.session.flush()


def confirm_actions(conversation: Conversation, *, actor: User,
                    now: datetime | None = None) -> None:
    """The person confirms the agreed actions as their development plan.
    Raises DomainError when there are none or they are already confirmed."""
    record = _respond(conversation, actor)
    if not record.actions:
        raise DomainError("There are no actions to confirm")
    if record.actions_confirmed_at is not None:
        raise DomainError("You have already confirmed these actions")
    record.actions_confirmed_at = now or utcnow()
    audit(actor, "conversation.actions_confirmed", conversation, subject=actor)
    notify(conversation.coach, f"{actor.name} confirmed the actions as their development plan",
           link=page(conversation))
    db.session.flush()


def share_actions(conversation: Conversation, *, actor: User,
                  now: datetime | None = None) -> User:
    """Share the confirmed actions (never the notes) with the person's line manager.
    Returns the manager. Raises DomainError before the actions are confirmed, or when the person
    has no line manager on record."""
    record = _respond(conversation, actor)
    if record.actions_confirmed_at is None:
        raise DomainError("Confirm the actions as your plan before you share them")
    manager = conversation.person.line_manager
    if manager is None:
        raise DomainError("You have no line manager on record: ask your administrator to add them")
    record.actions_shared_with_id = manager.id
    record.actions_shared_at = now or utcnow()
    audit(actor, "conversation.actions_shared", conversation, subject=actor, manager=manager.id)
    notify_by_email(
        manager, f"{actor.name} has shared the actions from their career conversation with you",
        "conversations/actions_shared",
        link=external_url("conversations.shared_actions", conversation_id=conversation.id),
        conversation=conversation,
    )
    db.session.flush()
    return manager


def stop_sharing(conversation: Conversation, *, actor: User) -> None:
    record = _respond(conversation, actor)
    if record.actions_shared_with_id is None:
        raise DomainError("These actions are not shared")
    audit(actor, "conversation.actions_unshared", conversation, subject=actor,
          manager=record.actions_shared_with_id)
    record.actions_shared_with_id = None
    record.actions_shared_at = None
    db.session.flush()


def complete_action(action: Action, *, on: date, actor: User) -> None:
    """Mark an action done (the person or the coach). Raises DomainError when already done or
    for a date in the future."""
    conversation = action.record.conversation
    if not permissions.can_complete_action(actor, conversation):
        raise NotAllowed("Only the person or their coach can mark an action done")
    if action.completed_on is not None:
        raise DomainError("This action is already done")
    if on > rules.to_local(utcnow()).date():
        raise DomainError("The date must not be in the future", field="completed_on")
    action.completed_on = on
    audit(actor, "conversation.action_completed", action, subject=conversation.person_id)
    db.session.flush()


def send_action_reminders(now: datetime) -> int:
    """Remind each person once about each open action coming due (or overdue)."""
    today = rules.to_local(now).date()
    due = db.session.scalars(
        select(Action)
        .join(ConversationRecord).join(Conversation)
        .options(joinedload(Action.record).joinedload(ConversationRecord.conversation)
                 .joinedload(Conversation.person))
        .where(Action.completed_on.is_(None), Action.reminder_sent_at.is_(None),
               Action.due_on <= today + timedelta(days=rules.REMINDER_DAYS),
               Conversation.status == ConversationStatus.HELD)
        .order_by(Action.id)
    ).all()
    sent = 0
    for action in due:
        conversation = action.record.conversation
        overdue = action.due_on < today
        notify_by_email(
            conversation.person,
            f"{'Overdue' if overdue else 'Coming up'}: {action.what} (by {action.due_on:%-d %B})",
            "conversations/action_due", link=page(conversation),
            conversation=conversation, action=action, overdue=overdue,
        )
        action.reminder_sent_at = now
        sent += 1
    db.session.flush()
    return sent
