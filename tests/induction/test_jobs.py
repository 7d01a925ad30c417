"""The induction's daily jobs: overdue reminders once a day, and items done by linked courses."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from academy.courses.models import RecordSource, TrainingRecord
from academy.holdings import services as holdings
from academy.induction import jobs, standards
from academy.induction.models import ItemStatus
from academy.jobs import run_job
from academy.notifications.models import Notice
from academy.people.roles import Role
from tests.courses.factories import SubjectFactory
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers
from tests.induction.helpers import START

JOBS = {job.name: job for job in jobs.JOBS}


def test_overdue_reminders_tell_the_learner_and_manager_once(app, session):
    org = OrganisationFactory()
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    learner = UserFactory(employer=org, team=TeamFactory(organisation=org, manager=manager),
                          line_manager=manager)
    helpers.programme(org)
    induction = helpers.start(learner, manager)
    welcome = induction.items[0]  # due 14 days after the start
    session.commit()
    day_after = datetime.combine(welcome.due_on + timedelta(days=1), datetime.min.time()).replace(hour=8)
    assert run_job(JOBS["induction.overdue_reminders"], day_after) == "done"
    assert run_job(JOBS["induction.overdue_reminders"], day_after) == "skipped"
    texts = session.scalars(select(Notice.text).where(Notice.text.like("%overdue%"))).all()
    assert sorted(texts) == sorted([
        "1 induction item became overdue yesterday: talk to your assessor or manager",
        f"{learner.name} has 1 induction item newly overdue",
    ])
    later = day_after + timedelta(days=1)
    assert run_job(JOBS["induction.overdue_reminders"], later) == "done"
    assert session.scalar(select(func.count()).select_from(Notice).where(Notice.text.like("%overdue%"))) == 2


def test_the_courses_job_does_items_the_person_holds_once_holdings_are_rebuilt(app, session):
    """A record loaded outside the services (an upgrade, then `holdings rebuild`) is picked up by
    the nightly pass."""
    org = OrganisationFactory()
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    learner = UserFactory(employer=org, team=TeamFactory(organisation=org, manager=manager))
    fire = SubjectFactory(name="Fire Safety", level="Level 1", renewal_months=24)
    programme = helpers.programme(org, templates=[standards.core_skill_items()[2], standards.welcome_item()])
    programme.items[0].mandatory_subject_id = fire.id
    induction = helpers.start(learner, manager)
    session.add(TrainingRecord(user_id=learner.id, subject_id=fire.id, completed_on=START + timedelta(days=3),
                               expires_on=START + timedelta(days=700), source=RecordSource.IMPORT,
                               recorded_by_organisation_id=org.id, title="Fire safety"))
    holdings.rebuild()
    session.commit()
    assert [i.status for i in induction.items] == [ItemStatus.TO_DO, ItemStatus.TO_DO]
    assert run_job(JOBS["induction.courses_completed"], datetime(2026, 1, 9, 7)) == "done"
    assert [i.status for i in induction.items] == [ItemStatus.ACHIEVED, ItemStatus.TO_DO]
