"""Apprenticeships' and the levy's part of the access table, and the objects its URLs point at.

The subject (in the manager's team, employed by the organisation) is a live apprentice with an
off-the-job entry; the organisation has a levy account with a pledge and a transfer request from
a care home. The apprenticeship coordinator of the world is partnership-wide (the levy pool
lead), so they reach every page; the manager sees their team member's apprenticeship; the plain
member of staff reaches only the pages every signed-in person has (standards, their own
apprenticeship). Scoped coordinators are tested in tests/talent/apprenticeships/test_views.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from academy.extensions import db
from academy.people.models import OrganisationType
from academy.talent.apprenticeships.models import OffTheJobEntry
from academy.talent.levy.models import Pledge, TransferApplication
from tests.factories import OrganisationFactory
from tests.talent.apprenticeships.factories import ApprenticeFactory, LevyAccountFactory, seeded

PUBLIC = "public"
SIGNED_IN = "signed_in"


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


COORDINATOR = only("apprenticeship_coordinator")
WITH_MANAGER = only("apprenticeship_coordinator", "manager")


def _both(endpoint: str, rule) -> dict:
    return {(endpoint, "GET"): rule, (endpoint, "POST"): rule}


ACCESS: dict[tuple[str, str], object] = {
    ("apprenticeships.index", "GET"): COORDINATOR,
    ("apprenticeships.mine", "GET"): SIGNED_IN,
    ("apprenticeships.apprentices", "GET"): WITH_MANAGER,
    ("apprenticeships.apprentices_export", "GET"): COORDINATOR,
    ("apprenticeships.apprentice", "GET"): WITH_MANAGER,
    **_both("apprenticeships.apprentice_new", COORDINATOR),
    **_both("apprenticeships.apprentice_edit", COORDINATOR),
    **_both("apprenticeships.apprentice_status", COORDINATOR),
    # The apprentice logs their own hours; the subject is not one of the roles signed in here.
    **_both("apprenticeships.off_the_job", COORDINATOR),
    **_both("apprenticeships.off_the_job_delete", COORDINATOR),
    **_both("apprenticeships.review_new", COORDINATOR),
    **_both("apprenticeships.gateway", COORDINATOR),
    **_both("apprenticeships.assessment", COORDINATOR),
    ("apprenticeship_reports.cohorts", "GET"): COORDINATOR,
    **_both("apprenticeship_reports.cohort_new", COORDINATOR),
    ("apprenticeship_reports.inclusion", "GET"): COORDINATOR,
    ("apprenticeship_standards.standards", "GET"): SIGNED_IN,
    ("apprenticeship_standards.standard", "GET"): SIGNED_IN,
    **_both("apprenticeship_standards.standards_import", COORDINATOR),
    ("apprenticeship_standards.funding_rules", "GET"): COORDINATOR,
    **_both("apprenticeship_standards.funding_rule_new", COORDINATOR),
    ("apprenticeship_reports.board_summary", "GET"): COORDINATOR,
    ("levy.accounts_list", "GET"): COORDINATOR,
    ("levy.account", "GET"): COORDINATOR,
    ("levy.ledger_export", "GET"): COORDINATOR,
    ("levy.forecast", "GET"): COORDINATOR,
    ("levy.forecast_export", "GET"): COORDINATOR,
    **_both("levy.declaration_new", COORDINATOR),
    **_both("levy.pledge_new", COORDINATOR),
    ("levy.pool", "GET"): COORDINATOR,
    ("levy.pledges", "GET"): COORDINATOR,
    ("levy.pledge", "GET"): COORDINATOR,
    **_both("levy.pledge_close", COORDINATOR),
    **_both("levy.pledge_apply", COORDINATOR),
    **_both("levy.need_new", COORDINATOR),
    ("levy.application", "GET"): COORDINATOR,
    **_both("levy.application_decide", COORDINATOR),
}


def world(users, subject, organisation) -> dict:
    standards = seeded()
    account = LevyAccountFactory(organisation=organisation, opened_on=date(2025, 1, 1))
    apprentice = ApprenticeFactory(person=subject, employer=organisation, levy_account=account,
                                   standard=standards["ST0827"])
    entry = OffTheJobEntry(apprentice_id=apprentice.id, worked_on=date(2025, 10, 1),
                           hours=Decimal(7), activity="Study day")
    care_home = OrganisationFactory(type=OrganisationType.CARE_PROVIDER)
    pledge = Pledge(account_id=account.id, tax_year=2026, amount=Decimal(20000),
                    organisation_types=[], levels=[])
    db.session.add_all([entry, pledge])
    db.session.flush()
    request = TransferApplication(pledge_id=pledge.id, organisation_id=care_home.id,
                                  standard_id=standards["ST0005"].id, apprentices_count=1,
                                  amount=Decimal(4000), planned_start_on=date(2099, 1, 4))
    db.session.add(request)
    db.session.flush()
    return {
        "apprenticeships": {"apprentice_id": apprentice.id, "entry_id": entry.id, "fmt": "csv"},
        "apprenticeship_standards": {"standard_id": standards["ST0216"].id},
        "levy": {"account_id": account.id, "pledge_id": pledge.id,
                 "application_id": request.id, "fmt": "csv"},
    }
