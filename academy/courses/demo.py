"""Demo catalogue: subjects and requirements, courses from every partner, sessions over the coming
months, places booked and waited for, completions with certificates, and compliance history.

The demo sign-ins get something real to see: Aisha (staff) has subjects due and expired, a booking,
a wait and a request with her manager; Rebecca (manager) has requests to approve; Kwame (trainer)
has a register to mark; the learning leads have compliance across the partners.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select, update

from academy.bulk import insert_rows
from academy.courses import rules
from academy.courses.certificates import new_code
from academy.courses.models import (
    OCCUPYING,
    Category,
    Course,
    CourseCompetency,
    CoursePrerequisite,
    CourseSession,
    CourseSubject,
    DeliveryMode,
    Enrolment,
    EnrolmentStatus,
    Pillar,
    ProviderKind,
    RecordSource,
    Requirement,
    SessionQuota,
    SessionTrainer,
    Subject,
    TrainingRecord,
)
from academy.courses.seed import (
    CARE_CERTIFICATE,
    CARE_CERTIFICATE_STANDARDS,
    CSTF,
    CSTF_SUBJECTS,
    level_includes,
)
from academy.courses.services import places_of
from academy.extensions import db
from academy.people.models import JobRole, Site, User

S = EnrolmentStatus
C, P, M = Category, Pillar, DeliveryMode

# Staff groups that must do every level 1 subject, and those in patient or client care.
ALL_GROUPS = [
    "Additional Clinical Services", "Nursing and Midwifery Registered", "Allied Health Professionals",
    "Additional Professional Scientific and Technical", "Administrative and Clerical",
    "Estates and Ancillary", "Medical and Dental", "Students", "Care providing roles",
    "Managerial and supervisory roles", "Professional and related roles", "Other roles", "Education",
]
CARING_GROUPS = ["Additional Clinical Services", "Nursing and Midwifery Registered",
                 "Allied Health Professionals", "Medical and Dental", "Care providing roles"]
REGISTERED_GROUPS = ["Nursing and Midwifery Registered", "Medical and Dental"]
LEVEL_1 = [("Conflict Resolution", "Level 1"), ("Equality, Diversity and Human Rights", "Level 1"),
           ("Fire Safety", "Level 1"), ("Health, Safety and Welfare", "Level 1"),
           ("Infection Prevention and Control", "Level 1"),
           ("Information Governance and Data Security", "Level 1"), ("Moving and Handling", "Level 1"),
           ("Preventing Radicalisation", "Basic Prevent Awareness (Levels 1-2)"),
           ("Safeguarding Adults", "Level 1"), ("Safeguarding Children", "Level 1")]
CARING = [("Infection Prevention and Control", "Level 2"), ("Moving and Handling", "Level 2"),
          ("Resuscitation", "Level 2 (Adult / Paediatric / Newborn Basic Life Support)"),
          ("Safeguarding Adults", "Level 2"), ("Safeguarding Children", "Level 2")]
REGISTERED = [("Safeguarding Adults", "Level 3"), ("Safeguarding Children", "Level 3")]

R2 = ("Resuscitation", "Level 2 (Adult / Paediatric / Newborn Basic Life Support)")


def cc(n: int) -> tuple[str, str]:
    return ("CC", str(n))


# code, title, summary, category, pillar, mode, minutes, cpd, provider (short name, or
# ("external", name)), cost, approval, subjects satisfied, competencies, sessions ahead, capacity
COURSES = [
    ("CS-FIRE", "Fire safety awareness", "What to do if fire breaks out where you work, and how to prevent it.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.ELEARNING, 45, "0.75", "MYTT", "0", False,
     [("Fire Safety", "Level 1")], [], 3, 300),
    ("CS-FIRE-P", "Fire safety and evacuation (practical)", "Extinguishers, evacuation routes and ski sheets on the ward.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.CLASSROOM, 120, "2", "MYTT", "0", False,
     [("Fire Safety", "Level 1")], [], 4, 16),
    ("CS-IPC1", "Infection prevention and control: essentials", "Hand hygiene, personal protective equipment and the chain of infection.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.ELEARNING, 40, "0.75", "MYTT", "0", False,
     [("Infection Prevention and Control", "Level 1"), cc(15)], [("IPC-01", 1)], 3, 300),
    ("CS-IPC2", "Infection prevention and control for clinical and care staff", "Level 2 for anyone giving hands-on care: isolation, aseptic technique and outbreaks.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.CLASSROOM, 180, "3", "MYTT", "0", False,
     [("Infection Prevention and Control", "Level 2"), ("Infection Prevention and Control", "Level 1"), cc(15)],
     [("IPC-01", 2)], 5, 20),
    ("CS-MH2", "Moving and handling people", "Safer handling of people with hoists, slide sheets and standing aids.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.CLASSROOM, 210, "3.5", "MYTT", "0", False,
     [("Moving and Handling", "Level 2"), ("Moving and Handling", "Level 1")], [("MH-01", 2)], 5, 12),
    ("CS-BLS", "Basic life support (adult)", "Recognise cardiac arrest, give CPR and use a defibrillator.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.CLASSROOM, 120, "2", "MYTT", "0", False,
     [R2, ("Resuscitation", "Level 1"), cc(12)], [("RES-01", 2)], 6, 12),
    ("CS-ILS", "Immediate life support", "Resuscitation for registered clinical staff: airway, rhythm recognition, drugs.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.CLASSROOM, 420, "7", ("external", "Resuscitation Council UK"),
     "95", True, [("Resuscitation", "Level 3 (Immediate Life Support)"), R2, ("Resuscitation", "Level 1")],
     [("RES-01", 3)], 2, 12),
    ("CS-SGA2", "Safeguarding adults level 2", "Recognising abuse and neglect, making safeguarding personal, and raising a concern.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.VIRTUAL, 180, "3", "WMDC ASC", "0", False,
     [("Safeguarding Adults", "Level 2"), ("Safeguarding Adults", "Level 1"), cc(10)], [("SG-01", 2)], 4, 30),
    ("CS-SGA3", "Safeguarding adults level 3", "For registered professionals who lead on safeguarding decisions.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.CLASSROOM, 420, "7", "WMDC ASC", "0", False,
     [("Safeguarding Adults", "Level 3"), ("Safeguarding Adults", "Level 2"), ("Safeguarding Adults", "Level 1")],
     [("SG-01", 3)], 2, 20),
    ("CS-SGC2", "Safeguarding children level 2", "Children's safeguarding for staff who care for adults who are parents or carers.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.VIRTUAL, 180, "3", "MYTT", "0", False,
     [("Safeguarding Children", "Level 2"), ("Safeguarding Children", "Level 1"), cc(11)], [], 4, 30),
    ("CS-IG", "Data security awareness", "Keeping personal information safe: the annual data security awareness course.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.ELEARNING, 60, "1", "MYTT", "0", False,
     [("Information Governance and Data Security", "Level 1"), cc(14)], [], 3, 400),
    ("CS-EDHR", "Equality, diversity and human rights", "Fair treatment, protected characteristics and inclusive care.",
     C.CORE_SKILLS, P.BELONGING, M.ELEARNING, 40, "0.75", "SWYPFT", "0", False,
     [("Equality, Diversity and Human Rights", "Level 1"), cc(4)], [], 3, 300),
    ("CS-CR", "Conflict resolution", "De-escalating conflict and keeping yourself and others safe.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.CLASSROOM, 180, "3", "SWYPFT", "0", False,
     [("Conflict Resolution", "Level 1")], [], 3, 16),
    ("CS-PREV", "Prevent awareness", "Recognising and referring people at risk of radicalisation.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.ELEARNING, 45, "0.75", "SWYPFT", "0", False,
     [("Preventing Radicalisation", "Basic Prevent Awareness (Levels 1-2)")], [], 3, 300),
    ("CS-DAY", "Core skills refresher day", "Fire, health and safety, infection control, conflict resolution, equality and moving and handling in one day.",
     C.CORE_SKILLS, P.LOOKING_AFTER, M.CLASSROOM, 390, "6.5", "WMDC ASC", "0", False,
     [("Fire Safety", "Level 1"), ("Health, Safety and Welfare", "Level 1"),
      ("Infection Prevention and Control", "Level 1"), ("Conflict Resolution", "Level 1"),
      ("Equality, Diversity and Human Rights", "Level 1"), ("Moving and Handling", "Level 1"), cc(13)],
     [], 4, 20),
    ("CC-ROLE", "Care Certificate workshop: your role and duty of care", "Standards 1 to 3 of the Care Certificate, with the joint induction.",
     C.CARE_CERTIFICATE, P.GROWING, M.CLASSROOM, 360, "6", "College", "0", False,
     [cc(1), cc(2), cc(3)], [("CC-01", 2), ("CC-03", 2)], 4, 16),
    ("CC-COMM", "Communication, privacy and dignity", "Care Certificate standards 6 and 7.",
     C.CARE_CERTIFICATE, P.GROWING, M.CLASSROOM, 240, "4", "College", "0", False,
     [cc(6), cc(7)], [("CC-06", 2)], 3, 16),
    ("CC-PCC", "Person-centred care, fluids and nutrition", "Care Certificate standards 5 and 8.",
     C.CARE_CERTIFICATE, P.GROWING, M.BLENDED, 240, "4", "College", "0", False,
     [cc(5), cc(8)], [("CC-05", 2)], 3, 16),
    ("CC-AWARE", "Dementia, mental health, learning disability and autism awareness", "Care Certificate standards 9 and 16, including the Oliver McGowan training.",
     C.CARE_CERTIFICATE, P.GROWING, M.VIRTUAL, 240, "4", "SWYPFT", "0", False,
     [cc(9), cc(16)], [("MHD-01", 1)], 4, 40),
    ("NR-NA", "Nursing associate: preparing for the apprenticeship", "For healthcare assistants applying to become trainee nursing associates.",
     C.NEW_ROLES, P.NEW_WAYS, M.BLENDED, 360, "6", "MYTT", "0", True, [], [("NA-01", 1)], 2, 20),
    ("NR-SPLW", "Social prescribing link worker foundations", "Personalised care, community assets and the role in primary care networks.",
     C.NEW_ROLES, P.NEW_WAYS, M.VIRTUAL, 360, "6", "Five Towns PCN", "0", False, [], [("SP-01", 2)], 2, 20),
    ("NR-NAV", "Care navigation", "Signposting people to the right help first time.",
     C.NEW_ROLES, P.NEW_WAYS, M.VIRTUAL, 180, "3", "WMDC ASC", "0", False, [], [("SP-01", 1)], 3, 25),
    ("NR-TA", "Trusted assessor training", "Assessing on behalf of care providers so people leave hospital sooner.",
     C.NEW_ROLES, P.NEW_WAYS, M.CLASSROOM, 420, "7", "WMDC ASC", "0", True, [], [("TA-01", 2)], 2, 14),
    ("NR-REAB", "Reablement in practice", "Helping people regain independence at home after illness.",
     C.NEW_ROLES, P.NEW_WAYS, M.CLASSROOM, 360, "6", "WMDC ASC", "0", False, [], [("RB-01", 2)], 3, 16),
    ("NR-TELE", "Telemedicine in care homes", "Remote consultations and monitoring with the community teams.",
     C.NEW_ROLES, P.NEW_WAYS, M.VIRTUAL, 120, "2", "Spectrum", "0", False, [], [("DIG-03", 2), ("DIG-07", 2)], 0, 0),
    ("NR-MHN", "Mental health navigator", "Supporting people to reach mental health services.",
     C.NEW_ROLES, P.NEW_WAYS, M.BLENDED, 360, "6", "SWYPFT", "0", False, [], [("MHD-01", 2)], 2, 18),
    ("NR-PARA", "Rotational paramedics in primary care", "Working across the ambulance service and primary care networks.",
     C.NEW_ROLES, P.NEW_WAYS, M.CLASSROOM, 420, "7", "YAS", "0", True, [], [("PC-01", 2)], 1, 12),
    ("NR-HWC", "Health and wellbeing coordinator essentials", "Coaching people to manage long-term conditions.",
     C.NEW_ROLES, P.NEW_WAYS, M.VIRTUAL, 240, "4", "Central PCN", "0", False, [], [("SP-01", 2)], 2, 20),
    ("LD-WLDP", "Wakefield Leadership Development Programme", "A six-month programme for leaders across health and care.",
     C.LEADERSHIP, P.LEADERSHIP, M.BLENDED, 2400, "40", "Spectrum", "450", True, [], [("LEAD-01", 3), ("LEAD-03", 3), ("LEAD-06", 3)], 1, 24),
    ("LD-WSDP", "Wakefield System Development Programme", "Leading change across organisational boundaries.",
     C.LEADERSHIP, P.LEADERSHIP, M.BLENDED, 1800, "30", "Spectrum", "350", True, [], [("LEAD-02", 3), ("LEAD-09", 3)], 1, 20),
    ("LD-FLM", "First-line manager essentials", "Rotas, supervision, absence and the conversations new managers find hardest.",
     C.LEADERSHIP, P.LEADERSHIP, M.CLASSROOM, 420, "7", "MYTT", "0", False, [], [("LEAD-01", 2), ("LEAD-07", 2)], 3, 18),
    ("LD-COACH", "Coaching conversations for managers", "Using a coaching approach in supervision and appraisal.",
     C.LEADERSHIP, P.GROWING, M.VIRTUAL, 180, "3", "SWYPFT", "0", False, [], [("COACH-01", 2), ("LEAD-08", 2)], 3, 16),
    ("LD-INCL", "Leading inclusive teams", "Recruitment, allyship and the workforce race equality standard.",
     C.LEADERSHIP, P.BELONGING, M.VIRTUAL, 180, "3", "Spectrum", "0", False, [], [("EDHR-01", 3), ("LEAD-04", 2)], 2, 30),
    ("LD-RMP", "Reciprocal mentoring: introduction", "What the Wakefield reciprocal mentoring programme is and how to take part.",
     C.LEADERSHIP, P.BELONGING, M.VIRTUAL, 90, "1.5", "Spectrum", "0", False, [], [], 2, 40),
    ("WB-MHFA", "Mental Health First Aid", "Two days to become a mental health first aider for your team.",
     C.WELLBEING, P.LOOKING_AFTER, M.CLASSROOM, 840, "14", ("external", "MHFA England"), "150", True,
     [], [("WB-01", 2)], 3, 16),
    ("WB-PFA", "Psychological first aid", "Supporting colleagues after distressing events.",
     C.WELLBEING, P.LOOKING_AFTER, M.VIRTUAL, 180, "3", "SWYPFT", "0", False, [], [("WB-01", 1)], 3, 25),
    ("WB-CHAMP", "Wellbeing champions", "Being the wellbeing champion for your team.",
     C.WELLBEING, P.LOOKING_AFTER, M.VIRTUAL, 120, "2", "Spectrum", "0", False, [], [], 2, 30),
    ("WB-SCHW", "Schwartz rounds facilitator", "Facilitating Schwartz rounds where you work.",
     C.WELLBEING, P.LOOKING_AFTER, M.CLASSROOM, 840, "14", ("external", "Point of Care Foundation"),
     "250", True, [], [], 0, 0),
    ("WB-WBA", "Workplace behaviour ambassadors", "Speaking up and challenging unacceptable behaviour.",
     C.WELLBEING, P.BELONGING, M.VIRTUAL, 150, "2.5", "MYTT", "0", False, [], [("CR-01", 2)], 2, 25),
    ("WB-CARER", "Working carers: the carers passport", "What the working carers passport offers you and your manager.",
     C.WELLBEING, P.LOOKING_AFTER, M.VIRTUAL, 60, "1", "WMDC ASC", "0", False, [], [], 2, 50),
    ("WB-MENO", "Menopause awareness", "Understanding menopause at work and the support available.",
     C.WELLBEING, P.LOOKING_AFTER, M.VIRTUAL, 90, "1.5", "MYTT", "0", False, [], [], 2, 8),
    ("DG-CARE", "Digital skills for care", "Email, video calls and online records for care staff.",
     C.DIGITAL, P.GROWING, M.CLASSROOM, 180, "3", "College", "0", False, [], [("DIG-01", 1), ("DIG-06", 1), ("DIG-08", 1)], 3, 12),
    ("DG-SCR", "Using the shared care record", "Finding and recording information in the district's shared care record.",
     C.DIGITAL, P.NEW_WAYS, M.VIRTUAL, 90, "1.5", "MYTT", "0", False, [], [("DIG-02", 2)], 3, 30),
    ("CD-CONV", "Career conversations: planning your next step", "For healthcare assistants and nurses thinking about their next role.",
     C.CAREER, P.GROWING, M.VIRTUAL, 90, "1.5", "MYTT", "0", False, [], [], 3, 20),
    ("CD-APP", "Apprenticeships: what is available", "Apprenticeships from level 2 to degree level, and how the levy pool works.",
     C.CAREER, P.GROWING, M.VIRTUAL, 60, "1", "College", "0", False, [], [], 2, 50),
    ("CD-RTP", "Return to practice: an introduction", "For nurses and allied health professionals returning to the register.",
     C.CAREER, P.GROWING, M.CLASSROOM, 360, "6", ("external", "Leeds Beckett University"), "0", False,
     [], [], 0, 0),
    ("CD-INT", "Preparing for interview", "Applications, values-based questions and presenting yourself well.",
     C.CAREER, P.GROWING, M.VIRTUAL, 120, "2", "WMDC ASC", "0", False, [], [], 2, 25),
]

ROOMS = ["Education Centre, room 1", "Education Centre, room 2", "Training suite", "Seminar room",
         "Clinical skills lab", "Conference room"]
HOURS = [time(9, 30), time(13, 30), time(10, 0), time(9, 0)]


@dataclass
class CoursesDemo:
    courses: int
    sessions: int
    enrolments: int
    records: int


def at(day: date, hour: time) -> datetime:
    return datetime.combine(day, hour)


def build_subjects() -> dict[tuple[str, str], int]:
    """Subjects of both frameworks, keyed (name, level); Care Certificate standards as ("CC", n)."""
    rows = [{"framework": CSTF, "name": name, "level": level, "renewal_months": years * 12}
            for name, level, years in CSTF_SUBJECTS]
    rows += [{"framework": CARE_CERTIFICATE, "name": f"Standard {n}: {title}", "level": "",
              "renewal_months": None} for n, title in CARE_CERTIFICATE_STANDARDS]
    ids = insert_rows(Subject, rows)
    keys = [(name, level) for name, level, _ in CSTF_SUBJECTS] + [
        ("CC", str(n)) for n, _ in CARE_CERTIFICATE_STANDARDS]
    subjects = dict(zip(keys, ids, strict=True))
    db.session.execute(update(Subject), [{"id": subjects[higher], "includes_id": subjects[lower]}
                                         for higher, lower in level_includes()])
    return subjects


def build_requirements(subjects: dict, job_roles: dict[str, int]) -> None:
    rows = []
    for group in ALL_GROUPS:
        rows += [{"subject_id": subjects[key], "staff_group": group} for key in LEVEL_1]
    for group in CARING_GROUPS:
        rows += [{"subject_id": subjects[key], "staff_group": group} for key in CARING]
    for group in REGISTERED_GROUPS:
        rows += [{"subject_id": subjects[key], "staff_group": group} for key in REGISTERED]
    rows.append({"subject_id": subjects[("Resuscitation", "Level 3 (Immediate Life Support)")],
                 "staff_group": "Medical and Dental"})
    for key in ("careworker", "seniorcare", "supportworker", "reablement"):
        rows += [{"subject_id": subjects[("CC", str(n))], "job_role_id": job_roles[key]}
                 for n, _ in CARE_CERTIFICATE_STANDARDS]
    db.session.execute(insert(Requirement), rows)


def required_subjects(subjects: dict, job_roles: dict[str, int]) -> dict[int, set[int]]:
    """Job role id -> the subject ids required of it (by its staff group or itself)."""
    by_role: dict[int, set[int]] = {}
    groups = dict(db.session.execute(select(JobRole.id, JobRole.staff_group)).all())
    requirements = db.session.execute(
        select(Requirement.subject_id, Requirement.staff_group, Requirement.job_role_id)).all()
    for role_id, group in groups.items():
        by_role[role_id] = {s for s, g, r in requirements if g == group or r == role_id}
    return by_role


# Courses that need another completed first.
PREREQUISITES = [("LD-COACH", "LD-FLM"), ("LD-WSDP", "LD-WLDP")]


def build(rng: random.Random, today: date, people) -> CoursesDemo:
    subjects = build_subjects()
    build_requirements(subjects, people.job_roles)
    orgs = people.organisations
    sign_in = people.sign_ins
    now = at(today, time(8, 0))

    course_rows, links, competencies = [], [], []
    for (code, title, summary, category, pillar, mode, minutes, cpd, provider, cost, approval,
         _satisfied, _skills, _, _) in COURSES:
        external = isinstance(provider, tuple)
        kind = (ProviderKind.EXTERNAL if external else
                ProviderKind.UNIVERSITY if provider == "College" else ProviderKind.PARTNER)
        course_rows.append({
            "code": code, "title": title, "summary": summary,
            "description": f"{summary}\n\nOpen to staff of every partner in the Wakefield district.",
            "category": category, "pillar": pillar, "delivery_mode": mode,
            "duration_minutes": minutes, "cpd_hours": Decimal(cpd),
            "provider_kind": kind, "provider_id": None if external else orgs[provider],
            "provider_name": provider[1] if external else None, "cost_per_place": Decimal(cost),
            "needs_approval": approval, "prerequisites": "",
            "created_at": now - timedelta(days=rng.randint(30, 900)),
            "created_by_id": sign_in["partnershiplead@demo.academy"], "updated_at": now,
        })
    course_ids = insert_rows(Course, course_rows)
    by_code = dict(zip([c[0] for c in COURSES], course_ids, strict=True))
    for course_id, spec in zip(course_ids, COURSES, strict=True):
        links += [{"course_id": course_id, "subject_id": subjects[key]} for key in spec[11]]
        competencies += [{"course_id": course_id, "competency_code": c, "level": lv}
                         for c, lv in spec[12]]
    db.session.execute(insert(CourseSubject), links)
    if competencies:
        db.session.execute(insert(CourseCompetency), competencies)
    db.session.execute(insert(CoursePrerequisite), [
        {"course_id": by_code[course], "required_course_id": by_code[required]}
        for course, required in PREREQUISITES])
    course_subjects: dict[int, list[int]] = {}
    for link in links:
        course_subjects.setdefault(link["course_id"], []).append(link["subject_id"])

    sites = db.session.execute(select(Site.id, Site.organisation_id)).all()
    sites_of: dict[int, list[int]] = {}
    for site_id, org_id in sites:
        sites_of.setdefault(org_id, []).append(site_id)
    trainer = sign_in["trainer@demo.academy"]

    # Sessions: past ones (registers marked, one left to mark) and the coming months.
    session_rows, session_meta = [], []
    for spec in COURSES:
        code, mode, minutes, provider, ahead, capacity = spec[0], spec[5], spec[6], spec[8], spec[13], spec[14]
        if ahead == 0:
            continue
        provider_org = orgs.get(provider) if isinstance(provider, str) else orgs["MYTT"]
        length = timedelta(minutes=min(minutes, 450)) if mode != M.ELEARNING else timedelta(days=27)
        starts = [today - timedelta(days=rng.randint(20, 110))]
        starts += [today + timedelta(days=7 + i * rng.randint(18, 30) + rng.randint(0, 6)) for i in range(ahead)]
        for day in starts:
            hour = time(9, 0) if mode == M.ELEARNING else rng.choice(HOURS)
            start = at(day, hour)
            online = mode in (M.VIRTUAL, M.ELEARNING)
            session_rows.append({
                "course_id": by_code[code], "starts_at": start, "ends_at": start + length,
                "site_id": None if online else rng.choice(sites_of[provider_org]),
                "location": "" if online else rng.choice(ROOMS),
                "online_url": f"https://meet.academy.example/{code.lower()}-{day:%Y%m%d}" if online else None,
                "capacity": capacity, "booking_closes_at": start - timedelta(days=1),
                "created_at": now - timedelta(days=150),
            })
            session_meta.append((code, day < today))
    session_ids = insert_rows(CourseSession, session_rows)
    sessions = list(zip(session_ids, session_rows, session_meta, strict=True))

    # Kwame trains the classroom sessions of the College and a few others, including one held
    # yesterday whose register is still to be marked.
    taught = [sid for sid, row, (code, _) in sessions
              if code.startswith(("CC-", "DG-", "CS-BLS", "CS-FIRE-P"))]
    yesterday = {"course_id": by_code["CS-BLS"], "starts_at": at(today - timedelta(days=1), time(9, 30)),
                 "ends_at": at(today - timedelta(days=1), time(11, 30)),
                 "site_id": sites_of[orgs["MYTT"]][0], "location": "Clinical skills lab",
                 "online_url": None, "capacity": 10,
                 "booking_closes_at": at(today - timedelta(days=2), time(9, 30)),
                 "created_at": now - timedelta(days=60)}
    [register_id] = insert_rows(CourseSession, [yesterday])
    sessions.append((register_id, yesterday, ("CS-BLS", True)))
    db.session.execute(insert(SessionTrainer), [{"session_id": s, "user_id": trainer}
                                                for s in [*taught, register_id]])

    # Who works where, for bookings and compliance history.
    people_rows = db.session.execute(
        select(User.id, User.employer_id, User.job_role_id).where(User.is_active_account.is_(True))
    ).all()
    employer = {uid: org for uid, org, _ in people_rows}
    pool = [uid for uid in people.staff_ids]
    demo_people = set(sign_in.values())

    enrolments: list[dict] = []
    taken: set[tuple[int, int]] = set()
    completed: set[tuple[int, int]] = set()
    needs: dict[int, list[int]] = {}
    for course, required in PREREQUISITES:
        needs.setdefault(by_code[course], []).append(by_code[required])

    def enrol(user_id, session_id, row, status, **extra):
        taken.add((user_id, row["course_id"]))
        if status == S.COMPLETED:
            completed.add((user_id, row["course_id"]))
        base = {"course_id": row["course_id"], "session_id": session_id, "user_id": user_id,
                "organisation_id": employer[user_id], "status": status,
                "created_at": row["starts_at"] - timedelta(days=rng.randint(8, 40))}
        base["requested_at"] = base["created_at"]
        if status in OCCUPYING:
            base["booked_at"] = base["created_at"]
        if status == S.WAITLISTED:
            base["waitlisted_at"] = base["created_at"]
        base.update(extra)
        enrolments.append(base)

    for session_id, row, (_, past) in sessions:
        if session_id == register_id:
            continue
        capacity = row["capacity"]
        fill = rng.uniform(0.3, 1.0) if not past else rng.uniform(0.5, 0.9)
        # Only people who completed what the course needs first book it.
        eligible = [u for u in pool if all((u, r) in completed for r in needs.get(row["course_id"], ()))]
        count = min(len(eligible), int(capacity * fill)) if capacity < 100 else rng.randint(10, 40)
        chosen = [u for u in rng.sample(eligible, min(len(eligible), count + 5))
                  if (u, row["course_id"]) not in taken][:count]
        for user_id in chosen:
            if past:
                roll = rng.random()
                if roll < 0.85:
                    done = row["ends_at"].date()
                    enrol(user_id, session_id, row, S.COMPLETED, completed_on=done, result="Passed",
                          certificate_code=new_code(), marked_at=row["ends_at"], marked_by_id=trainer)
                elif roll < 0.93:
                    enrol(user_id, session_id, row, S.NO_SHOW, marked_at=row["ends_at"])
                else:
                    enrol(user_id, session_id, row, S.ATTENDED, marked_at=row["ends_at"])
            else:
                enrol(user_id, session_id, row, S.BOOKED)
        if not past and capacity < 100 and len(chosen) == capacity and rng.random() < 0.7:
            waiting = [u for u in rng.sample(eligible, min(len(eligible), 6))
                       if (u, row["course_id"]) not in taken][:3]
            for n, user_id in enumerate(waiting):
                enrol(user_id, session_id, row, S.WAITLISTED,
                      waitlisted_at=row["starts_at"] - timedelta(days=6 - n))

    # The demo sign-ins' own story.
    aisha, rebecca, mark = (sign_in["staff@demo.academy"], sign_in["manager@demo.academy"],
                            sign_in["partnershiplead@demo.academy"])
    upcoming = {code: [(sid, row) for sid, row, (c, past) in sessions if c == code and not past]
                for code in by_code}

    def first(code):
        return upcoming[code][0]

    def clear(session_id, course_id, user_id):
        enrolments[:] = [e for e in enrolments
                         if not (e["user_id"] == user_id and e["course_id"] == course_id)]
        taken.discard((user_id, course_id))

    sid, row = first("CS-BLS")
    clear(sid, row["course_id"], aisha)
    booked_here = [e for e in enrolments if e["session_id"] == sid and e["status"] == S.BOOKED]
    if len(booked_here) >= row["capacity"]:
        enrolments.remove(booked_here[0])
    enrol(aisha, sid, row, S.BOOKED)
    # A full session with no queue, where the partnership lead holds a place: Aisha can join
    # the waiting list and be promoted when he cancels.
    sid, row = first("WB-MENO")
    enrolments[:] = [e for e in enrolments if e["session_id"] != sid]
    for e in list(enrolments):
        if e["course_id"] == row["course_id"] and e["user_id"] in (aisha, mark):
            enrolments.remove(e)
    others = [u for u in pool if u not in demo_people][: row["capacity"] - 1]
    for user_id in others:
        enrol(user_id, sid, row, S.BOOKED)
    enrol(mark, sid, row, S.BOOKED)
    # Aisha waits for a full Mental Health First Aid session.
    sid, row = first("WB-MHFA")
    enrolments[:] = [e for e in enrolments if not (e["session_id"] == sid and e["status"] == S.WAITLISTED)]
    booked_here = [e for e in enrolments if e["session_id"] == sid]
    for user_id in [u for u in pool if (u, row["course_id"]) not in taken][: row["capacity"] - len(booked_here)]:
        enrol(user_id, sid, row, S.BOOKED)
    clear(sid, row["course_id"], aisha)
    enrol(aisha, sid, row, S.WAITLISTED, waitlisted_at=now - timedelta(days=3))
    # Aisha and two colleagues ask their manager for the nursing associate preparation course.
    team = [uid for (uid,) in db.session.execute(
        select(User.id).where(User.line_manager_id == rebecca, User.id != aisha)).all()]
    sid, row = first("NR-NA")
    for n, user_id in enumerate([aisha, *team[:2]]):
        clear(sid, row["course_id"], user_id)
        enrol(user_id, sid, row, S.AWAITING_APPROVAL, requested_at=now - timedelta(days=n + 1))
    # Aisha completed the dementia awareness workshop: a certificate in My learning.
    past_aware = next((sid, row) for sid, row, (c, past) in sessions if c == "CC-AWARE" and past)
    clear(past_aware[0], past_aware[1]["course_id"], aisha)
    enrol(aisha, past_aware[0], past_aware[1], S.COMPLETED,
          completed_on=past_aware[1]["ends_at"].date(), result="Passed", certificate_code=new_code(),
          marked_at=past_aware[1]["ends_at"], marked_by_id=trainer)
    # Yesterday's life support session: Aisha's colleagues and others, register still to mark.
    yesterday_people = [u for u in dict.fromkeys([*team[2:6], *pool[:20]]) if u not in demo_people
                        and (u, by_code["CS-BLS"]) not in taken][:7]
    for user_id in yesterday_people:
        enrol(user_id, register_id, yesterday, S.BOOKED)
    # A partner quota to show how places are held.
    quota_session, quota_row = first("CS-SGA2")
    db.session.execute(insert(SessionQuota), [{
        "session_id": quota_session, "organisation_id": orgs["Calder View"], "places": 4,
        "released_on": quota_row["starts_at"].date() - timedelta(days=10)}])
    # Registrations of interest in the courses with no dates yet: demand.
    interest_courses = [by_code[c] for c in ("NR-TELE", "WB-SCHW", "CD-RTP")]
    for course_id in interest_courses:
        for user_id in rng.sample(pool, min(len(pool), rng.randint(5, 25))):
            moment = now - timedelta(days=rng.randint(1, 120))
            enrolments.append({"course_id": course_id, "session_id": None, "user_id": user_id,
                               "organisation_id": employer[user_id], "status": S.REQUESTED,
                               "created_at": moment, "interest_registered_at": moment})
    insert_rows(Enrolment, enrolments)

    # Records from completions here, then history imported from the partners' systems.
    renewal = dict(db.session.execute(select(Subject.id, Subject.renewal_months)).all())
    records: dict[tuple[int, int, date], dict] = {}
    for e in enrolments:
        if e["status"] != S.COMPLETED:
            continue
        for subject_id in course_subjects.get(e["course_id"], []):
            records[(e["user_id"], subject_id, e["completed_on"])] = {
                "user_id": e["user_id"], "subject_id": subject_id, "completed_on": e["completed_on"],
                "expires_on": rules.expiry_for(e["completed_on"], renewal[subject_id]),
                "expiry_given": False, "source": RecordSource.COURSE,
                "recorded_by_organisation_id": None, "title": "", "created_at": now}
    required = required_subjects(subjects, people.job_roles)
    aisha_story = {
        subjects[("Fire Safety", "Level 1")]: 20,      # due in 20 days
        subjects[R2]: -25,                              # expired 25 days ago
        subjects[("Safeguarding Children", "Level 2")]: None,  # never done
    }
    # Liam is in his first week: the Care Certificate is what his induction is doing now.
    liam = people.sign_ins["newstarter@demo.academy"]
    standards = {sid for key, sid in subjects.items() if key[0] == "CC"}
    for user_id, org_id, role_id in people_rows:
        for subject_id in required.get(role_id, ()):
            months = renewal[subject_id]
            if user_id == liam and subject_id in standards:
                continue
            if user_id == aisha and subject_id in aisha_story:
                left = aisha_story[subject_id]
                if left is None:
                    continue
                expires = today + timedelta(days=left)
                completed = rules.add_months(expires, -months)
            else:
                if rng.random() < 0.05:
                    continue  # never done
                span = int((months or 36) * 30.4 * 1.12)
                completed = today - timedelta(days=rng.randint(1, span))
            key = (user_id, subject_id, completed)
            if key in records:
                continue
            records[key] = {
                "user_id": user_id, "subject_id": subject_id, "completed_on": completed,
                "expires_on": rules.expiry_for(completed, months), "expiry_given": False,
                "source": RecordSource.IMPORT, "recorded_by_organisation_id": org_id,
                "title": "", "created_at": now}
    rows = list(records.values())
    best: dict[tuple[int, int], dict] = {}
    for row in rows:
        key = (row["user_id"], row["subject_id"])
        rank = (row["expires_on"] or rules.NEVER, row["completed_on"])
        if key not in best or rank > (best[key]["expires_on"] or rules.NEVER, best[key]["completed_on"]):
            best[key] = row
    for row in rows:
        row["is_current"] = best[(row["user_id"], row["subject_id"])] is row
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(TrainingRecord), rows[start:start + 5000])
    recount_places(today)
    return CoursesDemo(len(course_ids), len(sessions), len(enrolments), len(rows))


def recount_places(today: date) -> None:
    """Set every session's booked and held counts from its enrolments, quotas and reservations."""
    booked = (select(func.count()).select_from(Enrolment)
              .where(Enrolment.session_id == CourseSession.id, Enrolment.status.in_(OCCUPYING))
              .scalar_subquery())
    db.session.execute(update(CourseSession).values(booked_count=booked)
                       .execution_options(synchronize_session=False))
    held_sessions = db.session.scalars(
        select(CourseSession).where(CourseSession.id.in_(select(SessionQuota.session_id)))).all()
    for session in held_sessions:
        session.held_count = places_of(session, today).held()
    db.session.flush()
