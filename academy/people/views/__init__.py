"""The people blueprint: sign-in, password reset, my details and equality answers, and people
administration."""

from flask import Blueprint

bp = Blueprint("people", __name__)

from academy.people.views import account, admin, staff_files  # noqa: E402,F401
