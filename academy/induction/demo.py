"""Demo inductions: programmes and recognition rules for the partners, new starters at every stage,
the new care worker in his first week, the demo manager's new starters, and one person who moved
from a home-care provider to a care home and kept what she had achieved."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import insert, select

from academy.bulk import insert_rows
from academy.extensions import db
from academy.induction import catalogue, standards, uploads
from academy.induction.models import (
    AcceptFrom,
    Evidence,
    EvidenceRequirement,
    Induction,
    InductionItem,
    InductionProgramme,
    InductionStatus,
    ItemKind,
    ItemReview,
    ItemStatus,
    KnowledgeShown,
    ProgrammeItem,
    RecognitionRule,
    ReviewDecision,
    induction_assessor,
)
from academy.induction.services import inductions as services
from academy.people.models import EmploymentType, JobHistory, RoleAssignment, User
from academy.people.roles import Role

E = EvidenceRequirement
# Each partner's own items, after the district's joint induction.
LOCAL_ITEMS = {
    "MYTT": [("Trust corporate induction day", E.ATTENDANCE, 7),
             ("Electronic patient record training", E.KNOWLEDGE, 14)],
    "SWYPFT": [("Trust welcome and values", E.ATTENDANCE, 7),
               ("Observation and engagement policy", E.KNOWLEDGE, 28)],
    "WMDC ASC": [("Council induction and code of conduct", E.KNOWLEDGE, 14)],
    "Ridings": [("Lone working and the on-call rota", E.KNOWLEDGE, 7),
                ("Using the call-monitoring app", E.COMPETENCE, 14)],
    "Calder View": [("Fire evacuation of the home", E.COMPETENCE, 14),
                    ("Meet the residents and their care plans", E.KNOWLEDGE, 14)],
    "FT Home Care": [("Lone working and key safes", E.KNOWLEDGE, 7)],
}
NHS_ASSESSED_STANDARDS = ("MYTT", "SWYPFT")
# (days since the start, share of items done): new starters at every stage.
STAGES = [(3, 0.0), (12, 0.2), (30, 0.45), (50, 0.6), (75, 0.85), (110, 1.0), (220, 1.0)]
DEMO_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
CODE_ALPHABET = services.CODE_ALPHABET


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour))


def _programmes(organisations: dict[str, int]) -> dict[str, int]:
    ids = {"district": insert_rows(InductionProgramme, [{
        "name": "Wakefield joint induction", "organisation_id": None, "job_role_id": None,
        "description": "The district-wide induction, used where an employer has no programme of its own.",
    }])[0]}
    for short in LOCAL_ITEMS:
        ids[short] = insert_rows(InductionProgramme, [{
            "name": f"{short} induction", "organisation_id": organisations[short], "job_role_id": None,
            "description": "The district's joint induction with our own items.",
        }])[0]
    rows = []
    subjects = catalogue.subject_lookup()
    for key, programme_id in ids.items():
        templates = standards.district_template()
        for title, evidence, due_days in LOCAL_ITEMS.get(key, []):
            templates.append(standards.ItemTemplate(
                ItemKind.LOCAL, title, evidence, due_days,
                f"local:{organisations[key]}:{standards.slug(title)}"))
        for position, t in enumerate(templates, start=1):
            rows.append({
                "programme_id": programme_id, "position": position, "kind": t.kind, "title": t.title,
                "description": t.description, "evidence": t.evidence, "due_days": t.due_days,
                "subject_key": t.subject_key, "standard_number": t.standard_number,
                "valid_for_months": t.valid_for_months,
                "mandatory_subject_id": subjects.get(t.subject_key),
            })
    insert_rows(ProgrammeItem, rows)
    return ids


def _rules(organisations: dict[str, int], admin_id: int) -> None:
    rows = []
    for short, org_id in organisations.items():
        if short not in LOCAL_ITEMS:
            continue
        base = {"organisation_id": org_id, "created_by_id": admin_id, "source_organisation_id": None,
                "source_type": None, "max_age_days": None}
        rows.append({**base, "kind": ItemKind.CORE_SKILL, "subject_key": None,
                     "accepts": AcceptFrom.ANY_PARTNER, "in_date_only": True})
        rows.append({**base, "kind": ItemKind.WELCOME, "subject_key": None,
                     "accepts": AcceptFrom.ANY_PARTNER, "in_date_only": False})
        standards_from = AcceptFrom.NHS_PARTNER if short in NHS_ASSESSED_STANDARDS else AcceptFrom.ANY_PARTNER
        rows.append({**base, "kind": ItemKind.CARE_CERTIFICATE, "subject_key": None,
                     "accepts": standards_from, "in_date_only": False, "max_age_days": 3 * 365})
    # The care home takes standards from anywhere, but basic life support only if an NHS
    # assessor signed it off.
    rows.append({"organisation_id": organisations["Calder View"], "created_by_id": admin_id,
                 "kind": ItemKind.CARE_CERTIFICATE,
                 "subject_key": standards.care_certificate_key(12), "accepts": AcceptFrom.NHS_PARTNER,
                 "in_date_only": False, "source_organisation_id": None, "source_type": None,
                 "max_age_days": None})
    insert_rows(RecognitionRule, rows)


def _partner_assessors(organisations, claire_id) -> dict[str, int]:
    """One assessor in each care provider and the council; the demo assessor covers the NHS."""
    assessors = {short: claire_id for short in ("MYTT", "SWYPFT", "district")}
    rows = []
    for short in ("WMDC ASC", "Ridings", "Calder View", "FT Home Care"):
        candidates = db.session.scalars(
            select(User.id).where(User.employer_id == organisations[short], User.email.like("%@staff.demo.academy"))
            .order_by(User.id)
        ).all()
        if not candidates:
            assessors[short] = claire_id
            continue
        assessors[short] = candidates[-1]
        rows.append({"user_id": candidates[-1], "role": Role.ASSESSOR, "organisation_id": organisations[short]})
    if rows:
        db.session.execute(insert(RoleAssignment), rows)
    return assessors


class InductionWriter:
    """Writes inductions at a given stage straight into the tables, as the services would leave them."""

    def __init__(self, rng: random.Random, today: date, organisations: dict[str, int]):
        self.rng = rng
        self.today = today
        self.organisations = organisations
        self.short_of = {v: k for k, v in organisations.items()}
        self.templates: dict[int, list[ProgrammeItem]] = {}
        self.employer_of: dict[int, int] = {}
        self.upload_root = current_app.config["UPLOAD_FOLDER"]

    def items_of(self, programme_id: int) -> list[ProgrammeItem]:
        if programme_id not in self.templates:
            self.templates[programme_id] = db.session.scalars(
                select(ProgrammeItem).where(ProgrammeItem.programme_id == programme_id)
                .order_by(ProgrammeItem.position)).all()
        return self.templates[programme_id]

    def code(self) -> str:
        body = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(8))
        return f"IND-{body[:4]}-{body[4:]}"

    def write(self, *, user_id: int, organisation_id: int, programme_id: int, started_on: date,
              share_done: float, assessor_id: int, assessor_employer_id: int, started_by_id: int,
              waiting: int = 1, returned: int = 1) -> int:
        templates = self.items_of(programme_id)
        done_count = round(share_done * len(templates))
        complete = done_count == len(templates)
        finished_on = min(self.today, started_on + timedelta(days=self.rng.randint(60, 84)))
        induction_id = insert_rows(Induction, [{
            "user_id": user_id, "organisation_id": organisation_id, "programme_id": programme_id,
            "started_on": started_on, "started_by_id": started_by_id,
            "status": InductionStatus.COMPLETED if complete else InductionStatus.IN_PROGRESS,
            "completed_on": finished_on if complete else None,
            "certificate_code": self.code() if complete else None,
        }])[0]
        db.session.execute(insert(induction_assessor), [{"induction_id": induction_id,
                                                         "assessor_id": assessor_id}])
        rows, states = [], []
        elapsed = max(1, (min(self.today, finished_on if complete else self.today) - started_on).days)
        for n, t in enumerate(templates):
            if n < done_count:
                state = ItemStatus.ACHIEVED
            elif n < done_count + waiting:
                state = ItemStatus.SUBMITTED
            elif n < done_count + waiting + returned:
                state = ItemStatus.RETURNED
            else:
                state = ItemStatus.TO_DO
            achieved_on = (started_on + timedelta(days=min(elapsed, round(elapsed * (n + 1) / max(1, done_count)))))
            rows.append({
                "induction_id": induction_id, "position": t.position, "kind": t.kind, "title": t.title,
                "description": t.description, "evidence": t.evidence, "subject_key": t.subject_key,
                "standard_number": t.standard_number, "valid_for_months": t.valid_for_months,
                "mandatory_subject_id": t.mandatory_subject_id,
                "due_on": started_on + timedelta(days=t.due_days), "status": state,
                "submitted_at": _at(min(self.today, started_on + timedelta(days=2)))
                if state in (ItemStatus.SUBMITTED, ItemStatus.RETURNED) else None,
                "achieved_on": achieved_on if state == ItemStatus.ACHIEVED else None,
                "achieved_at_organisation_id": organisation_id if state == ItemStatus.ACHIEVED else None,
                "assessed_by_id": assessor_id if state == ItemStatus.ACHIEVED else None,
                "assessed_by_organisation_id": assessor_employer_id if state == ItemStatus.ACHIEVED else None,
            })
            states.append((state, t, achieved_on))
        item_ids = insert_rows(InductionItem, rows)
        reviews, evidence = [], []
        for item_id, (state, t, achieved_on) in zip(item_ids, states, strict=True):
            if state == ItemStatus.ACHIEVED:
                observed = t.evidence.needs_observation or t.evidence == E.ATTENDANCE
                reviews.append({
                    "induction_item_id": item_id, "assessor_id": assessor_id,
                    "decision": ReviewDecision.SIGNED_OFF,
                    "knowledge_shown": KnowledgeShown.SPOKEN if t.evidence.needs_knowledge else None,
                    "observed_on": achieved_on if observed else None,
                    "comments": "Observed in practice and talked through the standard's outcomes."
                    if observed else "Answered the questions well; evidence checked.",
                    "decided_at": _at(achieved_on, 15),
                })
            elif state == ItemStatus.RETURNED:
                reviews.append({
                    "induction_item_id": item_id, "assessor_id": assessor_id,
                    "decision": ReviewDecision.RETURNED, "knowledge_shown": None, "observed_on": None,
                    "comments": "Please add an example from your own practice of how you did this.",
                    "decided_at": _at(min(self.today, started_on + timedelta(days=3)), 15),
                })
            if state in (ItemStatus.SUBMITTED, ItemStatus.RETURNED):
                evidence.append(self.file_row(item_id, user_id, f"{standards.slug(t.title)[:60]}.pdf",
                                              min(self.today, started_on + timedelta(days=2))))
        insert_rows(ItemReview, reviews)
        insert_rows(Evidence, evidence)
        return induction_id

    def file_row(self, item_id: int, user_id: int, name: str, day: date) -> dict:
        stored = uploads.store(self.upload_root, DEMO_PDF, uploads.PDF)
        return {"induction_item_id": item_id, "uploaded_by_id": user_id, "original_name": name,
                "stored_name": stored, "content_type": uploads.PDF.content_type,
                "size_bytes": len(DEMO_PDF), "sha256": hashlib.sha256(DEMO_PDF).hexdigest(),
                "uploaded_at": _at(day, 9)}


def _new_people(today, organisations, job_roles, people, specs) -> dict[str, int]:
    """Demo new starters: (key, given, family, partner, job role, days since starting, team, manager)."""
    password_hash = db.session.scalar(select(User.password_hash).where(User.id == people.sign_ins["staff@demo.academy"]))
    rows = []
    for n, (key, given, family, short, role, days, team_id, manager_id) in enumerate(specs):
        rows.append({
            "email": f"{key}@staff.demo.academy", "given_name": given, "family_name": family,
            "password_hash": password_hash, "employer_id": organisations[short], "team_id": team_id,
            "job_role_id": job_roles[role], "employee_number": f"NEW{n:04d}",
            "employment_type": EmploymentType.PERMANENT, "line_manager_id": manager_id,
            "started_on": today - timedelta(days=days),
        })
    ids = insert_rows(User, rows)
    insert_rows(JobHistory, [{"user_id": i, "organisation_id": r["employer_id"], "job_role_id": r["job_role_id"],
                          "team_id": r["team_id"], "started_on": r["started_on"], "reason": "Joined"}
                         for i, r in zip(ids, rows, strict=True)])
    return dict(zip([s[0] for s in specs], ids, strict=True))


def build(rng: random.Random, today: date, people) -> dict:
    # A generator of our own, seeded from the shared one without drawing from it, so the other
    # capabilities' demo data stays the same with or without the induction's.
    rng = random.Random(repr(rng.getstate()))
    organisations = people.organisations
    sign_ins = people.sign_ins
    admin_id, claire_id = sign_ins["admin@demo.academy"], sign_ins["assessor@demo.academy"]
    rebecca_id, liam_id = sign_ins["manager@demo.academy"], sign_ins["newstarter@demo.academy"]
    programmes = _programmes(organisations)
    _rules(organisations, admin_id)
    assessors = _partner_assessors(organisations, claire_id)
    employer_of = dict(db.session.execute(select(User.id, User.employer_id).where(
        User.id.in_(set(assessors.values())))).all())
    writer = InductionWriter(rng, today, organisations)

    # New starters at every stage in several partners, from each partner's own staff.
    written = 0
    for short in LOCAL_ITEMS:
        staff = db.session.execute(
            select(User.id, User.line_manager_id).where(
                User.employer_id == organisations[short], User.email.like("%@staff.demo.academy"),
                User.id != assessors[short])
            .order_by(User.id)
        ).all()
        for (user_id, manager_id), (days, share) in zip(staff[1:], STAGES, strict=False):
            writer.write(user_id=user_id, organisation_id=organisations[short],
                         programme_id=programmes[short], started_on=today - timedelta(days=days),
                         share_done=share, assessor_id=assessors[short],
                         assessor_employer_id=employer_of[assessors[short]],
                         started_by_id=manager_id or admin_id)
            written += 1

    # The demo manager's new starters: one in progress with something overdue, one finished,
    # and two who have just joined and wait for her to start their induction.
    team_id = db.session.scalar(select(User.team_id).where(User.id == sign_ins["staff@demo.academy"]))
    mytt = organisations["MYTT"]
    new = _new_people(today, organisations, people.job_roles, people, [
        ("mohammed.khan", "Mohammed", "Khan", "MYTT", "hca", 40, team_id, rebecca_id),
        ("jessica.wood", "Jessica", "Wood", "MYTT", "hca", 120, team_id, rebecca_id),
        ("olivia.brown", "Olivia", "Brown", "MYTT", "hca", 2, team_id, rebecca_id),
        ("samuel.osei", "Samuel", "Osei", "MYTT", "porter", 6, team_id, rebecca_id),
        ("chloe.taylor", "Chloe", "Taylor", "Ridings", "careworker", 300, None, None),
    ])
    writer.write(user_id=new["mohammed.khan"], organisation_id=mytt, programme_id=programmes["MYTT"],
                 started_on=today - timedelta(days=40), share_done=0.4, assessor_id=claire_id,
                 assessor_employer_id=mytt, started_by_id=rebecca_id, waiting=2)
    writer.write(user_id=new["jessica.wood"], organisation_id=mytt, programme_id=programmes["MYTT"],
                 started_on=today - timedelta(days=120), share_done=1.0, assessor_id=claire_id,
                 assessor_employer_id=mytt, started_by_id=rebecca_id)

    # The new care worker in his first week: welcome and lone working done, a standard waiting
    # for the demo assessor, one returned with feedback, the rest to do.
    liam_start = db.session.scalar(select(User.started_on).where(User.id == liam_id))
    ridings = organisations["Ridings"]
    liam_induction = writer.write(
        user_id=liam_id, organisation_id=ridings, programme_id=programmes["Ridings"],
        started_on=liam_start, share_done=0.0, assessor_id=claire_id, assessor_employer_id=mytt,
        started_by_id=admin_id, waiting=0, returned=0)
    _liam_progress(writer, liam_induction, liam_id, claire_id, mytt, liam_start, today)

    # Someone who moved: a completed induction at a home-care provider, then a care home.
    _moved_person(writer, new["chloe.taylor"], organisations, programmes, assessors, employer_of,
                  admin_id, today)
    return {"inductions": written + 5}


def _liam_progress(writer, induction_id, liam_id, claire_id, claire_employer, started, today) -> None:
    items = {i.subject_key: i for i in db.session.scalars(
        select(InductionItem).where(InductionItem.induction_id == induction_id))}
    first_days = started + timedelta(days=1)
    for key in (standards.WELCOME_KEY, next(k for k in items if k.startswith("local:") and "lone" in k)):
        item = items[key]
        item.status = ItemStatus.ACHIEVED
        item.achieved_on = first_days
        item.achieved_at_organisation_id = writer.organisations["Ridings"]
        item.assessed_by_id = claire_id
        item.assessed_by_organisation_id = claire_employer
        item.reviews.append(ItemReview(assessor_id=claire_id, decision=ReviewDecision.SIGNED_OFF,
                                       observed_on=first_days if item.evidence == E.ATTENDANCE else None,
                                       knowledge_shown=KnowledgeShown.SPOKEN if item.evidence.needs_knowledge else None,
                                       comments="Attended and took part." if item.evidence == E.ATTENDANCE
                                       else "Talked through lone working and the on-call rota.",
                                       decided_at=_at(first_days, 16)))
    waiting = items[standards.care_certificate_key(1)]
    waiting.status = ItemStatus.SUBMITTED
    waiting.submitted_at = _at(min(today, started + timedelta(days=3)))
    waiting.learner_note = "My written answers are attached; I am on shift with you on Thursday."
    returned = items[standards.care_certificate_key(2)]
    returned.status = ItemStatus.RETURNED
    returned.submitted_at = _at(min(today, started + timedelta(days=2)))
    returned.reviews.append(ItemReview(
        assessor_id=claire_id, decision=ReviewDecision.RETURNED,
        comments="Good start. Add your personal development plan agreed with your supervisor.",
        decided_at=_at(min(today, started + timedelta(days=3)), 15)))
    db.session.flush()
    insert_rows(Evidence, [
        writer.file_row(waiting.id, liam_id, "standard-1-my-role-answers.pdf", min(today, started + timedelta(days=3))),
        writer.file_row(returned.id, liam_id, "standard-2-development.pdf", min(today, started + timedelta(days=2))),
    ])


def _moved_person(writer, person_id, organisations, programmes, assessors, employer_of, admin_id, today) -> None:
    ridings, calder = organisations["Ridings"], organisations["Calder View"]
    started = today - timedelta(days=300)
    writer.write(user_id=person_id, organisation_id=ridings, programme_id=programmes["Ridings"],
                 started_on=started, share_done=1.0, assessor_id=assessors["Ridings"],
                 assessor_employer_id=employer_of[assessors["Ridings"]], started_by_id=admin_id)
    moved_on = today - timedelta(days=14)
    db.session.execute(JobHistory.__table__.update().where(JobHistory.user_id == person_id)
                       .values(ended_on=moved_on - timedelta(days=1)))
    careworker = db.session.scalar(select(User.job_role_id).where(User.id == person_id))
    insert_rows(JobHistory, [{"user_id": person_id, "organisation_id": calder, "job_role_id": careworker,
                          "team_id": None, "started_on": moved_on, "reason": "Moved to a care home"}])
    db.session.execute(User.__table__.update().where(User.id == person_id).values(employer_id=calder))
    db.session.expire_all()
    person = db.session.get(User, person_id)
    induction = services.start_induction(
        person, started_on=moved_on, assessors=[db.session.get(User, assessors["Calder View"])],
        actor=db.session.get(User, admin_id), today=today,
    )
    # Since starting at the care home she has done the fire evacuation drill.
    drill = next(i for i in induction.items if i.title == "Fire evacuation of the home")
    assessor = db.session.get(User, assessors["Calder View"])
    drill.status = ItemStatus.ACHIEVED
    drill.achieved_on = moved_on + timedelta(days=3)
    drill.achieved_at_organisation_id = calder
    drill.assessed_by_id = assessor.id
    drill.assessed_by_organisation_id = assessor.employer_id
    drill.reviews.append(ItemReview(assessor_id=assessor.id, decision=ReviewDecision.SIGNED_OFF,
                                    observed_on=drill.achieved_on, comments="Led residents to the assembly point calmly.",
                                    decided_at=_at(drill.achieved_on, 14)))
    db.session.flush()
