"""Factories for career conversations: slots in the future by default, conversations held."""

from __future__ import annotations

import itertools
from datetime import timedelta

import factory

from academy.extensions import db
from academy.people.roles import Role
from academy.talent.conversations.models import (
    Action,
    CoachSlot,
    Conversation,
    ConversationRecord,
    ConversationStatus,
    GrowthDirection,
    Mode,
)
from academy.timekeeping import today, utcnow
from tests.factories import Base, UserFactory


def coach(**kwargs):
    return UserFactory(roles=[Role.COACH], **kwargs)


def _hour(days: int):
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    return now + timedelta(days=days, hours=1)


class SlotFactory(Base):
    class Meta:
        model = CoachSlot

    coach = factory.LazyFunction(coach)
    starts_at = factory.Sequence(lambda n: _hour(3) + timedelta(hours=n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    mode = Mode.VIRTUAL
    joining_details = "Microsoft Teams: the link is in the invitation"


class ConversationFactory(Base):
    """A booked conversation in a booked slot."""

    class Meta:
        model = Conversation

    slot = factory.SubFactory(SlotFactory, is_booked=True)
    coach = factory.SelfAttribute("slot.coach")
    person = factory.SubFactory(UserFactory)
    booked_by_id = factory.SelfAttribute("person.id")
    status = ConversationStatus.BOOKED


_past_hours = itertools.count()


def past_slot(coach_user, days_ago: int = 7, **kwargs) -> CoachSlot:
    """A booked slot days ago; each one an hour apart so a coach's slots never clash."""
    starts = _hour(-days_ago) - timedelta(hours=next(_past_hours) % 20)
    return SlotFactory(coach=coach_user, starts_at=starts, is_booked=True, **kwargs)


def held_conversation(person, coach_user, *, notes="Talked about becoming a nursing associate.",
                      actions=(("Shadow a nursing associate for a shift", "Me", 14),),
                      direction=GrowthDirection.STRETCH, days_ago: int = 7) -> Conversation:
    """A conversation that took place, with its record and actions (due days after today)."""
    conversation = ConversationFactory(slot=past_slot(coach_user, days_ago), person=person,
                                       status=ConversationStatus.HELD)
    record = ConversationRecord(conversation=conversation, notes=notes, growth_direction=direction)
    for what, owner, due_in in actions:
        record.actions.append(Action(what=what, owner=owner,
                                     due_on=today() + timedelta(days=due_in)))
    db.session.add(record)
    db.session.flush()
    return conversation
