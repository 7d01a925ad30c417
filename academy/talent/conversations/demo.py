"""Demo career conversations: six coaches with weekly availability and slots across the next
month, past conversations with records and actions, and the demo sign-ins' own journeys (the
member of staff's conversation with actions shared with her manager; the coach's diary)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from academy.bulk import insert_rows
from academy.extensions import db
from academy.people.demo import PeopleDemo
from academy.people.models import RoleAssignment, User
from academy.people.roles import Role
from academy.talent.conversations import rules
from academy.talent.conversations.models import (
    Action,
    CancelReason,
    CoachAvailability,
    CoachSlot,
    Conversation,
    ConversationRecord,
    ConversationStatus,
    GrowthDirection,
    Mode,
    OtherAim,
    Preparation,
    RecordAim,
)

COACH_EMAIL = "coach@demo.academy"
STAFF_EMAIL = "staff@demo.academy"
MANAGER_EMAIL = "manager@demo.academy"
EXTRA_COACHES = 5
DAYS_AHEAD = 30
TEAMS_LINK = "Microsoft Teams: the joining link is in the calendar invitation"

NOTES = {
    GrowthDirection.DEPTH: [
        "Enjoys the clinical side of the role and wants to become the ward's go-to person for "
        "dementia care. Talked through the dementia champion role and the tier 2 training.",
        "Happy in the team and wants to deepen skills rather than move. Interested in becoming a "
        "practice supervisor for students next year.",
    ],
    GrowthDirection.BREADTH: [
        "Curious about community work after six years on the ward. Talked about a secondment "
        "to the neighbourhood team and what experience would help.",
        "Would like to understand how social care and the trust fit together; keen on a "
        "rotation through the discharge hub.",
    ],
    GrowthDirection.STRETCH: [
        "Ready for more responsibility: talked about a team leader role, the leadership "
        "programme and acting up when the deputy is on leave.",
        "Ambition to register as a nurse. Talked through the nursing associate apprenticeship "
        "as a first step and how to fit study around caring responsibilities.",
    ],
    None: [
        "Not sure yet which way to go; talked about what they enjoy and agreed to look at a few "
        "options before meeting again.",
    ],
}
ACTIONS = [
    "Talk to the practice education team about the apprenticeship",
    "Shadow a colleague in the role for a shift",
    "Book onto the 'Thinking about your career' workshop",
    "Ask the manager about acting-up opportunities",
    "Complete the functional skills maths refresher",
    "Read the job description and person specification for the next band",
    "Find a mentor through the reciprocal mentoring programme",
    "Update the CV and ask the coach to look at it",
    "Visit the neighbourhood team for a day",
    "Look into the flexible working policy and talk it through with HR",
]
PREPARATIONS = [
    ("Three years as a healthcare assistant on a busy ward.",
     "I would like to train as a nursing associate.",
     "Time: I work nights and have two children."),
    ("Senior care worker; I run the medicines round.",
     "A deputy manager role in the next two years.",
     "I have not done any management training."),
    ("Admin in outpatients, part time.", "Something more patient-facing.",
     "Confidence, mostly."),
]


@dataclass
class ConversationsDemo:
    coach_ids: list[int]


def _utc(day: date, at: time) -> datetime:
    return rules.to_utc(datetime.combine(day, at))


def build(rng: random.Random, today: date, people: PeopleDemo) -> ConversationsDemo:
    coach_id = people.sign_ins[COACH_EMAIL]
    staff_id = people.sign_ins[STAFF_EMAIL]
    manager_id = people.sign_ins[MANAGER_EMAIL]
    extra = rng.sample([i for i in people.staff_ids if i not in people.manager_ids], EXTRA_COACHES)
    coaches = [coach_id, *extra]
    where = dict(db.session.execute(
        select(User.id, User.site_id).where(User.id.in_(coaches))
    ).all())
    employer = dict(db.session.execute(
        select(User.id, User.employer_id).where(User.id.in_(coaches))
    ).all())
    # Five coach for the whole partnership; the last for their own organisation only.
    db.session.execute(insert(RoleAssignment), [
        {"user_id": c, "role": Role.COACH,
         "organisation_id": employer[c] if n == len(extra) else None}
        for n, c in enumerate(extra, start=1)
    ])

    slots_by_coach = _availability(rng, today, coaches, where)
    _coach_diary(rng, today, coach_id, slots_by_coach[coach_id], people)
    _past(rng, today, coaches, people, staff_id, coach_id, manager_id)
    return ConversationsDemo(coach_ids=coaches)


def _availability(rng, today, coaches, where) -> dict[int, list[int]]:
    """Two weekly patterns per coach, and their slots from tomorrow for a month."""
    slots_by_coach: dict[int, list[int]] = {}
    for n, coach in enumerate(coaches):
        patterns = [
            (n % 5, time(9, 30), time(12, 30), 60, Mode.IN_PERSON, where[coach]),
            ((n + 2) % 5, time(13, 30), time(16, 30), 45, Mode.VIRTUAL, None),
        ]
        ids = insert_rows(CoachAvailability, [
            {"coach_id": coach, "weekday": weekday, "starts": starts, "ends": ends,
             "slot_minutes": minutes, "mode": mode, "site_id": site,
             "joining_details": TEAMS_LINK if mode == Mode.VIRTUAL else None,
             "valid_from": today}
            for weekday, starts, ends, minutes, mode, site in patterns
        ])
        rows = []
        for availability_id, (weekday, starts, ends, minutes, mode, site) in zip(ids, patterns, strict=True):
            pattern = rules.Pattern(weekday, starts, ends, minutes, today)
            for start, end in rules.occurrences(pattern, today + timedelta(days=1),
                                                today + timedelta(days=DAYS_AHEAD)):
                rows.append({"coach_id": coach, "starts_at": rules.to_utc(start),
                             "ends_at": rules.to_utc(end), "mode": mode, "site_id": site,
                             "joining_details": TEAMS_LINK if mode == Mode.VIRTUAL else None,
                             "availability_id": availability_id})
        slots_by_coach[coach] = insert_rows(CoachSlot, rows)
    return slots_by_coach


def _book(slot_id: int, person_id: int, coach_id: int, *, status=ConversationStatus.BOOKED,
          booked_at: datetime) -> int:
    db.session.execute(
        CoachSlot.__table__.update().where(CoachSlot.__table__.c.id == slot_id).values(is_booked=True)
    )
    return insert_rows(Conversation, [{
        "person_id": person_id, "coach_id": coach_id, "slot_id": slot_id, "status": status,
        "booked_by_id": person_id, "booked_at": booked_at,
    }])[0]


def _coach_diary(rng, today, coach_id, slot_ids, people) -> None:
    """The demo coach: bookings coming up (two prepared) and one held yesterday to write up."""
    people_pool = [i for i in people.staff_ids if i != coach_id]
    chosen = rng.sample(people_pool, 4)
    booked_at = datetime.combine(today - timedelta(days=3), time(10))
    for n, slot_id in enumerate(slot_ids[1:7:2]):
        conversation_id = _book(slot_id, chosen[n], coach_id, booked_at=booked_at)
        if n < 2:
            where_now, where_next, in_the_way = PREPARATIONS[n]
            insert_rows(Preparation, [{"conversation_id": conversation_id, "where_now": where_now,
                                   "where_next": where_next, "in_the_way": in_the_way}])
    yesterday = today - timedelta(days=1)
    slot_id = insert_rows(CoachSlot, [{
        "coach_id": coach_id, "starts_at": _utc(yesterday, time(14)),
        "ends_at": _utc(yesterday, time(15)), "mode": Mode.VIRTUAL, "joining_details": TEAMS_LINK,
    }])[0]
    conversation_id = _book(slot_id, chosen[3], coach_id, booked_at=booked_at)
    where_now, where_next, in_the_way = PREPARATIONS[2]
    insert_rows(Preparation, [{"conversation_id": conversation_id, "where_now": where_now,
                           "where_next": where_next, "in_the_way": in_the_way}])


def _past(rng, today, coaches, people, staff_id, coach_id, manager_id) -> None:
    """Past conversations across the last ten months, most written up, with their actions."""
    line_manager = dict(db.session.execute(
        select(User.id, User.line_manager_id).where(User.line_manager_id.is_not(None))
    ).all())
    pool = [i for i in people.staff_ids if i not in coaches]
    count = max(12, min(400, len(people.staff_ids) // 6))
    aisha_day = today - timedelta(days=21)
    taken: set[tuple[int, date]] = {(coach_id, aisha_day)}
    plans = []
    for _ in range(count):
        coach = rng.choice(coaches)
        while True:
            day = today - timedelta(days=rng.randint(8, 300))
            if day.weekday() < 5 and (coach, day) not in taken:
                break
        taken.add((coach, day))
        plans.append((coach, rng.choice(pool), day, time(rng.choice([9, 10, 11, 14, 15]))))
    # The demo member of staff's own conversation, three weeks ago with the demo coach.
    plans.append((coach_id, staff_id, aisha_day, time(10)))

    slot_ids = insert_rows(CoachSlot, [
        {"coach_id": coach, "starts_at": _utc(day, at), "ends_at": _utc(day, at) + timedelta(hours=1),
         "mode": Mode.VIRTUAL, "joining_details": TEAMS_LINK, "is_booked": True}
        for coach, _, day, at in plans
    ])
    statuses = [ConversationStatus.CANCELLED if rng.random() < 0.08 else ConversationStatus.HELD
                for _ in plans[:-1]] + [ConversationStatus.HELD]
    conversation_ids = insert_rows(Conversation, [
        {"person_id": person, "coach_id": coach, "slot_id": slot_id, "status": status,
         "booked_by_id": person, "booked_at": datetime.combine(day - timedelta(days=14), time(12)),
         "cancelled_at": datetime.combine(day - timedelta(days=2), time(9))
         if status == ConversationStatus.CANCELLED else None,
         "cancelled_by_id": person if status == ConversationStatus.CANCELLED else None,
         "cancel_reason": CancelReason.CANNOT_MAKE_IT if status == ConversationStatus.CANCELLED else None}
        for (coach, person, day, _), slot_id, status in zip(plans, slot_ids, statuses, strict=True)
    ])
    db.session.execute(
        CoachSlot.__table__.update().where(CoachSlot.__table__.c.id.in_(
            [s for s, st in zip(slot_ids, statuses, strict=True) if st == ConversationStatus.CANCELLED]
        )).values(is_booked=False)
    )

    held = [(plan, cid) for plan, cid, status in zip(plans, conversation_ids, statuses, strict=True)
            if status == ConversationStatus.HELD]
    directions = [GrowthDirection.DEPTH, GrowthDirection.BREADTH, GrowthDirection.STRETCH, None]
    record_rows, record_plans = [], []
    for (_, person, day, at), cid in held[:-1]:
        direction = rng.choices(directions, [45, 25, 20, 10])[0]
        confirmed = rng.random() < 0.7
        shared = confirmed and person in line_manager and rng.random() < 0.35
        written = datetime.combine(day, at) + timedelta(hours=3)
        record_rows.append({
            "conversation_id": cid, "growth_direction": direction,
            "notes": rng.choice(NOTES[direction]), "written_at": written, "updated_at": written,
            "actions_confirmed_at": written + timedelta(days=2) if confirmed else None,
            "actions_shared_with_id": line_manager[person] if shared else None,
            "actions_shared_at": written + timedelta(days=2) if shared else None,
        })
        record_plans.append(day)
    # Aisha's record: stretch towards nursing; confirmed and shared with Rebecca, her manager.
    (_, _, aisha_day, _), aisha_conversation = held[-1]
    aisha_written = datetime.combine(aisha_day, time(13))
    record_rows.append({
        "conversation_id": aisha_conversation, "growth_direction": GrowthDirection.STRETCH,
        "notes": NOTES[GrowthDirection.STRETCH][1], "written_at": aisha_written,
        "updated_at": aisha_written, "person_comments": "Thank you: this really helped.",
        "actions_confirmed_at": aisha_written + timedelta(days=1),
        "actions_shared_with_id": manager_id, "actions_shared_at": aisha_written + timedelta(days=1),
    })
    record_ids = insert_rows(ConversationRecord, record_rows)

    aim_rows, action_rows = [], []
    for record_id, day in zip(record_ids[:-1], record_plans, strict=True):
        if rng.random() < 0.2:
            aim_rows.append({"record_id": record_id, "aim": rng.choice(list(OtherAim))})
        for what in rng.sample(ACTIONS, rng.randint(1, 3)):
            due = day + timedelta(weeks=rng.randint(2, 10))
            roll = rng.random()
            if due < today:
                completed = (due - timedelta(days=rng.randint(0, 10)) if roll < 0.6 else
                             due + timedelta(days=rng.randint(1, 20)) if roll < 0.8 else None)
                completed = min(completed, today) if completed else None
            else:
                completed = today - timedelta(days=rng.randint(0, 5)) if roll < 0.2 else None
            action_rows.append({"record_id": record_id, "what": what, "owner": "Me",
                                "due_on": due, "completed_on": completed,
                                "reminder_sent_at": datetime.combine(due - timedelta(days=7), time(7, 30))
                                if due - timedelta(days=7) < today else None})
    aisha_record = record_ids[-1]
    action_rows += [
        {"record_id": aisha_record, "what": "Book onto the 'Thinking about your career' workshop",
         "owner": "Aisha", "due_on": aisha_day + timedelta(days=7),
         "completed_on": aisha_day + timedelta(days=4)},
        {"record_id": aisha_record,
         "what": "Talk to the practice education team about the nursing associate apprenticeship",
         "owner": "Aisha", "due_on": today + timedelta(days=5)},
        {"record_id": aisha_record, "what": "Shadow a nursing associate on the ward for a shift",
         "owner": "Aisha and Rebecca", "due_on": today + timedelta(days=21)},
        {"record_id": aisha_record, "what": "Complete the functional skills maths refresher",
         "owner": "Aisha", "due_on": today + timedelta(days=42)},
    ]
    if aim_rows:
        db.session.execute(insert(RecordAim), aim_rows)
    db.session.execute(insert(Action), action_rows)


def add_held(person_id: int, coach_id: int, day: date, at: time = time(16)) -> int:
    """A conversation held on the day, written up with a record: for other packages' demos."""
    slot_id = insert_rows(CoachSlot, [{
        "coach_id": coach_id, "starts_at": _utc(day, at), "ends_at": _utc(day, at) + timedelta(hours=1),
        "mode": Mode.VIRTUAL, "joining_details": TEAMS_LINK, "is_booked": True,
    }])[0]
    conversation_id = _book(slot_id, person_id, coach_id, status=ConversationStatus.HELD,
                            booked_at=datetime.combine(day - timedelta(days=10), time(12)))
    written = datetime.combine(day, at) + timedelta(hours=2)
    insert_rows(ConversationRecord, [{
        "conversation_id": conversation_id, "growth_direction": GrowthDirection.STRETCH,
        "notes": NOTES[GrowthDirection.STRETCH][0], "written_at": written, "updated_at": written,
    }])
    return conversation_id
