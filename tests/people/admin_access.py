"""Who gets what on the routes that keep people's accounts and their moves between
organisations, and on the audit log's download; registered in tests/test_access.py."""

from __future__ import annotations

from datetime import date

from academy.extensions import db
from academy.people.transfers import TransferRequest
from tests import factories


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


ADMIN = only("admin")

ACCESS: dict[tuple[str, str], object] = {
    # The subject works in org A; the admin is a partnership administrator.
    ("people.edit_person", "GET"): ADMIN,
    ("people.edit_person", "POST"): ADMIN,
    ("people.unlock_account", "POST"): ADMIN,
    ("people.sign_out_everywhere", "POST"): ADMIN,
    ("people.close_account", "GET"): ADMIN,
    ("people.close_account", "POST"): ADMIN,
    ("people.reopen_account", "POST"): ADMIN,
    # A person of another organisation is asked to move into org A.
    ("people.transfers_list", "GET"): ADMIN,
    ("people.accept_transfer", "POST"): ADMIN,
    ("people.decline_transfer", "GET"): ADMIN,
    ("people.decline_transfer", "POST"): ADMIN,
    # The audit log's CSV download: administrators (an organisation's sees its own people).
    ("audit.export", "GET"): ADMIN,
}


def world(users, subject, organisation) -> dict:
    elsewhere = factories.OrganisationFactory()
    mover = factories.UserFactory(employer=elsewhere)
    transfer = TransferRequest(
        person_id=mover.id, from_organisation_id=elsewhere.id, to_organisation_id=organisation.id,
        job_role_id=mover.job_role_id, starts_on=date(2026, 1, 5), requested_by_id=users["admin"].id,
    )
    db.session.add(transfer)
    db.session.flush()
    return {"people": {"transfer_id": transfer.id}}
