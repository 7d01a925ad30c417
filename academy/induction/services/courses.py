"""Induction items done through the course catalogue: a linked course completed since the start,
and what becomes of them when that completion is corrected or withdrawn."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from academy.audit.services import record
from academy.errors import NotAllowed
from academy.extensions import db
from academy.induction import catalogue, permissions, rules
from academy.induction.models import (
    DONE_STATUSES,
    EvidenceRequirement,
    Induction,
    InductionItem,
    InductionStatus,
    ItemStatus,
)
from academy.induction.services.inductions import complete_if_done
from academy.notifications.email import external_url
from academy.notifications.services import notify
from academy.people.models import User


def complete_by_courses(induction: Induction, *, actor: User | None, today: date) -> int:
    """Mark done each open course item whose linked subject the learner has completed in the
    catalogue since the induction started, and still in date; returns how many were done.

    Raises NotAllowed for anyone who may not see the induction (the daily job acts as nobody).
    """
    if actor is not None and not permissions.can_view_induction(actor, induction):
        raise NotAllowed("You cannot update this induction")
    if induction.status != InductionStatus.IN_PROGRESS:
        return 0
    open_items = {item.mandatory_subject_id: item for item in induction.items
                  if not item.is_done and item.mandatory_subject_id
                  and item.evidence == EvidenceRequirement.COURSE}
    done = 0
    trainings = catalogue.records_of(induction.user_id, list(open_items)) if open_items else []
    for training in sorted(trainings, key=lambda t: t.completed_on, reverse=True):
        item = open_items.get(training.subject_id)
        if (item is None or item.is_done or training.completed_on < induction.started_on
                or not rules.in_date(training.expires_on, today)):
            continue
        item.status = ItemStatus.ACHIEVED
        item.achieved_on = training.completed_on
        item.achieved_at_organisation_id = training.organisation_id or induction.organisation_id
        item.course_completion_id = training.id
        record(actor, "induction.item_completed_by_course", item, subject=induction.user,
               training_record_id=training.id)
        notify(induction.user, f"{item.title} is done: you completed its course",
               link=external_url("induction.item", item_id=item.id))
        done += 1
    if done:
        db.session.flush()
        complete_if_done(induction, actor=actor, today=today)
        db.session.flush()
    return done


def complete_all_by_courses(today: date) -> dict:
    """The daily pass over open inductions with linked course items still to do."""
    inductions = db.session.scalars(
        select(Induction).where(
            Induction.status == InductionStatus.IN_PROGRESS,
            Induction.id.in_(select(InductionItem.induction_id).where(
                InductionItem.evidence == EvidenceRequirement.COURSE,
                InductionItem.mandatory_subject_id.is_not(None),
                InductionItem.status.not_in(DONE_STATUSES))),
        )
    ).all()
    done = sum(complete_by_courses(induction, actor=None, today=today) for induction in inductions)
    return {"inductions": len(inductions), "items": done}


def _items_from(training_record_ids: list[int]) -> list[InductionItem]:
    if not training_record_ids:
        return []
    return list(db.session.scalars(
        select(InductionItem).join(Induction, Induction.id == InductionItem.induction_id)
        .where(InductionItem.course_completion_id.in_(training_record_ids),
               InductionItem.status.in_(DONE_STATUSES),
               Induction.status == InductionStatus.IN_PROGRESS)
        .order_by(InductionItem.id)
    ))


def redate_course_items(dates: dict[int, date], *, actor: User, reason: str) -> int:
    """The training records (id -> their corrected completion date) that did items of inductions
    in progress: those items now say they were done that day. Returns how many changed."""
    changed = 0
    for item in _items_from(list(dates)):
        before, after = item.achieved_on, dates[item.course_completion_id]
        if before == after:
            continue
        item.achieved_on = after
        record(actor, "induction.item_corrected", item, subject=item.induction.user,
               reason=reason, before=before.isoformat() if before else None,
               after=after.isoformat(), training_record_id=item.course_completion_id)
        changed += 1
    db.session.flush()
    return changed


def undo_course_items(training_record_ids: list[int], *, actor: User, reason: str) -> int:
    """The training records were withdrawn: the items of inductions in progress done (or
    recognised) through them are to do again, and the learner is told. Returns how many.

    Completed inductions keep their items: their certificate was issued on what stood then.
    """
    items = _items_from(training_record_ids)
    for item in items:
        before = item.status
        training_record_id = item.course_completion_id
        item.status = ItemStatus.TO_DO
        item.achieved_on = None
        item.achieved_at_organisation_id = None
        item.assessed_by_id = None
        item.assessed_by_organisation_id = None
        item.recognised_from_id = None
        item.recognised_by_rule_id = None
        item.course_completion_id = None
        record(actor, "induction.item_reopened", item, subject=item.induction.user, reason=reason,
               before=before.value, after=ItemStatus.TO_DO.value,
               training_record_id=training_record_id)
        notify(item.induction.user, f"{item.title} is to do again: the course completion it "
                                    f"came from was withdrawn ({reason})",
               link=external_url("induction.item", item_id=item.id))
    db.session.flush()
    return len(items)
