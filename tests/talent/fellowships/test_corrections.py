"""Milestones marked done with the date they were done, never in the future, and undone with a
reason when marked by mistake."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.talent.fellowships import services
from academy.talent.fellowships.models import CohortMilestone, MilestoneCompletion, MilestoneKind
from academy.timekeeping import today
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.talent.fellowships.factories import FellowFactory, lead


@pytest.fixture
def world(app):
    runner = lead()
    fellow = FellowFactory(person=UserFactory(given_name="Chioma", family_name="Obi"))
    milestone = CohortMilestone(cohort=fellow.cohort, kind=MilestoneKind.PROJECT_PLAN,
                                title="Project plan", due_on=fellow.cohort.placement_starts_on)
    db.session.add(milestone)
    db.session.commit()
    return dict(lead=runner, fellow=fellow, milestone=milestone)


def done_on(fellow, milestone):
    return db.session.scalar(select(MilestoneCompletion.completed_on).where(
        MilestoneCompletion.fellow_id == fellow.id, MilestoneCompletion.milestone_id == milestone.id))


def test_undoing_a_milestone_asks_why_and_is_audited(world):
    fellow, milestone, runner = world["fellow"], world["milestone"], world["lead"]
    day = today() - timedelta(days=3)
    services.complete_milestone(fellow, milestone, on=day, actor=runner)
    with pytest.raises(DomainError, match="Enter the reason"):
        services.undo_milestone(fellow, milestone, reason="", actor=runner)
    with pytest.raises(NotAllowed):
        services.undo_milestone(fellow, milestone, reason="Wrong fellow", actor=fellow.person)
    assert done_on(fellow, milestone) == day

    services.undo_milestone(fellow, milestone, reason="Marked for the wrong fellow", actor=runner)
    assert done_on(fellow, milestone) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "fellowship_milestone.undone"))
    assert event.subject_id == fellow.person_id and event.actor_id == runner.id
    assert event.detail["reason"] == "Marked for the wrong fellow"
    assert event.detail["before"] == day.isoformat() and "Project plan" in event.detail["about"]
    with pytest.raises(DomainError, match="not marked done"):
        services.undo_milestone(fellow, milestone, reason="Again", actor=runner)
    # It can be marked done again, on the right day.
    services.complete_milestone(fellow, milestone, on=today(), actor=runner)
    assert done_on(fellow, milestone) == today()


def test_marking_done_asks_for_the_date_and_refuses_none_or_the_future(client, world):
    fellow, milestone = world["fellow"], world["milestone"]
    sign_in(client, world["lead"])
    page = client.get(f"/fellowships/fellows/{fellow.id}").get_data(as_text=True)
    url = f"/fellowships/fellows/{fellow.id}/milestones/{milestone.id}/done"
    assert url in page
    assert "Date done" in client.get(url).get_data(as_text=True)

    response = client.post(url, data={"completed_on": ""})
    assert response.status_code == 200
    assert "Enter the date it was done" in response.get_data(as_text=True)
    response = client.post(url, data={"completed_on": (today() + timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert "must not be in the future" in response.get_data(as_text=True)
    assert done_on(fellow, milestone) is None

    day = today() - timedelta(days=2)
    response = client.post(url, data={"completed_on": day.isoformat()})
    assert response.status_code == 302
    assert done_on(fellow, milestone) == day
    # Already done: the page says so and sends the lead back.
    assert client.get(url).status_code == 302


def test_the_lead_undoes_a_milestone_from_the_fellows_page(client, world):
    fellow, milestone = world["fellow"], world["milestone"]
    services.complete_milestone(fellow, milestone, on=today(), actor=world["lead"])
    db.session.commit()
    sign_in(client, world["lead"])
    url = f"/fellowships/fellows/{fellow.id}/milestones/{milestone.id}/undo"
    assert url in client.get(f"/fellowships/fellows/{fellow.id}").get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "Undo Project plan?" in page and "Cancel" in page
    response = client.post(url, data={"reason": ""})
    assert response.status_code == 200
    assert "Enter the reason for the correction" in response.get_data(as_text=True)
    assert done_on(fellow, milestone) == today()
    response = client.post(url, data={"reason": "The plan was not signed by the host yet"})
    assert response.status_code == 302
    assert done_on(fellow, milestone) is None
    assert "no longer marked done" in client.get(response.location).get_data(as_text=True)


def test_a_milestone_of_another_cohort_is_not_found(client, world):
    other = FellowFactory()
    sign_in(client, world["lead"])
    milestone = world["milestone"]
    assert client.get(f"/fellowships/fellows/{other.id}/milestones/{milestone.id}/done").status_code == 404
    assert client.get(f"/fellowships/fellows/{other.id}/milestones/{milestone.id}/undo").status_code == 404


def test_the_fellow_and_their_mentor_cannot_mark_or_undo(client, world):
    fellow, milestone = world["fellow"], world["milestone"]
    services.complete_milestone(fellow, milestone, on=today(), actor=world["lead"])
    db.session.commit()
    sign_in(client, fellow.person)
    assert client.post(f"/fellowships/fellows/{fellow.id}/milestones/{milestone.id}/undo",
                       data={"reason": "Mine"}).status_code == 403
    assert done_on(fellow, milestone) == today()
