"""Career conversations: coaches' slots, availability and blocked-out time; bookings, preparation,
the confidential record and the agreed actions.

Times are naive UTC (`_at`); the pages and invitations show them in UK time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    exists,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.models import Site, User, enum_column
from academy.talent.conversations import rules
from academy.timekeeping import utcnow


class Mode(LabelledEnum):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Video call"


class ConversationStatus(LabelledEnum):
    BOOKED = "booked"
    HELD = "held"  # the coach has written the record
    CANCELLED = "cancelled"


class GrowthDirection(LabelledEnum):
    """Scope for Growth's three directions."""

    DEPTH = "depth"
    BREADTH = "breadth"
    STRETCH = "stretch"

    @property
    def hint(self) -> str:
        return {
            "depth": "Grow in the current role or profession",
            "breadth": "Broaden into another area or function",
            "stretch": "A role of greater complexity or leadership",
        }[self.value]


class OtherAim(LabelledEnum):
    """Other aims the People Plan names."""

    STEP_SIDEWAYS = "step_sideways"
    FLEXIBLE_WORKING = "flexible_working", "Flexible working or stepping off"
    RETURN_TO_PRACTICE = "return_to_practice"
    RETIRE_AND_RETURN = "retire_and_return"


class CancelReason(LabelledEnum):
    CANNOT_MAKE_IT = "cannot_make_it", "I can no longer make this time"
    NO_LONGER_NEEDED = "no_longer_needed", "The conversation is no longer needed"
    DID_NOT_TAKE_PLACE = "did_not_take_place", "The conversation did not take place"
    OTHER = "other", "Something else"


class _Timed:
    """Start and end shown in UK time."""

    starts_at: datetime
    ends_at: datetime

    @property
    def local_start(self) -> datetime:
        return rules.to_local(self.starts_at)

    @property
    def local_end(self) -> datetime:
        return rules.to_local(self.ends_at)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / timedelta(minutes=1))

    @property
    def when(self) -> str:
        """For example: Tuesday 3 March 2026, 10:00 to 11:00."""
        return rules.describe(self.local_start, self.local_end)


class CoachSlot(_Timed, db.Model):
    """A time a coach offers for one career conversation.

    is_booked is the booking's lock: a booking claims the slot with a conditional update
    (`is_booked` false to true), so two people booking at the same moment cannot both win.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    mode: Mapped[Mode] = enum_column(Mode, "conversation_mode")
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    joining_details: Mapped[str | None] = mapped_column(String(300))
    availability_id: Mapped[int | None] = mapped_column(
        ForeignKey("coach_availability.id"), index=True
    )
    is_booked: Mapped[bool] = mapped_column(default=False, server_default="0")
    withdrawn_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    coach: Mapped[User] = relationship()
    site: Mapped[Site | None] = relationship()

    __table_args__ = (
        # A coach's live slots never start together; withdrawn ones stay for the record.
        Index(
            "uq_coach_slot_live_start",
            "coach_id",
            "starts_at",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("mode != 'in_person' OR site_id IS NOT NULL", name="in_person_has_site"),
        Index("ix_coach_slot_open", "is_booked", "starts_at"),
    )

    @property
    def is_video_call(self) -> bool:
        return self.mode == Mode.VIRTUAL

    @property
    def where(self) -> str:
        if self.mode == Mode.IN_PERSON and self.site is not None:
            return self.site.name
        return self.mode.label

    @classmethod
    def in_blocked_time(cls):
        """SQL: the slot falls in its coach's blocked-out time (it is hidden while blocked)."""
        return exists().where(CoachBlock.coach_id == cls.coach_id,
                              CoachBlock.starts_at < cls.ends_at, CoachBlock.ends_at > cls.starts_at)

    @classmethod
    def bookable(cls, now: datetime):
        """SQL: free, not withdrawn, still to come, and not in blocked-out time."""
        return and_(cls.is_booked.is_(False), cls.withdrawn_at.is_(None), cls.starts_at > now,
                    ~cls.in_blocked_time())


