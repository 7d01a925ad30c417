"""Defining pathways and choosing a target role. Services flush; the caller commits."""

from __future__ import annotations

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people.models import JobRole, User
from academy.talent.pathways import permissions
from academy.talent.pathways.models import (
    CareerPathway,
    CareerTarget,
    PathwayStep,
    RequirementKind,
    StepRequirement,
)

SHIFT = 100_000  # beyond any real position, to move steps without clashing


def _require_manager(actor: User) -> None:
    if not permissions.can_manage_pathways(actor):
        raise NotAllowed("Only a partnership learning lead can change career pathways")


def create_pathway(name: str, summary: str, *, actor: User) -> CareerPathway:
    """Raises NotAllowed, or DomainError when the name is taken."""
    _require_manager(actor)
    name = name.strip()
    if db.session.scalar(select(func.count()).select_from(CareerPathway).where(
            func.lower(CareerPathway.name) == name.lower())):
        raise DomainError("A pathway with this name already exists", field="name")
    pathway = CareerPathway(name=name, summary=summary.strip(), created_by_id=actor.id)
    db.session.add(pathway)
    db.session.flush()
    record(actor, "pathway.created", pathway)
    return pathway


def add_step(pathway: CareerPathway, job_role: JobRole, typical_months: int, note: str, *,
             actor: User) -> PathwayStep:
    """Append a role to the end of the pathway. Raises DomainError if it is already on it."""
    _require_manager(actor)
    if any(s.job_role_id == job_role.id for s in pathway.steps):
        raise DomainError("This role is already a step on the pathway", field="job_role")
    if typical_months < 0:
        raise DomainError("Enter 0 or more months", field="typical_months")
    position = max((s.position for s in pathway.steps), default=-1) + 1
    step = PathwayStep(job_role_id=job_role.id, position=position, typical_months=typical_months,
                       note=note.strip())
    pathway.steps.append(step)
    db.session.flush()
    record(actor, "pathway.step_added", step, pathway_id=pathway.id, job_role_id=job_role.id)
    return step


def remove_step(step: PathwayStep, *, actor: User) -> None:
    """Remove a step and its requirements; later steps close up. Targets on that role end."""
    _require_manager(actor)
    pathway = step.pathway
    removed_position = step.position
    targets = db.session.scalars(select(CareerTarget).where(
        CareerTarget.pathway_id == pathway.id, CareerTarget.job_role_id == step.job_role_id)).all()
    for target in targets:
        db.session.delete(target)
    record(actor, "pathway.step_removed", step, pathway_id=pathway.id, targets_cleared=len(targets))
    pathway.steps.remove(step)
    db.session.flush()
    # Close the gap in two passes so the unique (pathway, position) never clashes mid-way.
    later = [s for s in pathway.steps if s.position > removed_position]
    for s in later:
        s.position += SHIFT
    db.session.flush()
    for s in later:
        s.position -= SHIFT + 1
    db.session.flush()


def add_requirement(step: PathwayStep, kind: RequirementKind, *, course_id: int | None = None,
                    standard_id: int | None = None, qualification: str | None = None,
                    competency_code: str | None = None, level: int | None = None,
                    actor: User) -> StepRequirement:
    """Raises DomainError when the kind's own field is missing."""
    _require_manager(actor)
    requirement = StepRequirement(kind=kind)
    if kind == RequirementKind.COURSE:
        if not course_id:
            raise DomainError("Choose the course", field="course")
        requirement.course_id = course_id
    elif kind == RequirementKind.STANDARD:
        if not standard_id:
            raise DomainError("Choose the apprenticeship standard", field="standard")
        requirement.standard_id = standard_id
    elif kind == RequirementKind.QUALIFICATION:
        if not (qualification or "").strip():
            raise DomainError("Enter the qualification", field="qualification")
        requirement.qualification = qualification.strip()
    else:
        if not competency_code:
            raise DomainError("Choose the competency", field="competency")
        if level not in (1, 2, 3, 4):
            raise DomainError("Choose a level from 1 to 4", field="level")
        requirement.competency_code, requirement.level = competency_code, level
    step.requirements.append(requirement)
    db.session.flush()
    record(actor, "pathway.requirement_added", requirement, step_id=step.id, kind=kind.value)
    return requirement


def remove_requirement(requirement: StepRequirement, *, actor: User) -> None:
    _require_manager(actor)
    record(actor, "pathway.requirement_removed", requirement, step_id=requirement.step_id)
    requirement.step.requirements.remove(requirement)
    db.session.flush()


def set_target(person: User, pathway: CareerPathway, job_role_id: int, *, actor: User) -> CareerTarget:
    """A person chooses a role on a pathway to aim for. Raises NotAllowed for anyone else."""
    if actor.id != person.id:
        raise NotAllowed("Only you can choose your target role")
    if not any(s.job_role_id == job_role_id for s in pathway.steps):
        raise DomainError("Choose a role on this pathway", field="job_role")
    if job_role_id == person.job_role_id:
        raise DomainError("That is the role you have now: choose one further on", field="job_role")
    target = db.session.scalar(select(CareerTarget).where(CareerTarget.user_id == person.id))
    if target is None:
        target = CareerTarget(user_id=person.id, pathway_id=pathway.id, job_role_id=job_role_id)
        db.session.add(target)
    else:
        target.pathway_id, target.job_role_id = pathway.id, job_role_id
    db.session.flush()
    record(actor, "career_target.set", target, subject=person, pathway_id=pathway.id,
           job_role_id=job_role_id)
    return target


def clear_target(person: User, *, actor: User) -> None:
    if actor.id != person.id:
        raise NotAllowed("Only you can change your target role")
    target = db.session.scalar(select(CareerTarget).where(CareerTarget.user_id == person.id))
    if target is not None:
        record(actor, "career_target.cleared", target, subject=person)
        db.session.delete(target)
        db.session.flush()
