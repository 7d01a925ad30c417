"""Demo data for the learning needs analysis: frameworks, the Care Certificate standards that are
the same as core skills, role profiles for the demo's job roles, a closed round from last year
(before they were asked once) and an open one, with answers and validations that look real."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import aliased

from academy.bulk import insert_rows
from academy.extensions import db
from academy.lna import gaps
from academy.lna.demo_frameworks import FRAMEWORKS, SAME_COMPETENCIES, requirements_for
from academy.lna.gaps import LearningMethod, Priority
from academy.lna.models import (
    AssessmentReminder,
    AssessmentRound,
    AssessmentStatus,
    Competency,
    CompetencyDescriptor,
    CompetencyFramework,
    CompetencyMapping,
    CompetencyRating,
    FrameworkDomain,
    RoleProfile,
    RoleRequirement,
    RoundStatus,
    SelfAssessment,
    round_framework,
)
from academy.people.models import JobRole, User

# How hard each competency is to reach, in levels, in each round: last year's resuscitation gap
# was trained away, the new shared care record opened a digital gap.
DIFFICULTY = {"RES-01": (0.7, 0.0), "DIG-02": (0.1, 0.9), "IPC-01": (0.3, 0.2), "CC-09": (0.5, 0.4),
              "CC-16": (0.7, 0.5), "SP-01": (0.6, 0.6), "TA-01": (0.7, 0.6), "MHD-01": (0.5, 0.5),
              "LEAD-02": (0.6, 0.7), "LEAD-07": (0.5, 0.5), "DIG-05": (0.6, 0.7), "DIG-07": (0.5, 0.8),
              "SGC-01": (0.3, 0.3), "WB-01": (0.4, 0.3)}
FRAMEWORK_DIFFICULTY = {"DIG": 0.3, "LEAD": 0.4, "ACP": 0.5, "ICW": 0.3}
METHODS = [(LearningMethod.CLASSROOM, 30), (LearningMethod.ELEARNING, 25), (LearningMethod.ON_THE_JOB, 20),
           (LearningMethod.VIRTUAL, 15), (LearningMethod.COACHING, 10)]
PRIORITIES = [(Priority.HIGH, 25), (Priority.MEDIUM, 45), (Priority.LOW, 15), (None, 15)]
COMMENTS = [
    "I have not done this since my induction.", "Confident with this day to day.",
    "Would like to shadow a colleague first.", "We moved to the new system last month.",
    "I cover this on nights with little support.", "Happy to help teach others.",
]


def build(rng: random.Random, today: date, people) -> dict:
    codes = _frameworks()
    lead = people.sign_ins["partnershiplead@demo.academy"]
    asked_once = _mappings(codes, lead)
    framework_ids = dict(db.session.execute(select(CompetencyFramework.code, CompetencyFramework.id)).all())
    competency_framework = dict(db.session.execute(
        select(Competency.code, CompetencyFramework.code)
        .join(CompetencyFramework, CompetencyFramework.id == Competency.framework_id)).all())
    profiles = _profiles(people.job_roles, codes)
    staff = db.session.execute(
        select(User.id, User.email, User.employer_id, User.team_id, User.job_role_id, JobRole.staff_group,
               User.line_manager_id, User.started_on)
        .join(JobRole, JobRole.id == User.job_role_id)
        .where(User.is_active_account.is_(True))
        .order_by(User.id)
    ).all()
    closed = _round(
        "District learning needs analysis 2025", today - timedelta(days=400), today - timedelta(days=372),
        RoundStatus.CLOSED, lead, [framework_ids[c] for c in ("CORE", "CC", "DIG", "LEAD")],
        "Last year's district-wide round: core skills, the Care Certificate, digital and leadership.")
    current = _round(
        "District learning needs analysis 2026", today - timedelta(days=20), today + timedelta(days=25),
        RoundStatus.OPEN, lead, list(framework_ids.values()),
        "This year's round for every partner, with integrated care and advanced practice added.")
    frameworks_of = {
        closed: {"CORE", "CC", "DIG", "LEAD"}, current: set(framework_ids),
    }
    manager_id = people.sign_ins["manager@demo.academy"]
    staff_id = people.sign_ins["staff@demo.academy"]
    managers_team = [p.id for p in staff if p.line_manager_id == manager_id and p.id != staff_id]
    counts = {}
    for round_id, era, opened, rates in (
            (closed, 0, today - timedelta(days=400), (0.72, 0.10, 0.85)),
            (current, 1, today - timedelta(days=20), (0.45, 0.20, 0.40))):
        forced = {}
        if round_id == current:
            forced = {staff_id: AssessmentStatus.INVITED, manager_id: AssessmentStatus.SUBMITTED}
            forced.update({pid: "submitted_unvalidated" for pid in managers_team[:4]})
            # The council's learning lead always has answers of her own partner to read.
            council = people.organisations["WMDC ASC"]
            answering = [p.id for p in staff if p.employer_id == council and p.id not in forced
                         and (p.started_on is None or p.started_on <= opened)]
            forced.update({pid: AssessmentStatus.SUBMITTED for pid in answering[:3]})
        counts[round_id] = _answers(
            rng, round_id, era, opened, today, rates, staff, profiles, competency_framework,
            frameworks_of[round_id], forced, validators={p.id: p.line_manager_id for p in staff},
            asked_once=asked_once if round_id == current else {})
    return {"frameworks": len(framework_ids), "competencies": len(codes), "profiles": len(profiles),
            "rounds": 2, "ratings": sum(counts.values()), "asked_once": len(asked_once)}


def _mappings(codes: dict[str, int], lead: int) -> dict[int, int]:
    """Record the Care Certificate standards that are the same as core skills; returns the
    competency asked -> the one that reads its answer (the Care Certificate comes first)."""
    pairs = [(codes[asked], codes[other]) for asked, other in SAME_COMPETENCIES]
    db.session.execute(insert(CompetencyMapping), [
        {"competency_id": min(pair), "same_as_id": max(pair), "created_by_id": lead}
        for pair in pairs])
    return dict(pairs)


ANSWER = ("self_level", "priority", "preferred_method", "comment", "rated_at", "manager_level",
          "validated_at")


def _read_answer(reader: dict, asked: dict) -> None:
    """The reader's rating takes the answer asked, and its own gap against its own level."""
    reader.update({name: asked[name] for name in ANSWER})
    reader["gap"] = gaps.gap(reader["required_level"], reader["self_level"], reader["manager_level"])
    reader["weighted_gap"] = gaps.weighted_gap(reader["gap"], reader["is_essential"],
                                               reader["priority"])


