"""The person's page lists the corrections made to their records, newest first: who, when, what
and why, read from the audit log."""

from datetime import timedelta

import pytest

from academy.audit import queries
from academy.audit.services import record
from academy.extensions import db
from academy.induction.services import inductions as induction_services
from academy.people.roles import Role
from academy.talent.fellowships import services as fellowship_services
from academy.talent.fellowships.models import CohortMilestone, MilestoneKind
from academy.timekeeping import today
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers
from tests.talent.fellowships.factories import FellowFactory, lead


@pytest.fixture
def world(app):
    org = OrganisationFactory(name="Ridings Home Care")
    manager = UserFactory(employer=org, roles=[Role.MANAGER], given_name="Mo", family_name="Khan")
    person = UserFactory(employer=org, team=TeamFactory(organisation=org, manager=manager),
                         given_name="Liam", family_name="Walker")
    helpers.programme(org)
    started = today() - timedelta(days=20)
    induction = helpers.start(person, manager, started_on=started, today=today())
    induction_services.change_start(induction, started_on=started - timedelta(days=2),
                                    reason="HR had the wrong first day", actor=manager)
    runner = lead()
    fellow = FellowFactory(person=person)
    milestone = CohortMilestone(cohort=fellow.cohort, kind=MilestoneKind.LEARNING_SET,
                                title="Learning set 1", due_on=fellow.cohort.starts_on)
    db.session.add(milestone)
    db.session.flush()
    fellowship_services.complete_milestone(fellow, milestone, on=today(), actor=runner)
    fellowship_services.undo_milestone(fellow, milestone, reason="Did not attend", actor=runner)
    # Not a correction: an ordinary change of state about them.
    record(manager, "induction.assessor_added", induction, subject=person)
    db.session.commit()
    return dict(org=org, manager=manager, person=person, runner=runner, started=started)


def test_corrections_about_a_person_are_newest_first_with_who_what_and_why(world):
    corrections = queries.corrections_about(world["person"].id)
    assert [c.what for c in corrections] == ["Fellowship milestone no longer done",
                                            "Induction start date changed"]
    undone, moved = corrections
    assert undone.by == world["runner"].name and undone.reason == "Did not attend"
    assert undone.change == f"Was {today():%-d %B %Y}" and undone.about.startswith("Learning set 1")
    assert moved.by == "Mo Khan" and moved.about == "Induction with Ridings Home Care"
    started = world["started"]
    assert moved.change == (f"From {started:%-d %B %Y} to "
                            f"{started - timedelta(days=2):%-d %B %Y}")
    assert queries.corrections_about(world["manager"].id) == []


def test_the_persons_page_shows_them_to_their_manager_and_to_the_person(client, world):
    sign_in(client, world["manager"])
    page = client.get(f"/people/{world['person'].id}").get_data(as_text=True)
    assert "Corrections to Liam&#39;s records" in page
    assert page.index("Fellowship milestone no longer done") < page.index("Induction start date changed")
    assert "HR had the wrong first day" in page and "Did not attend" in page and "Mo Khan" in page
    client.post("/logout")
    sign_in(client, world["person"])
    page = client.get("/me").get_data(as_text=True)
    assert "Corrections to your records" in page and "HR had the wrong first day" in page


def test_someone_with_no_corrections_is_told_so(client, world):
    sign_in(client, world["manager"])
    page = client.get(f"/people/{world['manager'].id}").get_data(as_text=True)
    assert "No corrections have been made to your records." in page
