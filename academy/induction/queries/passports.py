"""The passport: the person's portable record, wherever it was achieved; its share links and the
Open Badges issued from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from academy.extensions import db
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
    """The latest achievement of each subject, wherever it was, with its date and partner."""
    items = db.session.scalars(
        select(InductionItem)
        .join(Induction, Induction.id == InductionItem.induction_id)
        .options(joinedload(InductionItem.achieved_at), joinedload(InductionItem.assessed_by))
        .where(Induction.user_id == person.id, InductionItem.status.in_(DONE_STATUSES))
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
    record = Passport(person=person)
    skills: dict[str, PassportEntry] = {}
    for item in sorted(latest.values(), key=lambda i: (i.standard_number or 0, i.title)):
        expires_on = item.expires_on
        entry = PassportEntry(
            title=item.title, kind=item.kind, subject_key=item.subject_key,
            achieved_on=item.achieved_on, organisation=item.achieved_at.name,
            how=item.how_achieved, expires_on=expires_on, in_date=rules.in_date(expires_on, today),
        )
        if item.kind == ItemKind.CARE_CERTIFICATE:
            record.standards.append(entry)
        elif item.kind == ItemKind.CORE_SKILL:
            skills[item.subject_key] = entry
        else:
            record.other_items.append(entry)
    # Core skills done through the catalogue count too: the latest of each subject is shown.
    for key, training, title in catalogue.core_skill_records(person.id):
        kept = skills.get(key)
        if kept is None or training.completed_on > kept.achieved_on:
            skills[key] = PassportEntry(
                title=title, kind=ItemKind.CORE_SKILL, subject_key=key,
                achieved_on=training.completed_on, organisation=training.organisation_name or "Not recorded",
                how="Training record", expires_on=training.expires_on,
                in_date=rules.in_date(training.expires_on, today),
            )
    record.core_skills = sorted(skills.values(), key=lambda e: e.title)
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
