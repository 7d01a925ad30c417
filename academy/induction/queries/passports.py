"""The passport: the person's portable record, wherever it was achieved; its share links and the
Open Badges issued from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from academy.courses.models import Subject
from academy.courses.seed import CARE_CERTIFICATE
from academy.extensions import db
from academy.holdings import queries as holdings_queries
from academy.induction import catalogue, rules
from academy.induction.models import (
    DONE_STATUSES,
    Induction,
    InductionItem,
    InductionStatus,
    ItemKind,
    ItemStatus,
    OpenBadge,
    PassportShare,
)
from academy.people.models import User


@dataclass
class PassportEntry:
    title: str
    kind: ItemKind
    subject_key: str
    achieved_on: date
    organisation: str
    how: str
    expires_on: date | None
    in_date: bool


@dataclass
class Passport:
    person: User
    standards: list[PassportEntry] = field(default_factory=list)
    core_skills: list[PassportEntry] = field(default_factory=list)
    other_items: list[PassportEntry] = field(default_factory=list)
    certificates: list[Induction] = field(default_factory=list)
    badges: list[OpenBadge] = field(default_factory=list)
    completions: list = field(default_factory=list)  # the catalogue's completions, where it has them


def passport(person: User, today: date) -> Passport:
    """What the person holds, wherever it was achieved: the Care Certificate standards and core
    skills read from their holdings (the same truth as My learning and their induction), and the
    latest of each other induction item (the welcome, employers' own items)."""
    record = Passport(person=person)
    keys = {subject_id: key for key, subject_id in catalogue.subject_lookup().items()}
    holdings = list(holdings_queries.held(person.id).values())
    # The subjects held, in one query rather than one for each held through another's level.
    subjects = {s.id: s for s in db.session.scalars(
        select(Subject).where(Subject.id.in_({h.subject_id for h in holdings})))} if holdings else {}
    by_name = sorted(holdings, key=lambda h: (subjects[h.subject_id].name, subjects[h.subject_id].level))
    for holding in by_name:
        subject = subjects[holding.subject_id]
        through = (f" (through {holding.held_subject.label})"
                   if holding.held_subject_id != holding.subject_id else "")
        entry = PassportEntry(
            title=subject.name if subject.framework == CARE_CERTIFICATE else subject.label,
            kind=ItemKind.CARE_CERTIFICATE if subject.framework == CARE_CERTIFICATE
            else ItemKind.CORE_SKILL,
            subject_key=keys.get(subject.id, f"subject:{subject.id}"),
            achieved_on=holding.achieved_on,
            organisation=holding.organisation.name if holding.organisation else "Not recorded",
            how=holding.source.label + through, expires_on=holding.expires_on,
            in_date=rules.in_date(holding.expires_on, today),
        )
        (record.standards if entry.kind == ItemKind.CARE_CERTIFICATE
         else record.core_skills).append(entry)
    items = db.session.scalars(
        select(InductionItem)
        .join(Induction, Induction.id == InductionItem.induction_id)
        .options(joinedload(InductionItem.achieved_at), joinedload(InductionItem.assessed_by))
        .where(Induction.user_id == person.id, InductionItem.status.in_(DONE_STATUSES),
               InductionItem.mandatory_subject_id.is_(None))
        .order_by(InductionItem.achieved_on, InductionItem.status)
    ).all()
    latest: dict[str, InductionItem] = {}
    for item in items:
        kept = latest.get(item.subject_key)
        # The original beats a recognised copy of the same date: it names its assessor.
        if kept is None or item.achieved_on > kept.achieved_on or (
            item.achieved_on == kept.achieved_on and item.status == ItemStatus.ACHIEVED
        ):
            latest[item.subject_key] = item
    # Items with no subject in the catalogue (the welcome, employers' own items, and standards
    # or skills in a programme not linked to a subject) count as the induction recorded them.
    held_keys = {e.subject_key for e in record.standards + record.core_skills}
    for item in sorted(latest.values(), key=lambda i: (i.standard_number or 0, i.title)):
        if item.subject_key in held_keys:
            continue
        entry = PassportEntry(
            title=item.title, kind=item.kind, subject_key=item.subject_key,
            achieved_on=item.achieved_on, organisation=item.achieved_at.name,
            how=item.how_achieved, expires_on=item.expires_on,
            in_date=rules.in_date(item.expires_on, today),
        )
        {ItemKind.CARE_CERTIFICATE: record.standards, ItemKind.CORE_SKILL: record.core_skills}.get(
            item.kind, record.other_items).append(entry)
    record.completions = catalogue.completions_of(person.id)
    record.certificates = db.session.scalars(
        select(Induction).options(joinedload(Induction.organisation))
        .where(Induction.user_id == person.id, Induction.status == InductionStatus.COMPLETED)
        .order_by(Induction.completed_on.desc())
    ).all()
    record.badges = db.session.scalars(
        select(OpenBadge).where(OpenBadge.user_id == person.id).order_by(OpenBadge.issued_at.desc())
    ).all()
    return record


def _standard_number(title: str) -> int:
    """Standard 12: ... -> 12, so the standards list in their own order."""
    number = title.removeprefix("Standard ").split(":", 1)[0]
    return int(number) if number.isdigit() else 99


def shares_of(person_id: int) -> list[PassportShare]:
    return db.session.scalars(
        select(PassportShare).where(PassportShare.user_id == person_id)
        .order_by(PassportShare.created_at.desc())
    ).all()


def revoked_indices(status_list: int) -> list[int]:
    return list(db.session.scalars(
        select(OpenBadge.status_index).where(OpenBadge.status_list == status_list,
                                             OpenBadge.revoked_at.is_not(None))
    ))


def status_list_exists(status_list: int) -> bool:
    return bool(db.session.scalar(
        select(func.count()).select_from(OpenBadge).where(OpenBadge.status_list == status_list)
    ))
