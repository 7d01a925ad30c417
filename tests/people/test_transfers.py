"""Moving a person to another organisation: the receiving organisation's administrators (or the
partnership's) accept or decline; until then the person stays where they are."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.models import Notice
from academy.people import services, transfers
from academy.people.models import JobHistory
from academy.people.roles import Role
from academy.people.transfers import TransferRequest, TransferStatus
from tests.conftest import sign_in
from tests.factories import (
    JobHistoryFactory,
    JobRoleFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)

STARTS = date(2026, 3, 2)


@pytest.fixture
def orgs(app):
    return OrganisationFactory(name="Mid Yorkshire"), OrganisationFactory(name="Wakefield Council")


@pytest.fixture
def people(orgs):
    trust, council = orgs
    sender = UserFactory(employer=trust, roles=[(Role.ADMIN, trust)])
    receiver = UserFactory(employer=council, roles=[(Role.ADMIN, council)])
    team = TeamFactory(organisation=trust)
    mover = UserFactory(employer=trust, team=team)
    JobHistoryFactory(user=mover)
    return sender, receiver, mover


def change_job_form(organisation, job_role, team=None) -> dict:
    return {"organisation": organisation.id, "job_role": job_role.id,
            "team": team.id if team else 0, "starts_on": STARTS.isoformat(), "reason": "Secondment"}


def test_a_move_elsewhere_becomes_a_request_and_the_person_stays(client, orgs, people):
    trust, council = orgs
    sender, receiver, mover = people
    role = JobRoleFactory()
    db.session.commit()
    sign_in(client, sender)
    asked = client.post(f"/people/{mover.id}/job", data=change_job_form(council, role),
                        follow_redirects=True)
    body = asked.get_data(as_text=True)
    assert "now waits for its administrators to accept it" in body
    assert "is waiting for its administrators to accept it" in body  # on the person page
    db.session.refresh(mover)
    assert mover.employer_id == trust.id and mover.team_id is not None
    [transfer] = db.session.scalars(select(TransferRequest)).all()
    assert (transfer.to_organisation_id, transfer.status) == (council.id, TransferStatus.PENDING)
    # the receiving administrator is told, and the home page says it waits
    assert [n.user_id for n in db.session.scalars(select(Notice))] == [receiver.id]
    again = client.post(f"/people/{mover.id}/job", data=change_job_form(council, role))
    assert "already waiting to be accepted" in again.get_data(as_text=True)
    assert db.session.scalar(select(TransferRequest.id).offset(1)) is None


def test_the_receiving_administrator_accepts_into_a_team_of_their_choice(app, orgs, people):
    trust, council = orgs
    sender, receiver, mover = people
    role = JobRoleFactory()
    ward = TeamFactory(organisation=council, name="Reablement")
    transfer = transfers.request_transfer(mover, job_role=role, organisation=council, team=None,
                                          starts_on=STARTS, reason="", actor=sender)
    db.session.commit()
    client = app.test_client()
    sign_in(client, receiver)
    home = client.get("/").get_data(as_text=True)
    assert "1 person waiting to move into your organisation" in home
    page = client.get("/people/transfers").get_data(as_text=True)
    assert mover.name in page and "Reablement" in page
    accepted = client.post(f"/people/transfers/{transfer.id}/accept",
                           data={f"t{transfer.id}-team": ward.id}, follow_redirects=True)
    assert f"{mover.name} now works for Wakefield Council" in accepted.get_data(as_text=True)
    db.session.refresh(mover)
    assert (mover.employer_id, mover.team_id, mover.job_role_id) == (council.id, ward.id, role.id)
    assert mover.line_manager_id is None
    spells = db.session.scalars(select(JobHistory).where(JobHistory.user_id == mover.id)
                                .order_by(JobHistory.started_on)).all()
    assert spells[-1].organisation_id == council.id and spells[-1].started_on == STARTS
    assert spells[0].ended_on == date(2026, 3, 1)
    db.session.refresh(transfer)
    assert transfer.status == TransferStatus.ACCEPTED and transfer.decided_by_id == receiver.id
    logged = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == mover.id)))
    assert {"transfer.requested", "job.changed", "transfer.accepted"} <= logged
    assert "No one is waiting" in client.get("/people/transfers").get_data(as_text=True)


def test_declining_leaves_the_person_where_they_are(app, orgs, people):
    trust, council = orgs
    sender, receiver, mover = people
    transfer = transfers.request_transfer(mover, job_role=mover.job_role, organisation=council,
                                          team=None, starts_on=STARTS, reason="", actor=sender)
    db.session.commit()
    client = app.test_client()
    sign_in(client, receiver)
    assert "Decline move" in client.get(f"/people/transfers/{transfer.id}/decline").get_data(as_text=True)
    client.post(f"/people/transfers/{transfer.id}/decline", data={"reason": "No post"})
    db.session.refresh(transfer)
    db.session.refresh(mover)
    assert transfer.status == TransferStatus.DECLINED and transfer.decision_note == "No post"
    assert mover.employer_id == trust.id
    assert sender.id in {n.user_id for n in db.session.scalars(select(Notice))}
    with pytest.raises(DomainError, match="already been declined"):
        transfers.accept_transfer(transfer, team=None, actor=receiver)


def test_only_the_receiving_side_decides(app, orgs, people):
    trust, council = orgs
    sender, receiver, mover = people
    transfer = transfers.request_transfer(mover, job_role=mover.job_role, organisation=council,
                                          team=None, starts_on=STARTS, reason="", actor=sender)
    db.session.commit()
    client = app.test_client()
    sign_in(client, sender)  # the sending administrator cannot accept their own request
    assert client.post(f"/people/transfers/{transfer.id}/accept").status_code == 403
    assert client.get(f"/people/transfers/{transfer.id}/decline").status_code == 403
    assert mover.name not in client.get("/people/transfers").get_data(as_text=True)
    db.session.refresh(transfer)
    assert transfer.status == TransferStatus.PENDING
    with pytest.raises(NotAllowed):
        transfers.accept_transfer(transfer, team=None, actor=sender)
    with pytest.raises(NotAllowed):
        transfers.request_transfer(mover, job_role=mover.job_role, organisation=trust, team=None,
                                   starts_on=STARTS, reason="", actor=receiver)
    # a team of another organisation is refused
    with pytest.raises(DomainError, match="team in your organisation"):
        transfers.accept_transfer(transfer, team=TeamFactory(organisation=trust), actor=receiver)
    # a partnership administrator may decide anywhere
    partnership = UserFactory(employer=trust, roles=[Role.ADMIN])
    transfers.accept_transfer(transfer, team=None, actor=partnership)
    assert mover.employer_id == council.id


def test_change_job_no_longer_moves_people_into_an_organisation_the_actor_does_not_run(orgs, people):
    trust, council = orgs
    sender, receiver, mover = people
    with pytest.raises(NotAllowed, match="needs its administrators to accept"):
        services.change_job(mover, job_role=mover.job_role, organisation=council, team=None,
                            starts_on=STARTS, reason="", actor=sender)
    assert mover.employer_id == trust.id


def test_an_administrator_of_both_sides_moves_the_person_at_once(client, orgs, people):
    trust, council = orgs
    _, _, mover = people
    both = UserFactory(employer=trust, roles=[(Role.ADMIN, trust), (Role.ADMIN, council)])
    role = JobRoleFactory()
    db.session.commit()
    sign_in(client, both)
    moved = client.post(f"/people/{mover.id}/job", data=change_job_form(council, role),
                        follow_redirects=True)
    assert "job has been changed" in moved.get_data(as_text=True)
    db.session.refresh(mover)
    assert mover.employer_id == council.id
    assert db.session.scalar(select(TransferRequest)) is None


def test_until_the_receiving_side_accepts_its_manager_and_coordinator_do_not_see_the_person(
        app, orgs, people):
    trust, council = orgs
    sender, receiver, mover = people
    manager = UserFactory(employer=council, roles=[(Role.MANAGER, council)])
    ward = TeamFactory(organisation=council, name="Reablement", manager_id=manager.id)
    coordinator = UserFactory(employer=council, roles=[(Role.APPRENTICESHIP_COORDINATOR, council)])
    # The sender proposes the receiving side's team; nothing moves yet.
    transfer = transfers.request_transfer(mover, job_role=mover.job_role, organisation=council,
                                          team=ward, starts_on=STARTS, reason="", actor=sender)
    db.session.commit()

    def sees(reader) -> tuple[int, bool]:
        client = app.test_client()
        sign_in(client, reader)
        listed = mover.name in client.get(f"/people?q={mover.family_name}").get_data(as_text=True)
        return client.get(f"/people/{mover.id}").status_code, listed

    assert sees(manager) == (403, False)
    assert sees(coordinator) == (403, False)
    transfers.accept_transfer(transfer, team=ward, actor=receiver)
    db.session.commit()
    assert sees(manager) == (200, True)
    assert sees(coordinator) == (200, True)
