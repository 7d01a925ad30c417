"""Issuing and revoking Open Badges for completed inductions (and, from the catalogue, courses)."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction import openbadges, permissions
from academy.induction.models import BadgeSource, Induction, OpenBadge
from academy.notifications.email import external_url
from academy.people.models import User

# A list is left for the next once this full, so a random free bit is always quick to find.
LIST_FILL_LIMIT = int(openbadges.STATUS_LIST_SIZE * 0.9)


def live_badge(source: BadgeSource, source_id: int) -> OpenBadge | None:
    return db.session.scalar(
        select(OpenBadge).where(OpenBadge.source == source, OpenBadge.source_id == source_id,
                                OpenBadge.revoked_at.is_(None))
    )


def allocate_status_bit() -> tuple[int, int]:
    """A free (list, index) at a random place, so a bit's position tells nothing about its badge."""
    current = db.session.scalar(select(func.max(OpenBadge.status_list))) or 1
    used = db.session.scalar(
        select(func.count()).select_from(OpenBadge).where(OpenBadge.status_list == current)
    )
    if used >= LIST_FILL_LIMIT:
        current += 1
    while True:
        index = secrets.randbelow(openbadges.STATUS_LIST_SIZE)
        taken = db.session.scalar(
            select(func.count()).select_from(OpenBadge).where(
                OpenBadge.status_list == current, OpenBadge.status_index == index)
        )
        if not taken:
            return current, index


def issue_badge(
    person: User, *, source: BadgeSource, source_id: int, content: openbadges.BadgeContent,
    private_pem: bytes, addresses: openbadges.Addresses, actor: User,
) -> OpenBadge:
    """Sign and keep one credential; an achievement with a live badge keeps the one it has."""
    existing = live_badge(source, source_id)
    if existing is not None:
        return existing
    status_list, status_index = allocate_status_bit()
    credential_id = f"urn:uuid:{uuid.uuid4()}"
    token = openbadges.sign_credential(
        private_pem, addresses, content, credential_id=credential_id, status_list=status_list,
        status_index=status_index, salt=secrets.token_hex(8),
    )
    badge = OpenBadge(
        user_id=person.id, source=source, source_id=source_id, name=content.name,
        credential_id=credential_id, token=token, issued_at=content.issued_at,
        status_list=status_list, status_index=status_index,
    )
    db.session.add(badge)
    db.session.flush()
    record(actor, "badge.issued", badge, subject=person, source=source.value, source_id=source_id)
    return badge


def issue_induction_badge(
    induction: Induction, *, actor: User, private_pem: bytes, addresses: openbadges.Addresses,
    now: datetime,
) -> OpenBadge:
    """Raises NotAllowed unless the actor is the learner of a completed induction."""
    if not permissions.can_issue_induction_badge(actor, induction):
        raise NotAllowed("Only the learner can take a badge for a completed induction")
    organisation = induction.organisation
    content = openbadges.BadgeContent(
        achievement_key=f"induction-{organisation.id}",
        name=f"Induction with {organisation.name}",
        description=("The joint induction of the Wakefield District Health and Care Partnership: "
                     "the Care Certificate standards, core skills and the district welcome, "
                     f"with {organisation.name}'s own items."),
        criteria=("Every item of the programme signed off by an assessor, completed, or "
                  "recognised from an earlier employer under the partner's published rules."),
        achievement_type="Certificate",
        recipient_email=induction.user.email,
        issued_at=now,
        evidence_url=external_url("induction.verify", certificate_code=induction.certificate_code),
        evidence_narrative=f"Certificate {induction.certificate_code}, completed "
                           f"{induction.completed_on:%-d %B %Y}.",
    )
    return issue_badge(induction.user, source=BadgeSource.INDUCTION, source_id=induction.id,
                       content=content, private_pem=private_pem, addresses=addresses, actor=actor)


def revoke_badge(badge: OpenBadge, *, reason: str, actor: User, now: datetime) -> None:
    """Set the badge's bit in the status list: every verifier sees it revoked from now on."""
    if not permissions.can_revoke_badge(actor, badge):
        raise NotAllowed("You cannot revoke this badge")
    if not reason.strip():
        raise DomainError("Enter why the badge is revoked", field="reason")
    badge.revoked_at = now
    badge.revoked_by_id = actor.id
    badge.revoked_reason = reason.strip()
    record(actor, "badge.revoked", badge, subject=badge.user, reason=badge.revoked_reason)
    db.session.flush()


def revoke_for_withdrawn(source: BadgeSource, source_id: int, *, reason: str, actor: User,
                         now: datetime) -> OpenBadge | None:
    """Revoke the live badge of an achievement that no longer stands (a withdrawn completion).

    The caller has already decided the actor may withdraw the achievement itself; that is what
    authorises the revocation, not the badge administrators' rule.
    """
    badge = live_badge(source, source_id)
    if badge is None:
        return None
    badge.revoked_at = now
    badge.revoked_by_id = actor.id
    badge.revoked_reason = f"Achievement withdrawn: {reason}"[:300]
    record(actor, "badge.revoked", badge, subject=badge.user, reason=badge.revoked_reason)
    db.session.flush()
    return badge


def issue_course_badge(
    enrolment, *, actor: User, private_pem: bytes, addresses: openbadges.Addresses, now: datetime,
) -> OpenBadge:
    """A badge for one of the catalogue's completed courses. Raises NotAllowed for anyone but
    the person who completed it."""
    if not permissions.can_issue_course_badge(actor, enrolment):
        raise NotAllowed("Only the person who completed the course can take its badge")
    course = enrolment.course
    content = openbadges.BadgeContent(
        achievement_key=f"course-{course.id}",
        name=course.title,
        description=course.summary,
        criteria="Completed the course, as recorded by its trainer.",
        achievement_type="Course",
        recipient_email=enrolment.user.email,
        issued_at=now,
        evidence_url=external_url("courses.verify_code", certificate_code=enrolment.certificate_code)
        if enrolment.certificate_code else None,
        evidence_narrative=f"Certificate {enrolment.certificate_code}, completed "
                           f"{enrolment.completed_on:%-d %B %Y}.",
    )
    return issue_badge(enrolment.user, source=BadgeSource.COURSE_COMPLETION, source_id=enrolment.id,
                       content=content, private_pem=private_pem, addresses=addresses, actor=actor)
