"""Mentoring pages: the blueprint, with the applicants', partners' and coordinators' pages."""

from flask import Blueprint

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")

from academy.mentoring.views import (  # noqa: E402,F401  (they add the routes)
    applying,
    coordination,
    following,
    partners,
    runs,
)