def _frameworks() -> dict[str, int]:
    framework_ids = insert_rows(CompetencyFramework, [
        {"code": code, "name": name, "description": description}
        for code, name, description, _ in FRAMEWORKS])
    domain_rows, domain_keys = [], []
    for framework_id, (_, _, _, domains) in zip(framework_ids, FRAMEWORKS, strict=True):
        for position, (domain, _) in enumerate(domains):
            domain_rows.append({"framework_id": framework_id, "name": domain, "position": position})
            domain_keys.append((framework_id, domains[position][1]))
    domain_ids = insert_rows(FrameworkDomain, domain_rows)
    competency_rows, descriptors = [], []
    for domain_id, (framework_id, competencies) in zip(domain_ids, domain_keys, strict=True):
        for position, (code, name, description, levels) in enumerate(competencies):
            competency_rows.append({"framework_id": framework_id, "domain_id": domain_id, "code": code,
                                    "name": name, "description": description or None,
                                    "position": position})
            descriptors.append(levels)
    ids = insert_rows(Competency, competency_rows)
    rows = [{"competency_id": cid, "level": level, "text": text}
            for cid, levels in zip(ids, descriptors, strict=True) for level, text in levels.items()]
    if rows:
        db.session.execute(insert(CompetencyDescriptor), rows)
    return dict(zip([r["code"] for r in competency_rows], ids, strict=True))


def _profiles(job_roles: dict[str, int], codes: dict[str, int]) -> dict[int, dict[int, tuple[int, bool]]]:
    """Job role id -> competency id -> (required level, essential)."""
    found = {}
    profile_ids = insert_rows(RoleProfile, [{"job_role_id": role_id} for role_id in job_roles.values()])
    rows = []
    for (key, role_id), profile_id in zip(job_roles.items(), profile_ids, strict=True):
        wanted = {codes[code]: value for code, value in requirements_for(key).items()}
        found[role_id] = wanted
        rows += [{"profile_id": profile_id, "competency_id": cid, "required_level": level,
                  "is_essential": essential} for cid, (level, essential) in wanted.items()]
    db.session.execute(insert(RoleRequirement), rows)
    return found


def _round(name, opens_on, closes_on, status, lead, framework_ids, description) -> int:
    opened_at = datetime.combine(opens_on, time(8, 0))
    (round_id,) = insert_rows(AssessmentRound, [{
        "name": name, "description": description, "opens_on": opens_on, "closes_on": closes_on,
        "status": status, "created_by_id": lead, "created_at": opened_at - timedelta(days=7),
        "opened_at": opened_at, "reminder_every_days": 7,
        "closed_at": datetime.combine(closes_on + timedelta(days=1), time(0, 20))
        if status == RoundStatus.CLOSED else None,
    }])
    db.session.execute(insert(round_framework), [
        {"round_id": round_id, "framework_id": fid} for fid in framework_ids])
    return round_id


