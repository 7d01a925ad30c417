"""Readable names of audited objects ("Role: Assessor for Mid Yorkshire, Jo Bloggs" rather
than "RoleAssignment 97"), found for a page of entries in one query per type.

A package names its own models by registering a namer: `@namer("Enrolment")` on a function that
takes a list of ids and returns {id: name}. A model without one is named by its own `__str__`
when it has one (a course's title, an organisation's name), else "<Type> <id>".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from academy.extensions import db
from academy.people.models import EqualityProfile, JobHistory, RoleAssignment, User
from academy.people.transfers import TransferRequest

Namer = Callable[[list[int]], dict[int, str]]
NAMERS: dict[str, Namer] = {}
# How a type is called on the page, where its class name would not do.
TYPE_LABELS = {"RoleAssignment": "Role", "User": "Person", "JobHistory": "Job",
               "TransferRequest": "Move", "CourseSession": "Session"}


def namer(object_type: str) -> Callable[[Namer], Namer]:
    def register(function: Namer) -> Namer:
        NAMERS[object_type] = function
        return function
    return register


def type_label(object_type: str) -> str:
    """ "RoleAssignment" -> "Role", "TrainingRecord" -> "Training record"."""
    if object_type in TYPE_LABELS:
        return TYPE_LABELS[object_type]
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", object_type) or [object_type]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def fallback_name(object_type: str, object_id: str | None) -> str:
    return f"{object_type} {object_id or ''}".strip()


def names_for(objects: Iterable[tuple[str, str | None]]) -> dict[tuple[str, str], str]:
    """{(type, id): name} for the audited objects that can still be named."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for object_type, object_id in objects:
        if object_type and object_id and object_id.isdigit():
            wanted[object_type].add(int(object_id))
    names = {}
    for object_type, ids in wanted.items():
        function = NAMERS.get(object_type) or _by_own_name(object_type)
        if function is None:
            continue
        for ident, name in function(sorted(ids)).items():
            names[(object_type, str(ident))] = name
    return names


def _mapped_class(object_type: str):
    for mapper in db.Model.registry.mappers:
        if mapper.class_.__name__ == object_type:
            return mapper.class_
    return None


def _by_own_name(object_type: str) -> Namer | None:
    model = _mapped_class(object_type)
    if model is None or "__str__" not in _own_attributes(model) or not hasattr(model, "id"):
        return None
    label = type_label(object_type)

    def name(ids: list[int]) -> dict[int, str]:
        return {row.id: f"{label}: {row}" for row in db.session.scalars(
            select(model).where(model.id.in_(ids)))}
    return name


def _own_attributes(model) -> set[str]:
    """Attributes defined by the model's own classes, not by the declarative base."""
    return {name for cls in model.__mro__ if cls not in (db.Model, object)
            and not cls.__module__.startswith(("sqlalchemy", "flask_sqlalchemy"))
            for name in vars(cls)}


@namer("RoleAssignment")
def _role_assignments(ids: list[int]) -> dict[int, str]:
    rows = db.session.scalars(
        select(RoleAssignment)
        .options(joinedload(RoleAssignment.user), joinedload(RoleAssignment.organisation))
        .where(RoleAssignment.id.in_(ids))
    )
    return {
        a.id: f"Role: {a.role.label} for "
              f"{a.organisation.name if a.organisation else 'the whole partnership'}, {a.user.name}"
        for a in rows
    }


@namer("User")
def _people(ids: list[int]) -> dict[int, str]:
    return {p.id: f"Person: {p.name}" for p in db.session.scalars(select(User).where(User.id.in_(ids)))}


@namer("JobHistory")
def _job_spells(ids: list[int]) -> dict[int, str]:
    rows = db.session.scalars(
        select(JobHistory)
        .options(joinedload(JobHistory.user), joinedload(JobHistory.job_role),
                 joinedload(JobHistory.organisation))
        .where(JobHistory.id.in_(ids))
    )
    return {s.id: f"Job: {s.job_role} at {s.organisation.short_name}, {s.user.name}" for s in rows}


@namer("EqualityProfile")
def _equality_profiles(ids: list[int]) -> dict[int, str]:
    # Whose answers they are, never what they say.
    rows = db.session.execute(
        select(EqualityProfile.id, User.given_name, User.family_name)
        .join(User, User.id == EqualityProfile.user_id).where(EqualityProfile.id.in_(ids))
    )
    return {ident: f"Equality answers of {given} {family}" for ident, given, family in rows}


@namer("TransferRequest")
def _moves(ids: list[int]) -> dict[int, str]:
    rows = db.session.scalars(
        select(TransferRequest)
        .options(joinedload(TransferRequest.person), joinedload(TransferRequest.from_organisation),
                 joinedload(TransferRequest.to_organisation))
        .where(TransferRequest.id.in_(ids))
    )
    return {t.id: f"Move: {t.person.name} from {t.from_organisation.short_name} to "
                  f"{t.to_organisation.short_name}" for t in rows}
