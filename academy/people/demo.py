"""Demo people for the Wakefield partnership: partners, sites, teams, job roles, staff, sign-ins."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert

from academy.bulk import insert_rows
from academy.extensions import db
from academy.people.models import (
    EmploymentType,
    JobHistory,
    JobRole,
    Organisation,
    OrganisationType,
    RoleAssignment,
    Sector,
    Site,
    Team,
    User,
)
from academy.people.roles import Role
from academy.people.services import hash_password

DEMO_PASSWORD = "academy-demo-2026"

T = OrganisationType
# name, short name, type, levy payer, share of staff, sites (name, postcode, lat, lon)
PARTNERS = [
    ("Mid Yorkshire Teaching NHS Trust", "MYTT", T.NHS_TRUST, True, 0.36, [
        ("Pinderfields Hospital", "WF1 4DG", 53.6925, -1.4920),
        ("Pontefract Hospital", "WF8 1PL", 53.6880, -1.3030),
        ("Dewsbury and District Hospital", "WF13 4HS", 53.6960, -1.6480),
    ]),
    ("South West Yorkshire Partnership NHS Foundation Trust", "SWYPFT", T.NHS_TRUST, True, 0.16, [
        ("Fieldhead Hospital", "WF1 3SP", 53.6720, -1.5120),
        ("The Poplars, Hemsworth", "WF9 4AJ", 53.6130, -1.3500),
    ]),
    ("Wakefield Council, Adult Social Care", "WMDC ASC", T.LOCAL_AUTHORITY, True, 0.10, [
        ("Wakefield One", "WF1 2EB", 53.6840, -1.5010),
        ("Castleford Civic Centre", "WF10 1HU", 53.7250, -1.3560),
    ]),
    ("Yorkshire Ambulance Service NHS Trust", "YAS", T.AMBULANCE, True, 0.06, [
        ("Springhill, Wakefield", "WF2 0XQ", 53.6570, -1.5280),
    ]),
    ("Spectrum Community Health CIC", "Spectrum", T.VOLUNTARY_SECTOR, False, 0.03, [
        ("Spectrum, Manygates", "WF1 5NU", 53.6690, -1.4950),
    ]),
    ("Five Towns Primary Care Network", "Five Towns PCN", T.PRIMARY_CARE, False, 0.04, [
        ("Castleford Health Centre", "WF10 4NN", 53.7240, -1.3590),
    ]),
    ("Wakefield Central Primary Care Network", "Central PCN", T.PRIMARY_CARE, False, 0.04, [
        ("Trinity Walk Practice", "WF1 1QS", 53.6850, -1.4940),
    ]),
    ("Calder View Care Home", "Calder View", T.CARE_PROVIDER, False, 0.04, [
        ("Calder View, Horbury", "WF4 6AA", 53.6610, -1.5570),
    ]),
    ("Ridings Home Care", "Ridings", T.CARE_PROVIDER, False, 0.05, [
        ("Ridings office, Ossett", "WF5 8AA", 53.6800, -1.5800),
    ]),
    ("Five Towns Home Care", "FT Home Care", T.CARE_PROVIDER, False, 0.04, [
        ("Pontefract office", "WF8 1AA", 53.6910, -1.3110),
    ]),
    ("Wakefield Volunteer Network", "WVN", T.VOLUNTARY_SECTOR, False, 0.02, [
        ("Community hub, Westgate", "WF1 1JZ", 53.6830, -1.5030),
    ]),
    ("Wakefield College", "College", T.EDUCATION, False, 0.02, [
        ("Thornes Park campus", "WF2 8QZ", 53.6740, -1.5140),
    ]),
]

N = Sector.NHS
S = Sector.SOCIAL_CARE
# key, name, sector, staff group, band or social-care role
JOB_ROLES = [
    ("hca", "Healthcare assistant", N, "Additional Clinical Services", "2", None),
    ("hca3", "Healthcare assistant", N, "Additional Clinical Services", "3", None),
    ("shcsw", "Senior healthcare support worker", N, "Additional Clinical Services", "4", None),
    ("tna", "Trainee nursing associate", N, "Additional Clinical Services", "3", None),
    ("na", "Nursing associate", N, "Nursing and Midwifery Registered", "4", None),
    ("rn", "Staff nurse", N, "Nursing and Midwifery Registered", "5", None),
    ("sister", "Ward sister", N, "Nursing and Midwifery Registered", "6", None),
    ("matron", "Matron", N, "Nursing and Midwifery Registered", "8a", None),
    ("acp", "Advanced clinical practitioner", N, "Nursing and Midwifery Registered", "8a", None),
    ("physio", "Physiotherapist", N, "Allied Health Professionals", "5", None),
    ("physio6", "Physiotherapist", N, "Allied Health Professionals", "6", None),
    ("paramedic", "Paramedic", N, "Allied Health Professionals", "6", None),
    ("ecsw", "Emergency care support worker", N, "Additional Clinical Services", "3", None),
    ("pharmacist", "Pharmacist", N, "Additional Professional Scientific and Technical", "7", None),
    ("ptech", "Pharmacy technician", N, "Additional Professional Scientific and Technical", "5", None),
    ("mhsw", "Mental health support worker", N, "Additional Clinical Services", "3", None),
    ("admin", "Administrator", N, "Administrative and Clerical", "3", None),
    ("medsec", "Medical secretary", N, "Administrative and Clerical", "4", None),
    ("manager7", "Service manager", N, "Administrative and Clerical", "7", None),
    ("director", "Director", N, "Administrative and Clerical", "9", None),
    ("porter", "Porter", N, "Estates and Ancillary", "2", None),
    ("doctor", "Specialty doctor", N, "Medical and Dental", None, None),
    ("carecoord", "Care coordinator", N, "Administrative and Clerical", "4", None),
    ("splw", "Social prescribing link worker", N, "Additional Professional Scientific and Technical", "5", None),
    ("student", "Student nurse", N, "Students", None, None),
    ("careworker", "Care worker", S, "Care providing roles", None, "Care worker"),
    ("seniorcare", "Senior care worker", S, "Care providing roles", None, "Senior care worker"),
    ("leadcare", "Lead adult care worker", S, "Care providing roles", None, "Senior care worker"),
    ("supportworker", "Support worker", S, "Care providing roles", None, "Support worker"),
    ("teamleader", "Team leader", S, "Managerial and supervisory roles", None, "Team leader"),
    ("deputy", "Deputy manager", S, "Managerial and supervisory roles", None, "Deputy manager"),
    ("regmanager", "Registered manager", S, "Managerial and supervisory roles", None, "Registered manager"),
    ("socialworker", "Social worker", S, "Professional and related roles", None, "Social worker"),
    ("ot", "Occupational therapist", S, "Professional and related roles", None, "Occupational therapist"),
    ("reablement", "Reablement worker", S, "Care providing roles", None, "Community support and outreach work"),
    ("activities", "Activities coordinator", S, "Other roles", None, "Activities worker, co-ordinator"),
    ("volunteer", "Volunteer", Sector.OTHER, "Volunteers", None, None),
    ("tutor", "Health and care tutor", Sector.OTHER, "Education", None, None),
]

# Which roles each kind of partner employs, with weights, and who manages a team.
WORKFORCE = {
    T.NHS_TRUST: ([("hca", 14), ("hca3", 8), ("shcsw", 4), ("tna", 3), ("na", 3), ("rn", 20),
                   ("sister", 5), ("matron", 1), ("acp", 1), ("physio", 3), ("physio6", 2),
                   ("pharmacist", 1), ("ptech", 1), ("mhsw", 4), ("admin", 8), ("medsec", 3),
                   ("manager7", 1), ("porter", 3), ("doctor", 6), ("student", 3)], "sister"),
    T.AMBULANCE: ([("paramedic", 10), ("ecsw", 8), ("admin", 2), ("manager7", 1)], "manager7"),
    T.LOCAL_AUTHORITY: ([("socialworker", 6), ("ot", 3), ("reablement", 8), ("supportworker", 5),
                         ("admin", 3), ("teamleader", 1)], "teamleader"),
    T.CARE_PROVIDER: ([("careworker", 16), ("seniorcare", 5), ("leadcare", 2), ("activities", 1),
                       ("deputy", 1)], "deputy"),
    T.PRIMARY_CARE: ([("carecoord", 4), ("splw", 3), ("pharmacist", 2), ("ptech", 2), ("admin", 5),
                      ("rn", 3), ("hca", 2), ("manager7", 1)], "manager7"),
    T.VOLUNTARY_SECTOR: ([("volunteer", 8), ("supportworker", 4), ("admin", 2),
                          ("teamleader", 1)], "teamleader"),
    T.EDUCATION: ([("tutor", 6), ("admin", 2), ("manager7", 1)], "manager7"),
}

# Where people in a role have typically come from: pathways are learned from these moves.
PREVIOUS_ROLE = {
    "hca3": "hca", "shcsw": "hca3", "tna": "hca3", "na": "tna", "rn": "na", "sister": "rn",
    "matron": "sister", "acp": "sister", "physio6": "physio", "paramedic": "ecsw",
    "seniorcare": "careworker", "leadcare": "seniorcare", "deputy": "leadcare",
    "regmanager": "deputy", "teamleader": "supportworker", "carecoord": "admin",
    "splw": "supportworker", "mhsw": "hca", "manager7": "sister",
}

TEAM_NAMES = {
    T.NHS_TRUST: ("Division", ["Medicine", "Surgery", "Families and Children", "Community",
                               "Corporate Services"],
                  ["Ward", "Outpatients", "Theatres", "Rehabilitation", "Discharge", "Clinic"]),
    T.AMBULANCE: ("Area", ["Wakefield Operations", "Emergency Operations Centre"],
                  ["Station", "Rota"]),
    T.LOCAL_AUTHORITY: ("Service", ["Reablement", "Assessment and Care Management", "Provider Services"],
                        ["North", "South", "East", "West", "Hub"]),
    T.CARE_PROVIDER: ("Service", ["Care"], ["Day team", "Night team", "Round"]),
    T.PRIMARY_CARE: ("Service", ["Practice teams", "Additional roles"], ["Practice", "Clinic"]),
    T.VOLUNTARY_SECTOR: ("Service", ["Community programmes"], ["Project"]),
    T.EDUCATION: ("School", ["Health and Social Care"], ["Course team"]),
}

GIVEN_NAMES = [
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Grace", "Sophie", "Emily",
    "Chloe", "Jessica", "Hannah", "Aisha", "Fatima", "Zainab", "Priya", "Ananya", "Mei", "Chioma",
    "Adaeze", "Grace", "Joanna", "Agnieszka", "Maria", "Noah", "Oliver", "George", "Arthur",
    "Leo", "Harry", "Jack", "Thomas", "James", "Samuel", "Daniel", "Mohammed", "Yusuf", "Ibrahim",
    "Arjun", "Rahul", "Kwame", "Tunde", "Emeka", "Piotr", "Tomasz", "Liam", "Ryan", "Adam",
    "Sarah", "Rebecca", "Laura", "Nicola", "Claire", "Paul", "Mark", "David", "Stephen", "Andrew",
]
FAMILY_NAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
    "Clarke", "Hussain", "Khan", "Ahmed", "Ali", "Begum", "Patel", "Shah", "Singh", "Kaur", "Okafor",
    "Adeyemi", "Mensah", "Osei", "Nowak", "Kowalski", "Wiśniewska", "Chen", "Wang", "Nguyen",
    "Hughes", "Edwards", "Turner", "Hill", "Moore", "Harrison", "Lee", "Baker", "Bennett", "Shaw",
]

# The sign-ins listed in the README: one for each role, each someone from the users' guide.
DEMO_SIGN_INS = [
    # email, given, family, partner short name, job role key, roles [(role, scope short name or None)]
    ("staff@demo.academy", "Aisha", "Hussain", "MYTT", "hca3", []),
    ("newstarter@demo.academy", "Liam", "Walker", "Ridings", "careworker", []),
    ("manager@demo.academy", "Rebecca", "Hall", "MYTT", "sister", [(Role.MANAGER, "MYTT")]),
    ("assessor@demo.academy", "Claire", "Evans", "MYTT", "rn", [(Role.ASSESSOR, None)]),
    ("trainer@demo.academy", "Kwame", "Mensah", "College", "tutor", [(Role.TRAINER, None)]),
    ("coach@demo.academy", "Priya", "Patel", "SWYPFT", "manager7", [(Role.COACH, None)]),
    ("mentoring@demo.academy", "Joanna", "Nowak", "Spectrum", "manager7",
     [(Role.MENTORING_COORDINATOR, None)]),
    ("learninglead@demo.academy", "Sarah", "Green", "WMDC ASC", "manager7",
     [(Role.LEARNING_LEAD, "WMDC ASC")]),
    ("partnershiplead@demo.academy", "Mark", "Turner", "MYTT", "manager7",
     [(Role.LEARNING_LEAD, None)]),
    ("apprenticeships@demo.academy", "Tunde", "Adeyemi", "MYTT", "manager7",
     [(Role.APPRENTICESHIP_COORDINATOR, "MYTT")]),
    ("levypool@demo.academy", "Nicola", "Shaw", "WMDC ASC", "manager7",
     [(Role.APPRENTICESHIP_COORDINATOR, None)]),
    ("fellowships@demo.academy", "Mei", "Chen", "SWYPFT", "manager7", [(Role.FELLOWSHIP_LEAD, None)]),
    ("admin@demo.academy", "David", "Roberts", "MYTT", "admin", [(Role.ADMIN, None)]),
]


@dataclass
class PeopleDemo:
    """Ids of what was built, for the later capabilities' demo data."""

    organisations: dict[str, int]
    job_roles: dict[str, int]
    sign_ins: dict[str, int]
    staff_ids: list[int]
    manager_ids: list[int]


