"""The pathways' and suggestions' part of the access table."""

from academy.extensions import db
from academy.talent.pathways.models import CareerTarget
from tests.talent.pathways.factories import nursing_pathway

SIGNED_IN = "signed_in"
MANAGERS = frozenset({"learning_lead", "admin"})  # partnership-wide holders of these roles

ACCESS = {
    ("pathways.index", "GET"): SIGNED_IN,
    ("pathways.detail", "GET"): SIGNED_IN,
    ("pathways.set_target", "POST"): SIGNED_IN,
    ("pathways.my_pathway", "GET"): SIGNED_IN,
    ("pathways.clear_target", "GET"): SIGNED_IN,
    ("pathways.clear_target", "POST"): SIGNED_IN,
    ("pathways.new", "GET"): MANAGERS,
    ("pathways.new", "POST"): MANAGERS,
    ("pathways.manage", "GET"): MANAGERS,
    ("pathways.add_step", "POST"): MANAGERS,
    ("pathways.add_requirement", "POST"): MANAGERS,
    ("pathways.remove_step", "GET"): MANAGERS,
    ("pathways.remove_step", "POST"): MANAGERS,
    ("pathways.remove_requirement", "GET"): MANAGERS,
    ("pathways.remove_requirement", "POST"): MANAGERS,
    ("recommender.dismiss", "POST"): SIGNED_IN,
}


def world(users, subject, organisation) -> dict:
    pathway, (hca, senior, associate), _ = nursing_pathway()
    for user in users.values():
        db.session.add(CareerTarget(user_id=user.id, pathway_id=pathway.id, job_role_id=associate.id))
    db.session.flush()
    return {
        "pathways": {
            "pathway_id": pathway.id,
            "step_id": pathway.steps[1].id,
            "requirement_id": pathway.steps[2].requirements[0].id,
        },
    }
