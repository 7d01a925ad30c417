"""The demo's apprenticeships and levy, and the scheduled jobs that keep them moving."""

import random
from datetime import date, datetime
from decimal import Decimal as D

from sqlalchemy import func, select

from academy.extensions import db
from academy.jobs import run_job
from academy.notifications.models import Notice, OutboxMessage
from academy.people import demo as people_demo
from academy.people.models import EqualityProfile, Organisation, OrganisationType, User
from academy.people.roles import Role
from academy.schedule import JOBS
from academy.talent.apprenticeships import demo
from academy.talent.apprenticeships.models import Apprentice, ApprenticeStatus
from academy.talent.levy import ledger
from academy.talent.levy import rules as levy_rules
from academy.talent.levy import services as levy_services
from academy.talent.levy.models import (
    ApplicationStatus,
    LevyAccount,
    LevyDeclaration,
    LevyTransaction,
    Pledge,
    TransferApplication,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.talent.apprenticeships.factories import ApprenticeFactory, LevyAccountFactory, seeded

DAY = date(2026, 11, 23)


def test_the_demo_tells_the_levy_story(app):
    rng = random.Random(2026)
    people = people_demo.build(1200, rng, DAY)
    built = demo.build(rng, DAY, people)
    assert built == {"apprentices": 150, "levy_accounts": 3}
    accounts = db.session.scalars(select(LevyAccount)).all()
    for account in accounts:
        assert db.session.scalar(select(func.count()).select_from(LevyDeclaration).where(
            LevyDeclaration.account_id == account.id)) == 24
    statuses = set(db.session.scalars(select(Apprentice.status)))
    assert statuses == set(ApprenticeStatus)
    assert len(set(db.session.scalars(select(Apprentice.standard_id)))) >= 10
    # One pledge, to a home-care provider, with an approved transfer paying for apprentices.
    pledge = db.session.scalar(select(Pledge))
    assert pledge.recipient.type is OrganisationType.CARE_PROVIDER
    approved = db.session.scalar(select(TransferApplication).where(
        TransferApplication.status == ApplicationStatus.APPROVED))
    assert db.session.scalar(select(func.count()).select_from(LevyTransaction).where(
        LevyTransaction.counterparty_id == approved.organisation_id)) > 0
    # A care home's need waits for the pool lead.
    need = db.session.scalar(select(TransferApplication).where(TransferApplication.pledge_id.is_(None)))
    assert need.organisation.name == "Calder View Care Home"
    # Some of the trust's funds expire next month.
    trust = next(a for a in accounts if a.organisation.short_name == "MYTT")
    forecast = ledger.forecast(trust, DAY)
    assert forecast.first_expiry.month == levy_rules.add_months(levy_rules.month_of(DAY), 1)
    assert forecast.rows[1].expiring > D(10000)
    # The demo manager has two apprentices in her team, one on track and one at risk.
    manager_team = db.session.scalar(select(User.team_id).where(
        User.id == people.sign_ins["manager@demo.academy"]))
    rags = sorted(db.session.scalars(select(Apprentice.rag).join(
        User, User.id == Apprentice.user_id).where(
        User.team_id == manager_team)))
    assert rags == ["green", "red"]
    # The demo sign-ins keep their equality answers to give themselves.
    assert people.sign_ins["staff@demo.academy"] not in set(db.session.scalars(
        select(EqualityProfile.user_id)))


def test_the_daily_job_starts_refreshes_and_reminds_once_a_day(app):
    seeded()
    trust = OrganisationFactory()
    account = LevyAccountFactory(organisation=trust)
    coordinator = UserFactory(employer=trust, roles=[(Role.APPRENTICESHIP_COORDINATOR, trust)])
    waiting = ApprenticeFactory(person__employer=trust, employer=trust, levy_account=account,
                                status=ApprenticeStatus.WAITING_TO_START,
                                start_on=date(2026, 3, 2), planned_end_on=date(2027, 8, 31))
    db.session.commit()
    job = JOBS["apprenticeships.daily_progress"]
    assert run_job(job, datetime(2026, 3, 1, 5, 10)) == "done"
    assert waiting.status is ApprenticeStatus.WAITING_TO_START
    assert run_job(job, datetime(2026, 5, 20, 5, 10)) == "done"
    db.session.refresh(waiting)
    assert waiting.status is ApprenticeStatus.LIVE and waiting.next_review_due_on == date(2026, 5, 25)
    assert db.session.scalar(select(func.count()).select_from(Notice).where(
        Notice.user_id == coordinator.id)) == 1
    assert run_job(job, datetime(2026, 5, 20, 9, 0)) == "skipped"


def test_the_payments_job_pays_each_month_once(app):
    seeded()
    apprentice = ApprenticeFactory(start_on=date(2026, 1, 5), planned_end_on=date(2027, 6, 30))
    apprentice.levy_account.opened_on = date(2025, 1, 1)
    db.session.commit()
    job = JOBS["levy.post_payments"]
    assert run_job(job, datetime(2026, 3, 10, 5, 30)) == "done"
    assert run_job(job, datetime(2026, 3, 11, 5, 30)) == "done"
    months = db.session.scalars(select(LevyTransaction.month).where(
        LevyTransaction.apprentice_id == apprentice.id)).all()
    assert sorted(months) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


def test_expiry_warnings_go_once_a_month(app):
    seeded()
    trust = OrganisationFactory(is_levy_payer=True)
    account = LevyAccountFactory(organisation=trust, opened_on=date(2024, 1, 1))
    coordinator = UserFactory(employer=trust, roles=[(Role.APPRENTICESHIP_COORDINATOR, trust)])
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    elsewhere = UserFactory(roles=[(Role.APPRENTICESHIP_COORDINATOR, OrganisationFactory())])
    levy_services.record_declaration(account, date(2024, 3, 1), D("5000"), actor=coordinator,
                                     today=date(2024, 3, 20))
    db.session.commit()
    job = JOBS["levy.expiry_warnings"]
    assert run_job(job, datetime(2026, 2, 1, 7, 0)) == "done"   # April 2026 is within 3 months
    assert run_job(job, datetime(2026, 2, 15, 7, 0)) == "skipped"
    told = db.session.scalars(select(Notice.user_id)).all()
    assert sorted(told) == sorted([coordinator.id, pool_lead.id]) and elsewhere.id not in told
    assert "£5,500" in db.session.scalar(select(Notice.text))
    notice = db.session.scalar(select(Notice).where(Notice.user_id == coordinator.id))
    assert notice.link == f"http://academy.test/levy/accounts/{account.id}/forecast"
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == coordinator.email))
    assert mail.subject == "Levy funds about to expire"
    assert f"{notice.text}.\n\nPledge them to a partner before they are lost: the transfer " \
        "allowance left this tax year is £" in mail.body_text
    assert f"http://academy.test/levy/accounts/{account.id}/forecast" in mail.body_text
    assert db.session.scalar(select(Organisation).where(Organisation.id == trust.id))
