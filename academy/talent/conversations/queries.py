"""Read models for career conversations: free slots, a person's conversations and plan, a coach's
diary, actions shared with a manager, and the counts-only report.

Reports count conversations and actions in SQL; they never select the notes, the preparation or
the comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, case, exists, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from academy.extensions import db
from academy.people.models import JobRole, Organisation, RoleAssignment, Site, User
from academy.people.queries import managed_team_ids
from academy.people.roles import Role
from academy.talent.conversations import rules
from academy.talent.conversations.models import (
    Action,
    CoachAvailability,
    CoachBlock,
    CoachSlot,
    Conversation,
    ConversationRecord,
    ConversationStatus,
    GrowthDirection,
    Mode,
)

# Slots -----------------------------------------------------------------------------------------

def _free(now: datetime):
    return CoachSlot.bookable(now)


def _open_to(viewer: User):
    """Slots of coaches who coach the viewer: partnership-wide coaches, or their employer's."""
    return exists().where(
        RoleAssignment.user_id == CoachSlot.coach_id,
        RoleAssignment.role == Role.COACH,
        or_(RoleAssignment.organisation_id.is_(None),
            RoleAssignment.organisation_id == viewer.employer_id),
    )


def day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """UK calendar days as a UTC range: from the start of `first` to the end of `last`."""
    start = rules.to_utc(datetime.combine(first, time.min)) if first else None
    end = rules.to_utc(datetime.combine(last + timedelta(days=1), time.min)) if last else None
    return start, end


def free_slots(viewer: User, now: datetime, *, first: date | None = None, last: date | None = None,
               mode: Mode | None = None, site_id: int | None = None,
               coach_id: int | None = None) -> Select:
    """The free slots the viewer may book, soonest first, with their coach and site loaded."""
    start, end = day_bounds(first, last)
    query = (
        select(CoachSlot)
        .options(joinedload(CoachSlot.coach), joinedload(CoachSlot.site))
        .where(_free(now), _open_to(viewer), CoachSlot.coach_id != viewer.id)
        .order_by(CoachSlot.starts_at, CoachSlot.id)
    )
    if start:
        query = query.where(CoachSlot.starts_at >= start)
    if end:
        query = query.where(CoachSlot.starts_at < end)
    if mode:
        query = query.where(CoachSlot.mode == mode)
    if site_id:
        query = query.where(CoachSlot.site_id == site_id)
    if coach_id:
        query = query.where(CoachSlot.coach_id == coach_id)
    return query


def is_bookable(slot_id: int, now: datetime) -> bool:
    return db.session.scalar(select(exists().where(CoachSlot.id == slot_id, _free(now))))


def slot_filter_choices(viewer: User, now: datetime) -> tuple[list[User], list[Site]]:
    """The coaches and the sites that have free slots open to the viewer."""
    open_slots = select(CoachSlot.coach_id, CoachSlot.site_id).where(
        _free(now), _open_to(viewer), CoachSlot.coach_id != viewer.id
    ).subquery()
    coaches = db.session.scalars(
        select(User).where(User.id.in_(select(open_slots.c.coach_id)))
        .order_by(User.family_name, User.given_name)
    ).all()
    sites = db.session.scalars(
        select(Site).options(joinedload(Site.organisation))
        .where(Site.id.in_(select(open_slots.c.site_id))).order_by(Site.name)
    ).all()
    return list(coaches), list(sites)


def coach_free_slots(coach_id: int, now: datetime, limit: int = 30) -> list[CoachSlot]:
    return list(db.session.scalars(
        select(CoachSlot).options(joinedload(CoachSlot.site))
        .where(_free(now), CoachSlot.coach_id == coach_id)
        .order_by(CoachSlot.starts_at).limit(limit)
    ))


def coach_slots(coach_id: int, now: datetime) -> Select:
    """The coach's own future slots, booked or free, soonest first."""
    return (
        select(CoachSlot)
        .options(joinedload(CoachSlot.site))
        .where(CoachSlot.coach_id == coach_id, CoachSlot.withdrawn_at.is_(None),
               CoachSlot.starts_at > now)
        .order_by(CoachSlot.starts_at)
    )


def blocked_slot_ids(slot_ids: list[int]) -> set[int]:
    """Which of these slots fall in their coach's blocked-out time."""
    if not slot_ids:
        return set()
    return set(db.session.scalars(
        select(CoachSlot.id).where(CoachSlot.id.in_(slot_ids), CoachSlot.in_blocked_time())
    ))


