"""Running a fellowship: cohorts, fellows, placements, milestones, backfill and outcomes."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.jobs import run_job
from academy.notifications.models import Notice, OutboxMessage
from academy.people.models import JobHistory
from academy.people.roles import Role
from academy.schedule import JOBS
from academy.talent.fellowships import rules, services
from academy.talent.fellowships.models import FellowOutcome, MilestoneKind, Outcome
from academy.timekeeping import today, utcnow
from tests.factories import JobRoleFactory, OrganisationFactory, UserFactory
from tests.talent.fellowships.factories import (
    CohortFactory,
    FellowFactory,
    PlacementFactory,
    lead,
)


def test_only_a_fellowship_lead_runs_fellowships(app):
    with pytest.raises(NotAllowed):
        services.create_programme(name="X", description=None, actor=UserFactory(roles=[Role.ADMIN]))


def test_a_cohort_s_dates_run_development_then_placements(app):
    runner = lead()
    programme = services.create_programme(name="West Yorkshire Fellowship", description=None,
                                          actor=runner)
    with pytest.raises(DomainError, match="Placements start"):
        services.create_cohort(programme, name="Cohort 1", starts_on=date(2025, 9, 1),
                               placement_starts_on=date(2025, 8, 1), ends_on=date(2026, 8, 1),
                               actor=runner)
    cohort = services.create_cohort(programme, name="Cohort 1", starts_on=date(2025, 9, 1),
                                    placement_starts_on=date(2026, 3, 1), ends_on=date(2027, 2, 28),
                                    actor=runner)
    assert cohort.programme == programme
    with pytest.raises(DomainError, match="already has a cohort"):
        services.create_cohort(programme, name="Cohort 1", starts_on=date(2025, 9, 1),
                               placement_starts_on=date(2026, 3, 1), ends_on=date(2027, 2, 28),
                               actor=runner)


def test_a_fellow_keeps_the_employer_and_role_they_joined_with(app):
    runner = lead()
    cohort = CohortFactory()
    person = UserFactory()
    coach = UserFactory(roles=[Role.COACH])
    mentor = UserFactory()
    fellow = services.add_fellow(cohort, person, mentor=mentor, coach=coach, actor=runner)
    assert (fellow.employer_id, fellow.baseline_job_role_id) == (person.employer_id, person.job_role_id)
    assert (fellow.mentor_id, fellow.coach_id) == (mentor.id, coach.id)
    with pytest.raises(DomainError, match="already a fellow"):
        services.add_fellow(cohort, person, mentor=None, coach=None, actor=runner)
    with pytest.raises(DomainError, match="trained career coach"):
        services.add_fellow(cohort, UserFactory(), mentor=None, coach=UserFactory(), actor=runner)
    other = UserFactory()
    with pytest.raises(DomainError, match="own mentor"):
        services.add_fellow(cohort, other, mentor=other, coach=None, actor=runner)


def test_the_placement_follows_the_development_period_in_another_partner(app):
    runner = lead()
    fellow = FellowFactory()
    cohort = fellow.cohort
    host = OrganisationFactory()
    with pytest.raises(DomainError, match="another partner"):
        services.set_placement(fellow, host=fellow.employer, project="P", description=None,
                               supervisor=None, starts_on=cohort.placement_starts_on, ends_on=None,
                               days_per_week=1, actor=runner)
    with pytest.raises(DomainError, match="after the development period"):
        services.set_placement(fellow, host=host, project="P", description=None, supervisor=None,
                               starts_on=cohort.placement_starts_on - timedelta(days=1),
                               ends_on=None, days_per_week=1, actor=runner)
    placement = services.set_placement(
        fellow, host=host, project="Discharge to assess", description=None, supervisor=UserFactory(),
        starts_on=cohort.placement_starts_on, ends_on=None, days_per_week=1, actor=runner,
    )
    assert placement.ends_on == rules.placement_ends(cohort.placement_starts_on)
    # Setting it again changes the one placement.
    again = services.set_placement(fellow, host=host, project="Changed", description=None,
                                   supervisor=None, starts_on=cohort.placement_starts_on,
                                   ends_on=None, days_per_week=2, actor=runner)
    assert again.id == placement.id and again.days_per_week == 2


def test_milestones_fall_within_the_cohort_and_are_done_once(app):
    runner = lead()
    fellow = FellowFactory()
    cohort = fellow.cohort
    with pytest.raises(DomainError, match="within the cohort"):
        services.add_milestone(cohort, kind=MilestoneKind.LEARNING_SET, title="Learning set 1",
                               due_on=cohort.starts_on - timedelta(days=1), actor=runner)
    milestone = services.add_milestone(cohort, kind=MilestoneKind.PROJECT_PLAN, title="Project plan",
                                       due_on=cohort.placement_starts_on, actor=runner)
    services.complete_milestone(fellow, milestone, on=cohort.placement_starts_on, actor=runner)
    with pytest.raises(DomainError, match="already"):
        services.complete_milestone(fellow, milestone, on=today(), actor=runner)
    with pytest.raises(DomainError, match="another cohort"):
        services.complete_milestone(FellowFactory(), milestone, on=today(), actor=runner)


def test_backfill_is_per_placement_month_paid_to_the_substantive_employer(app):
    runner = lead()
    placement = PlacementFactory()
    fellow = placement.fellow
    first_month = placement.starts_on.replace(day=1)
    with pytest.raises(DomainError, match="within the placement"):
        services.record_backfill(fellow, month=rules.months_after(first_month, -1),
                                 amount=Decimal("650"), actor=runner)
    payment = services.record_backfill(fellow, month=first_month, amount=Decimal("650"), actor=runner)
    assert payment.amount == Decimal("650.00") and payment.paid_to_id == fellow.employer_id
    # The person moves to another employer: the backfill still goes to the one they joined from.
    fellow.person.employer_id = OrganisationFactory().id
    corrected = services.record_backfill(fellow, month=first_month, amount=Decimal("700.50"),
                                         actor=runner)
    assert corrected.id == payment.id and corrected.amount == Decimal("700.50")
    assert corrected.paid_to_id == fellow.employer_id
    entry = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "fellow.backfill_recorded")
                               .order_by(AuditEvent.id.desc())).first()
    assert entry.detail["before"] == "650.00" and entry.detail["amount"] == "700.50"
    with pytest.raises(DomainError, match="placement first"):
        services.record_backfill(FellowFactory(), month=first_month, amount=Decimal("1"), actor=runner)


def spell(person, role, started, ended=None, reason=None):
    db.session.add(JobHistory(user_id=person.id, organisation_id=person.employer_id,
                              job_role_id=role.id, started_on=started, ended_on=ended, reason=reason))


def test_outcomes_are_recorded_from_job_history_6_and_12_months_on_once_each(app):
    band3, band4 = JobRoleFactory(afc_band="3"), JobRoleFactory(afc_band="4")
    cohort = CohortFactory(starts_on=rules.months_after(today(), -32),
                           placement_starts_on=rules.months_after(today(), -26),
                           ends_on=rules.months_after(today(), -14))
    promoted = FellowFactory(cohort=cohort, person=UserFactory(job_role=band3))
    spell(promoted.person, band3, date(2018, 1, 1), cohort.ends_on + timedelta(days=59))
    spell(promoted.person, band4, cohort.ends_on + timedelta(days=60), reason="Promoted")
    stayed = FellowFactory(cohort=cohort, person=UserFactory(job_role=band3))
    spell(stayed.person, band3, date(2018, 1, 1))
    withdrawn = FellowFactory(cohort=cohort, status="withdrawn", withdrawn_on=cohort.placement_starts_on)
    db.session.flush()

    assert services.record_outcomes(today()) == 4
    outcomes = {(o.fellow_id, o.months): o.outcome for o in db.session.scalars(select(FellowOutcome))}
    assert outcomes == {
        (promoted.id, 6): Outcome.PROMOTED, (promoted.id, 12): Outcome.PROMOTED,
        (stayed.id, 6): Outcome.SAME_ROLE, (stayed.id, 12): Outcome.SAME_ROLE,
    }
    assert withdrawn.id not in {f for f, _ in outcomes}
    assert services.record_outcomes(today()) == 0


def test_the_12_month_outcome_waits_until_it_is_due(app):
    band3 = JobRoleFactory(afc_band="3")
    cohort = CohortFactory(starts_on=rules.months_after(today(), -26),
                           placement_starts_on=rules.months_after(today(), -20),
                           ends_on=rules.months_after(today(), -8))
    fellow = FellowFactory(cohort=cohort, person=UserFactory(job_role=band3))
    spell(fellow.person, band3, date(2018, 1, 1), cohort.ends_on + timedelta(days=30))
    # Left the partnership's organisations a month after the programme: no job on record.
    db.session.flush()
    assert services.record_outcomes(today()) == 1
    [outcome] = db.session.scalars(select(FellowOutcome)).all()
    assert (outcome.months, outcome.outcome) == (6, Outcome.LEFT)
    assert services.record_outcomes(rules.months_after(today(), 4)) == 1


def test_the_daily_job_records_outcomes_once(app):
    band3 = JobRoleFactory(afc_band="3")
    cohort = CohortFactory(starts_on=rules.months_after(today(), -26),
                           placement_starts_on=rules.months_after(today(), -20),
                           ends_on=rules.months_after(today(), -8))
    fellow = FellowFactory(cohort=cohort, person=UserFactory(job_role=band3))
    spell(fellow.person, band3, date(2018, 1, 1))
    db.session.commit()
    job = JOBS["fellowships.record_outcomes"]
    now = utcnow()
    assert run_job(job, now) == "done"
    assert run_job(job, now) == "skipped"
    assert [(o.months, o.outcome) for o in db.session.scalars(select(FellowOutcome))] == [
        (6, Outcome.SAME_ROLE)]


def test_a_new_fellow_is_welcomed_by_e_mail_with_a_link_to_their_page(app):
    cohort = CohortFactory(starts_on=date(2026, 9, 1))
    person = UserFactory(given_name="Chioma")
    fellow = services.add_fellow(cohort, person, mentor=None, coach=None, actor=lead())
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == person.email)).one()
    assert message.subject == f"Welcome to {cohort.programme.name}"
    assert message.body_text.startswith(
        f"Dear Chioma,\n\nYou are a fellow of {cohort.title}, starting 1 September 2026. Your page "
        "shows your milestones, placement, mentor and coach."
    )
    notice = db.session.scalars(select(Notice).where(Notice.user_id == person.id)).one()
    assert notice.link == f"http://academy.test/fellowships/fellows/{fellow.id}"
