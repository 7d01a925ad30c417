"""Apprentices: registering under the funding rules, status and payments, delivery, completion."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.models import Notice, OutboxMessage
from academy.people.roles import Role
from academy.talent.apprenticeships import reference, rules, services
from academy.talent.apprenticeships.models import ApprenticeStatus, AssessmentResult, FundingSource
from academy.talent.levy import services as levy_services
from academy.talent.levy.models import (
    ApplicationStatus,
    LevyTransaction,
    Pledge,
    TransactionKind,
    TransferApplication,
)
from academy.timekeeping import utcnow
from tests.factories import OrganisationFactory, UserFactory
from tests.talent.apprenticeships.factories import LevyAccountFactory, seeded

TODAY = date(2026, 3, 16)


@pytest.fixture
def world(app):
    standards = seeded()
    # The nursing associate standard's published off-the-job minimum, as the official list gives it.
    standards["ST0827"].min_off_the_job_hours = 187
    trust = OrganisationFactory(name="Trust", is_levy_payer=True)
    account = LevyAccountFactory(organisation=trust, opened_on=date(2024, 1, 1))
    manager = UserFactory(employer=trust)
    person = UserFactory(employer=trust, line_manager=manager)
    coordinator = UserFactory(employer=trust, roles=[(Role.APPRENTICESHIP_COORDINATOR, trust)])
    return {"standards": standards, "trust": trust, "account": account, "person": person,
            "manager": manager, "coordinator": coordinator}


def data(world, **kw):
    values = dict(
        person_id=world["person"].id, standard_id=world["standards"]["ST0827"].id,
        standard_version="", provider_name="University of Huddersfield", provider_ukprn="10007148",
        start_on=date(2025, 9, 1), planned_end_on=date(2027, 8, 31),
        training_price=D("14000"), assessment_price=D("2000"),
        funding_source=FundingSource.OWN_LEVY, assessment_organisation="NCFE")
    values.update(kw)
    return services.ApprenticeData(**values)


def add(world, **kw):
    return services.add_apprentice(data(world, **kw), actor=world["coordinator"], today=TODAY)


def test_an_apprentice_is_registered_under_the_rules_of_the_start_date(world):
    apprentice = add(world)
    assert apprentice.status is ApprenticeStatus.LIVE
    assert apprentice.levy_account_id == world["account"].id
    # The agreed £16,000 is capped by the £15,000 band; the employer pays the rest.
    assert apprentice.funded_price == D("15000") and apprentice.employer_excess == D("1000")
    # Started after August 2025: the standard's own published minimum.
    assert apprentice.planned_otj_hours == 187
    assert apprentice.standard_version == "1.0"
    assert [c.status for c in apprentice.history] == [ApprenticeStatus.LIVE]
    # No review and no hours logged more than six months in: red, with the reasons.
    assert apprentice.rag == "red"
    assert any("review overdue" in r for r in apprentice.rag_reasons)
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "apprenticeships.apprentice_added")).subject_id == world["person"].id
    assert db.session.scalar(select(Notice).where(Notice.user_id == world["person"].id))


def test_only_the_employers_coordinator_registers_apprentices(world):
    elsewhere = UserFactory(roles=[(Role.APPRENTICESHIP_COORDINATOR, OrganisationFactory())])
    with pytest.raises(NotAllowed):
        services.add_apprentice(data(world), actor=elsewhere, today=TODAY)
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    assert services.add_apprentice(data(world), actor=pool_lead, today=TODAY).id


def test_own_levy_needs_a_levy_account(world):
    carer = UserFactory(employer=OrganisationFactory())
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    with pytest.raises(DomainError) as refused:
        services.add_apprentice(data(world, person_id=carer.id), actor=pool_lead, today=TODAY)
    assert refused.value.field == "funding_source"
    co_invested = services.add_apprentice(
        data(world, person_id=carer.id, funding_source=FundingSource.CO_INVESTMENT),
        actor=pool_lead, today=TODAY)
    assert co_invested.levy_account_id is None


@pytest.mark.parametrize("change, field, message", [
    ({"provider_ukprn": "1234"}, "provider_ukprn", "UKPRN"),
    ({"uln": "12"}, "uln", "10 digits"),
    ({"planned_end_on": date(2025, 8, 1)}, "planned_end_on", "after the start"),
    ({"start_on": date(2025, 6, 1), "planned_end_on": date(2026, 3, 31)}, "start_on", "at least 12 months"),
])
def test_bad_data_is_refused_beside_its_field(world, change, field, message):
    with pytest.raises(DomainError) as refused:
        add(world, **change)
    assert refused.value.field == field and message in refused.value.message


def test_withdrawn_funding_refuses_new_starts_from_its_date(world):
    lead_practitioner = world["standards"]["ST0007"]
    with pytest.raises(DomainError, match="withdrawn"):
        services.add_apprentice(data(world, standard_id=lead_practitioner.id,
                                     start_on=date(2026, 9, 1), planned_end_on=date(2028, 2, 29)),
                                actor=world["coordinator"], today=date(2026, 9, 1))
    started = services.add_apprentice(data(world, standard_id=lead_practitioner.id,
                                            start_on=date(2026, 3, 1), planned_end_on=date(2027, 8, 31)),
                                       actor=world["coordinator"], today=TODAY)
    assert started.funded_price == D("7000")


def test_a_future_start_waits_and_goes_live_on_the_day(world):
    apprentice = add(world, start_on=date(2026, 4, 1), planned_end_on=date(2028, 3, 31))
    assert apprentice.status is ApprenticeStatus.WAITING_TO_START and apprentice.rag is None
    assert services.start_due(date(2026, 3, 31)) == 0
    assert services.start_due(date(2026, 4, 1)) == 1
    assert apprentice.status is ApprenticeStatus.LIVE
    assert [c.effective_on for c in apprentice.history][-1] == date(2026, 4, 1)


def test_a_break_stops_payments_and_a_stop_ends_them(world):
    apprentice = add(world)
    assert levy_services.post_payments(date(2026, 1, 10)) == 5  # September to January
    services.change_status(apprentice, ApprenticeStatus.PAUSED, date(2026, 2, 3), "Sickness",
                           actor=world["coordinator"], today=TODAY)
    assert apprentice.breaks == [(date(2026, 2, 3), None)]
    assert apprentice.rag is None
    assert levy_services.post_payments(date(2026, 5, 10)) == 0
    services.change_status(apprentice, ApprenticeStatus.LIVE, date(2026, 6, 1), "Back",
                           actor=world["coordinator"], today=date(2026, 6, 2))
    assert levy_services.post_payments(date(2026, 7, 10)) == 2  # June and July
    services.change_status(apprentice, ApprenticeStatus.STOPPED, date(2026, 8, 14), "Left",
                           actor=world["coordinator"], today=date(2026, 8, 14))
    assert levy_services.post_payments(date(2026, 12, 10)) == 0
    months = db.session.scalars(select(LevyTransaction.month).where(
        LevyTransaction.apprentice_id == apprentice.id).order_by(LevyTransaction.month)).all()
    assert date(2026, 2, 1) not in months and months[-1] == date(2026, 7, 1)
    with pytest.raises(DomainError):
        services.change_status(apprentice, ApprenticeStatus.LIVE, date(2026, 8, 20), "",
                               actor=world["coordinator"], today=date(2026, 8, 20))


def test_completion_comes_only_from_an_assessment(world):
    apprentice = add(world)
    with pytest.raises(DomainError, match="assessment"):
        services.change_status(apprentice, ApprenticeStatus.COMPLETED, TODAY, "",
                               actor=world["coordinator"], today=TODAY)


def test_status_dates_must_follow_the_history(world):
    apprentice = add(world)
    with pytest.raises(DomainError) as refused:
        services.change_status(apprentice, ApprenticeStatus.PAUSED, date(2025, 8, 1), "",
                               actor=world["coordinator"], today=TODAY)
    assert refused.value.field == "effective_on"


def test_a_standard_without_a_published_minimum_is_to_confirm_and_never_green(world):
    hcsw = world["standards"]["ST0216"]
    assert hcsw.min_off_the_job_hours is None
    apprentice = add(world, standard_id=hcsw.id, start_on=date(2026, 3, 2),
                     planned_end_on=date(2027, 3, 1), training_price=D("2500"),
                     assessment_price=D("500"))
    assert apprentice.planned_otj_hours is None  # not the 187-hour floor
    assert apprentice.rag == "amber"
    assert apprentice.rag_reasons == [rules.OTJ_TO_CONFIRM]
    # The official list brings the figure: the plan takes it and the colour follows progress.
    lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    csv = ("reference,title,level,typical_duration_months,max_funding_band_gbp,"
           "min_off_the_job_hours\nST0216,Healthcare support worker,2,12,3000,278\n")
    summary = reference.import_standards(csv, actor=lead, today=TODAY)
    assert summary.plans_confirmed == 1
    assert apprentice.planned_otj_hours == 278
    assert apprentice.rag == "green"


def review(held_on, **kw):
    values = dict(held_on=held_on, employer_representative="Rebecca Hall",
                  provider_representative="Tutor", apprentice_signed=True, employer_signed=True,
                  provider_signed=True, progress="On track", actions="Next module")
    values.update(kw)
    return services.ReviewData(**values)


def test_logging_hours_and_a_review_turn_red_to_green(world):
    apprentice = add(world)
    assert apprentice.rag == "red"
    services.log_off_the_job(apprentice, date(2026, 3, 10), D("55"), "Taught sessions",
                             actor=world["person"], today=TODAY)
    assert apprentice.otj_hours_logged == D("55")  # about 50 are planned by now
    services.record_review(apprentice, review(date(2026, 3, 12)), actor=world["coordinator"],
                           today=TODAY)
    assert apprentice.last_review_on == date(2026, 3, 12)
    assert apprentice.next_review_due_on == date(2026, 6, 4)
    assert (apprentice.rag, apprentice.rag_reasons) == ("green", [])


def test_a_review_is_three_way(world):
    apprentice = add(world)
    with pytest.raises(DomainError) as refused:
        services.record_review(apprentice, review(date(2026, 3, 12), provider_signed=False),
                               actor=world["coordinator"], today=TODAY)
    assert refused.value.field == "signed"
    with pytest.raises(DomainError):
        services.record_review(apprentice, review(date(2026, 3, 12),
                                                  next_review_on=date(2026, 7, 1)),
                               actor=world["coordinator"], today=TODAY)


def test_only_the_apprentice_or_a_coordinator_logs_hours(world):
    apprentice = add(world)
    with pytest.raises(NotAllowed):
        services.log_off_the_job(apprentice, date(2026, 3, 10), D("2"), "x",
                                 actor=world["manager"], today=TODAY)
    with pytest.raises(DomainError) as refused:
        services.log_off_the_job(apprentice, date(2026, 3, 20), D("2"), "x",
                                 actor=world["person"], today=TODAY)
    assert refused.value.field == "worked_on"


def test_gateway_then_assessment_then_completion_pays_the_rest(world):
    apprentice = add(world, start_on=date(2024, 9, 1), planned_end_on=date(2026, 3, 31))
    levy_services.post_payments(date(2026, 2, 10))
    with pytest.raises(DomainError, match="gateway"):
        services.book_assessment(apprentice, "NCFE", date(2026, 3, 20),
                                 actor=world["coordinator"], today=TODAY)
    items = {key for key, _ in rules.GATEWAY_ITEMS}
    assert services.update_gateway(apprentice, items - {"provider_ready"},
                                   actor=world["coordinator"], today=TODAY) is False
    assert services.update_gateway(apprentice, items, actor=world["coordinator"], today=TODAY)
    attempt = services.book_assessment(apprentice, "NCFE", date(2026, 3, 20),
                                       actor=world["coordinator"], today=TODAY)
    services.record_assessment_result(attempt, apprentice, AssessmentResult.MERIT,
                                      date(2026, 3, 25), actor=world["coordinator"],
                                      today=date(2026, 3, 26))
    assert apprentice.status is ApprenticeStatus.COMPLETED and apprentice.ended_on == date(2026, 3, 25)
    paid = db.session.execute(select(LevyTransaction.kind, LevyTransaction.amount).where(
        LevyTransaction.apprentice_id == apprentice.id, LevyTransaction.month == date(2026, 3, 1))).all()
    assert (TransactionKind.COMPLETION, D("3000.00")) in paid
    total = db.session.scalar(select(db.func.sum(LevyTransaction.amount)).where(
        LevyTransaction.apprentice_id == apprentice.id))
    assert D(total) == D("15000.00")


def test_transfers_fund_new_starts_the_pledge_approved(world):
    carer_org = OrganisationFactory(name="Care home", type="care_provider")
    carer = UserFactory(employer=carer_org)
    carers_coordinator = UserFactory(roles=[(Role.APPRENTICESHIP_COORDINATOR, carer_org)])
    lead_care = world["standards"]["ST0006"]
    pledge = Pledge(account_id=world["account"].id, tax_year=2025, amount=D(10000),
                    organisation_types=["care_provider"], levels=[3])
    application = TransferApplication(
        pledge=pledge, organisation_id=carer_org.id, standard_id=lead_care.id,
        apprentices_count=2, amount=D(8000), planned_start_on=date(2026, 4, 1),
        status=ApplicationStatus.APPROVED, decided_at=utcnow().replace(year=2026, month=3, day=1))
    db.session.add_all([pledge, application])
    db.session.flush()
    kwargs = dict(person_id=carer.id, standard_id=lead_care.id,
                  funding_source=FundingSource.TRANSFER, transfer_application_id=application.id,
                  start_on=date(2026, 4, 1), planned_end_on=date(2027, 9, 30),
                  training_price=D("3600"), assessment_price=D("600"))
    first = services.add_apprentice(data(world, **kwargs), actor=carers_coordinator, today=TODAY)
    assert first.levy_account_id == world["account"].id  # the sender's account pays
    assert first.funded_price == D(4000)
    second_person = UserFactory(employer=carer_org)
    services.add_apprentice(data(world, **{**kwargs, "person_id": second_person.id}),
                            actor=carers_coordinator, today=TODAY)
    third = UserFactory(employer=carer_org)
    with pytest.raises(DomainError, match="left"):
        services.add_apprentice(data(world, **{**kwargs, "person_id": third.id}),
                                actor=carers_coordinator, today=TODAY)
    services.start_due(date(2026, 4, 1))
    assert levy_services.post_payments(date(2026, 5, 10)) == 4  # April and May, for each of two
    counterparties = set(db.session.scalars(select(LevyTransaction.counterparty_id).where(
        LevyTransaction.apprentice_id == first.id)))
    assert counterparties == {carer_org.id}


def test_a_transfer_must_be_approved_for_this_employer_and_standard(world):
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    with pytest.raises(DomainError) as refused:
        services.add_apprentice(data(world, funding_source=FundingSource.TRANSFER),
                                actor=pool_lead, today=TODAY)
    assert refused.value.field == "transfer_application"


def test_review_reminders_go_once_to_the_apprentice_manager_and_coordinator(world):
    apprentice = add(world, start_on=date(2026, 1, 5), planned_end_on=date(2027, 12, 31))
    due = apprentice.next_review_due_on
    assert due == date(2026, 3, 30)
    assert services.send_review_reminders(due - timedelta(days=20)) == 0
    assert services.send_review_reminders(due - timedelta(days=10)) == 1
    assert services.send_review_reminders(due - timedelta(days=9)) == 0
    told = set(db.session.scalars(select(Notice.user_id)))
    assert {world["person"].id, world["manager"].id, world["coordinator"].id} <= told
    mails = db.session.scalars(select(OutboxMessage.to_address)).all()
    assert world["coordinator"].email in mails
    mail = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.to_address == world["coordinator"].email))
    assert mail.subject == "Apprenticeship progress review due soon"
    assert f"{world['person'].name}'s progress review is due by 30 March 2026." in mail.body_text
    assert f"training provider ({apprentice.provider_name}) meet at least every 12 weeks" \
        in mail.body_text
    assert f"http://academy.test/apprenticeships/apprentices/{apprentice.id}" in mail.body_text
    assert f'href="http://academy.test/apprenticeships/apprentices/{apprentice.id}"' in mail.body_html
    own = db.session.scalar(select(Notice).where(Notice.user_id == world["person"].id,
                                                 Notice.text.like("Your progress review%")))
    assert own.text == "Your progress review is due by 30 March 2026"
    assert own.link == f"http://academy.test/apprenticeships/apprentices/{apprentice.id}"
    assert services.send_review_reminders(due + timedelta(days=1)) == 1  # now overdue
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.subject == "Apprenticeship progress review overdue")) >= 1
    assert services.send_review_reminders(due + timedelta(days=2)) == 0


def test_the_nightly_refresh_follows_the_passing_of_time(world):
    apprentice = add(world, start_on=date(2026, 3, 2), planned_end_on=date(2027, 12, 31))
    services.log_off_the_job(apprentice, date(2026, 3, 10), D("3"), "x",
                             actor=world["person"], today=TODAY)
    assert apprentice.rag == "green"
    assert services.refresh_all(date(2026, 7, 1)) == 1
    assert apprentice.rag == "red"


@pytest.mark.parametrize("stopped_on, kept", [(date(2026, 3, 14), 0), (date(2026, 3, 15), 1)])
def test_a_stop_before_day_42_takes_back_what_was_paid(world, stopped_on, kept):
    # Started 2 February 2026: the daily job has paid February's and this month's instalments.
    # Leaving on 14 March is day 41, before the qualifying period, so nothing is owed; leaving
    # on 15 March (day 42) keeps February's (March's census, its last day, is not reached).
    apprentice = add(world, start_on=date(2026, 2, 2), planned_end_on=date(2027, 2, 1))
    levy_services.post_payments(TODAY)
    paid = select(func.count()).select_from(LevyTransaction).where(
        LevyTransaction.apprentice_id == apprentice.id)
    assert db.session.scalar(paid) == 2
    services.change_status(apprentice, ApprenticeStatus.STOPPED, stopped_on, "Left",
                           actor=world["coordinator"], today=TODAY)
    assert db.session.scalar(paid) == kept
    levy_services.post_payments(TODAY)  # the daily job does not pay it again
    assert db.session.scalar(paid) == kept
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "apprenticeships.status_changed")).all()[-1]
    assert event.detail["payments_withdrawn"] == 2 - kept
