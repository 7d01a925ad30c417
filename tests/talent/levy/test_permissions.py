"""Who may pledge from an account: its coordinator, while the transfer allowance has room."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

from academy.people.roles import Role
from academy.talent.levy.permissions import can_pledge_from
from tests.factories import OrganisationFactory, UserFactory
from tests.talent.apprenticeships.factories import LevyAccountFactory


def test_a_pledge_needs_the_coordinator_and_allowance_left(app):
    trust = OrganisationFactory()
    account = LevyAccountFactory(organisation=trust)
    coordinator = UserFactory(employer=trust, roles=[(Role.APPRENTICESHIP_COORDINATOR, trust)])
    elsewhere = UserFactory(roles=[(Role.APPRENTICESHIP_COORDINATOR, OrganisationFactory())])
    room, none_left = SimpleNamespace(remaining=D("5000")), SimpleNamespace(remaining=D(0))
    assert can_pledge_from(coordinator, account, room)
    assert not can_pledge_from(coordinator, account, none_left)
    assert not can_pledge_from(elsewhere, account, room)
    assert can_pledge_from(coordinator, account, room, SimpleNamespace(amount=D("5000")))
    assert not can_pledge_from(coordinator, account, room, SimpleNamespace(amount=D("5000.01")))