def build(staff: int, rng: random.Random, today: date) -> PeopleDemo:
    organisation_ids: dict[str, int] = {}
    org_types: dict[str, OrganisationType] = {}
    ids = insert_rows(Organisation, [
        {"name": name, "short_name": short, "type": kind, "is_levy_payer": levy}
        for name, short, kind, levy, _, _ in PARTNERS
    ])
    for (_, short, kind, *_), org_id in zip(PARTNERS, ids, strict=True):
        organisation_ids[short] = org_id
        org_types[short] = kind

    site_rows, site_org = [], []
    for _, short, _, _, _, sites in PARTNERS:
        for site_name, postcode, lat, lon in sites:
            site_rows.append({"organisation_id": organisation_ids[short], "name": site_name,
                              "postcode": postcode, "latitude": lat, "longitude": lon})
            site_org.append(short)
    site_ids = insert_rows(Site, site_rows)
    sites_by_org: dict[str, list[int]] = {}
    for short, site_id in zip(site_org, site_ids, strict=True):
        sites_by_org.setdefault(short, []).append(site_id)

    role_ids = dict(zip(
        [key for key, *_ in JOB_ROLES],
        insert_rows(JobRole, [
            {"name": name, "sector": sector, "staff_group": group, "afc_band": band,
             "social_care_role": care_role}
            for _, name, sector, group, band, care_role in JOB_ROLES
        ]),
        strict=True,
    ))

    # How many people each partner employs, and the teams to hold them (about 15 a team).
    shares = {short: share for _, short, _, _, share, _ in PARTNERS}
    # The shares are relative (they need not add up to one): `staff` people are made in all.
    total_share = sum(shares.values())
    headcount = {short: max(3, round(staff * share / total_share)) for short, share in shares.items()}
    teams: dict[str, list[int]] = {}
    for short, count in headcount.items():
        kind = org_types[short]
        _, parents, leaves = TEAM_NAMES[kind]
        parent_ids = insert_rows(Team, [
            {"organisation_id": organisation_ids[short], "name": p} for p in parents
        ])
        leaf_count = max(1, count // 15)
        leaf_rows = []
        for n in range(leaf_count):
            leaf_rows.append({
                "organisation_id": organisation_ids[short],
                "parent_id": parent_ids[n % len(parent_ids)],
                "name": f"{leaves[n % len(leaves)]} {n // len(leaves) + 1}",
            })
        teams[short] = insert_rows(Team, leaf_rows)

    password_hash = hash_password(DEMO_PASSWORD)
    user_rows: list[dict] = []
    spells: list[list[dict]] = []
    team_of: list[int | None] = []
    for short, count in headcount.items():
        kind = org_types[short]
        weights, _ = WORKFORCE[kind]
        keys = [k for k, _ in weights]
        w = [wt for _, wt in weights]
        for _ in range(count):
            n = len(user_rows)
            key = rng.choices(keys, w)[0]
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            started = today - timedelta(days=rng.randint(30, 365 * 15))
            team_id = rng.choice(teams[short])
            history = _history(rng, key, started, today, organisation_ids[short], role_ids, team_id)
            user_rows.append({
                "email": f"{given}.{family}.{n}@staff.demo.academy".lower(),
                "given_name": given, "family_name": family, "password_hash": password_hash,
                "employer_id": organisation_ids[short], "team_id": team_id,
                "site_id": rng.choice(sites_by_org[short]), "job_role_id": role_ids[key],
                "employee_number": f"{short[:3].upper()}{100000 + n}",
                "employment_type": _employment_type(rng, kind),
                "started_on": history[0]["started_on"],
            })
            spells.append(history)
            team_of.append(team_id)
    staff_ids = insert_rows(User, user_rows)

    # Each team's manager is one of its members; everyone else in the team reports to them.
    members: dict[int, list[int]] = {}
    for user_id, team_id in zip(staff_ids, team_of, strict=True):
        members.setdefault(team_id, []).append(user_id)
    manager_ids: list[int] = []
    manager_of_team: dict[int, int] = {}
    for team_id, people in members.items():
        manager_of_team[team_id] = people[0]
        manager_ids.append(people[0])
    db.session.execute(
        Team.__table__.update().where(Team.__table__.c.id == db.bindparam("tid")).values(
            manager_id=db.bindparam("mid")),
        [{"tid": t, "mid": m} for t, m in manager_of_team.items()],
    )
    db.session.execute(
        User.__table__.update().where(User.__table__.c.id == db.bindparam("uid")).values(
            line_manager_id=db.bindparam("lm")),
        [{"uid": u, "lm": manager_of_team[t]} for u, t in zip(staff_ids, team_of, strict=True)
         if manager_of_team[t] != u],
    )
    history_rows = []
    for user_id, history in zip(staff_ids, spells, strict=True):
        for spell in history:
            history_rows.append({**spell, "user_id": user_id})
    insert_rows(JobHistory, history_rows)
    db.session.execute(insert(RoleAssignment), [
        {"user_id": m, "role": Role.MANAGER, "organisation_id": None} for m in manager_ids
    ])

    sign_ins = _sign_ins(rng, today, organisation_ids, role_ids, teams, sites_by_org, password_hash,
                         manager_of_team)
    return PeopleDemo(organisation_ids, role_ids, sign_ins, staff_ids, manager_ids)


def _history(rng, key, started, today, organisation_id, role_ids, team_id) -> list[dict]:
    """A person's spells, oldest first: often one earlier role on the usual path."""
    chain = [key]
    while chain[-1] in PREVIOUS_ROLE and rng.random() < 0.45 and len(chain) < 4:
        chain.append(PREVIOUS_ROLE[chain[-1]])
    chain.reverse()
    span = (today - started).days
    cuts = sorted(rng.sample(range(1, max(span, len(chain) + 1)), len(chain) - 1)) if len(chain) > 1 else []
    starts = [started] + [started + timedelta(days=c) for c in cuts]
    rows = []
    for i, role_key in enumerate(chain):
        ended = starts[i + 1] - timedelta(days=1) if i + 1 < len(chain) else None
        rows.append({
            "organisation_id": organisation_id, "job_role_id": role_ids[role_key],
            "team_id": team_id, "started_on": starts[i], "ended_on": ended,
            "reason": "Joined" if i == 0 else "Promoted",
        })
    return rows


def _employment_type(rng, kind: OrganisationType) -> EmploymentType:
    if kind == T.VOLUNTARY_SECTOR:
        return rng.choice([EmploymentType.VOLUNTEER, EmploymentType.PERMANENT])
    roll = rng.random()
    if roll < 0.78:
        return EmploymentType.PERMANENT
    if roll < 0.86:
        return EmploymentType.BANK
    if roll < 0.93:
        return EmploymentType.FIXED_TERM
    if roll < 0.97:
        return EmploymentType.STUDENT
    return EmploymentType.RETURNER


def _sign_ins(rng, today, organisation_ids, role_ids, teams, sites_by_org, password_hash,
              manager_of_team) -> dict[str, int]:
    rows = []
    for n, (email, given, family, short, key, _) in enumerate(DEMO_SIGN_INS):
        started = today - timedelta(days=5 if email.startswith("newstarter") else 400 + 90 * n)
        rows.append({
            "email": email, "given_name": given, "family_name": family,
            "password_hash": password_hash, "employer_id": organisation_ids[short],
            "team_id": teams[short][0], "site_id": sites_by_org[short][0],
            "job_role_id": role_ids[key], "employee_number": f"DEMO{n:03d}",
            "employment_type": EmploymentType.PERMANENT, "started_on": started,
            # Like everyone else, each reports to the manager of the team they join.
            "line_manager_id": manager_of_team.get(teams[short][0]),
        })
    ids = insert_rows(User, rows)
    by_email = dict(zip([r["email"] for r in rows], ids, strict=True))
    manager_id = by_email["manager@demo.academy"]
    # The demo manager runs the demo member of staff's team.
    staff_team = teams["MYTT"][0]
    db.session.execute(
        Team.__table__.update().where(Team.__table__.c.id == staff_team).values(manager_id=manager_id)
    )
    db.session.execute(
        User.__table__.update().where(User.__table__.c.team_id == staff_team).values(
            line_manager_id=manager_id)
    )
    db.session.execute(
        User.__table__.update().where(User.__table__.c.id == manager_id).values(line_manager_id=None)
    )
    insert_rows(JobHistory, [
        {"user_id": by_email[r["email"]], "organisation_id": r["employer_id"],
         "job_role_id": r["job_role_id"], "team_id": r["team_id"], "started_on": r["started_on"],
         "reason": "Joined"}
        for r in rows
    ])
    assignments = []
    for email, *_, roles in DEMO_SIGN_INS:
        for role, scope in roles:
            assignments.append({"user_id": by_email[email], "role": role,
                                "organisation_id": organisation_ids[scope] if scope else None})
    db.session.execute(insert(RoleAssignment), assignments)
    return by_email
