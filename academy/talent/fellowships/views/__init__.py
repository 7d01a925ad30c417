"""Fellowship pages: the lead's programmes and cohorts (cohorts), and each fellow's page (fellows)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("fellowships", __name__, url_prefix="/fellowships")

from academy.talent.fellowships.views import cohorts, fellows  # noqa: E402,F401
