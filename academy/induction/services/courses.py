"""Induction items done by what the person holds: a course or e-learning completed, a training
record from elsewhere, or a sign-off in another induction, as soon as the holding changes;
and what becomes of them when a course completion is corrected or withdrawn."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from academy.audit.services import record
from academy.errors import NotAllowed
from academy.extensions import db
from academy.holdings.models import Holding
from academy.holdings.services import holdings_changed
from academy.induction import permissions
from academy.induction.models import (
    DONE_STATUSES,
    Induction,
    InductionItem,
    InductionStatus,
    ItemStatus,
)
from academy.induction.services.inductions import satisfy_from_holdings
from academy.notifications.email import external_url
from academy.notifications.services import notify
from academy.people.models import User
from academy.timekeeping import today as today_here


def complete_by_courses(induction: Induction, *, actor: User | None, today: date) -> int:
    """Mark done each open item the learner holds in date; returns how many were done.

    Raises NotAllowed for anyone who may not see the induction (the daily job acts as nobody).
    """
    if actor is not None and not permissions.can_view_induction(actor, induction):
        raise NotAllowed("You cannot update this induction")
    return satisfy_from_holdings(induction, actor=actor, today=today)


def open_inductions(user_ids=None) -> list[Induction]:
    """Inductions in progress with an item still to do that the person holds."""
    query = select(Induction).where(
        Induction.status == InductionStatus.IN_PROGRESS,
        Induction.id.in_(select(InductionItem.induction_id)
                         .join(Induction, Induction.id == InductionItem.induction_id)
                         .join(Holding, (Holding.user_id == Induction.user_id)
                               & (Holding.subject_id == InductionItem.mandatory_subject_id))
                         .where(InductionItem.status.not_in(DONE_STATUSES))))
    if user_ids is not None:
        query = query.where(Induction.user_id.in_(sorted(user_ids)))
    return db.session.scalars(query).all()


def complete_all_by_courses(today: date) -> dict:
    """The daily pass over open inductions with items the person holds."""
    inductions = open_inductions()
    done = sum(satisfy_from_holdings(induction, actor=None, today=today) for induction in inductions)
    return {"inductions": len(inductions), "items": done}


@holdings_changed.connect
def _on_holdings_changed(_sender, changes, **_extra) -> None:
    """What a person holds changed: their open induction items that it satisfies are done."""
    for induction in open_inductions({user for user, _subject in changes}):
        satisfy_from_holdings(induction, actor=None, today=today_here())


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
