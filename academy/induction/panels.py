"""The induction's lines on the home page: what the learner, manager and assessor must do now."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from academy.extensions import db
from academy.induction import queries, rules
from academy.induction.models import Induction, InductionStatus
from academy.people.models import User
from academy.timekeeping import today

Item = tuple[str, str | None]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def learner_items(user: User) -> list[Item]:
    induction_id = db.session.scalar(
        select(Induction.id).where(Induction.user_id == user.id,
                                   Induction.status == InductionStatus.IN_PROGRESS)
        .order_by(Induction.started_on.desc()).limit(1)
    )
    if induction_id is None:
        return []
    induction = queries.load_induction(induction_id)
    day = today()
    done = sum(1 for item in induction.items if item.is_done)
    returned = sum(1 for item in induction.items if item.is_returned)
    overdue = sum(1 for item in induction.items if item.is_overdue(day))
    items: list[Item] = [(f"Your induction: {done} of {len(induction.items)} done",
                          url_for("induction.dashboard"))]
    if returned:
        items.append((f"{_plural(returned, 'item')} returned with feedback", url_for("induction.dashboard")))
    if overdue:
        items.append((f"{_plural(overdue, 'induction item')} overdue", url_for("induction.dashboard")))
    steps = rules.next_steps(queries.steps(induction), day, limit=1)
    if steps:
        step = next(item for item in induction.items if item.id == steps[0].item_id)
        items.append((f"Next: {step.title}, due {step.due_on:%-d %B}",
                      url_for("induction.item", item_id=step.id)))
    return items


def manager_items(user: User) -> list[Item]:
    in_progress, with_overdue = queries.manager_summary(user, today())
    items: list[Item] = []
    if in_progress:
        text = f"{_plural(in_progress, 'new starter')} in induction"
        if with_overdue:
            text += f", {with_overdue} with overdue items"
        items.append((text, url_for("induction.starters")))
    items.append(("Start a new starter's induction", url_for("induction.start")))
    return items


def assessor_items(user: User) -> list[Item]:
    waiting = queries.waiting_for(user)
    text = (f"{_plural(waiting, 'item')} waiting for your sign-off" if waiting
            else "No evidence is waiting for your sign-off")
    return [(text, url_for("induction.assessments"))]
