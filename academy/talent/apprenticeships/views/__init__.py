"""Apprenticeship pages: apprentices and their delivery, reports, standards and funding rules."""

from flask import Blueprint

bp = Blueprint("apprenticeships", __name__, url_prefix="/apprenticeships")
reports_bp = Blueprint("apprenticeship_reports", __name__, url_prefix="/apprenticeships")
standards_bp = Blueprint("apprenticeship_standards", __name__, url_prefix="/apprenticeships",
                         cli_group="apprenticeships")

from academy.talent.apprenticeships.views import (  # noqa: E402,F401
    apprentices,
    common,
    delivery,
    reports,
    standards,
)
