"""Pure induction rules: due dates, what comes next, sign-off checks and recognition between partners."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from academy.errors import DomainError


def add_months(day: date, months: int) -> date:
    """The same day so many months later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(started_on: date, due_days: int) -> date:
    return started_on + timedelta(days=due_days)


def is_overdue(done: bool, due_on: date, today: date) -> bool:
    return not done and due_on < today


@dataclass(frozen=True)
class Step:
    """What a learner sees of one item when deciding what to do next."""

    item_id: int
    position: int
    status: str  # an ItemStatus value
    due_on: date


def next_steps(items: Iterable[Step], today: date, limit: int = 3) -> list[Step]:
    """The items to work on now: those returned with feedback first, then the overdue, then the
    rest in programme order. Items done or waiting for an assessor are not the learner's move."""
    open_items = [s for s in items if s.status in ("to_do", "returned")]

    def urgency(step: Step) -> tuple:
        return (step.status != "returned", not step.due_on < today, step.position)

    return sorted(open_items, key=urgency)[:limit]


def check_review(
    *, signing_off: bool, needs_knowledge: bool, needs_observation: bool, is_attendance: bool,
    knowledge_shown: str | None, observed_on: date | None, comments: str, has_evidence: bool,
    started_on: date, today: date,
) -> None:
    """Raises DomainError (naming the form field) when a sign-off or return is incomplete.

    A return always needs feedback. A sign-off needs comments; a knowledge item says how the
    knowledge was shown (written answers need uploaded evidence); an observed item or a session
    needs the date it was observed or attended, within the induction and not in the future.
    """
    if not comments.strip():
        raise DomainError(
            "Enter your comments" if signing_off else "Enter feedback saying what is missing",
            field="comments",
        )
    if not signing_off:
        return
    if needs_knowledge:
        if knowledge_shown not in ("written", "spoken"):
            raise DomainError("Choose how the knowledge was shown", field="knowledge_shown")
        if knowledge_shown == "written" and not has_evidence:
            raise DomainError(
                "There is no written evidence to sign off: choose spoken answers, or return it",
                field="knowledge_shown",
            )
    elif not (needs_observation or is_attendance) and not has_evidence:
        raise DomainError(
            "There is no evidence to sign off: return it asking for a certificate", field="comments"
        )
    if needs_observation or is_attendance:
        what = "attended" if is_attendance else "observed"
        if observed_on is None:
            raise DomainError(f"Enter the date it was {what}", field="observed_on")
        if observed_on > today:
            raise DomainError(f"The date {what} must be today or in the past", field="observed_on")
        if observed_on < started_on:
            raise DomainError(f"The date {what} must be on or after the induction started",
                              field="observed_on")


# Recognition: what a receiving partner accepts, decided from its own rules.


@dataclass(frozen=True)
class Achievement:
    """Something the person has already achieved, wherever it was."""

    subject_key: str
    kind: str  # an ItemKind value
    achieved_on: date
    expires_on: date | None
    organisation_id: int
    organisation_is_nhs: bool
    organisation_type: str
    assessed_by_organisation_id: int | None
    assessed_by_is_nhs: bool | None
    assessed_by_id: int | None = None
    item_id: int | None = None  # the induction item that proved it
    course_completion_id: int | None = None  # or the catalogue completion


@dataclass(frozen=True)
class Rule:
    id: int
    kind: str
    subject_key: str | None
    accepts: str  # an AcceptFrom value
    source_organisation_id: int | None = None
    source_type: str | None = None
    in_date_only: bool = True
    max_age_days: int | None = None


def rule_for(kind: str, subject_key: str, rules: Sequence[Rule]) -> Rule | None:
    """The receiving partner's rule for this item: one naming the subject beats one for the kind."""
    named = [r for r in rules if r.kind == kind and r.subject_key == subject_key]
    if named:
        return named[0]
    general = [r for r in rules if r.kind == kind and r.subject_key is None]
    return general[0] if general else None


def accepted(rule: Rule, achievement: Achievement, on: date) -> bool:
    """Whether the rule accepts this achievement for an induction starting on `on`."""
    if rule.in_date_only and achievement.expires_on is not None and achievement.expires_on <= on:
        return False
    if rule.max_age_days is not None and (on - achievement.achieved_on).days > rule.max_age_days:
        return False
    if rule.accepts == "any_partner":
        return True
    if rule.accepts == "nhs_partner":
        # Where an assessor signed it off, the assessor's employer counts; otherwise where it was done.
        if achievement.assessed_by_is_nhs is not None:
            return achievement.assessed_by_is_nhs
        return achievement.organisation_is_nhs
    if rule.accepts == "organisation_type":
        return achievement.organisation_type == rule.source_type
    if rule.accepts == "named_partner":
        return rule.source_organisation_id in (
            achievement.organisation_id, achievement.assessed_by_organisation_id
        )
    return False


def recognise(
    kind: str, subject_key: str, achievements: Iterable[Achievement], rules: Sequence[Rule], on: date,
) -> tuple[Achievement, Rule] | None:
    """The most recent achievement of this subject that the partner's rule accepts, or None."""
    rule = rule_for(kind, subject_key, rules)
    if rule is None or rule.accepts == "nothing":
        return None
    candidates = [
        a for a in achievements
        if a.subject_key == subject_key and a.achieved_on <= on and accepted(rule, a, on)
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda a: (a.achieved_on, a.item_id or 0))
    return best, rule


def in_date(expires_on: date | None, today: date) -> bool:
    return expires_on is None or expires_on > today
