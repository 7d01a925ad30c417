"""Induction items done by what the person holds: a course or e-learning completed, a training
record from elsewhere, or a sign-off in another induction, as soon as the holding changes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from academy.errors import NotAllowed
from academy.extensions import db
from academy.holdings.models import Holding
from academy.holdings.services import holdings_changed
from academy.induction import permissions
from academy.induction.models import DONE_STATUSES, Induction, InductionItem, InductionStatus
from academy.induction.services.inductions import satisfy_from_holdings
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
