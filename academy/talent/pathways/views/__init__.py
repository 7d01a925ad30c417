"""Career pathways' pages: browsing them and choosing a target (browse), and defining them,
for partnership-wide learning leads (editing)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pathways", __name__)

from academy.talent.pathways.views import browse, editing  # noqa: E402,F401
