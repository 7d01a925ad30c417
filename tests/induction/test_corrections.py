"""Correcting an induction: changing its start date (open items' due dates move with it) and
closing it unfinished, each with a reason, by whoever may start it, and audited."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction.models import InductionStatus, ItemStatus
from academy.induction.services import inductions as services
from academy.notifications.models import Notice
from academy.people.roles import Role
from academy.timekeeping import today
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers


@pytest.fixture
def world(app):
    org = OrganisationFactory(name="Ridings Home Care")
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    learner = UserFactory(employer=org, team=TeamFactory(organisation=org, manager=manager),
                          given_name="Liam", family_name="Walker")
    assessor = UserFactory(employer=org, roles=[(Role.ASSESSOR, org)])
    helpers.programme(org)
    started = today() - timedelta(days=20)
    induction = helpers.start(learner, manager, [assessor], started_on=started, today=today())
    db.session.commit()
    return dict(org=org, manager=manager, learner=learner, assessor=assessor, induction=induction,
                started=started)


def test_changing_the_start_moves_the_open_items_due_dates_and_keeps_what_is_done(world):
    induction, started = world["induction"], world["started"]
    done = induction.items[0]
    helpers.sign_off(done, world["assessor"], day=started + timedelta(days=2))
    done_due = done.due_on
    open_due = {item.id: item.due_on for item in induction.items[1:]}

    moved = services.change_start(induction, started_on=started - timedelta(days=7),
                                  reason="HR had the wrong first day", actor=world["manager"])

    assert moved == len(induction.items) - 1
    assert induction.started_on == started - timedelta(days=7)
    assert {i.id: i.due_on for i in induction.items[1:]} == {
        ident: due - timedelta(days=7) for ident, due in open_due.items()}
    assert done.due_on == done_due and done.status == ItemStatus.ACHIEVED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "induction.start_corrected"))
    assert event.actor_id == world["manager"].id and event.subject_id == world["learner"].id
    assert event.detail["reason"] == "HR had the wrong first day"
    assert event.detail["before"] == started.isoformat()
    assert event.detail["after"] == (started - timedelta(days=7)).isoformat()
    assert any("now starts on" in n for n in db.session.scalars(
        select(Notice.text).where(Notice.user_id == world["learner"].id)))


def test_a_start_after_something_was_signed_off_or_without_a_reason_is_refused(world):
    induction, started = world["induction"], world["started"]
    helpers.sign_off(induction.items[0], world["assessor"], day=started + timedelta(days=2))
    db.session.commit()
    due = [item.due_on for item in induction.items]
    with pytest.raises(DomainError, match="on or before") as refused:
        services.change_start(induction, started_on=started + timedelta(days=5), reason="Later",
                              actor=world["manager"])
    assert refused.value.field == "started_on"
    with pytest.raises(DomainError, match="Enter the reason") as refused:
        services.change_start(induction, started_on=started + timedelta(days=1), reason="  ",
                              actor=world["manager"])
    assert refused.value.field == "reason"
    with pytest.raises(DomainError, match="already the induction's start date"):
        services.change_start(induction, started_on=started, reason="Same", actor=world["manager"])
    db.session.rollback()
    assert induction.started_on == started and [i.due_on for i in induction.items] == due
    # Up to the day of the first sign-off is still fine.
    services.change_start(induction, started_on=started + timedelta(days=2), reason="Started then",
                          actor=world["manager"])


def test_only_whoever_may_start_it_corrects_or_closes_it(world):
    induction = world["induction"]
    admin_elsewhere = UserFactory(roles=[(Role.ADMIN, OrganisationFactory())])
    for stranger in (world["assessor"], world["learner"], UserFactory(roles=[Role.MANAGER]),
                     admin_elsewhere, UserFactory(employer=world["org"], roles=[(Role.LEARNING_LEAD, world["org"])])):
        with pytest.raises(NotAllowed):
            services.change_start(induction, started_on=world["started"] - timedelta(days=1),
                                  reason="No", actor=stranger)
        with pytest.raises(NotAllowed):
            services.close_unfinished(induction, reason="No", actor=stranger, today=today())
    admin = UserFactory(roles=[(Role.ADMIN, world["org"])])
    services.close_unfinished(induction, reason="Left in the first month", actor=admin, today=today())
    assert induction.status == InductionStatus.CLOSED
    # Closed, it can no longer be corrected.
    with pytest.raises(NotAllowed):
        services.change_start(induction, started_on=world["started"] - timedelta(days=1),
                              reason="Too late", actor=admin)


def test_closing_unfinished_keeps_what_was_achieved_and_lets_them_start_again(world):
    induction, started = world["induction"], world["started"]
    helpers.sign_off(induction.items[0], world["assessor"], day=started + timedelta(days=2))
    services.close_unfinished(induction, reason="Moved to bank work, no induction needed",
                              actor=world["manager"], today=today())
    assert induction.status == InductionStatus.CLOSED and induction.closed_on == today()
    assert induction.certificate_code is None
    assert induction.items[0].status == ItemStatus.ACHIEVED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "induction.closed_unfinished"))
    assert event.detail["reason"] == "Moved to bank work, no induction needed"
    assert (event.detail["before"], event.detail["after"]) == ("In progress", "Closed unfinished")
    again = helpers.start(world["learner"], world["manager"], started_on=today(), today=today())
    assert again.is_in_progress and induction.status == InductionStatus.CLOSED


def test_the_manager_changes_the_start_on_its_page_and_sees_every_error_in_place(client, world):
    induction, started = world["induction"], world["started"]
    sign_in(client, world["manager"])
    page = client.get(f"/induction/{induction.id}").get_data(as_text=True)
    assert f"/induction/{induction.id}/start-date" in page and f"/induction/{induction.id}/close" in page

    response = client.post(f"/induction/{induction.id}/start-date",
                           data={"started_on": (today() + timedelta(days=5 * 365)).isoformat(), "reason": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "three years from now" in body and "Enter the reason for the correction" in body
    db.session.refresh(induction)
    assert induction.started_on == started

    new = started - timedelta(days=3)
    response = client.post(f"/induction/{induction.id}/start-date",
                           data={"started_on": new.isoformat(), "reason": "Agency paperwork was late"})
    assert response.status_code == 302
    db.session.refresh(induction)
    assert induction.started_on == new
    assert "The start date is changed" in client.get(response.location).get_data(as_text=True)


def test_closing_asks_for_a_reason_on_a_confirmation_page(client, world):
    induction = world["induction"]
    sign_in(client, world["manager"])
    page = client.get(f"/induction/{induction.id}/close").get_data(as_text=True)
    assert "Close this induction unfinished?" in page and "Cancel" in page
    response = client.post(f"/induction/{induction.id}/close", data={"reason": ""})
    assert response.status_code == 200
    assert "Enter the reason for the correction" in response.get_data(as_text=True)
    db.session.refresh(induction)
    assert induction.is_in_progress
    response = client.post(f"/induction/{induction.id}/close", data={"reason": "Did not start after all"})
    assert response.status_code == 302
    db.session.refresh(induction)
    assert induction.status == InductionStatus.CLOSED
    assert client.get(f"/induction/{induction.id}/close").status_code == 403
