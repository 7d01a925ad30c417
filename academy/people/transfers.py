"""Moving a person to another organisation: the request, its acceptance by the receiving
organisation's administrators, and the queries of their page.

A move between organisations changes who may see and manage the person, so the receiving
organisation agrees to it: an administrator of the person's employer asks, an administrator of
the receiving organisation (or of the whole partnership) accepts or declines. Services flush and
never commit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Select, String, func, select, text
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from academy.audit.services import record
from academy.enums import LabelledEnum
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.email import external_url
from academy.notifications.services import notify
from academy.people import permissions, services
from academy.people.models import (
    JobHistory,
    JobRole,
    Organisation,
    RoleAssignment,
    Team,
    User,
    enum_column,
)
from academy.people.roles import Role
from academy.timekeeping import utcnow


class TransferStatus(LabelledEnum):
    PENDING = "pending", "Waiting for the receiving organisation"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class TransferRequest(db.Model):
    """A request to move a person to another organisation, waiting for its administrators."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    from_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    to_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    job_role_id: Mapped[int] = mapped_column(ForeignKey("job_role.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))  # as proposed by the sender
    starts_on: Mapped[date]
    reason: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[TransferStatus] = enum_column(
        TransferStatus, "transfer_status", default=TransferStatus.PENDING
    )
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(String(200))

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    from_organisation: Mapped[Organisation] = relationship(foreign_keys=[from_organisation_id])
    to_organisation: Mapped[Organisation] = relationship(foreign_keys=[to_organisation_id])
    job_role: Mapped[JobRole] = relationship()
    team: Mapped[Team | None] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])

    __table_args__ = (
        # At most one move waits for each person.
        Index(
            "uq_transfer_request_pending",
            "person_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    def __str__(self) -> str:
        return f"Move of {self.person.name} to {self.to_organisation.short_name}"


# Services


def change_job_or_request_move(
    person: User, *, job_role: JobRole, organisation: Organisation, team: Team | None,
    starts_on: date, reason: str, actor: User,
) -> JobHistory | TransferRequest:
    """Change the person's job at once when the actor administers where they will work;
    a move into an organisation the actor does not administer becomes a request to it."""
    if organisation.id == person.employer_id or permissions.is_admin(actor, organisation.id):
        return services.change_job(person, job_role=job_role, organisation=organisation,
                                   team=team, starts_on=starts_on, reason=reason, actor=actor)
    return request_transfer(person, job_role=job_role, organisation=organisation, team=team,
                            starts_on=starts_on, reason=reason, actor=actor)


def request_transfer(
    person: User, *, job_role: JobRole, organisation: Organisation, team: Team | None,
    starts_on: date, reason: str, actor: User,
) -> TransferRequest:
    """Ask the receiving organisation's administrators to accept the person.

    Raises NotAllowed unless the actor administers the person's employer, DomainError when the
    organisation is the person's own, the team is elsewhere or a move already waits.
    """
    if not permissions.can_manage_person(actor, person):
        raise NotAllowed("You cannot move this person")
    if organisation.id == person.employer_id:
        raise DomainError(f"{person.name} already works for {organisation.name}", field="organisation")
    if team is not None and team.organisation_id != organisation.id:
        raise DomainError("Choose a team in the new employer", field="team")
    if pending_for_person(person.id) is not None:
        raise DomainError(f"A move of {person.name} is already waiting to be accepted",
                          field="organisation")
    transfer = TransferRequest(
        person_id=person.id, from_organisation_id=person.employer_id,
        to_organisation_id=organisation.id, job_role_id=job_role.id,
        team_id=team.id if team else None, starts_on=starts_on, reason=reason or None,
        requested_by_id=actor.id,
    )
    db.session.add(transfer)
    db.session.flush()
    for admin in receiving_admins(organisation.id):
        notify(admin, f"{actor.name} asks you to accept {person.name} into {organisation.short_name}",
               link=external_url("people.transfers_list"))
    record(actor, "transfer.requested", transfer, subject=person,
           from_organisation_id=transfer.from_organisation_id,
           to_organisation_id=organisation.id)
    db.session.flush()
    return transfer


def accept_transfer(transfer: TransferRequest, *, team: Team | None, actor: User) -> JobHistory:
    """Move the person: a new job spell in the receiving organisation, in `team` or none.

    Raises NotAllowed unless the actor administers the receiving organisation, DomainError when
    the request was decided already, the person has moved since, or the team is elsewhere.
    """
    if not permissions.can_decide_transfers(actor, transfer.to_organisation_id):
        raise NotAllowed("Only the receiving organisation's administrators can accept this move")
    _check_pending(transfer)
    if team is not None and team.organisation_id != transfer.to_organisation_id:
        raise DomainError("Choose a team in your organisation", field="team")
    spell = services.change_job(
        transfer.person, job_role=transfer.job_role, organisation=transfer.to_organisation,
        team=team, starts_on=transfer.starts_on,
        reason=transfer.reason or f"Moved to {transfer.to_organisation.short_name}", actor=actor,
    )
    _decide(transfer, TransferStatus.ACCEPTED, actor, None)
    notify(transfer.requested_by,
           f"{transfer.to_organisation.short_name} accepted the move of {transfer.person.name}",
           link=external_url("people.person", person_id=transfer.person_id))
    record(actor, "transfer.accepted", transfer, subject=transfer.person, job_history_id=spell.id)
    db.session.flush()
    return spell


def decline_transfer(transfer: TransferRequest, *, note: str, actor: User) -> TransferRequest:
    """Refuse the move; the person stays where they are.

    Raises NotAllowed unless the actor administers the receiving organisation, DomainError when
    the request was decided already.
    """
    if not permissions.can_decide_transfers(actor, transfer.to_organisation_id):
        raise NotAllowed("Only the receiving organisation's administrators can decline this move")
    _check_pending(transfer)
    _decide(transfer, TransferStatus.DECLINED, actor, note.strip() or None)
    notify(transfer.requested_by,
           f"{transfer.to_organisation.short_name} declined the move of {transfer.person.name}",
           link=external_url("people.person", person_id=transfer.person_id))
    record(actor, "transfer.declined", transfer, subject=transfer.person, note=note or None)
    db.session.flush()
    return transfer


def _check_pending(transfer: TransferRequest) -> None:
    if transfer.status != TransferStatus.PENDING:
        raise DomainError(f"This move has already been {transfer.status.label.lower()}")
    if transfer.person.employer_id != transfer.from_organisation_id:
        raise DomainError(f"{transfer.person.name} has moved since this request was made")


def _decide(transfer: TransferRequest, status: TransferStatus, actor: User, note: str | None) -> None:
    transfer.status = status
    transfer.decided_by_id = actor.id
    transfer.decided_at = utcnow()
    transfer.decision_note = note


# Queries


def receiving_admins(organisation_id: int) -> list[User]:
    """Who is told of a move into the organisation: its own administrators, else the
    partnership's."""
    def admins(scope) -> list[User]:
        return list(db.session.scalars(
            select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.role == Role.ADMIN, scope, User.is_active_account)
            .order_by(User.id)
        ))
    return (admins(RoleAssignment.organisation_id == organisation_id)
            or admins(RoleAssignment.organisation_id.is_(None)))


def _decidable_by(viewer: User):
    scopes = viewer.role_scopes(Role.ADMIN)
    if None in scopes:
        return TransferRequest.status == TransferStatus.PENDING
    return (TransferRequest.status == TransferStatus.PENDING) & TransferRequest.to_organisation_id.in_(scopes)


def pending_query(viewer: User) -> Select:
    """The moves waiting for this administrator, oldest first."""
    return (
        select(TransferRequest)
        .options(joinedload(TransferRequest.person), joinedload(TransferRequest.from_organisation),
                 joinedload(TransferRequest.to_organisation), joinedload(TransferRequest.job_role),
                 joinedload(TransferRequest.team), joinedload(TransferRequest.requested_by))
        .where(_decidable_by(viewer))
        .order_by(TransferRequest.requested_at, TransferRequest.id)
    )


def pending_count(viewer: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(TransferRequest).where(_decidable_by(viewer))
    )


def pending_for_person(person_id: int) -> TransferRequest | None:
    return db.session.scalar(
        select(TransferRequest).where(TransferRequest.person_id == person_id,
                                      TransferRequest.status == TransferStatus.PENDING)
    )


def teams_of(organisation_id: int) -> list[Team]:
    return list(db.session.scalars(
        select(Team).where(Team.organisation_id == organisation_id).order_by(Team.name)
    ))