def bookings_by_slot(slot_ids: list[int]) -> dict[int, Conversation]:
    if not slot_ids:
        return {}
    rows = db.session.scalars(
        select(Conversation).options(joinedload(Conversation.person))
        .where(Conversation.slot_id.in_(slot_ids),
               Conversation.status != ConversationStatus.CANCELLED)
    ).all()
    return {c.slot_id: c for c in rows}


# Conversations ---------------------------------------------------------------------------------

def _with_slot(query):
    return query.join(Conversation.slot).options(
        joinedload(Conversation.slot).joinedload(CoachSlot.site),
        joinedload(Conversation.coach), joinedload(Conversation.person),
    )


@dataclass
class PersonConversations:
    upcoming: list[Conversation]
    past: list[Conversation]
    plan: list[Action]


def person_conversations(person_id: int, now: datetime) -> PersonConversations:
    """A person's own conversations (upcoming and past) and their development plan."""
    rows = db.session.scalars(
        _with_slot(select(Conversation))
        .options(joinedload(Conversation.preparation), joinedload(Conversation.record))
        .where(Conversation.person_id == person_id).order_by(CoachSlot.starts_at.desc())
    ).unique().all()
    upcoming = [c for c in rows if c.status == ConversationStatus.BOOKED and c.slot.starts_at > now]
    upcoming.reverse()
    past = [c for c in rows if c not in upcoming]
    return PersonConversations(upcoming, past, development_plan(person_id))


def development_plan(person_id: int) -> list[Action]:
    """The open actions the person has confirmed as their plan, soonest due first."""
    return list(db.session.scalars(
        select(Action).join(ConversationRecord).join(Conversation)
        .options(joinedload(Action.record))
        .where(Conversation.person_id == person_id,
               ConversationRecord.actions_confirmed_at.is_not(None),
               Action.completed_on.is_(None))
        .order_by(Action.due_on, Action.id)
    ))


def conversation(conversation_id: int) -> Conversation | None:
    return db.session.scalars(
        _with_slot(select(Conversation))
        .options(joinedload(Conversation.preparation),
                 joinedload(Conversation.record).selectinload(ConversationRecord.actions),
                 joinedload(Conversation.record).joinedload(ConversationRecord.actions_shared_with))
        .where(Conversation.id == conversation_id)
    ).unique().one_or_none()


def person_history(person_id: int) -> list[Conversation]:
    """When and with whom a person's conversations took place: no content."""
    return list(db.session.scalars(
        _with_slot(select(Conversation)).where(Conversation.person_id == person_id)
        .order_by(CoachSlot.starts_at.desc())
    ).unique())


def history_since(person_id: int, since: date) -> list[Conversation]:
    start, _ = day_bounds(since, None)
    return list(db.session.scalars(
        _with_slot(select(Conversation))
        .where(Conversation.person_id == person_id, CoachSlot.starts_at >= start,
               Conversation.status != ConversationStatus.CANCELLED)
        .order_by(CoachSlot.starts_at)
    ).unique())


@dataclass
class CoachDiary:
    upcoming: list[Conversation]
    to_write_up: list[Conversation]
    actions_due: list[Action]
    free_slots: int
    availabilities: list[CoachAvailability]
    blocks: list[CoachBlock]


def coach_diary(coach_id: int, now: datetime) -> CoachDiary:
    booked = db.session.scalars(
        _with_slot(select(Conversation)).options(joinedload(Conversation.preparation))
        .where(Conversation.coach_id == coach_id, Conversation.status == ConversationStatus.BOOKED)
        .order_by(CoachSlot.starts_at)
    ).unique().all()
    today = rules.to_local(now).date()
    actions_due = db.session.scalars(
        select(Action).join(ConversationRecord).join(Conversation)
        .options(joinedload(Action.record).joinedload(ConversationRecord.conversation)
                 .joinedload(Conversation.person))
        .where(Conversation.coach_id == coach_id, Action.completed_on.is_(None),
               Action.due_on <= today + timedelta(days=14))
        .order_by(Action.due_on, Action.id).limit(50)
    ).all()
    free = db.session.scalar(
        select(func.count()).select_from(CoachSlot)
        .where(_free(now), CoachSlot.coach_id == coach_id)
    )
    availabilities = db.session.scalars(
        select(CoachAvailability).options(joinedload(CoachAvailability.site))
        .where(CoachAvailability.coach_id == coach_id, CoachAvailability.ended_at.is_(None))
        .order_by(CoachAvailability.weekday, CoachAvailability.starts)
    ).all()
    blocks = db.session.scalars(
        select(CoachBlock).where(CoachBlock.coach_id == coach_id, CoachBlock.ends_at > now)
        .order_by(CoachBlock.starts_at)
    ).all()
    return CoachDiary(
        upcoming=[c for c in booked if c.slot.starts_at > now],
        to_write_up=[c for c in booked if c.slot.starts_at <= now],
        actions_due=list(actions_due), free_slots=free,
        availabilities=list(availabilities), blocks=list(blocks),
    )


