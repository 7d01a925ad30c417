"""Learning history with the structure the recommender learns from.

People in a role tend to take that role's development courses, in roughly the same order, while
they hold it; people who moved role took the earlier role's courses first. Only development
courses are used (none that count for mandatory training), so compliance figures are untouched.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from academy.courses.models import Course, CourseSession, CourseSubject, Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.people.demo import PeopleDemo
from academy.people.models import JobHistory, User

MONTHS_OF_HISTORY = 36

CAREER = ["CD-CONV", "CD-APP"]
LEADERSHIP = ["LD-FLM", "LD-COACH", "LD-INCL", "LD-WLDP", "LD-WSDP"]
ROLE_COURSES = {
    "hca": ["CD-CONV", "DG-SCR", "WB-CHAMP", "CD-APP", "NR-NA"],
    "hca3": ["CD-CONV", "CD-APP", "NR-NA", "DG-SCR", "WB-MHFA"],
    "shcsw": ["CD-APP", "NR-NA", "LD-FLM", "WB-MHFA"],
    "tna": ["NR-NA", "DG-SCR", "CD-CONV", "LD-RMP"],
    "na": ["DG-SCR", "LD-FLM", "WB-PFA", "CD-CONV"],
    "rn": ["DG-SCR", "WB-PFA", "LD-FLM", "LD-COACH", "WB-SCHW"],
    "sister": ["LD-FLM", "LD-COACH", "LD-INCL", "LD-WLDP"],
    "matron": ["LD-COACH", "LD-INCL", "LD-WLDP", "LD-WSDP", "LD-RMP"],
    "acp": ["LD-COACH", "LD-WLDP", "LD-INCL", "LD-RMP"],
    "manager7": ["LD-COACH", "LD-INCL", "LD-WLDP", "LD-WSDP", "LD-RMP"],
    "director": ["LD-WSDP", "LD-INCL", "LD-RMP"],
    "careworker": ["DG-CARE", "WB-CHAMP", "NR-TELE", "CD-CONV", "CD-APP"],
    "seniorcare": ["DG-CARE", "NR-TELE", "LD-FLM", "CD-APP"],
    "leadcare": ["LD-FLM", "NR-TA", "LD-COACH", "CD-APP"],
    "deputy": ["LD-FLM", "LD-COACH", "NR-TA", "LD-INCL"],
    "regmanager": ["LD-COACH", "LD-INCL", "LD-WLDP"],
    "teamleader": ["LD-FLM", "LD-COACH", "LD-INCL"],
    "supportworker": ["NR-NAV", "NR-SPLW", "WB-CHAMP", "DG-CARE"],
    "reablement": ["NR-REAB", "DG-CARE", "NR-TA", "NR-NAV"],
    "socialworker": ["NR-TA", "NR-REAB", "DG-SCR", "LD-FLM"],
    "ot": ["NR-REAB", "NR-TA", "DG-SCR", "LD-FLM"],
    "admin": ["DG-SCR", "WB-CHAMP", "NR-NAV", "CD-CONV"],
    "medsec": ["DG-SCR", "NR-NAV", "CD-CONV"],
    "carecoord": ["NR-NAV", "NR-HWC", "DG-SCR", "NR-SPLW"],
    "splw": ["NR-SPLW", "NR-HWC", "NR-NAV", "WB-MHFA"],
    "paramedic": ["NR-PARA", "WB-PFA", "DG-SCR", "LD-FLM"],
    "ecsw": ["WB-PFA", "DG-SCR", "CD-APP"],
    "mhsw": ["NR-MHN", "WB-MHFA", "WB-PFA", "CD-APP"],
    "pharmacist": ["DG-SCR", "LD-FLM", "LD-COACH"],
    "ptech": ["DG-SCR", "CD-APP", "LD-FLM"],
    "physio": ["NR-REAB", "DG-SCR", "WB-PFA"],
    "physio6": ["NR-REAB", "LD-FLM", "LD-COACH"],
    "doctor": ["DG-SCR", "WB-SCHW", "LD-COACH"],
    "porter": ["WB-CHAMP", "CD-CONV", "CD-APP"],
    "volunteer": ["WB-CHAMP", "WB-PFA"],
    "tutor": ["LD-COACH", "WB-MHFA"],
    "activities": ["DG-CARE", "WB-CHAMP", "CC-AWARE"],
    "student": ["CD-CONV", "DG-SCR"],
}
EVERYONE = ["WB-MENO", "WB-CARER", "WB-WBA"]


def build(rng: random.Random, today: date, people: PeopleDemo) -> int:
    mandatory = set(db.session.scalars(select(CourseSubject.course_id)))
    courses = {code: cid for code, cid in db.session.execute(select(Course.code, Course.id))
               if cid not in mandatory}
    first_month = date(today.year, today.month, 1)
    months = [_add_months(first_month, -n) for n in range(MONTHS_OF_HISTORY, 0, -1)]
    session_rows, keys = [], []
    for code, course_id in courses.items():
        for month in months:
            start = datetime.combine(month + timedelta(days=9), time(9, 30))
            session_rows.append({
                "course_id": course_id, "starts_at": start, "ends_at": start + timedelta(hours=6),
                "location": "Education Centre", "capacity": 5000,
                "booking_closes_at": start - timedelta(days=1), "created_at": start - timedelta(days=60),
            })
            keys.append((course_id, month))
    session_ids = db.session.scalars(
        insert(CourseSession).returning(CourseSession.id, sort_by_parameter_order=True), session_rows)
    session_of = dict(zip(keys, session_ids, strict=True))

    role_key = {role_id: key for key, role_id in people.job_roles.items()}
    employer = dict(db.session.execute(select(User.id, User.employer_id)).all())
    spells: dict[int, list] = {}
    for user_id, role_id, started, ended in db.session.execute(
            select(JobHistory.user_id, JobHistory.job_role_id, JobHistory.started_on, JobHistory.ended_on)
            .order_by(JobHistory.user_id, JobHistory.started_on)):
        spells.setdefault(user_id, []).append((role_key.get(role_id), started, ended or today))
    skip = set(people.sign_ins.values())
    window_start = months[0]
    last_day = first_month - timedelta(days=1)  # history ends with last month's sessions

    rows = []
    for user_id in people.staff_ids:
        if user_id in skip:
            continue
        taken: set[str] = set()
        for key, started, ended in spells.get(user_id, []):
            path = [c for c in ROLE_COURSES.get(key, []) if c in courses and c not in taken]
            # Most people take the first few of their role's courses; fewer go further.
            depth = min(len(path), int(rng.expovariate(0.6)) + (1 if rng.random() < 0.8 else 0))
            begin, end = max(started, window_start), min(ended, last_day)
            if end <= begin or not depth:
                continue
            days = sorted(rng.sample(range((end - begin).days), min(depth, (end - begin).days)))
            for code, offset in zip(path[:depth], days, strict=False):
                taken.add(code)
                rows.append(_completion(user_id, employer[user_id], courses[code],
                                        session_of, begin + timedelta(days=offset)))
        for code in EVERYONE:
            if code in courses and rng.random() < 0.12:
                day = last_day - timedelta(days=rng.randint(0, (last_day - window_start).days))
                if code not in taken:
                    taken.add(code)
                    rows.append(_completion(user_id, employer[user_id], courses[code], session_of, day))
    if rows:
        db.session.execute(insert(Enrolment), rows)
    return len(rows)


def _completion(user_id: int, organisation_id: int, course_id: int, session_of: dict, day: date) -> dict:
    month = date(day.year, day.month, 1)
    session_id = session_of[(course_id, month)]
    held_on = month + timedelta(days=9)
    booked = datetime.combine(held_on - timedelta(days=20), time(10, 0))
    return {
        "course_id": course_id, "session_id": session_id, "user_id": user_id,
        "organisation_id": organisation_id, "status": EnrolmentStatus.COMPLETED,
        "created_at": booked, "requested_at": booked, "booked_at": booked,
        "marked_at": datetime.combine(held_on, time(16, 0)), "completed_on": held_on, "result": "Passed",
    }


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)
