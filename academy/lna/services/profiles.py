"""Role profiles: the level each job role needs in each competency, essential or desirable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.lna import gaps, permissions
from academy.lna.models import Competency, RoleProfile, RoleRequirement
from academy.people.models import JobRole, User


@dataclass(frozen=True)
class Requirement:
    level: int  # 1 to 4
    is_essential: bool


def profile_for(job_role: JobRole) -> RoleProfile | None:
    return db.session.scalar(select(RoleProfile).where(RoleProfile.job_role_id == job_role.id))


def save_profile(job_role: JobRole, requirements: dict[int, Requirement], *, notes: str | None,
                 actor: User) -> RoleProfile:
    """Set the job role's requirements to exactly these (competency id -> requirement).

    Raises NotAllowed, or DomainError for an unknown competency or a level off the scale.
    Rounds already under way keep the requirements they started with.
    """
    if not permissions.can_manage_role_profiles(actor):
        raise NotAllowed("Only a partnership learning lead can change role profiles")
    known = set(db.session.scalars(
        select(Competency.id).where(Competency.id.in_(list(requirements)))
    ))
    for competency_id, requirement in requirements.items():
        if competency_id not in known:
            raise DomainError("Choose competencies from the frameworks")
        try:
            gaps.check_level(requirement.level, lowest=1)
        except ValueError as error:
            raise DomainError("A required level is from 1 (awareness) to 4 (expert)",
                              field=f"level_{competency_id}") from error
    profile = profile_for(job_role)
    if profile is None:
        profile = RoleProfile(job_role_id=job_role.id)
        db.session.add(profile)
    profile.notes = (notes or "").strip() or None
    profile.updated_by_id = actor.id
    current = {r.competency_id: r for r in profile.requirements}
    for competency_id, row in current.items():
        if competency_id not in requirements:
            profile.requirements.remove(row)
    for competency_id, requirement in requirements.items():
        row = current.get(competency_id)
        if row is None:
            profile.requirements.append(RoleRequirement(
                competency_id=competency_id, required_level=requirement.level,
                is_essential=requirement.is_essential,
            ))
        else:
            row.required_level = requirement.level
            row.is_essential = requirement.is_essential
    db.session.flush()
    record(actor, "lna.role_profile.saved", profile, job_role_id=job_role.id,
           requirements=len(requirements))
    return profile


def copy_profile(source: RoleProfile, target: JobRole, *, replace: bool, actor: User) -> RoleProfile:
    """Start the target job role's profile from the source's requirements.

    Raises DomainError when the target is the source, or already has requirements and replace
    was not confirmed.
    """
    if target.id == source.job_role_id:
        raise DomainError("Choose another job role to copy the profile to", field="target")
    existing = profile_for(target)
    if existing is not None and existing.requirements and not replace:
        raise DomainError(
            f"{target} already has a profile: confirm that it should be replaced", field="replace"
        )
    requirements = {
        r.competency_id: Requirement(r.required_level, r.is_essential) for r in source.requirements
    }
    profile = save_profile(target, requirements, notes=source.notes, actor=actor)
    record(actor, "lna.role_profile.copied", profile, source_profile_id=source.id)
    return profile
