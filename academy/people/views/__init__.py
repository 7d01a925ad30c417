"""The people blueprint: sign-in, password reset, my details and equality answers, and people
administration."""

from flask import Blueprint

bp = Blueprint("people", __name__)

from academy.people.views import (  # noqa: E402,F401
    account,
    admin,
    identity,
    reads,
    staff_files,
    structure,
    transfers,
)
