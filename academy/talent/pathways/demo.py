"""Demo career pathways from the People Plan: into nursing, up through adult social care, and new roles."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import insert, select

from academy.courses.models import Course
from academy.extensions import db
from academy.people.demo import PeopleDemo
from academy.talent.apprenticeships.models import ApprenticeshipStandard
from academy.talent.pathways.models import CareerPathway, CareerTarget, PathwayStep, StepRequirement

# name, summary, steps: (job role key, typical months, [requirements])
# requirement: ("course", code) | ("standard", reference) | ("qualification", text) | ("competency", code, level)
PATHWAYS = [
    ("Healthcare assistant to registered nurse",
     "From healthcare assistant through the nursing associate apprenticeship to the nursing degree "
     "apprenticeship, with the trust paying for the training from its levy.",
     [("hca", 0, []),
      ("hca3", 12, [("course", "CS-MH2"), ("course", "CS-IPC2"), ("course", "CS-BLS")]),
      ("tna", 6, [("course", "NR-NA"), ("course", "CS-SGA2"), ("qualification", "Level 2 English and maths")]),
      ("na", 24, [("standard", "ST0827"), ("qualification", "NMC registration as a nursing associate")]),
      ("rn", 24, [("standard", "ST0781"), ("course", "CS-SGA3"), ("course", "CS-ILS"),
                  ("qualification", "NMC registration as a nurse")])]),
    ("Care worker to registered manager",
     "For care workers in care homes and home care: lead adult care worker, deputy, then registered manager.",
     [("careworker", 0, []),
      ("seniorcare", 12, [("course", "CC-ROLE"), ("course", "CC-PCC"), ("course", "CS-SGA2")]),
      ("leadcare", 12, [("standard", "ST0006"), ("course", "CC-AWARE")]),
      ("deputy", 18, [("standard", "ST0007"), ("course", "NR-TA")]),
      ("regmanager", 24, [("standard", "ST0008"), ("qualification", "CQC registration interview")])]),
    ("Into social prescribing",
     "A sideways step from support work into a new primary care role.",
     [("supportworker", 0, []),
      ("splw", 6, [("course", "NR-SPLW"), ("course", "NR-NAV"), ("course", "CS-SGA2")])]),
    ("Administration to care coordination",
     "For administrators in GP practices moving into care coordination.",
     [("admin", 0, []),
      ("carecoord", 9, [("course", "NR-NAV"), ("course", "CS-IG"), ("standard", "ST0070")])]),
]


def build(rng: random.Random, today: date, people: PeopleDemo) -> int:
    courses = dict(db.session.execute(select(Course.code, Course.id)).all())
    standards = dict(db.session.execute(
        select(ApprenticeshipStandard.reference, ApprenticeshipStandard.id)).all())
    lead = people.sign_ins["partnershiplead@demo.academy"]
    pathway_ids = {}
    for name, summary, steps in PATHWAYS:
        pathway = CareerPathway(name=name, summary=summary, created_by_id=lead)
        for position, (role_key, months, requirements) in enumerate(steps):
            step = PathwayStep(position=position, job_role_id=people.job_roles[role_key],
                               typical_months=months)
            for requirement in requirements:
                kind = requirement[0]
                if kind == "course" and requirement[1] in courses:
                    step.requirements.append(StepRequirement(kind=kind, course_id=courses[requirement[1]]))
                elif kind == "standard" and requirement[1] in standards:
                    step.requirements.append(StepRequirement(kind=kind, standard_id=standards[requirement[1]]))
                elif kind == "qualification":
                    step.requirements.append(StepRequirement(kind=kind, qualification=requirement[1]))
                elif kind == "competency":
                    step.requirements.append(StepRequirement(kind=kind, competency_code=requirement[1],
                                                             level=requirement[2]))
            pathway.steps.append(step)
        db.session.add(pathway)
        db.session.flush()
        pathway_ids[name] = pathway
    # The demo healthcare assistant aims for nursing associate.
    nursing = pathway_ids["Healthcare assistant to registered nurse"]
    db.session.execute(insert(CareerTarget), [{
        "user_id": people.sign_ins["staff@demo.academy"], "pathway_id": nursing.id,
        "job_role_id": people.job_roles["na"],
    }])
    return len(pathway_ids)
