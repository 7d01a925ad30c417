"""The catalogue's pages: `courses` for learners, managers and trainers; `courses_admin` for leads."""

from flask import Blueprint

bp = Blueprint("courses", __name__)
admin_bp = Blueprint("courses_admin", __name__)

from academy.courses.views import (  # noqa: E402,F401
    booking,
    catalogue,
    compliance,
    frameworks,
    learning,
    manage,
    records,
    sessions,
    trainers,
)