def _answers(rng, round_id, era, opened, today, rates, staff, profiles, competency_framework,
             frameworks, forced, validators, asked_once) -> int:
    """Invite everyone employed when the round opened; then answers, submissions, validations.

    asked_once maps a competency asked to the one that reads its answer: where a person has
    both, the second takes the first's answer (against its own required level)."""
    submit_rate, progress_rate, validate_rate = rates
    opened_at = datetime.combine(opened, time(8, 0))
    code_of = {}
    for cid_code in db.session.execute(select(Competency.id, Competency.code)).all():
        code_of[cid_code[0]] = cid_code[1]
    invited, plans = [], []
    for person in staff:
        if person.started_on and person.started_on > opened:
            continue
        wanted = {cid: req for cid, req in profiles.get(person.job_role_id, {}).items()
                  if competency_framework[code_of[cid]] in frameworks}
        if not wanted:
            continue
        roll = rng.random()
        status = (AssessmentStatus.SUBMITTED if roll < submit_rate else
                  AssessmentStatus.IN_PROGRESS if roll < submit_rate + progress_rate else
                  AssessmentStatus.INVITED)
        validate = rng.random() < validate_rate
        choice = forced.get(person.id)
        if choice == "submitted_unvalidated":
            status, validate = AssessmentStatus.SUBMITTED, False
        elif choice is not None:
            status = choice
        started = opened_at + timedelta(days=rng.randint(0, 10), hours=rng.randint(0, 9))
        submitted = started + timedelta(days=rng.randint(0, 5)) if status == AssessmentStatus.SUBMITTED else None
        if submitted and submitted.date() >= today:
            submitted = datetime.combine(today, time(7, 0))
        validated = (submitted + timedelta(days=rng.randint(1, 9))
                     if submitted and validate and validators.get(person.id) else None)
        if validated and validated.date() >= today:
            validated = None
        invited.append({
            "round_id": round_id, "user_id": person.id, "organisation_id": person.employer_id,
            "team_id": person.team_id, "job_role_id": person.job_role_id,
            "staff_group": person.staff_group, "status": status, "invited_at": opened_at,
            "notified_at": opened_at + timedelta(hours=1),
            "started_at": started if status != AssessmentStatus.INVITED else None,
            "submitted_at": submitted, "validated_at": validated,
            "validated_by_id": validators.get(person.id) if validated else None,
        })
        plans.append(wanted)
    ids = insert_rows(SelfAssessment, invited)
    ratings, reminders = [], []
    period_now = max((today - opened).days // 7, 0)
    for assessment_id, row, wanted in zip(ids, invited, plans, strict=True):
        if row["status"] == AssessmentStatus.INVITED:
            reminders += [{"self_assessment_id": assessment_id, "period": p,
                           "sent_at": opened_at + timedelta(days=7 * p, hours=1)}
                          for p in range(1, min(period_now, 4) + 1)]
            continue
        ability = rng.gauss(0, 0.7)
        mine = {}
        answered_share = 1.0 if row["status"] == AssessmentStatus.SUBMITTED else rng.uniform(0.2, 0.8)
        for cid, (required, essential) in wanted.items():
            code = code_of[cid]
            difficulty = DIFFICULTY.get(code, (0.0, 0.0))[era] + FRAMEWORK_DIFFICULTY.get(
                competency_framework[code], 0.0)
            self_level = None
            if rng.random() < answered_share:
                self_level = max(0, min(4, round(required + 0.45 + ability - difficulty
                                                 + rng.gauss(0, 0.6))))
            manager_level = None
            if row["validated_at"] and self_level is not None:
                roll = rng.random()
                manager_level = (max(0, self_level - 1) if roll < 0.12 else
                                 min(4, self_level + 1) if roll < 0.16 else self_level)
            priority = rng.choices([p for p, _ in PRIORITIES], [w for _, w in PRIORITIES])[0]
            method = (rng.choices([m for m, _ in METHODS], [w for _, w in METHODS])[0]
                      if rng.random() < 0.8 else None)
            size = gaps.gap(required, self_level, manager_level)
            mine[cid] = {
                "self_assessment_id": assessment_id, "round_id": round_id, "competency_id": cid,
                "required_level": required, "is_essential": essential, "self_level": self_level,
                "priority": priority if self_level is not None else None,
                "preferred_method": method if self_level is not None else None,
                "comment": rng.choice(COMMENTS) if self_level is not None and rng.random() < 0.04 else None,
                "rated_at": row["started_at"] if self_level is not None else None,
                "manager_level": manager_level, "validated_at": row["validated_at"] if manager_level is not None else None,
                "gap": size, "weighted_gap": gaps.weighted_gap(size, essential, priority),
            }
        for asked, reader in asked_once.items():
            if asked in mine and reader in mine:
                _read_answer(mine[reader], mine[asked])
        ratings += mine.values()
    for start in range(0, len(ratings), 5000):  # the table itself: no ORM bookkeeping per row
        db.session.execute(insert(CompetencyRating.__table__), ratings[start:start + 5000])
    asked_rating = aliased(CompetencyRating)
    for asked, reader in asked_once.items():
        db.session.execute(
            update(CompetencyRating)
            .where(CompetencyRating.round_id == round_id, CompetencyRating.competency_id == reader)
            .values(answered_with_id=select(asked_rating.id).where(
                asked_rating.self_assessment_id == CompetencyRating.self_assessment_id,
                asked_rating.competency_id == asked).scalar_subquery())
        )
    if reminders:
        db.session.execute(insert(AssessmentReminder), reminders)
    return len(ratings)
