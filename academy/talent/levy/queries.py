"""Read models for the levy: the accounts a coordinator sees, pledges, open needs, and what
transfers have paid so far."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from academy.extensions import db
from academy.people.models import Organisation, User
from academy.talent.apprenticeships.models import Apprentice
from academy.talent.apprenticeships.queries import scope_clause
from academy.talent.levy.models import (
    ApplicationStatus,
    LevyAccount,
    LevyTransaction,
    Pledge,
    TransferApplication,
)


def accounts_for(viewer: User) -> list[LevyAccount]:
    return list(db.session.scalars(
        select(LevyAccount).join(Organisation, Organisation.id == LevyAccount.organisation_id)
        .options(joinedload(LevyAccount.organisation))
        .where(scope_clause(viewer, LevyAccount.organisation_id)).order_by(Organisation.name)))


def approved_transfers(viewer: User) -> list[TransferApplication]:
    """Approved transfers to the partners the viewer coordinates, for new apprentices to use."""
    return list(db.session.scalars(
        select(TransferApplication)
        .options(joinedload(TransferApplication.standard),
                 joinedload(TransferApplication.organisation))
        .where(TransferApplication.status == ApplicationStatus.APPROVED,
               scope_clause(viewer, TransferApplication.organisation_id))
        .order_by(TransferApplication.planned_start_on)))


def posted_payments(apprentice: Apprentice) -> set[tuple[date, str]]:
    """(month, kind) of each payment posted for the apprentice, to tell paid from planned."""
    return {(t.month, t.kind.value) for t in db.session.scalars(select(LevyTransaction).where(
        LevyTransaction.apprentice_id == apprentice.id))}


def pledges() -> list[Pledge]:
    """Every pledge, open ones first, newest first."""
    return list(db.session.scalars(
        select(Pledge).options(joinedload(Pledge.account).joinedload(LevyAccount.organisation),
                               joinedload(Pledge.recipient), selectinload(Pledge.applications))
        .order_by(Pledge.status, Pledge.created_at.desc())))


def open_needs(viewer: User) -> list[TransferApplication]:
    """Needs raised with the pool and not met yet, of the partners the viewer coordinates."""
    return list(db.session.scalars(
        select(TransferApplication).options(joinedload(TransferApplication.organisation),
                                            joinedload(TransferApplication.standard))
        .where(TransferApplication.pledge_id.is_(None),
               TransferApplication.status == ApplicationStatus.SUBMITTED,
               scope_clause(viewer, TransferApplication.organisation_id))))


def paid_by_application(application_ids: list[int]) -> dict[int, Decimal]:
    """For each transfer application, what its apprentices' payments have come to so far."""
    if not application_ids:
        return {}
    return dict(db.session.execute(
        select(Apprentice.transfer_application_id, func.sum(LevyTransaction.amount))
        .join(LevyTransaction, LevyTransaction.apprentice_id == Apprentice.id)
        .where(Apprentice.transfer_application_id.in_(application_ids))
        .group_by(Apprentice.transfer_application_id)).all())


def funded_apprentices(application: TransferApplication) -> list[Apprentice]:
    """The apprentices a transfer pays for."""
    return list(db.session.scalars(
        select(Apprentice).options(joinedload(Apprentice.person))
        .where(Apprentice.transfer_application_id == application.id)))


def account_of(organisation_id: int) -> LevyAccount | None:
    """The partner's levy account, if it has one."""
    return db.session.scalar(select(LevyAccount).where(
        LevyAccount.organisation_id == organisation_id))
