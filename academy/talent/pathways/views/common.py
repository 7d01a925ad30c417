"""What the pathway views share: their templates and loading a pathway for browsing or editing."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from academy.talent.pathways import permissions, queries
from academy.talent.pathways.models import CareerPathway
from academy.web import found_or_404, require

TEMPLATES = "talent/pathways/"


def render(template: str, **context):
    return render_template(TEMPLATES + template, **context)


def get_pathway(pathway_id: int, *, manage: bool = False) -> CareerPathway:
    """The pathway (404), when the signed-in user may browse it, or define it with `manage` (403)."""
    pathway = found_or_404(queries.pathway(pathway_id))
    allowed = permissions.can_manage_pathways if manage else permissions.can_browse_pathways
    require(allowed(current_user))
    return pathway