class CoachAvailability(db.Model):
    """A coach's recurring weekly availability, from which slots are published ahead."""

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    weekday: Mapped[int]  # Monday 0 to Sunday 6
    starts: Mapped[time]  # UK time
    ends: Mapped[time]
    slot_minutes: Mapped[int]
    mode: Mapped[Mode] = enum_column(Mode, "availability_mode")
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    joining_details: Mapped[str | None] = mapped_column(String(300))
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    ended_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    coach: Mapped[User] = relationship()
    site: Mapped[Site | None] = relationship()

    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_in_week"),
        CheckConstraint("ends > starts", name="ends_after_start"),
        CheckConstraint("slot_minutes BETWEEN 15 AND 240", name="slot_length"),
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="valid_range"),
        CheckConstraint("mode != 'in_person' OR site_id IS NOT NULL", name="in_person_has_site"),
    )

    @property
    def pattern(self) -> rules.Pattern:
        return rules.Pattern(self.weekday, self.starts, self.ends, self.slot_minutes,
                             self.valid_from, self.valid_until)

    @property
    def weekday_name(self) -> str:
        return rules.WEEKDAYS[self.weekday]


class CoachBlock(_Timed, db.Model):
    """Time a coach is not available: no slot is published in it, and slots already in it are
    hidden until the block is removed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)


class Conversation(db.Model):
    """A booked career conversation: who, with which coach, in which slot; then its record."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("coach_slot.id"), index=True)
    status: Mapped[ConversationStatus] = enum_column(
        ConversationStatus, "conversation_status", default=ConversationStatus.BOOKED
    )
    follow_up_of_id: Mapped[int | None] = mapped_column(ForeignKey("conversation.id"), index=True)
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    booked_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    cancel_reason: Mapped[CancelReason | None] = enum_column(CancelReason, "cancel_reason")
    # The invitation's revision: each change sends the calendar a higher SEQUENCE.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    reminder_sent_at: Mapped[datetime | None]

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    coach: Mapped[User] = relationship(foreign_keys=[coach_id])
    slot: Mapped[CoachSlot] = relationship()
    follow_up_of: Mapped[Conversation | None] = relationship(remote_side=[id])
    preparation: Mapped[Preparation | None] = relationship(back_populates="conversation")
    record: Mapped[ConversationRecord | None] = relationship(back_populates="conversation")

    __table_args__ = (
        # The schema's own guarantee that a slot is booked once: one live conversation per slot.
        Index(
            "uq_conversation_live_slot",
            "slot_id",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
        CheckConstraint("person_id != coach_id", name="not_own_coach"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    @property
    def is_booked(self) -> bool:
        return self.status == ConversationStatus.BOOKED

    @property
    def is_held(self) -> bool:
        """The coach has written the record."""
        return self.status == ConversationStatus.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == ConversationStatus.CANCELLED

    @property
    def starts_at(self) -> datetime:
        return self.slot.starts_at

    @property
    def local_start(self) -> datetime:
        return self.slot.local_start

    @property
    def when(self) -> str:
        return self.slot.when


class Preparation(db.Model):
    """The person's short preparation before the meeting; the coach sees it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), unique=True)
    where_now: Mapped[str | None] = mapped_column(Text)
    where_next: Mapped[str | None] = mapped_column(Text)
    in_the_way: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="preparation")


class ConversationRecord(db.Model):
    """What the coach wrote after the meeting.

    The notes (and the person's comments) are readable by the person and the coach who held the
    conversation only. Reports may count growth directions and aims; they never read the text.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), unique=True)
    growth_direction: Mapped[GrowthDirection | None] = enum_column(
        GrowthDirection, "growth_direction"
    )
    notes: Mapped[str] = mapped_column(Text)
    person_comments: Mapped[str | None] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    actions_confirmed_at: Mapped[datetime | None]
    actions_shared_with_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    actions_shared_at: Mapped[datetime | None]

    conversation: Mapped[Conversation] = relationship(back_populates="record")
    aims: Mapped[list[RecordAim]] = relationship(
        back_populates="record", cascade="all, delete-orphan", lazy="selectin",
        order_by="RecordAim.aim",
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="record", cascade="all, delete-orphan",
        order_by="[Action.due_on, Action.id]",
    )
    actions_shared_with: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "actions_shared_with_id IS NULL OR actions_confirmed_at IS NOT NULL",
            name="shared_after_confirmed",
        ),
    )


class RecordAim(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("conversation_record.id"), index=True)
    aim: Mapped[OtherAim] = enum_column(OtherAim, "other_aim")

    record: Mapped[ConversationRecord] = relationship(back_populates="aims")

    __table_args__ = (UniqueConstraint("record_id", "aim"),)


class Action(db.Model):
    """An agreed action: what, who, by when; the person's development plan once confirmed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("conversation_record.id"), index=True)
    what: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(120))
    due_on: Mapped[date] = mapped_column(index=True)
    completed_on: Mapped[date | None]
    reminder_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    record: Mapped[ConversationRecord] = relationship(back_populates="actions")
