"""Learning history with the structure the recommender learns from.

People in a role tend to take that role's development courses, in roughly the same order, while
they hold it; people who moved role took the earlier role's courses first. After a learning needs
analysis, most people go on to take a course that develops the competency where their gap was
largest. Only development courses are used (none that count for mandatory training), so
compliance figures are untouched. Built after the learning needs analysis demo.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from academy.courses.models import (
    Course,
    CourseCompetency,
    CoursePrerequisite,
    CourseSession,
    CourseSubject,
    Enrolment,
    EnrolmentStatus,
)
from academy.extensions import db
from academy.lna.models import AssessmentStatus, Competency, CompetencyRating, SelfAssessment
from academy.people.demo import PeopleDemo
from academy.people.models import JobHistory, User

MONTHS_OF_HISTORY = 36
# How many people act on their learning needs analysis, and how many of them take a second course.
ACTS_ON_GAPS = 0.7
SECOND_GAP_COURSE = 0.35

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
    for course_id in courses.values():
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
    needs: dict[str, list[str]] = {}
    required = Course.__table__.alias("required")
    for code, required_code in db.session.execute(
            select(Course.code, required.c.code)
            .join(CoursePrerequisite, CoursePrerequisite.course_id == Course.id)
            .join(required, required.c.id == CoursePrerequisite.required_course_id)):
        needs.setdefault(code, []).append(required_code)
    developing: dict[str, list[str]] = {}
    for code, competency in db.session.execute(
            select(Course.code, CourseCompetency.competency_code)
            .join(CourseCompetency, CourseCompetency.course_id == Course.id).order_by(Course.code)):
        developing.setdefault(competency, []).append(code)
    skip = set(people.sign_ins.values())
    window_start = months[0]
    last_day = first_month - timedelta(days=1)  # history ends with last month's sessions
    assessments = _assessed_gaps(last_day)

    rows = []

    def take(user_id: int, taken: dict[str, date], code: str, day: date) -> None:
        taken[code] = day
        rows.append(_completion(user_id, employer[user_id], courses[code], session_of, day))

    for user_id in people.staff_ids:
        if user_id in skip:
            continue
        taken: dict[str, date] = {}

        for key, started, ended in spells.get(user_id, []):
            path = []  # the role's courses, each preceded by what it needs first
            for code in ROLE_COURSES.get(key, []):
                path += [c for c in [*needs.get(code, []), code]
                         if c in courses and c not in taken and c not in path]
            # Most people take the first few of their role's courses; fewer go further.
            depth = min(len(path), int(rng.expovariate(0.6)) + (1 if rng.random() < 0.8 else 0))
            begin, end = max(started, window_start), min(ended, last_day)
            if end <= begin or not depth:
                continue
            days = sorted(rng.sample(range((end - begin).days), min(depth, (end - begin).days)))
            for code, offset in zip(path[:depth], days, strict=False):
                take(user_id, taken, code, begin + timedelta(days=offset))
        assessed = assessments.get(user_id)
        if assessed and rng.random() < ACTS_ON_GAPS:
            submitted, gaps = assessed
            wanted = [code for competency, _ in sorted(gaps.items(), key=lambda g: -g[1])
                      for code in developing.get(competency, [])
                      if code in courses and code not in taken and all(n in taken for n in needs.get(code, []))]
            for code in list(dict.fromkeys(wanted))[: 2 if rng.random() < SECOND_GAP_COURSE else 1]:
                begin = max([submitted, *(taken[n] for n in needs.get(code, []))]) + timedelta(days=14)
                if begin < last_day:
                    take(user_id, taken, code, begin + timedelta(days=rng.randint(0, (last_day - begin).days)))
        for code in EVERYONE:
            if code in courses and rng.random() < 0.12:
                day = last_day - timedelta(days=rng.randint(0, (last_day - window_start).days))
                if code not in taken:
                    take(user_id, taken, code, day)
    if rows:
        db.session.execute(insert(Enrolment), rows)
    return len(rows)


def _assessed_gaps(before: date) -> dict[int, tuple[date, dict[str, float]]]:
    """Each person's latest learning needs analysis submitted before a day: its date and gaps."""
    latest: dict[int, tuple[date, dict[str, float]]] = {}
    for user_id, submitted_at, code, weighted in db.session.execute(
            select(SelfAssessment.user_id, SelfAssessment.submitted_at, Competency.code,
                   CompetencyRating.weighted_gap)
            .join(CompetencyRating, CompetencyRating.self_assessment_id == SelfAssessment.id)
            .join(Competency, Competency.id == CompetencyRating.competency_id)
            .where(SelfAssessment.status == AssessmentStatus.SUBMITTED, CompetencyRating.weighted_gap > 0,
                   SelfAssessment.submitted_at < datetime.combine(before, time()))
            .order_by(SelfAssessment.user_id, SelfAssessment.submitted_at)):
        day = submitted_at.date()
        if user_id not in latest or latest[user_id][0] < day:
            latest[user_id] = (day, {})
        if latest[user_id][0] == day:
            latest[user_id][1][code] = float(weighted)
    return latest


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