def shared_with(manager: User) -> list[ConversationRecord]:
    """Records whose actions a team member shared with this manager (actions only are shown)."""
    team = or_(User.line_manager_id == manager.id, User.team_id.in_(managed_team_ids(manager)))
    return list(db.session.scalars(
        select(ConversationRecord)
        .join(ConversationRecord.conversation).join(User, User.id == Conversation.person_id)
        .options(
            selectinload(ConversationRecord.actions),
            joinedload(ConversationRecord.conversation).joinedload(Conversation.person),
            joinedload(ConversationRecord.conversation).joinedload(Conversation.coach),
            joinedload(ConversationRecord.conversation).joinedload(Conversation.slot),
        )
        .where(ConversationRecord.actions_shared_with_id == manager.id, team)
        .order_by(ConversationRecord.actions_shared_at.desc())
    ).unique())


def shared_count(manager: User) -> int:
    team = or_(User.line_manager_id == manager.id, User.team_id.in_(managed_team_ids(manager)))
    return db.session.scalar(
        select(func.count()).select_from(ConversationRecord)
        .join(ConversationRecord.conversation).join(User, User.id == Conversation.person_id)
        .where(ConversationRecord.actions_shared_with_id == manager.id, team)
    )


# Home page -------------------------------------------------------------------------------------

@dataclass
class PersonSummary:
    next_conversation: Conversation | None
    unprepared: bool
    to_confirm: int
    actions_due: int


def person_summary(person_id: int, now: datetime) -> PersonSummary:
    today = rules.to_local(now).date()
    next_conversation = db.session.scalars(
        _with_slot(select(Conversation)).options(joinedload(Conversation.preparation))
        .where(Conversation.person_id == person_id, Conversation.status == ConversationStatus.BOOKED,
               CoachSlot.starts_at > now)
        .order_by(CoachSlot.starts_at).limit(1)
    ).first()
    to_confirm = db.session.scalar(
        select(func.count()).select_from(ConversationRecord).join(ConversationRecord.conversation)
        .where(Conversation.person_id == person_id,
               ConversationRecord.actions_confirmed_at.is_(None),
               exists().where(Action.record_id == ConversationRecord.id))
    )
    actions_due = db.session.scalar(
        select(func.count()).select_from(Action).join(ConversationRecord)
        .join(ConversationRecord.conversation)
        .where(Conversation.person_id == person_id, Action.completed_on.is_(None),
               Action.due_on <= today + timedelta(days=rules.REMINDER_DAYS))
    )
    return PersonSummary(
        next_conversation=next_conversation,
        unprepared=bool(next_conversation and next_conversation.preparation is None),
        to_confirm=to_confirm, actions_due=actions_due,
    )


# Reports (counts only) ------------------------------------------------------------------------

NOT_DECIDED = "Not decided"
DIRECTIONS = [d.label for d in GrowthDirection] + [NOT_DECIDED]
ACTION_OUTCOMES = ["Completed on time", "Completed late", "Not completed"]


@dataclass
class CountTable:
    """Rows of whole counts under column headings, before suppression."""

    title: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    share_heading: str | None = None  # a column giving the first column's share of each total


def report_scope(user: User) -> set[int] | None:
    """Organisations whose staff the user's reports cover; None for the whole partnership."""
    scopes = user.role_scopes(Role.ADMIN) | user.role_scopes(Role.LEARNING_LEAD)
    return None if None in scopes else {s for s in scopes if s is not None}


def _direction_label():
    return case(
        *[(ConversationRecord.growth_direction == d, literal(d.label)) for d in GrowthDirection],
        else_=literal(NOT_DECIDED),
    )


def _held(scope: set[int] | None, first: date, last: date):
    start, end = day_bounds(first, last)
    conditions = [Conversation.status == ConversationStatus.HELD,
                  CoachSlot.starts_at >= start, CoachSlot.starts_at < end]
    if scope is not None:
        conditions.append(User.employer_id.in_(scope))
    return conditions


