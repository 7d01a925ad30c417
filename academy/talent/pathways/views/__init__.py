"""Career pathway pages: browsing and choosing a target (browse), and defining pathways (editing)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pathways", __name__)

from academy.talent.pathways.views import browse, editing  # noqa: E402,F401
