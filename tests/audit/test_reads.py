"""Every read of another person's record is in the audit log (who, what, when, which object),
written with one insert after the page is rendered; the person sees who read their records."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from academy.audit.models import AuditEvent
from academy.audit.services import record_read
from academy.extensions import db
from tests import factories
from tests.conftest import sign_in
from tests.test_access import build_world

# (endpoint, the role that reads, the action noted, how many people's records it shows)
READS = [
    ("people.person", "admin", "person.viewed", 1),
    ("passport.person", "manager", "passport.viewed", 1),
    ("induction.induction", "assessor", "induction.viewed", 1),
    ("conversations.shared_actions", "manager", "shared_actions.viewed", 1),
    ("coaching.person_history", "coach", "conversation_history.viewed", 1),
    ("mentoring.partnership", "mentoring_coordinator", "mentoring_partnership.viewed", 2),
    ("fellowships.fellow", "fellowship_lead", "fellow.viewed", 1),
]


def url(app, world, endpoint: str) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = world.for_endpoint(endpoint)
    return rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]


class Statements:
    """The SQL statements run while it is active."""

    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, conn, cursor, statement, *args):
        self.seen.append(" ".join(statement.split()).upper())

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self)


@pytest.mark.parametrize(("endpoint", "role", "action", "people"), READS)
def test_a_read_of_someone_elses_record_is_noted_with_one_insert(app, client, endpoint, role,
                                                                  action, people):
    world = build_world()
    db.session.commit()
    reader = world.users[role]
    sign_in(client, reader)
    with Statements() as statements:
        response = client.get(url(app, world, endpoint))
    assert response.status_code == 200
    entries = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
    assert len(entries) == people
    assert {e.actor_id for e in entries} == {reader.id}
    assert all(e.subject_id not in (None, reader.id) and e.object_id and e.at for e in entries)
    # At most one insert an entry (PostgreSQL writes both partners' in one), the page's last
    # statements: nothing is read again to write them.
    inserts = [i for i, s in enumerate(statements.seen) if s.startswith("INSERT INTO AUDIT_EVENT")]
    assert 1 <= len(inserts) <= people, statements.seen
    assert inserts == list(range(len(statements.seen) - len(inserts), len(statements.seen))), [
        s[:80] for s in statements.seen[inserts[0]:]]


def test_reading_ones_own_record_is_not_noted(app, client):
    world = build_world()
    db.session.commit()
    fellow = world.users["staff"]  # the fellow of the world's fellowship
    sign_in(client, fellow)
    assert client.get(url(app, world, "fellowships.fellow")).status_code == 200
    assert client.get(f"/passport/people/{fellow.id}").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action.like("%viewed"))) == 0


def test_an_equality_report_read_is_noted_about_no_one(app, client):
    world = build_world()
    db.session.commit()
    lead = world.users["learning_lead"]
    sign_in(client, lead)
    round_id = world.scoped["lna"]["round_id"]
    page = client.get(f"/lna/reports/{round_id}/equality?characteristic=sex")
    assert page.status_code == 200
    [entry] = db.session.scalars(select(AuditEvent)
                                 .where(AuditEvent.action == "equality_report.viewed")).all()
    assert (entry.actor_id, entry.subject_id, entry.object_id) == (lead.id, None, str(round_id))
    assert entry.detail["characteristic"] == "sex"
    client.get(f"/lna/reports/{round_id}/heatmap")  # other reports hold no equality answers
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "equality_report.viewed")) == 1


def test_the_person_sees_who_read_their_records_newest_first_page_by_page(app, client):
    person = factories.UserFactory(given_name="Asha", family_name="Patel")
    readers = [factories.UserFactory(given_name="Reader", family_name=f"Number{n:02d}")
               for n in range(app.config["PAGE_SIZE"] * 2 + 1)]
    for reader in readers:
        record_read(reader, "person.viewed", person, subject=person)
    record_read(person, "person.viewed", person, subject=person)  # their own: not noted
    someone_else = factories.UserFactory()
    record_read(readers[0], "passport.viewed", someone_else, subject=someone_else)
    db.session.commit()
    sign_in(client, person)
    assert "Who has looked at my records" in client.get("/me").get_data(as_text=True)
    first = client.get("/me/reads").get_data(as_text=True)
    assert "<h1>Who has looked at my records</h1>" in first
    newest, oldest = readers[-1].name, readers[0].name
    assert newest in first and oldest not in first and "Your details" in first
    assert first.index(newest) < first.index(readers[-2].name)
    second = client.get("/me/reads?page=2").get_data(as_text=True)
    assert oldest in second and newest not in second
    assert "Your passport" not in first + second  # someone else's record
    client.post("/logout")
    sign_in(client, someone_else)
    theirs = client.get("/me/reads").get_data(as_text=True)
    assert oldest in theirs and "Your passport" in theirs and newest not in theirs


def test_no_one_has_looked_yet(client):
    person = factories.UserFactory()
    db.session.commit()
    sign_in(client, person)
    assert "No one else has looked at your records yet." in client.get("/me/reads").get_data(
        as_text=True)
