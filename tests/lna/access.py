"""Who gets what on the learning needs analysis routes; registered in tests/test_access.py.

The staff user answers their own self-assessment; the subject (in the manager's team) has
submitted one for the manager to validate; the learning lead started the round.
"""

from __future__ import annotations

from sqlalchemy import select

from academy.extensions import db
from academy.lna.models import SelfAssessment
from academy.lna.services import assessments, mappings, rounds
from academy.lna.services.assessments import Answer
from academy.timekeeping import utcnow
from tests.lna.factories import framework_with, open_round, profile

SIGNED_IN = "signed_in"


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


LEAD = only("learning_lead")
OWNER = only("staff")

ACCESS: dict[tuple[str, str], object] = {
    ("lna.index", "GET"): SIGNED_IN,
    ("lna.frameworks", "GET"): LEAD,
    ("lna.framework", "GET"): LEAD,
    ("lna.framework_new", "GET"): LEAD,
    ("lna.framework_new", "POST"): LEAD,
    ("lna.framework_edit", "GET"): LEAD,
    ("lna.framework_edit", "POST"): LEAD,
    ("lna.framework_export", "GET"): LEAD,
    ("lna.framework_import", "GET"): LEAD,
    ("lna.framework_import", "POST"): LEAD,
    ("lna.competency_new", "GET"): LEAD,
    ("lna.competency_new", "POST"): LEAD,
    ("lna.competency_edit", "GET"): LEAD,
    ("lna.competency_edit", "POST"): LEAD,
    ("lna.mappings", "GET"): LEAD,
    ("lna.mapping_new", "GET"): LEAD,
    ("lna.mapping_new", "POST"): LEAD,
    ("lna.mapping_remove", "GET"): LEAD,
    ("lna.mapping_remove", "POST"): LEAD,
    ("lna.profiles", "GET"): LEAD,
    ("lna.profile", "GET"): LEAD,
    ("lna.profile", "POST"): LEAD,
    ("lna.profile_copy", "GET"): LEAD,
    ("lna.profile_copy", "POST"): LEAD,
    ("lna.rounds", "GET"): LEAD,
    ("lna.round_new", "GET"): LEAD,
    ("lna.round_new", "POST"): LEAD,
    ("lna.round", "GET"): LEAD,
    ("lna.round_edit", "GET"): LEAD,
    ("lna.round_edit", "POST"): LEAD,
    ("lna.round_open", "GET"): LEAD,
    ("lna.round_open", "POST"): LEAD,
    ("lna.round_close", "GET"): LEAD,
    ("lna.round_close", "POST"): LEAD,
    # Only the person answers their own self-assessment.
    ("lna.assessment", "GET"): OWNER,
    ("lna.assessment_start", "POST"): OWNER,
    ("lna.assessment_section", "GET"): OWNER,
    ("lna.assessment_section", "POST"): OWNER,
    ("lna.assessment_submit", "GET"): OWNER,
    ("lna.assessment_submit", "POST"): OWNER,
    ("lna.assessment_gaps", "GET"): OWNER,
    ("lna.assessment_plan", "POST"): OWNER,
    # Only the person's manager validates.
    ("lna.validation_queue", "GET"): only("manager"),
    ("lna.validate", "GET"): only("manager"),
    ("lna.validate", "POST"): only("manager"),
    ("lna.reports", "GET"): LEAD,
    ("lna.report", "GET"): LEAD,
    ("lna.report_export", "GET"): LEAD,
    ("lna.report_pack", "GET"): LEAD,
}


def world(users, subject, organisation) -> dict:
    competencies = framework_with({"Safety": 2})
    same = mappings.add_mapping(competencies[0].id, framework_with({"Core": 1})[0].id,
                                actor=users["learning_lead"])
    staff = users["staff"]
    profile(staff.job_role, {c: (2, True) for c in competencies})
    profile(subject.job_role, {c: (3, True) for c in competencies})
    round_ = open_round([competencies[0].framework], [organisation], lead=users["learning_lead"])
    rounds.invite_in_scope(round_, utcnow())
    by_user = {a.user_id: a for a in db.session.scalars(
        select(SelfAssessment).where(SelfAssessment.round_id == round_.id))}
    submitted = by_user[subject.id]
    assessments.start_assessment(submitted, actor=subject)
    assessments.save_answers(submitted, {c.id: Answer(1) for c in competencies}, actor=subject)
    assessments.submit_assessment(submitted, actor=subject)
    return {
        "lna": {
            "framework_id": competencies[0].framework_id,
            "competency_id": competencies[0].id,
            "mapping_id": same.id,
            "job_role_id": staff.job_role_id,
            "round_id": round_.id,
            # The staff user's own self-assessment, except on the manager's validation page.
            "assessment_id": by_user[staff.id].id,
            "section_number": 1,
            "report_name": "heatmap",
            "file_format": "csv",
        },
        "lna.validate": {"assessment_id": submitted.id},
    }
