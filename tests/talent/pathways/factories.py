"""A small nursing pathway for the tests: HCA, senior HCSW, nursing associate."""

from __future__ import annotations

from academy.extensions import db
from academy.talent.pathways.models import (
    CareerPathway,
    PathwayStep,
    RequirementKind,
    StepRequirement,
)
from tests.courses.factories import CourseFactory
from tests.factories import JobRoleFactory


def nursing_pathway():
    hca = JobRoleFactory(name="Healthcare assistant")
    senior = JobRoleFactory(name="Senior healthcare support worker", afc_band="4")
    associate = JobRoleFactory(name="Nursing associate", afc_band="4")
    care_cert, clinical, leadership = (CourseFactory(title="Care certificate refresher"),
                                       CourseFactory(title="Clinical skills"),
                                       CourseFactory(title="Leading a shift"))
    pathway = CareerPathway(name="Healthcare assistant to nursing associate", summary="")
    pathway.steps = [
        PathwayStep(position=0, job_role_id=hca.id, typical_months=0),
        PathwayStep(position=1, job_role_id=senior.id, typical_months=12, requirements=[
            StepRequirement(kind=RequirementKind.COURSE, course_id=care_cert.id)]),
        PathwayStep(position=2, job_role_id=associate.id, typical_months=24, requirements=[
            StepRequirement(kind=RequirementKind.COURSE, course_id=clinical.id),
            StepRequirement(kind=RequirementKind.QUALIFICATION, qualification="NMC registration")]),
    ]
    db.session.add(pathway)
    db.session.flush()
    return pathway, (hca, senior, associate), (care_cert, clinical, leadership)
