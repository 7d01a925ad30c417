"""The induction's pages, one blueprint per area: inductions, programmes and reports, passport, badges."""

from flask import Blueprint

induction_bp = Blueprint("induction", __name__)
admin_bp = Blueprint("induction_admin", __name__)
passport_bp = Blueprint("passport", __name__)
badges_bp = Blueprint("badges", __name__)

from academy.induction.views import badges, inductions, passport, programmes  # noqa: E402,F401
