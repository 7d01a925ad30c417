"""A slot is booked once only, even when many people try at the same moment.

Real connections race: on PostgreSQL the test database, on SQLite a database file (an in-memory
database shares one connection, which would prove nothing). Each thread has its own app context,
so its own session and connection.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from academy.extensions import db
from academy.people.models import User
from academy.talent.conversations.models import CoachSlot, Conversation, ConversationStatus
from academy.talent.conversations.services import booking
from tests.conftest import ON_SQLITE_MEMORY, app_context
from tests.factories import UserFactory
from tests.talent.conversations.factories import ConversationFactory, SlotFactory

RACERS = 8


@pytest.fixture
def race_app(server_database, tmp_path):
    """An app whose database other connections can reach: PostgreSQL, or a SQLite file."""
    overrides = {}
    if ON_SQLITE_MEMORY:
        overrides = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.db'}",
                     "SQLALCHEMY_ENGINE_OPTIONS": {}}
    with app_context(tmp_path, **overrides) as app:
        yield app


def race(app, slot_id: int, person_ids: list[int]) -> list[str]:
    """Every person tries to book the slot at once; returns each thread's outcome."""
    start = threading.Barrier(len(person_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(person_id: int) -> None:
        with app.app_context():
            person = db.session.get(User, person_id)
            slot = db.session.get(CoachSlot, slot_id)
            assert slot.coach.role_assignments  # loaded before the start, as a page would have
            start.wait()
            try:
                booking.book(slot, person=person, actor=person)
                db.session.commit()
                outcome = "booked"
            except booking.SlotTaken:
                db.session.rollback()
                outcome = "taken"
            except Exception as error:  # anything else is a failure the test reports
                db.session.rollback()
                outcome = f"error: {error!r}"
            finally:
                db.session.remove()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(pid,)) for pid in person_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_only_one_of_many_simultaneous_bookings_wins(race_app):
    slot = SlotFactory()
    people = [UserFactory() for _ in range(RACERS)]
    db.session.commit()
    slot_id, person_ids = slot.id, [p.id for p in people]
    db.session.remove()

    outcomes = race(race_app, slot_id, person_ids)

    assert sorted(outcomes) == ["booked"] + ["taken"] * (RACERS - 1)
    live = db.session.scalar(
        select(func.count()).select_from(Conversation).where(
            Conversation.slot_id == slot_id, Conversation.status != ConversationStatus.CANCELLED)
    )
    assert live == 1
    assert db.session.get(CoachSlot, slot_id).is_booked


def test_the_schema_refuses_a_second_live_conversation_in_a_slot(app):
    first = ConversationFactory()
    with pytest.raises(IntegrityError):
        ConversationFactory(slot=first.slot, coach=first.coach)
    db.session.rollback()


def test_a_cancelled_conversation_leaves_its_slot_bookable_again(app):
    first = ConversationFactory(status=ConversationStatus.CANCELLED)
    second = ConversationFactory(slot=first.slot, coach=first.coach)
    assert second.slot_id == first.slot_id
