"""The notes are the person's and their coach's only: every other reader gets 403, every read by
the coach is audited, a manager sees only the actions shared with them, and reports hold counts."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.people.roles import Role
from academy.talent.conversations.models import GrowthDirection
from academy.talent.conversations.services import records
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.talent.conversations import access
from tests.talent.conversations.factories import coach, held_conversation

SECRET = "Thinking of leaving because of a difficult colleague"
PREPARED = "Worried about my night shifts"


@pytest.fixture
def shared(app):
    """A held conversation whose actions the person confirmed and shared with their manager."""
    org = OrganisationFactory()
    manager = UserFactory(employer=org, roles=[(Role.MANAGER, org)])
    team = TeamFactory(organisation=org, manager_id=manager.id)
    person = UserFactory(employer=org, team=team, line_manager=manager)
    conversation = held_conversation(person, coach(), notes=SECRET,
                                     actions=[("Ask about the nursing associate role", "Me", 10)])
    records.confirm_actions(conversation, actor=person)
    records.share_actions(conversation, actor=person)
    db.session.commit()
    return conversation


def pages(conversation) -> list[str]:
    return [f"/conversations/{conversation.id}", f"/conversations/{conversation.id}/record"]


def test_learning_lead_administrator_and_line_manager_each_get_403_on_the_notes(client, shared):
    org = shared.person.employer
    readers = {
        "learning lead": UserFactory(roles=[(Role.LEARNING_LEAD, org)]),
        "partnership learning lead": UserFactory(roles=[Role.LEARNING_LEAD]),
        "administrator": UserFactory(roles=[Role.ADMIN]),
        "line manager": shared.person.line_manager,
        "another coach": coach(),
    }
    db.session.commit()
    for who, reader in readers.items():
        sign_in(client, reader)
        for url in pages(shared):
            response = client.get(url)
            assert response.status_code == 403, (who, url)
            assert SECRET not in response.get_data(as_text=True)
        client.post("/logout")


def test_the_access_matrix_says_the_same():
    allowed = access.ACCESS[("conversations.conversation", "GET")]
    assert allowed == frozenset({"coach"})
    for role in ("learning_lead", "admin", "manager"):
        assert role not in allowed
        assert role not in access.ACCESS[("conversations.record", "GET")]


def test_the_person_reads_their_record_without_an_audit_entry(client, shared):
    sign_in(client, shared.person)
    page = client.get(f"/conversations/{shared.id}").get_data(as_text=True)
    assert SECRET in page and "Ask about the nursing associate role" in page
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.read")).all() == []


def test_every_read_by_the_coach_is_audited_with_the_person_as_subject(client, shared):
    sign_in(client, shared.coach)
    for url in [*pages(shared), pages(shared)[0]]:
        response = client.get(url)
        assert response.status_code == 200 and SECRET in response.get_data(as_text=True)
    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.read")).all()
    assert len(reads) == 3
    assert {(r.actor_id, r.subject_id, r.object_id) for r in reads} == {
        (shared.coach_id, shared.person_id, str(shared.id))
    }


def test_the_manager_sees_the_shared_actions_and_never_the_notes(client, shared):
    sign_in(client, shared.person.line_manager)
    for url in ["/conversations/shared", f"/conversations/{shared.id}/actions"]:
        page = client.get(url)
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Ask about the nursing associate role" in text
        assert SECRET not in text
    assert client.get(f"/conversations/people/{shared.person_id}").status_code == 403


def test_when_the_person_stops_sharing_the_manager_sees_nothing(client, shared):
    records.stop_sharing(shared, actor=shared.person)
    db.session.commit()
    sign_in(client, shared.person.line_manager)
    assert client.get(f"/conversations/{shared.id}/actions").status_code == 403
    assert "Ask about" not in client.get("/conversations/shared").get_data(as_text=True)


def test_preparation_is_the_person_s_and_the_coach_s_only(client, app):
    from tests.talent.conversations.factories import ConversationFactory

    booking = ConversationFactory()
    records.save_preparation(booking, where_now=PREPARED, where_next=None, in_the_way=None,
                              actor=booking.person)
    db.session.commit()
    sign_in(client, booking.coach)
    assert PREPARED in client.get(f"/conversations/{booking.id}").get_data(as_text=True)
    client.post("/logout")
    sign_in(client, UserFactory(roles=[Role.ADMIN]))
    response = client.get(f"/conversations/{booking.id}")
    assert response.status_code == 403 and PREPARED not in response.get_data(as_text=True)


def test_other_coaches_see_that_a_conversation_took_place_but_not_what_was_said(client, shared):
    sign_in(client, coach())
    page = client.get(f"/conversations/people/{shared.person_id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert shared.coach.name in text and "Held" in text
    assert SECRET not in text and f'href="/conversations/{shared.id}"' not in text


def test_a_coach_for_one_organisation_sees_only_its_staffs_histories_and_each_read_is_noted(
        client, shared):
    elsewhere = OrganisationFactory(name="Elsewhere")
    theirs = UserFactory(roles=[(Role.COACH, elsewhere)], employer=elsewhere)
    ours = UserFactory(roles=[(Role.COACH, shared.person.employer)])
    db.session.commit()
    sign_in(client, theirs)
    refused = client.get(f"/conversations/people/{shared.person_id}")
    assert refused.status_code == 403 and shared.coach.name not in refused.get_data(as_text=True)
    client.post("/logout")
    sign_in(client, ours)
    assert client.get(f"/conversations/people/{shared.person_id}").status_code == 200
    reads = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "conversation_history.viewed")).all()
    assert [(r.actor_id, r.subject_id) for r in reads] == [(ours.id, shared.person_id)]


@pytest.fixture
def many(app):
    """Six conversations held in one organisation (stretch), two in another (breadth)."""
    big, small = OrganisationFactory(name="Big Trust"), OrganisationFactory(name="Small Home")
    trainer = coach()
    for _ in range(6):
        held_conversation(UserFactory(employer=big), trainer, notes=SECRET)
    for _ in range(2):
        held_conversation(UserFactory(employer=small), trainer, notes=SECRET,
                          direction=GrowthDirection.BREADTH)
    db.session.commit()
    return big, small


def test_reports_show_counts_with_small_numbers_hidden_and_nothing_from_the_notes(client, many):
    big, _ = many
    sign_in(client, UserFactory(roles=[Role.LEARNING_LEAD]))
    page = client.get("/conversations/reports")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert SECRET not in text
    assert "Big Trust" in text and "Small Home" in text
    assert "&lt;5" in text  # the two in the small home are hidden
    assert ">2<" not in text

    csv = client.get("/conversations/reports/export?format=csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    body = csv.get_data(as_text=True)
    assert SECRET not in body and "<5" in body
    assert "Small Home,Breadth,2" not in body

    xlsx = client.get("/conversations/reports/export?format=xlsx")
    cells = [str(c.value) for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows()
             for c in row if c.value is not None]
    assert "<5" in cells and not any(SECRET in c for c in cells)


def test_an_organisation_s_learning_lead_sees_its_counts_only(client, many):
    big, _ = many
    sign_in(client, UserFactory(employer=big, roles=[(Role.LEARNING_LEAD, big)]))
    text = client.get("/conversations/reports").get_data(as_text=True)
    assert "Big Trust" in text and "Small Home" not in text


def test_staff_and_coaches_do_not_see_the_report(client, many):
    for person in (UserFactory(), coach()):
        db.session.commit()
        sign_in(client, person)
        assert client.get("/conversations/reports").status_code == 403
        client.post("/logout")
