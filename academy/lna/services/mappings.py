"""Competencies asked once: recording that two competencies of different frameworks are the
same, and taking it back. A self-assessment started afterwards asks each group once."""

from __future__ import annotations

from sqlalchemy import select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.lna import mapping, permissions
from academy.lna.models import Competency, CompetencyFramework, CompetencyMapping
from academy.people.models import User


def _check_allowed(actor: User) -> None:
    if not permissions.can_manage_competency_mappings(actor):
        raise NotAllowed("Only a partnership learning lead can change which competencies are the same")


def all_pairs() -> list[tuple[int, int]]:
    return [(row.competency_id, row.same_as_id) for row in db.session.execute(
        select(CompetencyMapping.competency_id, CompetencyMapping.same_as_id))]


def _competency(competency_id: int | None, field: str) -> Competency:
    found = db.session.get(Competency, competency_id) if competency_id else None
    if found is None:
        raise DomainError("Choose a competency from the list", field=field)
    return found


def add_mapping(competency_id: int | None, same_as_id: int | None, *, actor: User) -> CompetencyMapping:
    """Record that two competencies of different frameworks are the same.

    Raises NotAllowed, or DomainError for a competency mapped to itself or to one of its own
    framework, a pair already recorded, or a pair that would make one answer stand for two
    competencies of the same framework.
    """
    _check_allowed(actor)
    competency = _competency(competency_id, "competency_id")
    same_as = _competency(same_as_id, "same_as_id")
    if competency.id == same_as.id:
        raise DomainError("Choose a different competency: a competency cannot be mapped to itself",
                          field="same_as_id")
    if competency.framework_id == same_as.framework_id:
        raise DomainError(f"Choose a competency from another framework: both are in "
                          f"{competency.framework.name}", field="same_as_id")
    low, high = mapping.ordered_pair(competency.id, same_as.id)
    pairs = all_pairs()
    if (low, high) in pairs:
        raise DomainError(f"{competency.code} and {same_as.code} are already mapped to each other",
                          field="same_as_id")
    one, other = mapping.group_of(competency.id, pairs), mapping.group_of(same_as.id, pairs)
    framework_of = dict(db.session.execute(
        select(Competency.id, Competency.framework_id).where(Competency.id.in_(one | other))).all())
    clash = mapping.shared_framework(one, other, framework_of)
    if clash is not None:
        framework = db.session.get(CompetencyFramework, clash)
        raise DomainError(
            f"{competency.code} and {same_as.code} are already each the same as a competency in "
            f"{framework.name}: a competency can be the same as only one in each framework",
            field="same_as_id")
    row = CompetencyMapping(competency_id=low, same_as_id=high, created_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    record(actor, "lna.competency_mapping.added", row,
           competency=competency.code, same_as=same_as.code)
    return row


def remove_mapping(row: CompetencyMapping, *, actor: User) -> None:
    """Take a mapping back: self-assessments started later ask the two separately; those
    already started keep the one answer they share. Raises NotAllowed."""
    _check_allowed(actor)
    first, second = row.pair
    record(actor, "lna.competency_mapping.removed", row, competency=first.code, same_as=second.code)
    db.session.delete(row)
    db.session.flush()