def _pivot(pairs, row_labels: list[str], columns: list[str]) -> list[tuple[str, list[int]]]:
    counts: dict[tuple[str, str], int] = {(r, c): n for r, c, n in pairs}
    return [(r, [counts.get((r, c), 0) for c in columns]) for r in row_labels]


def _organisations(scope: set[int] | None) -> list[str]:
    query = select(Organisation.name).order_by(Organisation.name)
    if scope is not None:
        query = query.where(Organisation.id.in_(scope))
    return list(db.session.scalars(query))


def held_by_organisation(scope: set[int] | None, first: date, last: date) -> CountTable:
    direction = _direction_label()
    pairs = db.session.execute(
        select(Organisation.name, direction, func.count())
        .select_from(Conversation).join(Conversation.slot)
        .join(ConversationRecord, ConversationRecord.conversation_id == Conversation.id)
        .join(User, User.id == Conversation.person_id)
        .join(Organisation, Organisation.id == User.employer_id)
        .where(*_held(scope, first, last))
        .group_by(Organisation.name, direction)
    ).all()
    return CountTable("Conversations held, by organisation and growth direction", "Organisation",
                      DIRECTIONS, _pivot(pairs, _organisations(scope), DIRECTIONS))


def held_by_staff_group(scope: set[int] | None, first: date, last: date) -> CountTable:
    direction = _direction_label()
    group = func.coalesce(JobRole.staff_group, literal("Not recorded"))
    pairs = db.session.execute(
        select(group, direction, func.count())
        .select_from(Conversation).join(Conversation.slot)
        .join(ConversationRecord, ConversationRecord.conversation_id == Conversation.id)
        .join(User, User.id == Conversation.person_id)
        .outerjoin(JobRole, JobRole.id == User.job_role_id)
        .where(*_held(scope, first, last))
        .group_by(group, direction)
    ).all()
    groups = sorted({g for g, _, _ in pairs})
    return CountTable("Conversations held, by staff group and growth direction", "Staff group",
                      DIRECTIONS, _pivot(pairs, groups, DIRECTIONS))


def actions_by_organisation(scope: set[int] | None, first: date, last: date,
                            today: date) -> CountTable:
    """Actions that fell due in the period (up to today): completed on time, late, or not."""
    outcome = case(
        (Action.completed_on.is_(None), literal(ACTION_OUTCOMES[2])),
        (Action.completed_on <= Action.due_on, literal(ACTION_OUTCOMES[0])),
        else_=literal(ACTION_OUTCOMES[1]),
    )
    conditions = [Action.due_on >= first, Action.due_on <= min(last, today),
                  Conversation.status == ConversationStatus.HELD]
    if scope is not None:
        conditions.append(User.employer_id.in_(scope))
    pairs = db.session.execute(
        select(Organisation.name, outcome, func.count())
        .select_from(Action).join(Action.record).join(ConversationRecord.conversation)
        .join(User, User.id == Conversation.person_id)
        .join(Organisation, Organisation.id == User.employer_id)
        .where(*conditions)
        .group_by(Organisation.name, outcome)
    ).all()
    return CountTable("Agreed actions that fell due, by organisation", "Organisation",
                      ACTION_OUTCOMES, _pivot(pairs, _organisations(scope), ACTION_OUTCOMES),
                      share_heading="On time")


def conversation_report(scope: set[int] | None, first: date, last: date,
                        today: date) -> list[CountTable]:
    return [held_by_organisation(scope, first, last), held_by_staff_group(scope, first, last),
            actions_by_organisation(scope, first, last, today)]


def held_counts(person_ids: list[int], since: date) -> dict[int, int]:
    """How many conversations each person has held since a day (for linked programmes)."""
    if not person_ids:
        return {}
    start, _ = day_bounds(since, None)
    return dict(db.session.execute(
        select(Conversation.person_id, func.count())
        .join(Conversation.slot)
        .where(Conversation.person_id.in_(person_ids),
               Conversation.status == ConversationStatus.HELD, CoachSlot.starts_at >= start)
        .group_by(Conversation.person_id)
    ).all())


def sites() -> list[Site]:
    """Every site, by name, with its organisation: where a coach may meet in person."""
    return list(db.session.scalars(
        select(Site).options(joinedload(Site.organisation)).order_by(Site.name)
    ))
