"""Opening a levy-paying partner's levy account and changing its settings: who may, and what
the rules refuse."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people.roles import Role
from academy.talent.levy import services
from academy.talent.levy.models import LevyAccount
from tests.factories import OrganisationFactory, UserFactory
from tests.talent.apprenticeships.factories import LevyAccountFactory


def admin_of(organisation):
    return UserFactory(employer=organisation, roles=[(Role.ADMIN, organisation)])


def test_an_administrator_opens_their_partners_account_once(app):
    trust = OrganisationFactory(is_levy_payer=True)
    admin = admin_of(trust)
    account = services.open_account(trust.id, english_percent=Decimal("97.5"),
                                    opened_on=date(2025, 4, 1), actor=admin)
    assert account.english_percent == Decimal("97.5")
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.object_type == "LevyAccount")) == "levy.account_opened"
    with pytest.raises(DomainError, match="already has a levy account"):
        services.open_account(trust.id, english_percent=Decimal(100),
                              opened_on=date(2025, 4, 1), actor=admin)


def test_an_account_is_only_for_a_levy_payer_and_by_its_administrators(app):
    care_home = OrganisationFactory(is_levy_payer=False)
    with pytest.raises(NotAllowed):
        services.open_account(care_home.id, english_percent=Decimal(100),
                              opened_on=date(2025, 4, 1), actor=admin_of(care_home))
    with pytest.raises(DomainError, match="does not pay the apprenticeship levy"):
        services.open_account(care_home.id, english_percent=Decimal(100),
                              opened_on=date(2025, 4, 1), actor=None)
    trust = OrganisationFactory(is_levy_payer=True)
    with pytest.raises(NotAllowed):
        services.open_account(trust.id, english_percent=Decimal(100), opened_on=date(2025, 4, 1),
                              actor=admin_of(OrganisationFactory(is_levy_payer=True)))
    assert db.session.scalar(select(LevyAccount)) is None


@pytest.mark.parametrize("percent", [Decimal(0), Decimal("-5"), Decimal("100.01")])
def test_the_share_in_england_is_a_percentage(app, percent):
    account = LevyAccountFactory()
    with pytest.raises(DomainError) as refused:
        services.change_account_settings(account, english_percent=percent,
                                         opened_on=account.opened_on,
                                         actor=admin_of(account.organisation))
    assert refused.value.field == "english_percent"
    assert account.english_percent == Decimal(100)


def test_settings_change_for_the_accounts_administrators_only(app):
    account = LevyAccountFactory(opened_on=date(2024, 1, 1))
    with pytest.raises(NotAllowed):
        services.change_account_settings(account, english_percent=Decimal(90),
                                         opened_on=date(2024, 1, 1),
                                         actor=admin_of(OrganisationFactory()))
    services.change_account_settings(account, english_percent=Decimal(90),
                                     opened_on=date(2023, 6, 1),
                                     actor=UserFactory(roles=[Role.ADMIN]))
    assert (account.english_percent, account.opened_on) == (Decimal(90), date(2023, 6, 1))
